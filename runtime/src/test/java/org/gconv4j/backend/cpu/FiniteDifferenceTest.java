package org.gconv4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.group.FilterTables;
import org.gconv4j.group.Group;
import org.gconv4j.group.TestGroups;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backend's three gradients (input, weights, filter transformation) against central finite
 * differences of L = Σ r·output computed with the backend's own float forward passes, summed in
 * double. All three maps are linear, so a large step h = {@value #STEP} is exact up to rounding;
 * tolerance: {@value #ABS} + {@value #REL}·|numeric|.
 */
class FiniteDifferenceTest {
  static final float STEP = 0.5f;
  static final double ABS = 1e-3;
  static final double REL = 1e-3;
  private static final CpuBackend BACKEND = new CpuBackend(2);

  @AfterAll
  static void close() {
    BACKEND.close();
  }

  private static float[] random(Random rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextGaussian();
    }
    return a;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  interface Loss {
    double at();
  }

  /** Checks analytic[i] against central differences of loss in values[i], for every i. */
  private static void check(String what, float[] values, float[] analytic, Loss loss) {
    int nonZero = 0;
    for (int i = 0; i < values.length; i++) {
      float saved = values[i];
      values[i] = saved + STEP;
      double plus = loss.at();
      values[i] = saved - STEP;
      double minus = loss.at();
      values[i] = saved;
      double numeric = (plus - minus) / (2 * STEP);
      double err = Math.abs(numeric - analytic[i]);
      if (!(err <= ABS + REL * Math.abs(numeric))) {
        throw new AssertionError(what + "[" + i + "]: analytic " + analytic[i] + " vs numeric " + numeric);
      }
      nonZero += Math.abs(numeric) > 1e-3 ? 1 : 0;
    }
    assertTrue(nonZero > values.length / 2, what + ": most gradients must be non-zero; got " + nonZero);
  }

  @Test
  void correlationGradients() {
    for (ConvGeometry g : new ConvGeometry[] {
        ConvGeometry.of2d(2, 2, 3, 7, 6, 3, 1, 2),
        ConvGeometry.of2d(1, 3, 2, 6, 6, 4, 0, 1),
        new ConvGeometry(1, 2, 2, new int[] {4, 5, 4}, 3, 1, 1)}) {
      Random rng = new Random(g.hashCode());
      float[] x = random(rng, g.inputLength());
      float[] w = random(rng, g.weightLength());
      float[] r = random(rng, g.outputLength());
      float[] y = new float[g.outputLength()];
      Loss loss = () -> {
        BACKEND.correlate(g, x, w, y);
        return dot(r, y);
      };
      float[] gx = new float[g.inputLength()];
      float[] gw = new float[g.weightLength()];
      BACKEND.correlateBackwardInput(g, r, w, gx);
      BACKEND.correlateBackwardWeights(g, x, r, gw);
      check(g + " input", x, gx, loss);
      check(g + " weights", w, gw, loss);
    }
  }

  static Stream<ConvGeometry> winogradGeometries() {
    return Stream.of(new ConvGeometry(2, 5, 6, new int[] {3, 4, 5}, 3, 1, 1), ConvGeometry.of2d(2, 5, 6, 7, 6, 3, 1, 1),
        ConvGeometry.of2d(2, 5, 6, 9, 7, 3, 0, 1));
  }

  /**
   * The Winograd path's gradients on 2- and 4-output tiles (3D: the weight gradient on 2³ tiles only) against finite
   * differences of its own forward on those tiles.
   */
  @ParameterizedTest
  @MethodSource("winogradGeometries")
  void winogradGradients(ConvGeometry g) {
    Random rng = new Random(5 + g.dims());
    float[] x = random(rng, g.inputLength());
    float[] w = random(rng, g.weightLength());
    float[] r = random(rng, g.outputLength());
    float[] y = new float[g.outputLength()];
    for (int tile : new int[] {2, 4}) {
      WinogradCorrelation forward = WinogradCorrelation.forward(g, tile, BACKEND.executor(), true);
      Loss loss = () -> {
        forward.run(x, w, y);
        return dot(r, y);
      };
      float[] gx = new float[g.inputLength()];
      WinogradCorrelation.backwardInput(g, tile, BACKEND.executor(), true).run(r, w, gx);
      check(g + " input (Winograd, tile " + tile + ")", x, gx, loss);
      if (forward.inputOnTiles()) { // 2D, 4×4 tiles: the input gradient on the forward's own tiles too
        float[] gxt = new float[g.inputLength()];
        forward.runInput(r, w, gxt);
        check(g + " input (Winograd on the forward's tiles)", x, gxt, loss);
      }
      if (tile == 2 || g.dims() == 2) {
        float[] gw = new float[g.weightLength()];
        forward.runWeights(x, r, gw);
        check(g + " weights (Winograd, tile " + tile + ")", w, gw, loss);
      }
    }
  }

  @Test
  void filterTransformGradient() {
    for (Group group : new Group[] {TestGroups.p4m(), TestGroups.p6()}) {
      FilterTables t = group.tables(3);
      for (boolean lifting : new boolean[] {true, false}) {
        int order = group.order();
        int inOrder = lifting ? 1 : order;
        int[] table = lifting ? t.liftingFlat() : t.groupFlat();
        int outC = 2;
        int inC = 2;
        Random rng = new Random(order * 2L + (lifting ? 1 : 0));
        float[] f = random(rng, outC * inC * inOrder * t.cells());
        float[] r = random(rng, outC * order * inC * inOrder * t.cells());
        float[] fPlus = new float[r.length];
        Loss loss = () -> {
          BACKEND.transformFilters(f, outC, inC, table, order, inOrder, t.cells(), fPlus);
          return dot(r, fPlus);
        };
        float[] gf = new float[f.length];
        BACKEND.transformFiltersBackward(r, outC, inC, table, order, inOrder, t.cells(), gf);
        // cells outside the hexagonal support are never read: gradient exactly 0, like the numeric one
        int checkedZero = 0;
        for (int i = 0; i < gf.length; i++) {
          if (!t.inSupport(i % t.cells())) {
            assertTrue(gf[i] == 0f, "outside the support " + i);
            checkedZero++;
          }
        }
        if (group.lattice() == org.gconv4j.annotations.Lattice.HEXAGONAL) {
          assertTrue(checkedZero > 0);
        }
        check(group.name() + (lifting ? " lifting" : " group") + " transform", f, gf, () -> {
          double v = loss.at();
          return v;
        });
      }
    }
  }
}
