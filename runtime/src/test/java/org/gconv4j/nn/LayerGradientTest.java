package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Every layer's backward against central finite differences (see {@link GradCheck} for tolerances). */
class LayerGradientTest {

  @Test
  void reluOnGMap() {
    GradCheck.check(new ReLU(), GradCheck.distinct(1, 2, 2, 4, 3, 3), true, 11);
  }

  @Test
  void batchNormTrainingOnGMap() {
    BatchNorm bn = new BatchNorm(3);
    randomize(bn, 5);
    GradCheck.check(bn, GradCheck.gaussian(2, 2, 3, 4, 3, 3), true, 12);
  }

  @Test
  void batchNormTrainingOnPlanarAndVectors() {
    BatchNorm planar = new BatchNorm(2);
    randomize(planar, 6);
    GradCheck.check(planar, GradCheck.gaussian(3, 3, 2, 4, 4), true, 13);
    BatchNorm vectors = new BatchNorm(4);
    randomize(vectors, 7);
    GradCheck.check(vectors, GradCheck.gaussian(4, 6, 4), true, 14);
  }

  @Test
  void batchNormInference() {
    BatchNorm bn = new BatchNorm(3);
    randomize(bn, 8);
    bn.forward(GradCheck.gaussian(9, 4, 3, 4, 5, 5), true); // moves the running statistics
    GradCheck.check(bn, GradCheck.gaussian(5, 2, 3, 4, 3, 3), false, 15);
  }

  @Test
  void batchNorm3d() {
    BatchNorm bn = new BatchNorm(2);
    randomize(bn, 9);
    GradCheck.check(bn, GradCheck.gaussian(6, 2, 2, 3, 2, 3, 3), true, 16);
  }

  @Test
  void spatialMaxPool2d() {
    GradCheck.check(new SpatialMaxPool(2, 2), GradCheck.distinct(7, 2, 2, 4, 6, 6), true, 17);
  }

  @Test
  void spatialMaxPoolOverlappingWindows() {
    GradCheck.check(new SpatialMaxPool(3, 2), GradCheck.distinct(8, 1, 2, 2, 7, 7), true, 18);
  }

  @Test
  void spatialMaxPool3d() {
    GradCheck.check(new SpatialMaxPool(2, 2, 3), GradCheck.distinct(9, 1, 2, 4, 4, 4), true, 19);
  }

  @Test
  void spatialAvgPool() {
    GradCheck.check(new SpatialAvgPool(2, 2, 2), GradCheck.gaussian(27, 2, 2, 4, 6, 6), true, 28);
    GradCheck.check(new SpatialAvgPool(3, 2, 2), GradCheck.gaussian(29, 1, 2, 2, 7, 7), true, 30);
    GradCheck.check(new SpatialAvgPool(2, 2, 3), GradCheck.gaussian(31, 1, 2, 4, 4, 4), true, 32);
  }

