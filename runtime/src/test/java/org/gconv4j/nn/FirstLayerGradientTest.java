package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.gconv4j.backend.cpu.CpuBackend;
import org.gconv4j.group.Group;
import org.gconv4j.group.TestGroups;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A first layer told that ∂L/∂x is not needed skips it (backward returns null) and still adds the
 * same parameter gradients; a sequential tells only its first layer.
 */
class FirstLayerGradientTest {
  @Test
  void groupConvSkipsTheInputGradientButKeepsParameterGradients() {
    Group g = TestGroups.p4();
    try (CpuBackend backend = new CpuBackend(1)) {
      GroupConv full = new GroupConv(g, 2, 3, 3, true, 1, 1, backend, new Random(4));
      GroupConv first = new GroupConv(g, 2, 3, 3, true, 1, 1, backend, new Random(4));
      first.needsInputGradient(false);
      Tensor x = GradCheck.gaussian(1, 2, 2, 9, 9);
      Tensor y = full.forward(x, true);
      first.forward(x, true);
      Tensor gy = GradCheck.gaussian(2, y.shape());
      assertNotNull(full.backward(gy));
      assertNull(first.backward(gy));
      assertArrayEquals(full.weight().grad().data(), first.weight().grad().data());
      assertArrayEquals(full.parameters().get(1).grad().data(), first.parameters().get(1).grad().data());
    }
  }

  @Test
  void sequentialTellsOnlyItsFirstLayer() {
    Group g = TestGroups.p4();
    try (CpuBackend backend = new CpuBackend(1)) {
      GroupConv a = new GroupConv(g, 1, 2, 3, true, 1, 1, backend, new Random(4));
      GroupConv b = new GroupConv(g, 2, 2, 3, false, 1, 1, backend, new Random(5));
      Sequential net = new Sequential(a, b);
      Tensor x = GradCheck.gaussian(3, 2, 1, 8, 8);
      Tensor gy = GradCheck.gaussian(4, net.forward(x, true).shape());
      assertNotNull(net.backward(gy));
      net.needsInputGradient(false);
      net.forward(x, true);
      assertNull(net.backward(gy));
      net.needsInputGradient(true);
      net.forward(x, true);
      assertNotNull(net.backward(gy));
    }
  }
}
