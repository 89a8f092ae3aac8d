package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gconv4j.group.TestGroups;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Inside a {@link Sequential}, a {@link GroupConv} followed by a {@link BatchNorm} hand each other
 * per-block sums ({@link BlockSums}) so that neither reads the tensor between them again: the
 * results must be the bits of the layers called one by one. Covers a batch norm with and without a
 * ReLU after it, a non-zero bias (the sums are of the biased output), blocks that end in a scalar
 * tail, training and inference, and the hand-off's guard (sums of another tensor are not used).
 */
class ConvBatchNormSumsTest {
  static Sequential net() {
    Sequential s = Model.builder(2, 9, 9).backend("cpu").seed(4)
        .groupConv(TestGroups.p4(), 3, 3).batchNorm().relu()
        .groupConv(TestGroups.p4(), 3, 3).batchNorm()
        .groupConv(TestGroups.p4(), 2, 3).flatten().build();
    for (Parameter p : s.parameters()) { // biases, γ and β away from their initial 0 and 1
      if (!p.name().equals("weight") || p.value().rank() == 1) {
        float[] d = p.value().data();
        for (int i = 0; i < d.length; i++) {
          d[i] += 0.25f * (i % 3) - 0.2f;
        }
      }
    }
    return s;
  }

  @Test
  void handedOnSumsGiveTheBitsOfTheLayersOneByOne() {
    Sequential fused = net();
    Sequential plain = net();
    List<Layer> layers = plain.layers();
    int seed = 0;
    for (boolean training : List.of(true, false, true, true)) {
      Tensor x = GradCheck.gaussian(++seed, 5, 2, 9, 9);
      Tensor a = fused.forward(x, training);
      Tensor b = x;
      for (Layer l : layers) {
        b = l.forward(b, training);
      }
      assertArrayEquals(b.data(), a.data(), "forward, training " + training);
      if (!training) {
        continue;
      }
      Tensor gy = GradCheck.gaussian(50 + seed, a.shape());
      fused.zeroGrad();
      plain.zeroGrad();
      Tensor ga = fused.backward(gy);
      Tensor gb = gy;
      for (int i = layers.size() - 1; i >= 0; i--) {
        gb = layers.get(i).backward(gb);
      }
      assertArrayEquals(gb.data(), ga.data(), "input gradient");
      List<Parameter> pf = fused.parameters();
      List<Parameter> pp = plain.parameters();
      for (int i = 0; i < pf.size(); i++) {
        assertArrayEquals(pp.get(i).grad().data(), pf.get(i).grad().data(), "gradient of parameter " + i);
      }
      for (int i = 0; i < layers.size(); i++) {
        if (fused.layers().get(i) instanceof GroupConv conv && i + 1 < layers.size() && layers.get(i + 1) instanceof BatchNorm) {
          BatchNorm next = (BatchNorm) fused.layers().get(i + 1);
          assertTrue(next.inputSums().taken > 0 && conv.gradientSums().taken > 0, "the sums were handed on at layer " + i);
          assertTrue(((BatchNorm) layers.get(i + 1)).inputSums().taken == 0, "layers called one by one hand nothing on");
        }
        if (layers.get(i) instanceof BatchNorm bn) {
          BatchNorm other = (BatchNorm) fused.layers().get(i);
          assertArrayEquals(bn.runningMean().data(), other.runningMean().data(), "running mean " + i);
          assertArrayEquals(bn.runningVar().data(), other.runningVar().data(), "running var " + i);
        }
      }
    }
  }

  /** The guard: sums published for one tensor are not taken for another, nor twice (negative control: they are taken once). */
  @Test
  void sumsAreTakenOnlyForTheirTensorAndOnlyOnce() {
    BlockSums sums = new BlockSums();
    Tensor t = Tensor.zeros(2, 3, 4);
    sums.prepare(6, true);
    sums.publish(t, 4);
    assertFalse(sums.take(Tensor.zeros(2, 3, 4), 4), "another tensor of the same shape");
    sums.publish(t, 4);
    assertFalse(sums.take(t, 2), "another block size");
    sums.publish(t, 4);
    assertTrue(sums.take(t, 4), "its own tensor");
    assertFalse(sums.take(t, 4), "taken once");
  }
}
