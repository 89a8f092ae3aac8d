package org.gconv4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.cpu.CpuBackend;
import org.gconv4j.group.Group;
import org.gconv4j.group.TestGroups;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * GroupConv gives the same forward output, input gradient and parameter gradients on the OpenCL
 * backend as on the CPU backend (whose equivariance GroupConvTest proves for every element), within
 * a relative {@value #TOLERANCE} of the largest magnitude.
 */
class OpenClGroupConvTest {
  static final double TOLERANCE = 1e-5;

  private static Tensor random(Random rng, int... shape) {
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) rng.nextGaussian();
    }
    return t;
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertArrayEquals(new int[] {expected.length}, new int[] {actual.length}, what + " length");
    double scale = 1e-30;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]) / scale;
      if (!(err <= TOLERANCE)) {
        throw new AssertionError(what + "[" + i + "]: cpu " + expected[i] + ", opencl " + actual[i] + " (relative " + err + ")");
      }
    }
  }

  private static void compare(Group g, boolean lifting, int padding, int stride, int... inputShape) {
    ConvBackend opencl = OpenClTestSupport.backend();
    try (CpuBackend cpu = new CpuBackend(2)) {
      GroupConv a = new GroupConv(g, 2, 3, 3, lifting, padding, stride, cpu, new Random(1));
      GroupConv b = new GroupConv(g, 2, 3, 3, lifting, padding, stride, opencl, new Random(1));
      Random rng = new Random(2);
      for (int i = 0; i < 3; i++) {
        a.bias().value().data()[i] = (float) rng.nextGaussian();
      }
      System.arraycopy(a.bias().value().data(), 0, b.bias().value().data(), 0, 3);
      Tensor x = random(rng, inputShape);
      Tensor ya = a.forward(x, true);
      Tensor yb = b.forward(x, true);
      assertClose(ya.data(), yb.data(), g.name() + " forward");
      Tensor gy = random(rng, ya.shape());
      assertClose(a.backward(gy).data(), b.backward(gy).data(), g.name() + " input gradient");
      assertClose(a.weight().grad().data(), b.weight().grad().data(), g.name() + " weight gradient");
      assertClose(a.bias().grad().data(), b.bias().grad().data(), g.name() + " bias gradient");
    }
  }

  @Test
  void p4mLiftingAndGroupLayersMatchTheCpu() {
    Group g = TestGroups.p4m();
    compare(g, true, 0, 1, 2, 2, 9, 9);
    compare(g, false, 1, 2, 2, 2, 8, 9, 8);
  }

  @Test
  void hexagonalAndCubicLayersMatchTheCpu() {
    compare(TestGroups.p6m(), false, 0, 1, 1, 2, 12, 7, 7);
    compare(TestGroups.o(), true, 1, 1, 1, 2, 5, 5, 5);
  }
}
