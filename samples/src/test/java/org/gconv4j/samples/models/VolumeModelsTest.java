package org.gconv4j.samples.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.nn.Sequential;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * o-cnn3d and oh-cnn3d, built as {@code train} builds them (CPU backend, random weights and bias),
 * give the same logits for a volume and for its image under EVERY element of O (24) or OH (48), at
 * inference and with batch statistics (the features before dropout); z3-cnn3d (a plain 3D CNN) does not (the negative control);
 * the parameter counts match within 5%.
 */
class VolumeModelsTest {
  static final double TOLERANCE = 1e-4;

  /** Random binary masks (a blob of about a third of the voxels) like AdrenalMNIST3D's, [n, 1, L, L, L]. */
  static Tensor volumes(long seed, int n, int side) {
    Random rng = new Random(seed);
    float[] x = new float[n * side * side * side];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextFloat() < 0.3 ? 1f : 0f;
    }
    return Tensor.of(x, n, 1, side, side, side);
  }

  /**
   * The largest relative change of the logits (inference) or, in training mode, of the invariant
   * features before the dropout (whose masks differ from call to call) and dense layer.
   */
  static double worstRelativeChange(Sequential m, Group g, Tensor x, boolean training) {
    java.util.function.Function<Tensor, Tensor> f = in -> {
      if (!training) {
        return m.forward(in, false);
      }
      Tensor t = in;
      for (org.gconv4j.nn.Layer l : m.layers()) {
        if (l instanceof org.gconv4j.nn.Dropout) {
          return t;
        }
        t = l.forward(t, true);
      }
      throw new AssertionError("no dropout layer in " + m.summary());
    };
    float[] z = f.apply(x).data().clone();
    double scale = 0;
    for (float v : z) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertTrue(scale > 0);
    double worst = 0;
    for (int h = 1; h < g.order(); h++) {
      float[] moved = f.apply(GroupAction.planar(g, h, x)).data();
      for (int i = 0; i < z.length; i++) {
        worst = Math.max(worst, Math.abs(moved[i] - z[i]) / scale);
      }
    }
    return worst;
  }

  @ParameterizedTest
  @CsvSource({"o-cnn3d, O, 28", "oh-cnn3d, OH, 28", "o-cnn3d, O, 64"})
  void logitsAreInvariantToEveryElementOfTheGroup(String model, String groupName, int side) {
    Group g = PaperModels.group(groupName);
    Sequential m = VolumeModels.build(model, HexModelsInvarianceTest.randomBias(new Random(1)), 3, side, 2);
    assertArrayEquals(new int[] {1, side, side, side}, m.inputShape());
    Tensor x = volumes(2, 3, side);
    for (boolean training : new boolean[] {false, true}) {
      double err = worstRelativeChange(m, g, x, training);
      assertTrue(err < TOLERANCE, model + " " + side + "³" + (training ? " (training)" : "")
          + ": relative change " + err + " under some element of " + groupName);
    }
    assertArrayEquals(new int[] {3, 2}, m.forward(x, false).shape());
  }

  @Test
  void z3IsTheTrivialCubicGroup() {
    Group z3 = PaperModels.group("Z3");
    assertEquals("org.gconv4j.samples.groups.Z3", z3.specClassName());
    assertEquals(1, z3.order());
    assertEquals(3, z3.dimension());
    assertEquals(org.gconv4j.annotations.Lattice.CUBIC, z3.lattice());
    assertArrayEquals(new int[] {3, 5}, z3.filterSizes());
    assertArrayEquals(new int[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, z3.matrix(0));
    org.gconv4j.group.GroupAxioms.check(z3);
  }

  @Test
  void thePlainBaselineIsNotInvariant() {
    Sequential m = VolumeModels.build("z3-cnn3d", HexModelsInvarianceTest.randomBias(new Random(4)), 5, 28, 2);
    double err = worstRelativeChange(m, PaperModels.group("O"), volumes(6, 3, 28), false);
    assertTrue(err > 1e-3, "a plain 3D CNN should see the rotations; largest relative change " + err);
  }

  @Test
  void parameterCountsMatchWithinFivePercent() {
    long o = PaperModels.trainableParameters(VolumeModels.build("o-cnn3d", HexModelsInvarianceTest.randomBias(new Random(0)), 0, 28, 2));
    long oh = PaperModels.trainableParameters(VolumeModels.build("oh-cnn3d", HexModelsInvarianceTest.randomBias(new Random(0)), 0, 28, 2));
    long z3 = PaperModels.trainableParameters(VolumeModels.build("z3-cnn3d", HexModelsInvarianceTest.randomBias(new Random(0)), 0, 28, 2));
    assertTrue(Math.abs(z3 - o) <= 0.05 * o, "z3-cnn3d " + z3 + " vs o-cnn3d " + o);
    assertTrue(Math.abs(oh - o) <= 0.05 * o, "oh-cnn3d " + oh + " vs o-cnn3d " + o);
  }

  @Test
  void downsamplingMapsEverySideOntoFourteenWithAPreservedGrid() {
    assertArrayEquals(new int[] {2, 2}, VolumeModels.downsampling(28));
    assertArrayEquals(new int[] {12, 4}, VolumeModels.downsampling(64));
    for (int side = 14; side <= 100; side++) {
      int[] p = VolumeModels.downsampling(side);
      assertEquals(14, (side - p[0]) / p[1] + 1, "side " + side);
      assertEquals(0, (side - p[0]) % p[1], "side " + side);
      assertTrue(p[0] >= p[1], "side " + side);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> VolumeModels.build("o-cnn3d", HexModelsInvarianceTest.randomBias(new Random(0)), 0, 12, 2));
    assertTrue(e.getMessage().contains("side >= 14"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> VolumeModels.build("p4cnn", HexModelsInvarianceTest.randomBias(new Random(0)), 0, 28, 2));
  }
}
