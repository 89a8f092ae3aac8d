package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.gconv4j.annotations.Lattice;
import org.gconv4j.backend.cpu.CpuBackend;
import org.gconv4j.group.FilterTables;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.group.TestGroups;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * GroupConv on the CPU backend: exact equivariance for every stabilizer element of every sample
 * group (max relative error {@value #EQUIVARIANCE_TOLERANCE}), agreement with the test-only direct
 * G-correlation, gradient checks against finite differences, shape errors.
 */
class GroupConvTest {
  static final double EQUIVARIANCE_TOLERANCE = 1e-5;
  private static final CpuBackend BACKEND = new CpuBackend(2);

  @AfterAll
  static void close() {
    BACKEND.close();
  }

  private static Tensor randomTensor(Random rng, int... shape) {
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) rng.nextGaussian();
    }
    return t;
  }

  private static void randomBias(GroupConv layer, Random rng) {
    float[] b = layer.bias().value().data();
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) rng.nextGaussian();
    }
  }

  /** Zeroes a planar map [N, C, L, L] (hexagonal lattice) outside the inscribed hexagon. */
  private static void hexCrop(Tensor t) {
    int size = t.shape(-1);
    float[] mask = GroupAction.hexMask(size);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      if (mask[i % mask.length] == 0f) {
        d[i] = 0f;
      }
    }
  }

  private static Tensor act(Group g, int h, Tensor t, boolean gmap) {
    return gmap ? GroupAction.gmap(g, h, t) : GroupAction.planar(g, h, t);
  }

  /**
   * Checks layers(L_h x) = L_h layers(x) for every h: the first layer takes a planar map when
   * {@code lifting}, the output is a G-map. On the hexagonal lattice only the inscribed hexagon of
   * the output is compared (the input is zero outside its own hexagon).
   */
  private static void assertEquivariant(Group g, boolean lifting, Tensor x, GroupConv... layers) {
    if (g.lattice() == Lattice.HEXAGONAL) {
      hexCrop(x);
    }
    Tensor y = run(x, layers);
    double scale = 0;
    for (float v : y.data()) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertTrue(scale > 0, "the output must not vanish");
    float[] mask = g.lattice() == Lattice.HEXAGONAL ? GroupAction.hexMask(y.shape(-1)) : null;
    for (int h = 0; h < g.order(); h++) {
      Tensor left = run(act(g, h, x, !lifting), layers);
      Tensor right = GroupAction.gmap(g, h, y);
      double err = 0;
      for (int i = 0; i < left.size(); i++) {
        if (mask == null || mask[i % mask.length] != 0f) {
          err = Math.max(err, Math.abs(left.data()[i] - right.data()[i]));
        }
      }
      err /= scale;
      if (!(err <= EQUIVARIANCE_TOLERANCE)) {
        throw new AssertionError(g.name() + " element " + h + " (" + g.elementName(h) + "): relative error " + err
            + " > " + EQUIVARIANCE_TOLERANCE);
      }
    }
  }

  private static Tensor run(Tensor x, GroupConv... layers) {
    Tensor t = x;
    for (GroupConv l : layers) {
      t = l.forward(t, false);
    }
    return t;
  }

  private static int[] shape(int n, int c, Integer s, int d, int size) {
    int[] shape = new int[2 + (s == null ? 0 : 1) + d];
    shape[0] = n;
    shape[1] = c;
    int a = 2;
    if (s != null) {
      shape[a++] = s;
    }
    for (int i = 0; i < d; i++) {
      shape[a++] = size;
    }
    return shape;
  }

  private static void equivarianceForGroup(Group g, int n, int size, int channels) {
    Random rng = new Random(g.name().hashCode() * 31L + n);
    int d = g.dimension();
    GroupConv lift = new GroupConv(g, 2, channels, n, true, 0, 1, BACKEND, rng);
    GroupConv mid = new GroupConv(g, channels, 3, n, false, 0, 1, BACKEND, rng);
    randomBias(lift, rng);
    randomBias(mid, rng);
    assertEquivariant(g, true, randomTensor(rng, shape(2, 2, null, d, size)), lift);
    assertEquivariant(g, false, randomTensor(rng, shape(2, channels, g.order(), d, size)), mid);
    assertEquivariant(g, true, randomTensor(rng, shape(1, 2, null, d, size)), lift, mid);
  }

  @Test
  void z2IsTranslationOnlyAndTrivially() {
    equivarianceForGroup(TestGroups.z2(), 3, 9, 3);
  }

  @Test
  void p4ExactlyEquivariant() {
    equivarianceForGroup(TestGroups.p4(), 3, 11, 3);
  }

  /** Even filters: 11 → 8 → 5; each output grid's centre is a corner (8) or a cell (5). */
  @Test
  void p4EvenFilterExactlyEquivariant() {
    equivarianceForGroup(TestGroups.p4(), 4, 11, 2);
    equivarianceForGroup(TestGroups.p4(), 4, 10, 2);
  }

  @Test
  void p4mExactlyEquivariant() {
    equivarianceForGroup(TestGroups.p4m(), 3, 9, 2);
    equivarianceForGroup(TestGroups.p4m(), 5, 11, 2);
  }

  @Test
  void p6ExactlyEquivariantInsideTheHexagon() {
    equivarianceForGroup(TestGroups.p6(), 3, 11, 2);
  }

  @Test
  void p6mExactlyEquivariantInsideTheHexagon() {
    equivarianceForGroup(TestGroups.p6m(), 3, 11, 2);
    equivarianceForGroup(TestGroups.p6m(), 5, 13, 2);
  }

  @Test
  void oExactlyEquivariant() {
    equivarianceForGroup(TestGroups.o(), 3, 7, 1);
  }

  @Test
  void ohExactlyEquivariant() {
    equivarianceForGroup(TestGroups.oh(), 3, 7, 1);
  }

  /** Padding 1 keeps the grid size and the centre: still exact. */
  @Test
  void paddedP4mExactlyEquivariant() {
    Group g = TestGroups.p4m();
    Random rng = new Random(5);
    GroupConv lift = new GroupConv(g, 1, 2, 3, true, 1, 1, BACKEND, rng);
    GroupConv mid = new GroupConv(g, 2, 2, 3, false, 1, 1, BACKEND, rng);
    randomBias(lift, rng);
    randomBias(mid, rng);
    assertEquivariant(g, true, randomTensor(rng, 2, 1, 8, 8), lift, mid);
  }

  /** An unrelated map must not look equivariant: the check can fail. */
  @Test
  void equivarianceCheckDetectsABrokenFilterTable() {
    Group g = TestGroups.p4();
    Random rng = new Random(9);
    GroupConv lift = new GroupConv(g, 1, 2, 3, true, 0, 1, BACKEND, rng);
    Tensor x = randomTensor(rng, 1, 1, 9, 9);
    Tensor y = lift.forward(x, false);
    // rotate the input but not the output's stabilizer axis: must differ
    Tensor left = lift.forward(GroupAction.planar(g, 1, x), false);
    Tensor wrong = GroupAction.planar(g, 1, y.reshape(1, 2 * 4, 7, 7)).reshape(y.shape());
    double err = 0;
    for (int i = 0; i < left.size(); i++) {
      err = Math.max(err, Math.abs(left.data()[i] - wrong.data()[i]));
    }
    assertTrue(err > 1e-2, "rotating only the plane must not commute; error " + err);
  }

  @Test
  void matchesTheDirectGCorrelation() {
    for (Group g : new Group[] {TestGroups.z2(), TestGroups.p4(), TestGroups.p4m()}) {
      for (boolean lifting : new boolean[] {true, false}) {
        for (int n : new int[] {3, 4}) {
          Random rng = new Random(n * 7L + (lifting ? 1 : 0));
          ConvSpec spec = new ConvSpec(g, 2, 3, n, lifting, 0, 1, rng);
          GroupConv layer = new GroupConv(spec, BACKEND);
          ReferenceGroupConv reference = new ReferenceGroupConv(spec);
          float[] w = layer.weight().value().data();
          System.arraycopy(w, 0, reference.parameters().get(0).value().data(), 0, w.length);
          Tensor x = randomTensor(rng, lifting ? new int[] {2, 2, 9, 9} : new int[] {2, 2, g.order(), 9, 9});
          float[] expected = reference.forward(x, false).data();
          float[] actual = layer.forward(x, false).data();
          double scale = 0;
          double err = 0;
          for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
          }
          assertTrue(err <= 1e-5 * scale, g.name() + " n=" + n + " lifting=" + lifting + ": error " + err + " scale " + scale);
        }
      }
    }
  }

  @Test
  void gradientsMatchFiniteDifferences2d() {
    Random rng = new Random(3);
    Group g = TestGroups.p4m();
    GroupConv lift = new GroupConv(g, 2, 2, 3, true, 1, 2, BACKEND, rng);
    randomBias(lift, rng);
    GradCheck.check(lift, randomTensor(rng, 2, 2, 7, 6), true, 1);
    GroupConv mid = new GroupConv(g, 2, 1, 3, false, 0, 1, BACKEND, rng);
    randomBias(mid, rng);
    GradCheck.check(mid, randomTensor(rng, 2, 2, 8, 5, 6), true, 2);
  }

  @Test
  void gradientsMatchFiniteDifferencesHexAndCubic() {
    Random rng = new Random(4);
    GroupConv hex = new GroupConv(TestGroups.p6(), 1, 2, 3, false, 0, 1, BACKEND, rng);
    GradCheck.check(hex, randomTensor(rng, 1, 1, 6, 5, 5), true, 3);
    GroupConv cube = new GroupConv(TestGroups.o(), 1, 1, 3, true, 1, 1, BACKEND, rng);
    GradCheck.check(cube, randomTensor(rng, 1, 1, 3, 4, 3), true, 4);
  }

  @Test
  void hexCellsOutsideTheSupportStayZeroAndGetNoGradient() {
    Group g = TestGroups.p6m();
    Random rng = new Random(6);
    GroupConv layer = new GroupConv(g, 2, 2, 3, false, 0, 1, BACKEND, rng);
    FilterTables tables = g.tables(3);
    Tensor x = randomTensor(rng, 1, 2, g.order(), 6, 6);
    Tensor y = layer.forward(x, true);
    layer.backward(randomTensor(rng, y.shape()));
    float[] w = layer.weight().value().data();
    float[] gw = layer.weight().grad().data();
    int outside = 0;
    for (int i = 0; i < w.length; i++) {
      if (!tables.inSupport(i % tables.cells())) {
        assertEquals(0f, w[i], "weight " + i);
        assertEquals(0f, gw[i], "gradient " + i);
        outside++;
      } else {
        assertTrue(gw[i] != 0f, "gradient inside the support " + i);
      }
    }
    assertEquals(2 * 2 * 12 * 2, outside, "two corner cells per 3x3 hexagonal filter");
  }

  @Test
  void initIsHeNormalOverTheFanIn() {
    Group g = TestGroups.p4();
    GroupConv layer = new GroupConv(g, 20, 30, 3, false, 0, 1, BACKEND, new Random(1));
    float[] w = layer.weight().value().data();
    double sq = 0;
    for (float v : w) {
      sq += v * v;
    }
    double expected = 2.0 / (20 * 4 * 9);
    assertEquals(expected, sq / w.length, 0.05 * expected);
    assertArrayEquals(new int[] {30, 20, 4, 3, 3}, layer.weight().value().shape());
    assertArrayEquals(new float[30], layer.bias().value().data());
  }

  @Test
  void expandedBankAgreesWithTheBackendTransform() {
    Group g = TestGroups.p4m();
    Random rng = new Random(8);
    GroupConv layer = new GroupConv(g, 3, 2, 3, false, 0, 1, BACKEND, rng);
    Tensor bank = GroupConv.expandedBank(layer.weight().value(), g.tables(3), false);
    assertArrayEquals(new int[] {2 * 8, 3 * 8, 3, 3}, bank.shape());
    float[] viaBackend = new float[bank.size()];
    BACKEND.transformFilters(layer.weight().value().data(), 2, 3, g.tables(3).groupFlat(), 8, 8, 9, viaBackend);
    assertArrayEquals(bank.data(), viaBackend);
    // rotation s' = 1 of output 0, input 0, t = 0 is rot90 of the filter on t̄ = R^-1 (index 3)
    float[] f = layer.weight().value().data();
    int tBar = g.multiply(g.inverse(1), 0);
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        // numpy rot90(w, 1)[r, c] = w[c, n - 1 - r]
        float expected = f[(tBar * 9) + c * 3 + (2 - r)];
        assertEquals(expected, bank.data()[(1 * 24 + 0) * 9 + r * 3 + c], "cell " + r + "," + c);
      }
    }
  }

  @Test
  void rejectsWrongInputShapesNamingBoth() {
    GroupConv layer = new GroupConv(TestGroups.p4(), 10, 10, 3, false, 0, 1, BACKEND, new Random(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> layer.forward(Tensor.zeros(64, 10, 8, 26, 26), true));
    assertTrue(e.getMessage().startsWith("[GroupConv] expected input [N, 10, 4, H, W], got [64, 10, 8, 26, 26]"), e.getMessage());
    GroupConv lift = new GroupConv(TestGroups.o(), 1, 2, 3, true, 0, 1, BACKEND, new Random(1));
    e = assertThrows(IllegalArgumentException.class, () -> lift.forward(Tensor.zeros(2, 1, 9, 9), true));
    assertTrue(e.getMessage().startsWith("[GroupConv] expected input [N, 1, D, H, W], got [2, 1, 9, 9]"), e.getMessage());
    Tensor y = layer.forward(Tensor.zeros(2, 10, 4, 5, 5), true);
    e = assertThrows(IllegalArgumentException.class, () -> layer.backward(Tensor.zeros(2, 10, 4, 4, 3)));
    assertTrue(e.getMessage().contains("expected gradient [2, 10, 4, 3, 3]"), e.getMessage());
    assertArrayEquals(new int[] {2, 10, 4, 3, 3}, y.shape());
    assertArrayEquals(new int[] {10, 4, 3, 3}, layer.outputShape(new int[] {10, 4, 5, 5}));
  }

  @Test
  void describesItself() {
    GroupConv layer = new GroupConv(TestGroups.p4m(), 1, 7, 3, true, 1, 2, BACKEND, new Random(1));
    assertEquals("GroupConv P4M lifting 1->7 3x3 pad 1 stride 2", layer.describe());
  }
}
