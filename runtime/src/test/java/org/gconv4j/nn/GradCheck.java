package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.gconv4j.tensor.Tensor;

/**
 * Gradient check against central finite differences in float: for the scalar L = Σ g·layer(x) with
 * a random g, the analytic ∂L/∂x (backward) and ∂L/∂θ (parameter grads) must match
 * (L(v + h) − L(v − h)) / 2h with h = {@value #STEP}, within {@value #ABS} + {@value #REL}·|numeric|.
 * L is summed in double. Piecewise-linear layers are checked on inputs whose values are more than 2h
 * apart and away from 0, so no kink or tie lies within a step.
 */
final class GradCheck {
  static final float STEP = 1e-2f;
  static final double ABS = 1e-3;
  static final double REL = 1e-2;

  private GradCheck() {}

  static void check(Layer layer, Tensor x, boolean training, long seed) {
    Tensor y = layer.forward(x, training);
    Random rng = new Random(seed);
    float[] g = new float[y.size()];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) rng.nextGaussian();
    }
    for (Parameter p : layer.parameters()) {
      p.zeroGrad();
    }
    Tensor gx = layer.backward(Tensor.of(g.clone(), y.shape()));
    assertEquals(x.shapeString(), gx.shapeString(), "input gradient shape");
    float[] analyticX = gx.data().clone();
    checkArray(layer, x, training, g, x.data(), analyticX, "input");
    for (Parameter p : layer.parameters()) {
      float[] analytic = p.grad().data().clone();
      checkArray(layer, x, training, g, p.value().data(), analytic, "parameter " + p.name());
    }
  }

  private static void checkArray(Layer layer, Tensor x, boolean training, float[] g, float[] values, float[] analytic,
      String what) {
    int checkedNonZero = 0;
    for (int i = 0; i < values.length; i++) {
      float saved = values[i];
      values[i] = saved + STEP;
      double plus = dot(g, layer.forward(x, training));
      values[i] = saved - STEP;
      double minus = dot(g, layer.forward(x, training));
      values[i] = saved;
      double numeric = (plus - minus) / (2 * STEP);
      double err = Math.abs(numeric - analytic[i]);
      if (err > ABS + REL * Math.abs(numeric)) {
        fail(layer.describe() + " " + what + "[" + i + "]: analytic " + analytic[i] + " vs numeric " + numeric);
      }
      if (Math.abs(numeric) > 1e-3) {
        checkedNonZero++;
      }
    }
    if (values.length > 0 && checkedNonZero == 0) {
      fail(layer.describe() + " " + what + ": every numeric derivative is ~0; the check would prove nothing");
    }
  }

  static double dot(float[] g, Tensor y) {
    float[] v = y.data();
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += (double) g[i] * v[i];
    }
    return s;
  }

  /** Gaussian values. */
  static Tensor gaussian(long seed, int... shape) {
    Random rng = new Random(seed);
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) rng.nextGaussian();
    }
    return t;
  }

  /** Distinct values spaced 0.05 apart (a shuffled ramp), none within 0.025 of 0. */
  static Tensor distinct(long seed, int... shape) {
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    int n = d.length;
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    Random rng = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = perm[i];
      perm[i] = perm[j];
      perm[j] = tmp;
    }
    for (int i = 0; i < n; i++) {
      d[i] = 0.05f * (perm[i] - n / 2) + 0.025f;
    }
    return t;
  }
}
