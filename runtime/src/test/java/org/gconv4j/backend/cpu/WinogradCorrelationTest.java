package org.gconv4j.backend.cpu;

import static org.gconv4j.backend.ReferenceCorrelation.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.ReferenceCorrelation;
import org.gconv4j.exec.CpuExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Winograd path (3D F(2³, 3³) and F(4³, 3³), 2D F(2×2, 3×3) and F(4×4, 3×3)) against a double-precision
 * correlation: every pass, with padding, odd and even output sizes (partial tiles), batches, channel counts that are
 * not multiples of the vector width; the same bits for any thread count and register file. The surefire executions run it at 128-, 256- and 512-bit vectors.
 */
class WinogradCorrelationTest {
  /** Relative to the largest magnitude of the reference; F(2, 3)'s transforms cost a few ulps more than direct sums. */
  private static final double TOLERANCE = 1e-5;
  /**
   * Passes on 4-output tiles (F(4, 3) along each axis): their transforms have larger coefficients (Aᵀ up to 8, G down
   * to 1/24), so float rounding grows; measured up to 2.6e-5 of the largest output on these geometries in 3D (2-5 ×
   * F(2³, 3³)'s) and up to 4.3e-6 in 2D (F(2×2, 3×3): below 7e-7), bounded here at 1e-4.
   */
  private static final double TOLERANCE_4 = 1e-4;
  private static final CpuExecutor TWO = new CpuExecutor(2);
  private static final CpuExecutor ONE = new CpuExecutor(1);

  @AfterAll
  static void close() {
    TWO.close();
    ONE.close();
  }

  static Stream<ConvGeometry> backendGeometries() {
    // 3D on 2³ tiles; 2D on 4×4 tiles (16 work items)
    // and a valid 2D layer, its input gradient on the forward's tiles
    return Stream.of(new ConvGeometry(2, 24, 20, new int[] {7, 6, 9}, 3, 1, 1), ConvGeometry.of2d(16, 36, 33, 13, 14, 3, 1, 1),
        ConvGeometry.of2d(16, 33, 36, 14, 13, 3, 0, 1));
  }

  static Stream<ConvGeometry> geometries() {
    return Stream.of(
        new ConvGeometry(2, 20, 17, new int[] {7, 8, 9}, 3, 1, 1),
        new ConvGeometry(3, 16, 33, new int[] {5, 6, 5}, 3, 0, 1),
        new ConvGeometry(1, 17, 16, new int[] {6, 6, 6}, 3, 2, 1),
        new ConvGeometry(2, 3, 5, new int[] {5, 6, 7}, 3, 0, 1),
        new ConvGeometry(3, 1, 2, new int[] {3, 3, 4}, 3, 0, 1),
        new ConvGeometry(2, 50, 7, new int[] {4, 9, 3}, 3, 1, 1),
        // more tiles than one work item (32 tiles), the last one partial
        new ConvGeometry(5, 8, 9, new int[] {9, 10, 11}, 3, 1, 1),
        // 2D: F(2×2, 3×3) and F(4×4, 3×3); odd and even sizes, padding 0, 1, 2, partial tiles, several work items
        ConvGeometry.of2d(2, 20, 17, 9, 8, 3, 1, 1),
        ConvGeometry.of2d(3, 16, 33, 7, 10, 3, 0, 1),
        ConvGeometry.of2d(1, 17, 16, 6, 5, 3, 2, 1),
        ConvGeometry.of2d(2, 3, 5, 3, 4, 3, 0, 1),
        ConvGeometry.of2d(3, 50, 7, 13, 11, 3, 1, 1),
        ConvGeometry.of2d(9, 8, 9, 12, 10, 3, 1, 1));
  }

  /** Output tiles per axis the forward and weight gradient are tested on: 2 and 4 in 2D, 2 in 3D (and 4 forward). */
  private static int[] tiles(ConvGeometry g, boolean weights) {
    return g.dims() == 3 && weights ? new int[] {2} : new int[] {2, 4};
  }

