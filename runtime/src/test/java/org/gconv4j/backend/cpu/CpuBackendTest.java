package org.gconv4j.backend.cpu;

import static org.gconv4j.backend.ReferenceCorrelation.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.ReferenceCorrelation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** CpuBackend against a plain double-precision correlation, on many geometries. */
class CpuBackendTest {
  /** Relative to the largest magnitude of the reference. */
  private static final double TOLERANCE = 1e-5;
  private static final CpuBackend BACKEND = new CpuBackend(2);
  private static final CpuBackend SERIAL = new CpuBackend(1);

  @AfterAll
  static void close() {
    BACKEND.close();
    SERIAL.close();
  }

  static Stream<ConvGeometry> geometries() {
    return Stream.of(
        ConvGeometry.of2d(2, 3, 5, 9, 9, 3, 0, 1),
        ConvGeometry.of2d(3, 4, 8, 26, 26, 3, 0, 1),
        ConvGeometry.of2d(2, 3, 7, 11, 13, 3, 1, 1),
        ConvGeometry.of2d(2, 2, 3, 13, 11, 3, 1, 2),
        ConvGeometry.of2d(1, 5, 6, 17, 19, 5, 2, 2),
        ConvGeometry.of2d(2, 3, 4, 10, 10, 4, 0, 1),
        ConvGeometry.of2d(1, 2, 3, 9, 8, 4, 3, 3),
        ConvGeometry.of2d(5, 1, 2, 7, 5, 1, 0, 1),
        ConvGeometry.of2d(1, 2, 2, 3, 3, 3, 0, 1),
        ConvGeometry.of2d(2, 3, 3, 2, 2, 3, 1, 1),
        ConvGeometry.of2d(1, 1, 1, 33, 37, 7, 3, 1),
        // many small images: weight-gradient tiles span several images, the last group is partial
        ConvGeometry.of2d(40, 2, 3, 5, 5, 3, 1, 1),
        ConvGeometry.of2d(35, 2, 9, 6, 6, 3, 0, 1),
        new ConvGeometry(2, 3, 5, new int[] {5, 6, 7}, 3, 0, 1),
        new ConvGeometry(1, 2, 3, new int[] {7, 7, 7}, 3, 1, 2),
        new ConvGeometry(2, 2, 9, new int[] {6, 5, 4}, 2, 1, 1));
  }

  /**
   * Shapes where the cost model picks the channel path for some pass (small planes, 1×1 outputs, more
   * channels than one block, odd widths, a partial last tile of rows), run on both paths below.
   */
  static Stream<ConvGeometry> channelPathGeometries() {
    return Stream.of(
        ConvGeometry.of2d(32, 40, 40, 4, 4, 4, 0, 1),
        ConvGeometry.of2d(7, 40, 40, 4, 4, 4, 0, 1),
        ConvGeometry.of2d(3, 40, 40, 6, 6, 3, 0, 1),
        ConvGeometry.of2d(5, 40, 40, 12, 12, 3, 0, 1),
        ConvGeometry.of2d(3, 12, 50, 7, 9, 3, 1, 1),
        ConvGeometry.of2d(2, 50, 17, 9, 7, 3, 1, 2),
        ConvGeometry.of2d(1, 33, 5, 5, 5, 5, 2, 1),
        new ConvGeometry(2, 16, 24, new int[] {4, 5, 4}, 3, 1, 1),
        // output rows of 10 and 8 (runs of 8 and their leftovers), input-gradient interiors of 8 (runs)
        new ConvGeometry(3, 10, 50, new int[] {4, 4, 12}, 3, 0, 1),
        new ConvGeometry(1, 9, 20, new int[] {3, 5, 10}, 3, 1, 1));
  }

