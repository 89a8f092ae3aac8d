package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Layers inside a {@link Sequential} reuse their output and gradient arrays (Layer#reuseBuffers):
 * the results are the bits of fresh arrays, for every call, across batch-size changes.
 */
class BufferReuseTest {
  /** Every layer kind of the runtime that keeps buffers (G-correlations are the speed work's). */
  static Sequential net(boolean reuse) {
    Sequential s = Model.builder(3, 4, 8, 8).seed(3)
        .batchNorm().relu().dropout(0.25).maxPool(2)
        .layer(new CosetMaxPool()).layer(new GlobalMaxPool(1)).layer(new GlobalAvgPool(1))
        .flatten().dense(4).build();
    s.reuseBuffers(reuse);
    return s;
  }

  @Test
  void reusedBuffersGiveTheSameBitsAsFreshOnes() {
    Sequential reused = net(true);
    Sequential fresh = net(false);
    SoftmaxCrossEntropy ceA = new SoftmaxCrossEntropy();
    SoftmaxCrossEntropy ceB = new SoftmaxCrossEntropy();
    Tensor previousOut = null;
    Tensor previousGrad = null;
    int seed = 0;
    for (int batch : List.of(4, 4, 3, 4, 4)) {
      for (boolean training : List.of(true, false, true)) {
        Tensor x = GradCheck.gaussian(++seed, batch, 3, 4, 8, 8);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
          labels[i] = (seed + i) % 4;
        }
        Tensor a = reused.forward(x, training);
        Tensor b = fresh.forward(x, training);
        assertArrayEquals(b.data(), a.data(), "forward batch " + batch + " training " + training);
        ceA.forward(a, labels);
        ceB.forward(b, labels);
        Tensor ga = reused.backward(ceA.backward());
        Tensor gb = fresh.backward(ceB.backward());
        assertArrayEquals(gb.data(), ga.data(), "backward batch " + batch + " training " + training);
        if (previousGrad != null && previousGrad.hasShape(ga.shape())) {
          assertSame(previousGrad, ga, "same batch shape: the gradient array is reused");
        }
        previousGrad = ga;
        if (!training) {
          assertNotSame(previousOut, a, "an inference forward returns a copy the caller may keep");
        } else if (previousOut != null && previousOut.hasShape(a.shape())) {
          assertSame(previousOut, a, "same batch shape: the training output array is reused");
        }
        if (training) {
          previousOut = a;
        }
      }
    }
    for (int i = 0; i < reused.parameters().size(); i++) {
      assertArrayEquals(fresh.parameters().get(i).grad().data(), reused.parameters().get(i).grad().data());
    }
  }

  @Test
  void layersOutsideASequentialReturnFreshArrays() {
    ReLU relu = new ReLU();
    Tensor x = GradCheck.gaussian(1, 2, 3);
    Tensor first = relu.forward(x, true);
    assertNotSame(first, relu.forward(x, true));
    relu.reuseBuffers(true);
    Tensor kept = relu.forward(x, true);
    assertSame(kept, relu.forward(x, true));
  }
}
