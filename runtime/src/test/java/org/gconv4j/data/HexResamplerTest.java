package org.gconv4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleBinaryOperator;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.group.TestGroups;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The hexagonal resampling: its grid, the exactness of the lattice rotation (sampling a function
 * exactly at the lattice points commutes with every p6m element), and rotation of resampled square
 * images up to the interpolation error.
 */
class HexResamplerTest {
  static final HexResampler GRID = HexResampler.forSquare(28);
  /** Blob width in square pixels; the interpolation bound below scales as 1/σ². */
  static final double SIGMA = 2.5;
  /**
   * Bilinear interpolation of f at unit spacing errs by at most (max|f_rr| + max|f_cc|)/8 ≤ 1/(4σ²)
   * for Gaussian blobs of total amplitude 1; the rotated side interpolates twice (rotation, then
   * resampling) and the other side once, so the sides differ by at most 3/(4σ²) = 0.12 for
   * σ = 2.5 (measured: at most 0.021 where the image peaks near 0.5; exactly 0 for the half turn).
   */
  static final double INTERPOLATION_BOUND = 3 / (4 * SIGMA * SIGMA);

  /**
   * Three Gaussian blobs of width σ, amplitudes 0.5, 0.3, 0.2 (summing to 1, so the bound below
   * holds for the sum), at different distances and angles: no rotational symmetry; all but
   * e^-6 of the mass lies within the pixel disc of radius 13.5.
   */
  static double blobs(double row, double col) {
    double[][] blobs = {{-4, 1.5, 0.5}, {2, 4.5, 0.3}, {3.5, -2, 0.2}};
    double v = 0;
    for (double[] b : blobs) {
      double dr = row - b[0];
      double dc = col - b[1];
      v += b[2] * Math.exp(-(dr * dr + dc * dc) / (2 * SIGMA * SIGMA));
    }
    return v;
  }

  @Test
  void gridHasTheDensityAndSizeOfTheSquareImage() {
    assertEquals(15, GRID.radius());
    assertEquals(31, GRID.size());
    int inside = 0;
    for (int i = 0; i < 31; i++) {
      for (int j = 0; j < 31; j++) {
        inside += GRID.inHexagon(i, j) ? 1 : 0;
      }
    }
    assertEquals(3 * 15 * 16 + 1, inside, "cells within hex distance R");
    // one cell per unit of area: the hexagon's area (in square pixels) over its cell count is ~1
    double hexArea = 3 * Math.sqrt(3) / 2 * Math.pow(15 * HexResampler.SPACING, 2);
    assertEquals(1.0, hexArea / inside, 0.08);
    // the inscribed circle of the hexagon covers the 28x28 pixel disc (radius 13.5), R = 14 would not
    assertTrue(15 * HexResampler.SPACING * Math.sqrt(3) / 2 >= 13.5);
    assertTrue(14 * HexResampler.SPACING * Math.sqrt(3) / 2 < 13.5);
    // neighbours at distance a
    for (int[] n : new int[][] {{1, 0}, {0, 1}, {1, -1}}) {
      double[] p = HexResampler.offset(n[0], n[1]);
      assertEquals(HexResampler.SPACING, Math.hypot(p[0], p[1]), 1e-12);
    }
  }

  @Test
  void cellsOutsideTheHexagonAndTheImageAreZero() {
    float[] ones = new float[28 * 28];
    java.util.Arrays.fill(ones, 1f);
    float[] hex = new float[31 * 31];
    GRID.resample(ones, 0, hex, 0);
    float[] mask = GroupAction.hexMask(31);
    for (int c = 0; c < hex.length; c++) {
      if (mask[c] == 0f) {
        assertEquals(0f, hex[c], "cell " + c + " lies outside the hexagon");
      }
    }
    assertEquals(1f, hex[15 * 31 + 15], 1e-6f, "centre");
    // the leftmost hexagon corner (u, v) = (0, -15) lies 16.1 px left of the centre: outside the image
    assertEquals(0f, hex[15 * 31], "outside the square image");
    assertThrows(IllegalArgumentException.class, () -> GRID.resample(new Dataset("x", new float[27 * 27], new int[1],
        1, 27, 27, 10)));
  }