  /**
   * Tiles of 8 rows that read consecutive elements run through {@link VectorKernels#runTile}: the forward lists each
   * output row's whole runs of 8 first (a row of 10 outputs: 8 + 2, four rows' leftovers one tile), the input gradient's
   * interior rows of 8 (12 inputs, 3 taps) are runs as listed.
   */
  @Test
  void outputRowsRunInTilesOfEight() {
    ConvGeometry o = new ConvGeometry(8, 48, 48, new int[] {12, 12, 12}, 3, 0, 1);
    ChannelCorrelation c = new ChannelCorrelation(o, CorrelationPlan.forward(o, VectorKernels.TILE), BACKEND.executor(), true);
    // 8000 outputs: 800 runs of 8, 1600 leftovers in 200 tiles; 8 × 12³ inputs in 1728 tiles, the 8 × 12² runs of
    // interior columns 2..9 (reached by all 3 column taps) runs
    assertEquals("forward 800/1000, input gradient 1152/1728", c.runTiles());
    // rows of 16: two runs each, as listed
    ConvGeometry p = ConvGeometry.of2d(2, 32, 32, 18, 18, 3, 0, 1);
    String runs = new ChannelCorrelation(p, CorrelationPlan.forward(p, VectorKernels.TILE), BACKEND.executor(), true).runTiles();
    assertTrue(runs.startsWith("forward 64/64, "), runs);
  }


  static Stream<org.junit.jupiter.params.provider.Arguments> bothPaths() {
    return Stream.concat(geometries(), channelPathGeometries())
        .flatMap(g -> Stream.of(org.junit.jupiter.params.provider.Arguments.of(g, true),
            org.junit.jupiter.params.provider.Arguments.of(g, false)));
  }

  private static CpuCorrelation on(ConvGeometry g, boolean byChannels) {
    return new CpuCorrelation(g, BACKEND.executor(), byChannels);
  }

  @ParameterizedTest
  @MethodSource("bothPaths")
  void eachPathMatchesReference(ConvGeometry g, boolean byChannels) {
    String path = byChannels ? " (channel path)" : " (extended path)";
    assertPassMatches(g, 0, g.inputLength(), g.weightLength(), g.outputLength(),
        (x, w, y) -> on(g, byChannels).forward(x, w, y), (x, w) -> ReferenceCorrelation.correlate(g, x, w), "y" + path);
    assertPassMatches(g, 1, g.outputLength(), g.weightLength(), g.inputLength(),
        (gy, w, gx) -> on(g, byChannels).backwardInput(gy, w, gx),
        (gy, w) -> ReferenceCorrelation.backwardInput(g, gy, w), "gradX" + path);
    assertPassMatches(g, 2, g.inputLength(), g.outputLength(), g.weightLength(),
        (x, gy, gw) -> on(g, byChannels).backwardWeights(x, gy, gw),
        (x, gy) -> ReferenceCorrelation.backwardWeights(g, x, gy), "gradW" + path);
  }

  /**
   * The cost model sends the P4CNN layers with small planes to the channel path, the 26² layer's forward and
   * input gradient to the extended one, at every vector width and register file (the surefire executions run this class with 128-, 256- and
   * 512-bit vectors, and with AVX2's 16 registers).
   */
  @Test
  void smallPlanesTakeTheChannelPath() {
    for (RegisterFile registers : new RegisterFile[] {RegisterFile.of(16), RegisterFile.of(32)}) {
      assertEquals("forward channels, input gradient channels, weight gradient channels",
          new CpuCorrelation(ConvGeometry.of2d(32, 40, 40, 4, 4, 4, 0, 1), BACKEND.executor(), null, registers).paths());
      assertEquals("forward channels, input gradient channels, weight gradient channels",
          new CpuCorrelation(ConvGeometry.of2d(32, 40, 40, 6, 6, 3, 0, 1), BACKEND.executor(), null, registers).paths());
      // its weight gradient on the channel path where that measured faster: vectors of 8 or 16 floats, not 4 (the
      // direct paths' choice: with the Winograd path on, this layer takes that)
      String before = System.getProperty(WinogradCorrelation.PROPERTY);
      System.setProperty(WinogradCorrelation.PROPERTY, "false");
      try {
        assertEquals("forward extended, input gradient extended, weight gradient " + (VectorKernels.VL >= 8 ? "channels" : "extended"),
            new CpuCorrelation(ConvGeometry.of2d(32, 40, 40, 26, 26, 3, 0, 1), BACKEND.executor(), null, registers).paths());
      } finally {
        if (before == null) {
          System.clearProperty(WinogradCorrelation.PROPERTY);
        } else {
          System.setProperty(WinogradCorrelation.PROPERTY, before);
        }
      }
      // one input channel: 9 entries per output, too few for the channel path's scalar writes
      assertEquals("forward extended, input gradient extended, weight gradient extended",
          new CpuCorrelation(ConvGeometry.of2d(32, 1, 40, 28, 28, 3, 0, 1), BACKEND.executor(), null, registers).paths());
    }
  }

