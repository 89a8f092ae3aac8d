package org.gconv4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.group.TestGroups;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gradient check of a whole p4 G-correlation on OpenCL (filter transformation, then planar correlation):
 * the backward passes against central finite differences of the OpenCL forward. The loss L = Σ r·y is linear in
 * every parameter, so central differences are exact up to float rounding of the forward; a wide step (0.25) keeps
 * that rounding small. Tolerance: 1e-3 · (1 + |gradient|).
 */
class OpenClGradientCheckTest {
  private static final int N = 2;
  private static final int C_IN = 2;
  private static final int C_OUT = 2;
  private static final int S = 4;
  private static final int K = 3;
  private static final int CELLS = K * K;
  private static final int SIZE = 5;

  private OpenClBackend backend;

  @BeforeEach
  void setUp() {
    backend = OpenClTestSupport.backend();
  }

  /** The p4 group-to-group table (CONVENTIONS §4) for 3×3 filters. */
  static int[] p4GroupTable() {
    return TestGroups.p4().tables(K).groupFlat();
  }

  private final ConvGeometry geometry = ConvGeometry.of2d(N, C_IN * S, C_OUT * S, SIZE, SIZE, K, 1, 1);

  private double loss(float[] f, float[] x, float[] r, int[] table) {
    float[] fPlus = new float[geometry.weightLength()];
    backend.transformFilters(f, C_OUT, C_IN, table, S, S, CELLS, fPlus);
    float[] y = new float[geometry.outputLength()];
    backend.correlate(geometry, x, fPlus, y);
    double l = 0;
    for (int i = 0; i < y.length; i++) {
      l += (double) r[i] * y[i];
    }
    return l;
  }

  @Test
  void backwardMatchesCentralDifferences() {
    Random rnd = new Random(11);
    int[] table = p4GroupTable();
    float[] f = Reference.random(rnd, C_OUT * C_IN * S * CELLS);
    float[] x = Reference.random(rnd, geometry.inputLength());
    float[] r = Reference.random(rnd, geometry.outputLength());

    float[] fPlus = new float[geometry.weightLength()];
    backend.transformFilters(f, C_OUT, C_IN, table, S, S, CELLS, fPlus);
    float[] gradX = new float[geometry.inputLength()];
    backend.correlateBackwardInput(geometry, r, fPlus, gradX);
    float[] gradFPlus = new float[geometry.weightLength()];
    backend.correlateBackwardWeights(geometry, x, r, gradFPlus);
    float[] gradF = new float[f.length];
    backend.transformFiltersBackward(gradFPlus, C_OUT, C_IN, table, S, S, CELLS, gradF);

    for (int i = 0; i < f.length; i++) {
      check("dL/dF[" + i + "]", gradF[i], centralDifference(f, i, () -> loss(f, x, r, table)));
    }
    for (int n = 0; n < 60; n++) {
      int i = rnd.nextInt(x.length);
      check("dL/dx[" + i + "]", gradX[i], centralDifference(x, i, () -> loss(f, x, r, table)));
    }
  }

  private static double centralDifference(float[] p, int i, java.util.function.DoubleSupplier loss) {
    float saved = p[i];
    p[i] = saved + 0.25f;
    float up = p[i];
    double lUp = loss.getAsDouble();
    p[i] = saved - 0.25f;
    float down = p[i];
    double lDown = loss.getAsDouble();
    p[i] = saved;
    return (lUp - lDown) / ((double) up - down);
  }

  private static void check(String what, double analytic, double numeric) {
    if (Math.abs(analytic - numeric) > 1e-3 * (1 + Math.abs(analytic))) {
      fail(what + ": backward " + analytic + ", central difference " + numeric);
    }
    assertTrue(Double.isFinite(analytic));
  }
}