  private static float[] random(Random rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextGaussian();
    }
    return a;
  }

  private static void assertClose(double[] expected, float[] actual, String what) {
    assertClose(expected, actual, what, TOLERANCE);
  }

  private static void assertClose(double[] expected, float[] actual, String what, double tolerance) {
    assertEquals(expected.length, actual.length, what + " length");
    double scale = 1e-30;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]) / scale;
      if (!(err <= tolerance)) {
        throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (relative error " + err + ")");
      }
    }
  }

  /**
   * Transformed filters past 1 MB (96 → 96: 1.3 MB) make the forward's work items 2 chunks long where every thread
   * still gets one: 96 tiles on one thread run as 64 + 32, on two threads as 3 × 32. The same bits either way, and
   * the reference's values (the input gradient, a padded correlation, runs the same way; the weight gradient of the
   * same correlation keeps its 32-tile chunks).
   */
  @Test
  void forwardOnTwoChunkItemsMatchesReferenceAndOneChunkItems() {
    ConvGeometry g = ConvGeometry.of2d(6, 96, 96, 16, 16, 3, 1, 1);
    Random rng = new Random(5);
    float[] x = random(rng, g.inputLength());
    float[] w = random(rng, g.weightLength());
    WinogradCorrelation one = WinogradCorrelation.forward(g, 4, ONE, true);
    WinogradCorrelation two = WinogradCorrelation.forward(g, 4, TWO, true);
    assertEquals(2, one.runItems(), "one thread: items of 64 tiles");
    assertEquals(3, two.runItems(), "two threads: items of 32 tiles");
    float[] y1 = new float[g.outputLength()];
    float[] y2 = new float[g.outputLength()];
    Arrays.fill(y1, Float.NaN);
    one.run(x, w, y1);
    two.run(x, w, y2);
    assertArrayEquals(y2, y1, "forward, 64-tile items vs 32-tile items");
    assertClose(ReferenceCorrelation.correlate(g, toDouble(x), toDouble(w)), y1, "y " + g + " on 64-tile items", TOLERANCE_4);
    assertEquals(2, WinogradCorrelation.backwardInput(g, 4, ONE, true).runItems(), "input gradient, one thread");
    // the weight gradient of the same correlation keeps its chunks of 32 tiles
    float[] gy = random(rng, g.outputLength());
    float[] gw = new float[g.weightLength()];
    Arrays.fill(gw, Float.NaN);
    one.runWeights(x, gy, gw);
    assertClose(ReferenceCorrelation.backwardWeights(g, toDouble(x), toDouble(gy)), gw, "gradW " + g + " after 64-tile items", TOLERANCE_4);
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void forwardMatchesReference(ConvGeometry g) {
    Random rng = new Random(g.hashCode());
    float[] x = random(rng, g.inputLength());
    float[] w = random(rng, g.weightLength());
    double[] expected = ReferenceCorrelation.correlate(g, toDouble(x), toDouble(w));
    for (int tile : tiles(g, false)) {
      for (boolean wide : new boolean[] {true, false}) {
        float[] y = new float[g.outputLength()];
        Arrays.fill(y, Float.NaN);
        WinogradCorrelation.forward(g, tile, TWO, wide).run(x, w, y);
        assertClose(expected, y, "y " + g + " tile " + tile + (wide ? " 8-row" : " 4-row"), tile == 4 ? TOLERANCE_4 : TOLERANCE);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void inputGradientMatchesReference(ConvGeometry g) {
    Random rng = new Random(g.hashCode() + 1);
    float[] gy = random(rng, g.outputLength());
    float[] w = random(rng, g.weightLength());
    double[] expected = ReferenceCorrelation.backwardInput(g, toDouble(gy), toDouble(w));
    for (int tile : new int[] {2, 4}) {
      for (boolean wide : new boolean[] {true, false}) {
        float[] gx = new float[g.inputLength()];
        Arrays.fill(gx, Float.NaN);
        WinogradCorrelation.backwardInput(g, tile, TWO, wide).run(gy, w, gx);
        assertClose(expected, gx, "gradX " + g + " tile " + tile + (wide ? " 8-row" : " 4-row"), tile == 4 ? TOLERANCE_4 : TOLERANCE);
      }
    }
  }

  /** 2D layers for the input gradient on the forward's tiles: the 2D ones above and valid ones (padding 0). */
  static Stream<ConvGeometry> inputOnTilesGeometries() {
    return Stream.concat(geometries().filter(g -> g.dims() == 2), Stream.of(
        // batch 1, sizes not multiples of 4 (the tile grid past the input), channels off the vector width
        ConvGeometry.of2d(1, 17, 19, 11, 9, 3, 0, 1),
        // 2 tiles per image: several images per work item, the last item partial
        ConvGeometry.of2d(13, 5, 33, 7, 6, 3, 0, 1),
        // the reference layer's shape, fewer images: 36 tiles per image, two chunks each
        ConvGeometry.of2d(3, 40, 40, 26, 26, 3, 0, 1),
        ConvGeometry.of2d(5, 40, 40, 12, 12, 3, 0, 1),
        ConvGeometry.of2d(2, 49, 47, 3, 3, 3, 0, 1)));
  }

  /** The largest relative error seen by {@link #inputGradientOnForwardTilesMatchesReference}, for the notes. */
  private static double inputOnTilesError;

  @ParameterizedTest
  @MethodSource("inputOnTilesGeometries")
  void inputGradientOnForwardTilesMatchesReference(ConvGeometry g) {
    Random rng = new Random(g.hashCode() + 4);
    float[] gy = random(rng, g.outputLength());
    float[] w = random(rng, g.weightLength());
    double[] expected = ReferenceCorrelation.backwardInput(g, toDouble(gy), toDouble(w));
    double scale = 1e-30;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (boolean wide : new boolean[] {true, false}) {
      WinogradCorrelation f = WinogradCorrelation.forward(g, 4, TWO, wide);
      assertTrue(f.inputOnTiles());
      for (int rep = 0; rep < 2; rep++) { // a second call: the buffers it reuses start from what the first left
        float[] gx = new float[g.inputLength()];
        Arrays.fill(gx, Float.NaN);
        f.runInput(gy, w, gx);
        assertClose(expected, gx, "gradX on the forward's tiles " + g + (wide ? " 8-row" : " 4-row") + " call " + rep, TOLERANCE_4);
        for (int i = 0; i < gx.length; i++) {
          inputOnTilesError = Math.max(inputOnTilesError, Math.abs(expected[i] - gx[i]) / scale);
        }
      }
    }
    System.out.printf(java.util.Locale.ROOT, "input gradient on the forward's tiles: largest relative error so far %.2e (%s)%n", inputOnTilesError, g);
  }

  /** Only a 2D forward correlation on 4×4 tiles runs its input gradient on its tiles. */
  @Test
  void inputOnTilesOnlyFor2dForwardOn4x4() {
    ConvGeometry g = ConvGeometry.of2d(2, 8, 8, 9, 9, 3, 0, 1);
    assertTrue(WinogradCorrelation.forward(g, 4, TWO, true).inputOnTiles());
    assertFalse(WinogradCorrelation.forward(g, 2, TWO, true).inputOnTiles());
    assertFalse(WinogradCorrelation.backwardInput(g, 4, TWO, true).inputOnTiles());
    assertFalse(WinogradCorrelation.forward(new ConvGeometry(2, 8, 8, new int[] {6, 6, 6}, 3, 0, 1), 4, TWO, true).inputOnTiles());
    float[] gy = new float[g.outputLength()];
    float[] w = new float[g.weightLength()];
    float[] gx = new float[g.inputLength()];
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> WinogradCorrelation.forward(g, 2, TWO, true).runInput(gy, w, gx));
  }

  /** On the forward's tiles: 1 or 2 threads, 8- or 4-row register tiles, the same bits. */
  @ParameterizedTest
  @MethodSource("inputOnTilesGeometries")
  void inputGradientOnForwardTilesSameBits(ConvGeometry g) {
    Random rng = new Random(7);
    float[] w = random(rng, g.weightLength());
    float[] gy = random(rng, g.outputLength());
    float[] gx0 = new float[g.inputLength()];
    WinogradCorrelation.forward(g, 4, TWO, true).runInput(gy, w, gx0);
    float[] gx1 = new float[g.inputLength()];
    WinogradCorrelation.forward(g, 4, ONE, false).runInput(gy, w, gx1);
    assertArrayEquals(gx0, gx1, "input gradient on the forward's tiles, 1 thread 4-row vs 2 threads 8-row");
    float[] gx2 = new float[g.inputLength()];
    WinogradCorrelation.forward(g, 4, ONE, true).runInput(gy, w, gx2);
    assertArrayEquals(gx0, gx2, "input gradient on the forward's tiles, 1 thread vs 2 threads, 8-row");
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void weightGradientMatchesReference(ConvGeometry g) {
    Random rng = new Random(g.hashCode() + 2);
    float[] x = random(rng, g.inputLength());
    float[] gy = random(rng, g.outputLength());
    double[] expected = ReferenceCorrelation.backwardWeights(g, toDouble(x), toDouble(gy));
    for (int tile : tiles(g, true)) {
      for (boolean wide : new boolean[] {true, false}) {
        float[] gw = new float[g.weightLength()];
        Arrays.fill(gw, Float.NaN);
        WinogradCorrelation.forward(g, tile, TWO, wide).runWeights(x, gy, gw);
        assertClose(expected, gw, "gradW " + g + " tile " + tile + (wide ? " 8-row" : " 4-row"), tile == 4 ? TOLERANCE_4 : TOLERANCE);
      }
    }
  }

  /** Every output sums its channels in one order: 1 or 2 threads, 8- or 4-row tiles, repeated calls, the same bits. */
  @ParameterizedTest
  @MethodSource("geometries")
  void sameBitsForAnyThreadCountAndRegisterFile(ConvGeometry g) {
    Random rng = new Random(3);
    float[] x = random(rng, g.inputLength());
    float[] w = random(rng, g.weightLength());
    float[] gy = random(rng, g.outputLength());
    float[] y0 = new float[g.outputLength()];
    float[] gx0 = new float[g.inputLength()];
    float[] gw0 = new float[g.weightLength()];
    WinogradCorrelation.forward(g, TWO, true).run(x, w, y0);
    WinogradCorrelation.forward(g, TWO, true).runWeights(x, gy, gw0);
    WinogradCorrelation.backwardInput(g, TWO, true).run(gy, w, gx0);
    float[] gx40 = new float[g.inputLength()];
    WinogradCorrelation.backwardInput(g, 4, TWO, true).run(gy, w, gx40);
    WinogradCorrelation f = WinogradCorrelation.forward(g, ONE, false);
    WinogradCorrelation b = WinogradCorrelation.backwardInput(g, ONE, false);
    WinogradCorrelation b4 = WinogradCorrelation.backwardInput(g, 4, ONE, false);
    for (int rep = 0; rep < 2; rep++) {
      float[] y = new float[g.outputLength()];
      float[] gx = new float[g.inputLength()];
      float[] gw = new float[g.weightLength()];
      f.run(x, w, y);
      b.run(gy, w, gx);
      f.runWeights(x, gy, gw);
      assertArrayEquals(gw0, gw, "weight gradient, 1 thread 4-row vs 2 threads 8-row, repetition " + rep);
      assertArrayEquals(y0, y, "forward, 1 thread 4-row vs 2 threads 8-row, repetition " + rep);
      assertArrayEquals(gx0, gx, "input gradient, 1 thread 4-row vs 2 threads 8-row, repetition " + rep);
      float[] gx4 = new float[g.inputLength()];
      b4.run(gy, w, gx4);
      assertArrayEquals(gx40, gx4, "input gradient on 4-output tiles, 1 thread 4-row vs 2 threads 8-row, repetition " + rep);
    }
    // the forward (and in 2D the weight gradient) on 4-output tiles
    float[] y40 = new float[g.outputLength()];
    WinogradCorrelation.forward(g, 4, TWO, true).run(x, w, y40);
    float[] y4 = new float[g.outputLength()];
    WinogradCorrelation.forward(g, 4, ONE, false).run(x, w, y4);
    assertArrayEquals(y40, y4, "forward on 4-output tiles, 1 thread 4-row vs 2 threads 8-row");
    if (g.dims() == 2) {
      float[] gw40 = new float[g.weightLength()];
      WinogradCorrelation.forward(g, 4, TWO, true).runWeights(x, gy, gw40);
      float[] gw4 = new float[g.weightLength()];
      WinogradCorrelation.forward(g, 4, ONE, false).runWeights(x, gy, gw4);
      assertArrayEquals(gw40, gw4, "weight gradient on 4×4 tiles, 1 thread 4-row vs 2 threads 8-row");
    }
  }

  /** The layers the path is for take it (3D and 2D, per pass), unless the property turns it off; others do not. */
  @Test
  void selectedFor3x3StrideOneWithEnoughChannels() {
    ConvGeometry o = new ConvGeometry(8, 48, 48, new int[] {12, 12, 12}, 3, 0, 1);
    // the input gradient on 4³ tiles only where they tile the layer's input: O's 12³, not a 6³ or 2D layer
    assertTrue(WinogradCorrelation.wholeTiles4(o));
    assertFalse(WinogradCorrelation.wholeTiles4(new ConvGeometry(2, 48, 48, new int[] {12, 12, 6}, 3, 0, 1)));
    assertFalse(WinogradCorrelation.wholeTiles4(ConvGeometry.of2d(2, 48, 48, 12, 12, 3, 0, 1)));
    assertEquals(4, WinogradCorrelation.backwardInput(o, 4, TWO, true).tile());
    String paths = new CpuCorrelation(o, TWO).paths();
    assertEquals("forward winograd, input gradient winograd, weight gradient winograd", paths);
    // stride 2, a 2D layer of one work item, few channels, padding past 2 (input gradient only), explicit paths: not Winograd
    assertFalse(new CpuCorrelation(new ConvGeometry(2, 48, 48, new int[] {12, 12, 12}, 3, 1, 2), TWO).paths().contains("winograd"));
    assertFalse(new CpuCorrelation(ConvGeometry.of2d(2, 48, 48, 12, 12, 3, 1, 1), TWO).paths().contains("winograd")); // 1 work item
    assertFalse(new CpuCorrelation(new ConvGeometry(2, 1, 48, new int[] {12, 12, 12}, 3, 0, 1), TWO).paths().contains("winograd"));
    // padding 3: mostly zeros, the direct paths skip them
    assertFalse(new CpuCorrelation(new ConvGeometry(2, 16, 16, new int[] {6, 6, 6}, 3, 3, 1), TWO).paths().contains("winograd"));
    // o-cnn3d's 6³ -> 4³ layer (batch 32): the forward; its input gradient saves too little (1.0), its weight
    // gradient's sums (3.5 MB) leave L2
    assertEquals("forward winograd, input gradient channels, weight gradient channels",
        new CpuCorrelation(new ConvGeometry(32, 96, 144, new int[] {6, 6, 6}, 3, 0, 1), TWO).paths());
    // its 4³ -> 2³ layer: one work item of 32 tiles
    assertFalse(new CpuCorrelation(new ConvGeometry(32, 144, 192, new int[] {4, 4, 4}, 3, 0, 1), TWO).paths().contains("winograd"));
    assertFalse(new CpuCorrelation(o, TWO, false).paths().contains("winograd"));
    // 2D: every pass of the CIFAR-sized 128 -> 128 layers and of P4CNN's 40 -> 40 26² layer on 4×4 tiles
    CpuCorrelation cifar16 = new CpuCorrelation(ConvGeometry.of2d(32, 128, 128, 16, 16, 3, 1, 1), TWO);
    assertEquals("forward winograd, input gradient winograd, weight gradient winograd", cifar16.paths());
    assertArrayEquals(new int[] {4, 4, 4}, cifar16.winogradTiles());
    assertArrayEquals(new int[] {4, 4, 4}, new CpuCorrelation(ConvGeometry.of2d(32, 128, 128, 8, 8, 3, 1, 1), TWO).winogradTiles());
    assertArrayEquals(new int[] {4, 4, 4}, new CpuCorrelation(ConvGeometry.of2d(32, 40, 40, 26, 26, 3, 0, 1), TWO).winogradTiles());
    assertArrayEquals(new int[] {2, 4, 2}, new CpuCorrelation(o, TWO).winogradTiles());
    // P4CNN's 10² layer: its input gradient on the forward's 2×2 tiles (the padded 12² gradient would take 3×3); its
    // 8² layer: 2.25× at most
    CpuCorrelation p4cnn10 = new CpuCorrelation(ConvGeometry.of2d(32, 40, 40, 10, 10, 3, 0, 1), TWO);
    assertArrayEquals(new int[] {4, 4, 4}, p4cnn10.winogradTiles());
    assertTrue(p4cnn10.inputOnForwardTiles());
    // the input gradient on the forward's tiles where they are fewer: valid 26² and 10² (and 9 × 11), not 12² (3×3
    // either way) nor padded layers (as many tiles), nor 3D
    assertTrue(new CpuCorrelation(ConvGeometry.of2d(32, 40, 40, 26, 26, 3, 0, 1), TWO).inputOnForwardTiles());
    assertTrue(WinogradCorrelation.inputFewerTilesOnForward(ConvGeometry.of2d(32, 40, 40, 9, 11, 3, 0, 1)));
    assertFalse(WinogradCorrelation.inputFewerTilesOnForward(ConvGeometry.of2d(32, 40, 40, 11, 11, 3, 0, 1)));
    CpuCorrelation p4cnn12 = new CpuCorrelation(ConvGeometry.of2d(32, 40, 40, 12, 12, 3, 0, 1), TWO);
    assertArrayEquals(new int[] {4, 4, 4}, p4cnn12.winogradTiles());
    assertFalse(p4cnn12.inputOnForwardTiles());
    assertFalse(cifar16.inputOnForwardTiles());
    assertFalse(WinogradCorrelation.inputFewerTilesOnForward(ConvGeometry.of2d(32, 40, 40, 26, 26, 3, 1, 1)));
    assertFalse(WinogradCorrelation.inputFewerTilesOnForward(ConvGeometry.of2d(32, 40, 40, 26, 26, 3, 3, 1)));
    assertFalse(WinogradCorrelation.inputFewerTilesOnForward(new ConvGeometry(8, 48, 48, new int[] {14, 14, 14}, 3, 0, 1)));
    assertFalse(new CpuCorrelation(o, TWO).inputOnForwardTiles());
    assertArrayEquals(new int[] {0, 0, 0}, new CpuCorrelation(ConvGeometry.of2d(32, 40, 40, 8, 8, 3, 0, 1), TWO).winogradTiles());
    // P4CNN's 6² layer: one work item; fewer than 32 channels; stride 2; one 4×4 tile per image of 2
    assertFalse(new CpuCorrelation(ConvGeometry.of2d(32, 40, 40, 6, 6, 3, 0, 1), TWO).paths().contains("winograd"));
    assertFalse(new CpuCorrelation(ConvGeometry.of2d(32, 24, 24, 26, 26, 3, 0, 1), TWO).paths().contains("winograd"));
    assertFalse(new CpuCorrelation(ConvGeometry.of2d(32, 128, 128, 16, 16, 3, 1, 2), TWO).paths().contains("winograd"));
    assertFalse(new CpuCorrelation(ConvGeometry.of2d(2, 128, 128, 4, 4, 3, 1, 1), TWO).paths().contains("winograd"));
    String before = System.getProperty(WinogradCorrelation.PROPERTY);
    System.setProperty(WinogradCorrelation.PROPERTY, "false");
    try {
      assertFalse(new CpuCorrelation(o, TWO).paths().contains("winograd"));
      CpuCorrelation off = new CpuCorrelation(ConvGeometry.of2d(32, 40, 40, 26, 26, 3, 0, 1), TWO);
      assertFalse(off.paths().contains("winograd"));
      assertFalse(off.inputOnForwardTiles());
    } finally {
      if (before == null) {
        System.clearProperty(WinogradCorrelation.PROPERTY);
      } else {
        System.setProperty(WinogradCorrelation.PROPERTY, before);
      }
    }
  }

  /** Through the backend (Winograd chosen by itself) against the direct paths, on layers large enough to take it. */
  @ParameterizedTest
  @MethodSource("backendGeometries")
  void backendPassesMatchTheDirectPath(ConvGeometry g) {
    Random rng = new Random(9);
    float[] x = random(rng, g.inputLength());
    float[] w = random(rng, g.weightLength());
    float[] gy = random(rng, g.outputLength());
    CpuCorrelation auto = new CpuCorrelation(g, TWO);
    assertTrue(auto.paths().contains("winograd"), auto.paths());
    assertEquals(g.dims() == 2 && g.padding() == 0, auto.inputOnForwardTiles(), "input gradient on the forward's tiles");
    CpuCorrelation direct = new CpuCorrelation(g, TWO, false);
    float[] y = new float[g.outputLength()];
    float[] gx = new float[g.inputLength()];
    auto.forward(x, w, y);
    auto.backwardInput(gy, w, gx);
    float[] gw = new float[g.weightLength()];
    auto.backwardWeights(x, gy, gw);
    float[] gwd = new float[g.weightLength()];
    direct.backwardWeights(x, gy, gwd);
    assertClose(toDouble(gwd), gw, "gradW winograd vs direct");
    float[] yd = new float[g.outputLength()];
    float[] gxd = new float[g.inputLength()];
    direct.forward(x, w, yd);
    direct.backwardInput(gy, w, gxd);
    double tolerance = g.dims() == 2 ? TOLERANCE_4 : TOLERANCE;
    assertClose(toDouble(yd), y, "y winograd vs direct", tolerance);
    assertClose(toDouble(gxd), gx, "gradX winograd vs direct", tolerance);
  }
}