  /**
   * The tiles shaped for 16 registers (each wide tile cut into parts: forward 3 + 3 + 2 channels, weight-gradient thirds,
   * channel-path halves) sum every output in the wide tiles' order: the same bits on both paths, for every geometry (a
   * part that read the wrong weights, rows or entries would differ).
   */
  @ParameterizedTest
  @MethodSource("bothPaths")
  void narrowTilesGiveTheWideTilesBits(ConvGeometry g, boolean byChannels) {
    Random rng = new Random(g.hashCode() + 5);
    float[] x = random(rng, g.inputLength());
    float[] w = random(rng, g.weightLength());
    float[] gy = random(rng, g.outputLength());
    float[][] results = new float[2][];
    for (int f = 0; f < 2; f++) {
      CpuCorrelation c = new CpuCorrelation(g, BACKEND.executor(), byChannels, RegisterFile.of(f == 0 ? 32 : 16));
      float[] y = new float[g.outputLength()];
      float[] gx = new float[g.inputLength()];
      float[] gw = new float[g.weightLength()];
      java.util.Arrays.fill(y, Float.NaN);
      java.util.Arrays.fill(gx, Float.NaN);
      java.util.Arrays.fill(gw, Float.NaN);
      c.forward(x, w, y);
      c.backwardInput(gy, w, gx);
      c.backwardWeights(x, gy, gw);
      float[] all = new float[y.length + gx.length + gw.length];
      System.arraycopy(y, 0, all, 0, y.length);
      System.arraycopy(gx, 0, all, y.length, gx.length);
      System.arraycopy(gw, 0, all, y.length + gx.length, gw.length);
      results[f] = all;
    }
    assertArrayEquals(results[0], results[1], "16-register tiles vs 32-register tiles, " + g + (byChannels ? " (channel path)" : " (extended path)"));
  }