  /** The mean of each full window, by hand: [1, 1, 3, 3] with window 2, stride 1. */
  @Test
  void spatialAvgPoolValues() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
    Tensor y = new SpatialAvgPool(2, 1, 2).forward(x, false);
    assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
    assertArrayEquals(new float[] {3f, 4f, 6f, 7f}, y.data());
    SpatialAvgPool pool = new SpatialAvgPool(2, 1, 2);
    pool.forward(x, true);
    Tensor gx = pool.backward(Tensor.of(new float[] {4, 8, 12, 16}, 1, 1, 2, 2));
    assertArrayEquals(new float[] {1, 3, 2, 4, 10, 6, 3, 7, 4}, gx.data()); // each cell sums grad/4 of its windows
  }

  @Test
  void cosetMaxPool() {
    GradCheck.check(new CosetMaxPool(), GradCheck.distinct(10, 2, 2, 8, 3, 3), true, 20);
  }

  @Test
  void globalPools() {
    GradCheck.check(new GlobalMaxPool(), GradCheck.distinct(11, 2, 3, 4, 3, 3), true, 21);
    GradCheck.check(new GlobalMaxPool(2), GradCheck.distinct(12, 2, 3, 4, 3, 3), true, 22);
    GradCheck.check(new GlobalAvgPool(), GradCheck.gaussian(13, 2, 3, 4, 3, 3), true, 23);
    GradCheck.check(new GlobalAvgPool(2), GradCheck.gaussian(14, 2, 3, 4, 3, 3), true, 24);
  }

  @Test
  void flatten() {
    GradCheck.check(new Flatten(), GradCheck.gaussian(15, 2, 3, 2, 2), true, 25);
  }

  @Test
  void dense() {
    Dense dense = new Dense(7, 4, new Random(3));
    float[] b = dense.bias().value().data();
    for (int i = 0; i < b.length; i++) {
      b[i] = 0.1f * (i + 1);
    }
    GradCheck.check(dense, GradCheck.gaussian(16, 3, 7), true, 26);
  }

  @Test
  void dropoutAtInferenceIsIdentity() {
    GradCheck.check(new Dropout(0.5, 1), GradCheck.gaussian(17, 2, 5), false, 27);
  }

  @Test
  void sequentialChainsBackwardThroughSmoothLayers() {
    Random rng = new Random(4);
    BatchNorm bn = new BatchNorm(2);
    randomize(bn, 10);
    Sequential net = new Sequential(bn, new GlobalAvgPool(2), new Flatten(), new Dense(2 * 4, 3, rng));
    GradCheck.check(net, GradCheck.gaussian(18, 3, 2, 4, 4, 4), true, 28);
  }

  @Test
  void sequentialChainsBackwardThroughPiecewiseLinearLayers() {
    // distinct inputs: no ReLU kink or max tie within a finite-difference step
    Random rng = new Random(5);
    Sequential net = new Sequential(new ReLU(), new SpatialMaxPool(2), new CosetMaxPool(), new Flatten(),
        new Dense(2 * 2 * 2, 3, rng));
    GradCheck.check(net, GradCheck.distinct(19, 3, 2, 4, 4, 4), true, 29);
  }

  @Test
  void softmaxCrossEntropyGradient() {
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
    Tensor logits = GradCheck.gaussian(19, 4, 5);
    int[] labels = {0, 3, 4, 1};
    ce.forward(logits, labels);
    float[] analytic = ce.backward().data();
    float[] z = logits.data();
    for (int i = 0; i < z.length; i++) {
      float saved = z[i];
      z[i] = saved + GradCheck.STEP;
      double plus = ce.forward(logits, labels);
      z[i] = saved - GradCheck.STEP;
      double minus = ce.forward(logits, labels);
      z[i] = saved;
      double numeric = (plus - minus) / (2 * GradCheck.STEP);
      assertEquals(numeric, analytic[i], GradCheck.ABS, "logit " + i);
    }
  }

  @Test
  void softmaxCrossEntropyIsStableAndExact() {
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
    // huge logits: naive exp overflows; loss of the winning class must be ~0, of the other row ln 2
    Tensor logits = Tensor.of(new float[] {1000f, 0f, -1000f, 500f, 500f, -3e38f}, 2, 3);
    double loss = ce.forward(logits, new int[] {0, 1});
    assertEquals(Math.log(2) / 2, loss, 1e-12);
    assertArrayEquals(new int[] {0, 0}, SoftmaxCrossEntropy.predictions(logits));
    assertEquals(1, SoftmaxCrossEntropy.countCorrect(logits, new int[] {0, 1}));
    assertEquals(0.5, SoftmaxCrossEntropy.accuracy(logits, new int[] {0, 1}));
    // uniform logits: loss = ln K
    double uniform = ce.forward(Tensor.zeros(3, 4), new int[] {0, 1, 2});
    assertEquals(Math.log(4), uniform, 1e-12);
  }

  static void randomize(BatchNorm bn, long seed) {
    Random rng = new Random(seed);
    float[] w = bn.weight().value().data();
    float[] b = bn.bias().value().data();
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.5f + rng.nextFloat();
      b[i] = (float) rng.nextGaussian();
    }
  }
}