  /**
   * The Cartesian map A_h = E H_h E^{-1} of every p6m element (E: lattice point to offset) is an
   * isometry, R6 is the −60° turn, and rotating a hex image by the lattice permutation L_h equals
   * sampling the rigidly moved function at the lattice points, exactly (up to float rounding).
   */
  @Test
  void latticePermutationIsExactlyTheRigidMotion() {
    Group p6m = TestGroups.p6m();
    Tensor sampled = Tensor.of(GRID.sample(HexResamplerTest::blobs), 1, 1, 31, 31);
    for (int h = 0; h < p6m.order(); h++) {
      double[][] a = cartesian(p6m.matrix(h));
      assertEquals(1.0, a[0][0] * a[0][0] + a[1][0] * a[1][0], 1e-12, "h=" + h + " column 0 is a unit vector");
      assertEquals(0.0, a[0][0] * a[0][1] + a[1][0] * a[1][1], 1e-12, "h=" + h + " columns orthogonal");
      double[][] inv = cartesian(p6m.matrix(p6m.inverse(h)));
      DoubleBinaryOperator moved = (r, c) -> blobs(inv[0][0] * r + inv[0][1] * c, inv[1][0] * r + inv[1][1] * c);
      float[] expected = GRID.sample(moved);
      float[] actual = GroupAction.planar(p6m, h, sampled).data();
      assertArrayEquals(expected, actual, 1e-6f, "p6m element " + h + " (" + p6m.elementName(h) + ")");
    }
    // R6 (element 1) turns by t = -60 degrees (counter-clockwise positive as displayed); with rows
    // pointing down a counter-clockwise turn by t is [[cos t, -sin t], [sin t, cos t]] in (row, col)
    double[][] r6 = cartesian(p6m.matrix(1));
    double t = HexResampler.ROTATION_PER_R6;
    assertEquals(Math.cos(t), r6[0][0], 1e-12);
    assertEquals(-Math.sin(t), r6[0][1], 1e-12);
    assertEquals(Math.sin(t), r6[1][0], 1e-12);
  }

  /**
   * Resampling commutes with rotation up to interpolation: L_{R6^k} resample(x) equals
   * resample(rotate(x, k·(−60°))) within {@link #INTERPOLATION_BOUND} for a smooth image, and the
   * check is not blind: the opposite turn misses by far more.
   */
  @Test
  void rotatingTheHexImageMatchesResamplingTheRotatedSquareImage() {
    Group p6 = TestGroups.p6();
    float[] square = new float[28 * 28];
    for (int r = 0; r < 28; r++) {
      for (int c = 0; c < 28; c++) {
        square[r * 28 + c] = (float) blobs(r - 13.5, c - 13.5);
      }
    }
    float[] hex = new float[31 * 31];
    GRID.resample(square, 0, hex, 0);
    Tensor hexImage = Tensor.of(hex, 1, 1, 31, 31);
    for (int k = 1; k < 6; k++) {
      float[] turned = new float[28 * 28];
      ImageRotation.rotate(square, 0, 28, 28, k * HexResampler.ROTATION_PER_R6, turned, 0);
      float[] expected = new float[31 * 31];
      GRID.resample(turned, 0, expected, 0);
      float[] actual = GroupAction.planar(p6, k, hexImage).data();
      double err = maxDiff(expected, actual);
      assertTrue(err <= INTERPOLATION_BOUND, "k=" + k + ": max |difference| " + err + " > " + INTERPOLATION_BOUND);
      if (k != 3) {
        float[] wrongWay = new float[28 * 28];
        ImageRotation.rotate(square, 0, 28, 28, -k * HexResampler.ROTATION_PER_R6, wrongWay, 0);
        float[] wrong = new float[31 * 31];
        GRID.resample(wrongWay, 0, wrong, 0);
        assertTrue(maxDiff(wrong, actual) > 2 * INTERPOLATION_BOUND, "k=" + k + ": the opposite turn must not match");
      }
    }
  }

  private static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  /** E H E^{-1} in (row, col) offsets, from the images of the lattice basis. */
  private static double[][] cartesian(int[][] h) {
    double[] eu = HexResampler.offset(1, 0);
    double[] ev = HexResampler.offset(0, 1);
    double[] heu = HexResampler.offset(h[0][0], h[1][0]);
    double[] hev = HexResampler.offset(h[0][1], h[1][1]);
    // E = [eu ev] (columns); A = [heu hev] E^{-1}
    double det = eu[0] * ev[1] - ev[0] * eu[1];
    double[][] eInv = {{ev[1] / det, -ev[0] / det}, {-eu[1] / det, eu[0] / det}};
    double[][] a = new double[2][2];
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        a[r][c] = heu[r] * eInv[0][c] + hev[r] * eInv[1][c];
      }
    }
    return a;
  }
}
