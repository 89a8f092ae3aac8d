package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.gconv4j.backend.cpu.CpuBackend;
import org.gconv4j.group.Group;
import org.gconv4j.group.TestGroups;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The prepared G-correlation on the CPU gives the same bits with 1 and 2 threads, and its reused
 * buffers give the same results as a fresh layer when the batch shape changes and changes back.
 */
class GroupConvThreadsTest {
  @Test
  void oneAndTwoThreadsGiveTheSameBits() {
    for (boolean lifting : new boolean[] {true, false}) {
      float[][] serial = DeterminismTest.withThreads(1, () -> steps(1, lifting));
      float[][] parallel = DeterminismTest.withThreads(2, () -> steps(2, lifting));
      for (int i = 0; i < serial.length; i++) {
        assertArrayEquals(serial[i], parallel[i], (lifting ? "lifting" : "group") + " array " + i);
      }
    }
  }

  @Test
  void reusedBuffersMatchAFreshLayerAcrossBatchSizes() {
    float[][] reused = steps(2, false);
    Group g = TestGroups.p4();
    int[] batches = {3, 2, 3};
    try (CpuBackend backend = new CpuBackend(2)) {
      for (int step = 0; step < batches.length; step++) {
        GroupConv fresh = new GroupConv(g, 3, 5, 3, false, 1, 1, backend, new Random(4));
        float[][] one = step(fresh, input(g, false, batches[step], step), step);
        assertArrayEquals(one[0], reused[3 * step], "output, step " + step);
        assertArrayEquals(one[1], reused[3 * step + 1], "input gradient, step " + step);
      }
    }
  }

  /** Three training steps (batches 3, 2, 3) of one layer: output, input gradient, weight gradient of each. */
  private static float[][] steps(int threads, boolean lifting) {
    Group g = TestGroups.p4();
    try (CpuBackend backend = new CpuBackend(threads)) {
      GroupConv layer = new GroupConv(g, lifting ? 2 : 3, 5, 3, lifting, 1, 1, backend, new Random(4));
      int[] batches = {3, 2, 3};
      float[][] out = new float[3 * batches.length][];
      for (int step = 0; step < batches.length; step++) {
        layer.weight().zeroGrad();
        float[][] r = step(layer, input(g, lifting, batches[step], step), step);
        System.arraycopy(r, 0, out, 3 * step, 3);
      }
      return out;
    }
  }

  private static Tensor input(Group g, boolean lifting, int batch, int seed) {
    return lifting ? GradCheck.gaussian(10 + seed, batch, 2, 30, 30) : GradCheck.gaussian(10 + seed, batch, 3, g.order(), 30, 30);
  }

  private static float[][] step(GroupConv layer, Tensor x, int seed) {
    Tensor y = layer.forward(x, true);
    float[] yCopy = y.data().clone();
    Tensor gx = layer.backward(GradCheck.gaussian(20 + seed, y.shape()));
    return new float[][] {yCopy, gx.data().clone(), layer.weight().grad().data().clone()};
  }
}
