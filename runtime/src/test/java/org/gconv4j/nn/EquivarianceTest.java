package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.group.TestGroups;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layer(L_h f) = L_h Layer(f) for every element h of P4, P4M (2D) and O (3D), CONVENTIONS §6. The
 * pointwise layers and the poolings are exact (bit for bit); batch norm sums in a permuted order,
 * so it is compared within 1e-5. Backward passes are checked the same way: the gradient at L_h f
 * for the upstream gradient L_h g equals L_h of the gradient at f for g.
 */
class EquivarianceTest {
  static final float BN_TOL = 1e-5f;

  static Stream<Group> groups() {
    return Stream.of(TestGroups.p4(), TestGroups.p4m(), TestGroups.o(), TestGroups.oh());
  }

  /** [N, C, S, ...spatial] with the group's dimension. */
  static int[] gmapShape(Group g, int n, int c, int size) {
    return g.dimension() == 2 ? new int[] {n, c, g.order(), size, size} : new int[] {n, c, g.order(), size, size, size};
  }

  static int[] planarShape(Group g, int n, int c, int size) {
    return g.dimension() == 2 ? new int[] {n, c, size, size} : new int[] {n, c, size, size, size};
  }

  @ParameterizedTest
  @MethodSource("groups")
  void actionHelperIsAGroupAction(Group g) {
    Tensor f = GradCheck.gaussian(1, gmapShape(g, 1, 1, 3));
    for (int a = 0; a < g.order(); a++) {
      for (int b = 0; b < g.order(); b++) {
        Tensor ab = GroupAction.gmap(g, g.multiply(a, b), f);
        Tensor aOfB = GroupAction.gmap(g, a, GroupAction.gmap(g, b, f));
        assertArrayEquals(ab.data(), aOfB.data(), g + ": L_a L_b != L_ab for a=" + a + ", b=" + b);
      }
      if (a != 0) {
        Tensor moved = GroupAction.gmap(g, a, f);
        assertTrue(!java.util.Arrays.equals(moved.data(), f.data()), g + ": element " + a + " acts trivially");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("groups")
  void relu(Group g) {
    forEachElement(g, new ReLU(), new ReLU(), GradCheck.gaussian(2, gmapShape(g, 2, 2, 3)), true, 0f, 0f);
  }

  @ParameterizedTest
  @MethodSource("groups")
  void batchNormTraining(Group g) {
    BatchNorm a = new BatchNorm(3);
    BatchNorm b = new BatchNorm(3);
    LayerGradientTest.randomize(a, 3);
    LayerGradientTest.randomize(b, 3);
    Tensor f = GradCheck.gaussian(3, gmapShape(g, 2, 3, g.dimension() == 2 ? 5 : 3));
    forEachElement(g, a, b, f, true, BN_TOL, BN_TOL);
    BatchNorm once = new BatchNorm(3);
    once.forward(f, true);
    for (int h = 0; h < g.order(); h++) {
      BatchNorm moved = new BatchNorm(3);
      moved.forward(GroupAction.gmap(g, h, f), true);
      assertArrayEquals(once.runningMean().data(), moved.runningMean().data(), BN_TOL, "running mean h=" + h);
      assertArrayEquals(once.runningVar().data(), moved.runningVar().data(), BN_TOL, "running var h=" + h);
    }
  }

  /**
   * BatchNorm over the [N, C·S, H, W] view, with its own scale and shift per stabilizer plane, is not
   * equivariant (the planes' statistics permute along with the planes, but the learned scales do
   * not): the check must see it. This is why CONVENTIONS §5 keeps one pair per G-feature map.
   */
  @Test
  void batchNormPerPlaneWouldBreakEquivariance() {
    Group g = TestGroups.p4();
    Tensor f = GradCheck.gaussian(13, 2, 2, 4, 5, 5);
    BatchNorm perPlane = new BatchNorm(2 * 4);
    LayerGradientTest.randomize(perPlane, 14);
    Tensor y = perPlane.forward(f.reshape(2, 8, 5, 5), true).reshape(f.shape());
    float worst = 0;
    for (int h = 1; h < g.order(); h++) {
      float[] left = perPlane.forward(GroupAction.gmap(g, h, f).reshape(2, 8, 5, 5), true).data();
      float[] right = GroupAction.gmap(g, h, y).data();
      for (int i = 0; i < left.length; i++) {
        worst = Math.max(worst, Math.abs(left[i] - right[i]));
      }
    }
    assertTrue(worst > 100 * BN_TOL, "per-plane statistics should break equivariance; max difference " + worst);
  }

  @ParameterizedTest
  @MethodSource("groups")
  void batchNormInference(Group g) {
    BatchNorm bn = new BatchNorm(3);
    LayerGradientTest.randomize(bn, 4);
    bn.forward(GradCheck.gaussian(5, gmapShape(g, 2, 3, 3)), true);
    forEachElement(g, bn, bn, GradCheck.gaussian(4, gmapShape(g, 2, 3, 3)), false, 0f, 0f);
  }

  /**
   * Pooling grids symmetric about the centre: (L − window) divisible by stride. Forward is exact;
   * with overlapping windows (stride < window) an input cell sums several gradients, in an order the
   * rotation changes, so backward is compared within 1e-6 there.
   */
  @ParameterizedTest
  @MethodSource("groups")
  void spatialMaxPool(Group g) {
    int d = g.dimension();
    int[][] cases = d == 2 ? new int[][] {{8, 2, 2}, {9, 3, 3}, {9, 3, 2}, {7, 3, 1}} : new int[][] {{4, 2, 2}, {5, 3, 2}};
    for (int[] c : cases) {
      forEachElement(g, new SpatialMaxPool(c[1], c[2], d), new SpatialMaxPool(c[1], c[2], d),
          GradCheck.distinct(6, gmapShape(g, 1, 2, c[0])), true, 0f, c[2] < c[1] ? 1e-6f : 0f);
    }
  }

  /** Average pooling on symmetric grids; the window sums run in an order the element changes (1e-6). */
  @ParameterizedTest
  @MethodSource("groups")
  void spatialAvgPool(Group g) {
    int d = g.dimension();
    int[][] cases = d == 2 ? new int[][] {{8, 2, 2}, {9, 3, 2}} : new int[][] {{4, 2, 2}, {5, 3, 2}};
    for (int[] c : cases) {
      forEachElement(g, new SpatialAvgPool(c[1], c[2], d), new SpatialAvgPool(c[1], c[2], d),
          GradCheck.gaussian(6, gmapShape(g, 1, 2, c[0])), true, 1e-6f, 1e-6f);
    }
  }

  /** The check detects a pooling grid that is not symmetric (8 = 3 + 2·2 + 1 leaves a border row). */
  @Test
  void asymmetricPoolingGridIsNotEquivariant() {
    Group g = TestGroups.p4();
    Tensor f = GradCheck.distinct(7, gmapShape(g, 1, 2, 8));
    SpatialMaxPool pool = new SpatialMaxPool(3, 2);
    Tensor y = pool.forward(f, true);
    boolean someDiffer = false;
    for (int h = 1; h < g.order(); h++) {
      Tensor left = pool.forward(GroupAction.gmap(g, h, f), true);
      someDiffer |= !java.util.Arrays.equals(left.data(), GroupAction.gmap(g, h, y).data());
    }
    assertTrue(someDiffer, "an asymmetric pooling grid must break equivariance, or the check is blind");
  }

  @ParameterizedTest
  @MethodSource("groups")
  void cosetMaxPoolMapsGMapActionToPlanarAction(Group g) {
    CosetMaxPool pool = new CosetMaxPool();
    Tensor f = GradCheck.distinct(8, gmapShape(g, 2, 2, 3));
    Tensor y = pool.forward(f, true);
    Tensor gy = GradCheck.gaussian(9, y.shape());
    Tensor gx = pool.backward(gy);
    for (int h = 0; h < g.order(); h++) {
      Tensor left = pool.forward(GroupAction.gmap(g, h, f), true);
      assertArrayEquals(GroupAction.planar(g, h, y).data(), left.data(), g + " h=" + h + " forward");
      Tensor leftGrad = pool.backward(GroupAction.planar(g, h, gy));
      assertArrayEquals(GroupAction.gmap(g, h, gx).data(), leftGrad.data(), g + " h=" + h + " backward");
    }
  }

  @ParameterizedTest
  @MethodSource("groups")
  void globalPoolsAreInvariant(Group g) {
    Tensor f = GradCheck.distinct(10, gmapShape(g, 2, 3, 3));
    for (Layer pool : List.of(new GlobalMaxPool(), new GlobalAvgPool())) {
      float[] y = pool.forward(f, true).data().clone();
      for (int h = 0; h < g.order(); h++) {
        float[] left = pool.forward(GroupAction.gmap(g, h, f), true).data();
        assertArrayEquals(y, left, 1e-6f, pool.describe() + " " + g + " h=" + h);
      }
    }
    Tensor planar = GradCheck.distinct(11, planarShape(g, 2, 3, 4));
    GlobalMaxPool pool = new GlobalMaxPool();
    float[] y = pool.forward(planar, true).data().clone();
    for (int h = 0; h < g.order(); h++) {
      assertArrayEquals(y, pool.forward(GroupAction.planar(g, h, planar), true).data(), g + " planar h=" + h);
    }
  }

  /** Pooling only space leaves [N, C, S], which permutes like the stabilizer: out[t] ↦ out[h⁻¹t]. */
  @ParameterizedTest
  @MethodSource("groups")
  void spatialGlobalPoolPermutesStabilizer(Group g) {
    Tensor f = GradCheck.distinct(12, gmapShape(g, 2, 2, 3));
    GlobalMaxPool pool = new GlobalMaxPool(g.dimension());
    Tensor y = pool.forward(f, true);
    for (int h = 0; h < g.order(); h++) {
      float[] left = pool.forward(GroupAction.gmap(g, h, f), true).data();
      float[] expected = new float[left.length];
      int s = g.order();
      for (int o = 0; o < left.length / s; o++) {
        for (int t = 0; t < s; t++) {
          expected[o * s + t] = y.data()[o * s + g.multiply(g.inverse(h), t)];
        }
      }
      assertArrayEquals(expected, left, g + " h=" + h);
    }
  }

  /**
   * Checks forward and backward equivariance of G-map → G-map layers for every element; {@code
   * reference} sees f, {@code layer} sees L_h f (two instances where the layer has state).
   */
  static void forEachElement(Group g, Layer reference, Layer layer, Tensor f, boolean training, float tol,
      float gradTol) {
    Tensor y = reference.forward(f, training);
    Tensor gy = GradCheck.gaussian(99, y.shape());
    Tensor gx = reference.backward(gy);
    for (int h = 0; h < g.order(); h++) {
      Tensor left = layer.forward(GroupAction.gmap(g, h, f), training);
      assertArrayEquals(GroupAction.gmap(g, h, y).data(), left.data(), tol,
          layer.describe() + " " + g + " h=" + h + " forward");
      Tensor leftGrad = layer.backward(GroupAction.gmap(g, h, gy));
      assertArrayEquals(GroupAction.gmap(g, h, gx).data(), leftGrad.data(), gradTol,
          layer.describe() + " " + g + " h=" + h + " backward");
    }
  }
}
