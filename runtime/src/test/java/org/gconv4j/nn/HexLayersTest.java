package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
 * {@link HexMask} and {@link HexMaxPool}: equivariance under every element of p6 and p6m (forward
 * and backward, bit for bit), output sizes, and gradients against finite differences.
 */
class HexLayersTest {
  static Stream<Group> groups() {
    return Stream.of(TestGroups.p6(), TestGroups.p6m());
  }

  @ParameterizedTest
  @MethodSource("groups")
  void maskIsEquivariantOnTheWholeArray(Group g) {
    Tensor f = GradCheck.gaussian(1, 2, 2, g.order(), 9, 9);
    EquivarianceTest.forEachElement(g, new HexMask(), new HexMask(), f, true, 0f, 0f);
    float[] y = new HexMask().forward(f, true).data();
    float[] mask = GroupAction.hexMask(9);
    for (int i = 0; i < y.length; i++) {
      assertTrue(mask[i % 81] != 0f || y[i] == 0f, "cell " + i + " outside the hexagon");
    }
  }

  /**
   * pool(L_h f) = L_h pool(f) on the output's hexagon (both sides masked); the
   * gradient for an upstream gradient that is 0 outside the output's hexagon matches on the whole
   * input array. Sizes cover both parities of the centre index (27 → 13, 25 → 11).
   */
  @ParameterizedTest
  @MethodSource("groups")
  void poolIsEquivariant(Group g) {
    for (int size : new int[] {27, 25, 9, 7}) {
      HexMaxPool pool = new HexMaxPool();
      Tensor f = GradCheck.distinct(2 + size, 2, 2, g.order(), size, size);
      Tensor y = pool.forward(f, true);
      int out = y.shape(-1);
      assertTrue(out == (size - 1) / 2 || out == (size - 3) / 2, "output size " + out);
      Tensor gy = new HexMask().forward(GradCheck.gaussian(3, y.shape()), true);
      Tensor gx = pool.backward(gy);
      HexMask mask = new HexMask();
      for (int h = 0; h < g.order(); h++) {
        Tensor left = pool.forward(GroupAction.gmap(g, h, f), true);
        assertArrayEquals(mask.forward(GroupAction.gmap(g, h, y), false).data(), mask.forward(left, false).data(),
            g + " size " + size + " h=" + h + " forward");
        Tensor leftGrad = pool.backward(GroupAction.gmap(g, h, gy));
        assertArrayEquals(GroupAction.gmap(g, h, gx).data(), leftGrad.data(), g + " size " + size + " h=" + h + " backward");
      }
    }
  }

  /**
   * The layers between hexagonal G-correlations (as p6cnn/p6mcnn stack them after a HexMask):
   * ReLU, batch norm with batch statistics and at inference, and coset pooling commute with every
   * element on the hexagon (both sides masked; batch norm within 1e-5 as in EquivarianceTest), and
   * the batch statistics of a masked map are invariant.
   */
  @ParameterizedTest
  @MethodSource("groups")
  void layersBetweenHexagonalCorrelationsAreEquivariant(Group g) {
    HexMask mask = new HexMask();
    Tensor f = mask.forward(GradCheck.gaussian(8, 2, 3, g.order(), 9, 9), false);
    BatchNorm trained = new BatchNorm(3);
    LayerGradientTest.randomize(trained, 9);
    trained.forward(f, true);
    for (Layer layer : List.of(new ReLU(), new BatchNorm(3), trained, new CosetMaxPool())) {
      boolean training = layer != trained;
      boolean gmapOut = !(layer instanceof CosetMaxPool);
      float[] y = layer.forward(f, training).data().clone();
      Tensor yt = Tensor.of(y, layer.forward(f, training).shape());
      for (int h = 0; h < g.order(); h++) {
        Tensor left = layer.forward(GroupAction.gmap(g, h, f), training);
        Tensor right = gmapOut ? GroupAction.gmap(g, h, yt) : GroupAction.planar(g, h, yt);
        assertArrayEquals(mask.forward(right, false).data(), mask.forward(left, false).data(),
            EquivarianceTest.BN_TOL, layer.describe() + " " + g + " h=" + h);
      }
    }
    BatchNorm once = new BatchNorm(3);
    once.forward(f, true);
    for (int h = 1; h < g.order(); h++) {
      BatchNorm moved = new BatchNorm(3);
      moved.forward(GroupAction.gmap(g, h, f), true);
      assertArrayEquals(once.runningMean().data(), moved.runningMean().data(), EquivarianceTest.BN_TOL);
      assertArrayEquals(once.runningVar().data(), moved.runningVar().data(), EquivarianceTest.BN_TOL);
    }
  }

  /** The check is not blind: a square 3x3 window at stride 2 on the same grid breaks p6 equivariance. */
  @Test
  void squarePoolingWindowIsNotHexEquivariant() {
    Group g = TestGroups.p6();
    Tensor f = GradCheck.distinct(5, 1, 2, 6, 27, 27);
    SpatialMaxPool square = new SpatialMaxPool(3, 2);
    Tensor y = square.forward(f, true);
    HexMask mask = new HexMask();
    boolean someDiffer = false;
    for (int h = 1; h < g.order(); h++) {
      float[] left = mask.forward(square.forward(GroupAction.gmap(g, h, f), true), false).data();
      someDiffer |= !Arrays.equals(left, mask.forward(GroupAction.gmap(g, h, y), false).data());
    }
    assertTrue(someDiffer, "a square window on the hex lattice must break p6 equivariance, or the check is blind");
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    GradCheck.check(new HexMaxPool(), GradCheck.distinct(6, 2, 2, 6, 7, 7), true, 21);
    GradCheck.check(new HexMask(), GradCheck.gaussian(7, 1, 2, 5, 5), true, 22);
  }

  @Test
  void shapesAreChecked() {
    assertArrayEquals(new int[] {3, 6, 13, 13}, new HexMaxPool().outputShape(new int[] {3, 6, 27, 27}));
    assertArrayEquals(new int[] {3, 11, 11}, new HexMaxPool().outputShape(new int[] {3, 25, 25}));
    assertThrows(IllegalArgumentException.class, () -> new HexMaxPool().outputShape(new int[] {3, 26, 26}));
    assertThrows(IllegalArgumentException.class, () -> new HexMask().outputShape(new int[] {3, 9, 7}));
  }
}
