package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A BatchNorm directly followed by a ReLU runs fused inside a {@link Sequential}
 * ({@link BatchNorm#forwardRelu}, {@link BatchNorm#backwardRelu}): the results must be the bits of
 * the two layers called one after the other, in training and inference mode, on shapes whose blocks
 * end in a scalar tail, and with inputs that make the batch norm's output exactly 0.
 */
class FusedBatchNormReluTest {
  /** BatchNorm(channels) with γ and β drawn from {@code seed} (some β negative), but β = 0 for channel 0. */
  private static BatchNorm batchNorm(int channels, long seed) {
    BatchNorm bn = new BatchNorm(channels);
    Tensor g = GradCheck.gaussian(seed, channels);
    Tensor b = GradCheck.gaussian(seed + 1, channels);
    for (int c = 0; c < channels; c++) {
      bn.weight().value().data()[c] = 1f + 0.5f * g.data()[c];
      bn.bias().value().data()[c] = c == 0 ? 0f : 0.5f * b.data()[c];
    }
    return bn;
  }

  /**
   * Gaussian inputs, but channel 0 is 0 everywhere: with its β = 0 (see {@link #batchNorm}) the
   * batch norm's output there is exactly 0, where the ReLU's gradient must be 0 (the rule "> 0").
   */
  private static Tensor input(long seed, int... shape) {
    Tensor x = GradCheck.gaussian(seed, shape);
    float[] d = x.data();
    int inner = Shapes.product(shape, 2);
    for (int n = 0; n < shape[0]; n++) {
      java.util.Arrays.fill(d, n * shape[1] * inner, (n * shape[1] + 1) * inner, 0f);
    }
    return x;
  }

  @Test
  void fusedPairGivesTheBitsOfTheTwoLayersOneAfterTheOther() {
    // inner sizes: 5·5 = 25 and 3·26·26 = 2028 (both leave a scalar tail after whole vectors), and 16
    for (int[] shape : List.of(new int[] {4, 3, 5, 5}, new int[] {2, 5, 3, 26, 26}, new int[] {3, 2, 16})) {
      int channels = shape[1];
      BatchNorm fusedBn = batchNorm(channels, 11);
      ReLU fusedRelu = new ReLU();
      Sequential fused = new Sequential(fusedBn, fusedRelu);
      BatchNorm bn = batchNorm(channels, 11);
      ReLU relu = new ReLU();
      assertEquals(1, fused.stageEnd(0), "BatchNorm + ReLU form one stage");
      int seed = 0;
      for (boolean training : List.of(true, false, true, true)) {
        Tensor x = input(++seed, shape);
        Tensor a = fused.forward(x, training);
        Tensor b = relu.forward(bn.forward(x, training), training);
        String what = java.util.Arrays.toString(shape) + " training " + training;
        assertArrayEquals(b.data(), a.data(), "forward " + what);
        assertArrayEquals(bn.runningMean().data(), fusedBn.runningMean().data(), "running mean " + what);
        assertArrayEquals(bn.runningVar().data(), fusedBn.runningVar().data(), "running var " + what);
        long zeros = 0;
        for (float v : a.data()) {
          zeros += v == 0f ? 1 : 0;
        }
        assertTrue(zeros > a.size() / 5, "the ReLU must cut some outputs: " + zeros + " of " + a.size());

        Tensor gy = GradCheck.gaussian(100 + seed, shape);
        fusedBn.weight().zeroGrad();
        fusedBn.bias().zeroGrad();
        bn.weight().zeroGrad();
        bn.bias().zeroGrad();
        Tensor ga = fused.backward(gy);
        Tensor gb = bn.backward(relu.backward(gy));
        assertArrayEquals(gb.data(), ga.data(), "backward " + what);
        assertArrayEquals(bn.weight().grad().data(), fusedBn.weight().grad().data(), "∂L/∂γ " + what);
        assertArrayEquals(bn.bias().grad().data(), fusedBn.bias().grad().data(), "∂L/∂β " + what);
        // the ReLU still holds its output: called on its own it gives the unfused gradient
        assertArrayEquals(relu.backward(gy).data(), fusedRelu.backward(gy).data(), "ReLU alone after a fused pass " + what);
      }
    }
  }

  @Test
  void aStageCalledLayerByLayerFallsBackToTheLayers() {
    BatchNorm bn = batchNorm(3, 5);
    ReLU relu = new ReLU();
    Sequential s = new Sequential(bn, relu);
    Tensor x = input(3, 4, 3, 5, 5);
    Tensor gy = GradCheck.gaussian(4, 4, 3, 5, 5);
    s.forward(x, true);
    Tensor fusedGrad = s.backward(gy).copy();
    // the layers called one by one (as a user may): Sequential.backward must not take the fused path
    relu.forward(bn.forward(x, true), true);
    assertFalse(bn.fusedWith(relu), "an unfused forward pass clears the fusion");
    Tensor g = s.backward(gy);
    assertArrayEquals(fusedGrad.data(), g.data());
    assertThrows(IllegalStateException.class, () -> bn.backwardRelu(gy, relu));
  }

  @Test
  void onlyABatchNormDirectlyFollowedByAReluIsFused() {
    Sequential s = new Sequential(new ReLU(), new BatchNorm(2), new Dropout(0.5, 1), new ReLU(), new BatchNorm(2),
        new ReLU(), new BatchNorm(2));
    assertEquals(0, s.stageEnd(0));
    assertEquals(1, s.stageEnd(1));
    assertEquals(5, s.stageEnd(4));
    assertEquals(6, s.stageEnd(6));
  }
}