  private static float[] random(Random rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextGaussian();
    }
    return a;
  }

  private static void assertClose(double[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    double scale = 1e-30;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]) / scale;
      if (!(err <= TOLERANCE)) {
        throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (relative error "
            + err + " > " + TOLERANCE + ")");
      }
    }
  }

  /** One backend pass: reads a and b, writes out. */
  private interface Pass {
    void run(float[] a, float[] b, float[] out);
  }

  /**
   * Runs {@code pass} on random a (length {@code aLength}) and b (length {@code bLength}), seeded from the
   * geometry, into an output prefilled with NaN (so every element must be written), and compares with
   * {@code reference} applied to the same a and b.
   */
  private static void assertPassMatches(ConvGeometry g, int seedOffset, int aLength, int bLength, int outLength,
      Pass pass, BinaryOperator<double[]> reference, String what) {
    Random rng = new Random(g.hashCode() + seedOffset);
    float[] a = random(rng, aLength);
    float[] b = random(rng, bLength);
    float[] out = new float[outLength];
    java.util.Arrays.fill(out, Float.NaN);
    pass.run(a, b, out);
    assertClose(reference.apply(toDouble(a), toDouble(b)), out, what);
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void forwardMatchesReference(ConvGeometry g) {
    assertPassMatches(g, 0, g.inputLength(), g.weightLength(), g.outputLength(),
        (x, w, y) -> BACKEND.correlate(g, x, w, y), (x, w) -> ReferenceCorrelation.correlate(g, x, w), "y");
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void inputGradientMatchesReference(ConvGeometry g) {
    assertPassMatches(g, 1, g.outputLength(), g.weightLength(), g.inputLength(),
        (gy, w, gx) -> BACKEND.correlateBackwardInput(g, gy, w, gx),
        (gy, w) -> ReferenceCorrelation.backwardInput(g, gy, w), "gradX");
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void weightGradientMatchesReference(ConvGeometry g) {
    assertPassMatches(g, 2, g.inputLength(), g.outputLength(), g.weightLength(),
        (x, gy, gw) -> BACKEND.correlateBackwardWeights(g, x, gy, gw),
        (x, gy) -> ReferenceCorrelation.backwardWeights(g, x, gy), "gradW");
  }

  @ParameterizedTest
  @MethodSource("bitIdenticalGeometries")
  void sameBitsForAnyThreadCountAndRepeatedCalls(ConvGeometry g) {
    Random rng = new Random(7);
    float[] x = random(rng, g.inputLength());
    float[] w = random(rng, g.weightLength());
    float[] gy = random(rng, g.outputLength());
    for (int rep = 0; rep < 3; rep++) {
      float[][] results = new float[2][];
      for (int b = 0; b < 2; b++) {
        CpuBackend backend = b == 0 ? BACKEND : SERIAL;
        float[] y = new float[g.outputLength()];
        float[] gx = new float[g.inputLength()];
        float[] gw = new float[g.weightLength()];
        backend.correlate(g, x, w, y);
        backend.correlateBackwardInput(g, gy, w, gx);
        backend.correlateBackwardWeights(g, x, gy, gw);
        float[] all = new float[y.length + gx.length + gw.length];
        System.arraycopy(y, 0, all, 0, y.length);
        System.arraycopy(gx, 0, all, y.length, gx.length);
        System.arraycopy(gw, 0, all, y.length + gx.length, gw.length);
        results[b] = all;
      }
      assertArrayEquals(results[0], results[1], "2 threads vs 1 thread, repetition " + rep);
    }
  }

  static Stream<ConvGeometry> bitIdenticalGeometries() {
    return Stream.of(ConvGeometry.of2d(3, 6, 10, 15, 14, 3, 1, 1), ConvGeometry.of2d(32, 40, 40, 6, 6, 3, 0, 1),
        ConvGeometry.of2d(9, 40, 40, 4, 4, 4, 0, 1));
  }

  /** The transpose of an operator: <gy, A x> = <A^T gy, x> ties the three passes together exactly. */
  @Test
  void backwardPassesAreAdjointsOfForward() {
    ConvGeometry g = ConvGeometry.of2d(2, 3, 4, 12, 9, 3, 1, 2);
    Random rng = new Random(11);
    float[] x = random(rng, g.inputLength());
    float[] w = random(rng, g.weightLength());
    float[] gy = random(rng, g.outputLength());
    float[] y = new float[g.outputLength()];
    float[] gx = new float[g.inputLength()];
    float[] gw = new float[g.weightLength()];
    BACKEND.correlate(g, x, w, y);
    BACKEND.correlateBackwardInput(g, gy, w, gx);
    BACKEND.correlateBackwardWeights(g, x, gy, gw);
    double lhs = dot(gy, y);
    assertEquals(lhs, dot(gx, x), 1e-4 * Math.abs(lhs) + 1e-4);
    assertEquals(lhs, dot(gw, w), 1e-4 * Math.abs(lhs) + 1e-4);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  @Test
  void rejectsWrongLengthsWithTheGeometry() {
    ConvGeometry g = ConvGeometry.of2d(1, 2, 3, 5, 5, 3, 0, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BACKEND.correlate(g, new float[7], new float[g.weightLength()], new float[g.outputLength()]));
    assertTrue(e.getMessage().contains("x must hold 50 floats"), e.getMessage());
  }
}
