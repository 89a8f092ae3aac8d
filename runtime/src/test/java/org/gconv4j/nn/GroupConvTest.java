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
 * group (max relative error {@value GroupConvEquivariance#TOLERANCE}), agreement with the test-only direct
 * G-correlation, gradient checks against finite differences, shape errors.
 */
class GroupConvTest {
  private static final CpuBackend BACKEND = new CpuBackend(2);

  @AfterAll
  static void close() {
    BACKEND.close();
  }

  @Test
  void z2IsTranslationOnlyAndTrivially() {
    GroupConvEquivariance.check(TestGroups.z2(), 3, 9, 3, BACKEND);
  }

  @Test
  void p4ExactlyEquivariant() {
    GroupConvEquivariance.check(TestGroups.p4(), 3, 11, 3, BACKEND);
  }

  /** Even filters: 11 → 8 → 5; each output grid's centre is a corner (8) or a cell (5). */
  @Test
  void p4EvenFilterExactlyEquivariant() {
    GroupConvEquivariance.check(TestGroups.p4(), 4, 11, 2, BACKEND);
    GroupConvEquivariance.check(TestGroups.p4(), 4, 10, 2, BACKEND);
  }

  @Test
  void p4mExactlyEquivariant() {
    GroupConvEquivariance.check(TestGroups.p4m(), 3, 9, 2, BACKEND);
    GroupConvEquivariance.check(TestGroups.p4m(), 5, 11, 2, BACKEND);
  }

  @Test
  void p6ExactlyEquivariantInsideTheHexagon() {
    GroupConvEquivariance.check(TestGroups.p6(), 3, 11, 2, BACKEND);
  }

  @Test
  void p6mExactlyEquivariantInsideTheHexagon() {
    GroupConvEquivariance.check(TestGroups.p6m(), 3, 11, 2, BACKEND);
    GroupConvEquivariance.check(TestGroups.p6m(), 5, 13, 2, BACKEND);
  }

  @Test
  void oExactlyEquivariant() {
    GroupConvEquivariance.check(TestGroups.o(), 3, 7, 1, BACKEND);
  }

  @Test
  void ohExactlyEquivariant() {
    GroupConvEquivariance.check(TestGroups.oh(), 3, 7, 1, BACKEND);
  }

  /** Padding 1 keeps the grid size and the centre: still exact. */
  @Test
  void paddedP4mExactlyEquivariant() {
    Group g = TestGroups.p4m();
    Random rng = new Random(5);
    GroupConv lift = new GroupConv(g, 1, 2, 3, true, 1, 1, BACKEND, rng);
    GroupConv mid = new GroupConv(g, 2, 2, 3, false, 1, 1, BACKEND, rng);
    GroupConvEquivariance.randomBias(lift, rng);
    GroupConvEquivariance.randomBias(mid, rng);
    GroupConvEquivariance.assertEquivariant(g, true, GroupConvEquivariance.randomTensor(rng, 2, 1, 8, 8), lift, mid);
  }

  /** An unrelated map must not look equivariant: the check can fail. */
  @Test
  void equivarianceCheckDetectsABrokenFilterTable() {
    Group g = TestGroups.p4();
    Random rng = new Random(9);
    GroupConv lift = new GroupConv(g, 1, 2, 3, true, 0, 1, BACKEND, rng);
    Tensor x = GroupConvEquivariance.randomTensor(rng, 1, 1, 9, 9);
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
          Tensor x = GroupConvEquivariance.randomTensor(rng, lifting ? new int[] {2, 2, 9, 9} : new int[] {2, 2, g.order(), 9, 9});
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
    GroupConvEquivariance.randomBias(lift, rng);
    GradCheck.check(lift, GroupConvEquivariance.randomTensor(rng, 2, 2, 7, 6), true, 1);
    GroupConv mid = new GroupConv(g, 2, 1, 3, false, 0, 1, BACKEND, rng);
    GroupConvEquivariance.randomBias(mid, rng);
    GradCheck.check(mid, GroupConvEquivariance.randomTensor(rng, 2, 2, 8, 5, 6), true, 2);
  }

  @Test
  void gradientsMatchFiniteDifferencesHexAndCubic() {
    Random rng = new Random(4);
    GroupConv hex = new GroupConv(TestGroups.p6(), 1, 2, 3, false, 0, 1, BACKEND, rng);
    GradCheck.check(hex, GroupConvEquivariance.randomTensor(rng, 1, 1, 6, 5, 5), true, 3);
    GroupConv cube = new GroupConv(TestGroups.o(), 1, 1, 3, true, 1, 1, BACKEND, rng);
    GradCheck.check(cube, GroupConvEquivariance.randomTensor(rng, 1, 1, 3, 4, 3), true, 4);
  }

  @Test
  void hexCellsOutsideTheSupportStayZeroAndGetNoGradient() {
    Group g = TestGroups.p6m();
    Random rng = new Random(6);
    GroupConv layer = new GroupConv(g, 2, 2, 3, false, 0, 1, BACKEND, rng);
    FilterTables tables = g.tables(3);
    Tensor x = GroupConvEquivariance.randomTensor(rng, 1, 2, g.order(), 6, 6);
    Tensor y = layer.forward(x, true);
    layer.backward(GroupConvEquivariance.randomTensor(rng, y.shape()));
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
  void lecunInitHasHalfTheVarianceOverTheFanIn() {
    Group g = TestGroups.p4();
    ConvSpec spec = new ConvSpec(g, 20, 30, 3, false, 0, 1, new Random(1), WeightInit.LECUN_NORMAL);
    float[] w = new GroupConv(spec, BACKEND).weight().value().data();
    double sq = 0;
    for (float v : w) {
      sq += v * v;
    }
    double expected = 1.0 / (20 * 4 * 9);
    assertEquals(expected, sq / w.length, 0.05 * expected);
    // the same stream gives the He weights scaled by 1/sqrt(2)
    float[] he = new GroupConv(new ConvSpec(g, 20, 30, 3, false, 0, 1, new Random(1)), BACKEND).weight().value().data();
    for (int i = 0; i < w.length; i++) {
      assertEquals(he[i] / Math.sqrt(2), w[i], 1e-6, "weight " + i);
    }
  }

  @Test
  void expandedBankIsEachFilterMovedByEachElement() {
    Group g = TestGroups.p4m();
    Random rng = new Random(8);
    GroupConv layer = new GroupConv(g, 3, 2, 3, false, 0, 1, BACKEND, rng);
    Tensor bank = GroupConv.expandedBank(layer.weight().value(), g.tables(3), false);
    assertArrayEquals(new int[] {2 * 8, 3 * 8, 3, 3}, bank.shape());
    float[] f = layer.weight().value().data();
    // s' = e leaves every filter where it is: F+[o·S, i·S + t] = F[o, i, t]
    for (int o = 0; o < 2; o++) {
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 8 * 9; j++) {
          assertEquals(f[(o * 3 + i) * 72 + j], bank.data()[((o * 8) * 24 + i * 8) * 9 + j], "o " + o + " i " + i + " entry " + j);
        }
      }
    }
    // rotation s' = 1 of output 0, input 0, t = 0 is rot90 of the filter on t̄ = R^-1 (index 3)
    int tBar = g.multiply(g.inverse(1), 0);
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        // numpy rot90(w, 1)[r, c] = w[c, n - 1 - r]
        float expected = f[(tBar * 9) + c * 3 + (2 - r)];
        assertEquals(expected, bank.data()[(1 * 24 + 0) * 9 + r * 3 + c], "cell " + r + "," + c);
      }
    }
    // the layer's own forward expands the same bank
    layer.forward(Tensor.zeros(1, 3, 8, 5, 5), false);
    assertArrayEquals(bank.data(), layer.prepared().expandedBank());
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
