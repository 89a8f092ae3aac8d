package org.gconv4j.backend.opencl;

import static org.gconv4j.backend.ReferenceCorrelation.toDouble;
import static org.gconv4j.backend.opencl.Close.assertClose;
import static org.gconv4j.backend.opencl.Reference.abs;
import static org.gconv4j.backend.opencl.Reference.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.ReferenceCorrelation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every OpenCL kernel against a plain double-precision reference (relative tolerance 1e-5 of Σ|terms|). */
class OpenClKernelsTest {
  private OpenClBackend backend;

  @BeforeEach
  void setUp() {
    backend = OpenClTestSupport.backend();
  }

  static Stream<ConvGeometry> geometries() {
    return Stream.of(
        ConvGeometry.of2d(2, 3, 4, 7, 7, 3, 0, 1),
        ConvGeometry.of2d(2, 3, 5, 9, 6, 3, 1, 1),
        ConvGeometry.of2d(3, 2, 3, 8, 11, 3, 1, 2),
        ConvGeometry.of2d(1, 4, 2, 10, 9, 4, 2, 3),
        ConvGeometry.of2d(2, 8, 8, 5, 5, 5, 2, 1),
        ConvGeometry.of2d(1, 1, 1, 1, 1, 3, 1, 1),
        ConvGeometry.of2d(2, 6, 7, 6, 7, 3, 1, 2),
        new ConvGeometry(2, 2, 3, new int[] {5, 6, 7}, 3, 0, 1),
        new ConvGeometry(1, 3, 2, new int[] {6, 5, 7}, 3, 1, 2),
        new ConvGeometry(2, 2, 2, new int[] {4, 4, 4}, 2, 1, 1));
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void forwardMatchesReference(ConvGeometry g) {
    Random rnd = new Random(g.hashCode());
    float[] x = random(rnd, g.inputLength());
    float[] w = random(rnd, g.weightLength());
    float[] y = new float[g.outputLength()];
    Arrays.fill(y, Float.NaN);
    backend.correlate(g, x, w, y);
    assertClose("forward " + g, ReferenceCorrelation.correlate(g, toDouble(x), toDouble(w)), ReferenceCorrelation.correlate(g, abs(x), abs(w)), y);
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void gradInputMatchesReference(ConvGeometry g) {
    Random rnd = new Random(g.hashCode() + 1);
    float[] gy = random(rnd, g.outputLength());
    float[] w = random(rnd, g.weightLength());
    float[] gx = new float[g.inputLength()];
    Arrays.fill(gx, Float.NaN);
    backend.correlateBackwardInput(g, gy, w, gx);
    double[] ref = ReferenceCorrelation.backwardInput(g, toDouble(gy), toDouble(w));
    double[] refAbs = ReferenceCorrelation.backwardInput(g, abs(gy), abs(w));
    assertZeroWhereNoTerms(ref, refAbs, gx);
    assertClose("grad input " + g, ref, refAbs, gx);
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void gradWeightsMatchesReference(ConvGeometry g) {
    Random rnd = new Random(g.hashCode() + 2);
    float[] x = random(rnd, g.inputLength());
    float[] gy = random(rnd, g.outputLength());
    float[] gw = new float[g.weightLength()];
    Arrays.fill(gw, Float.NaN);
    backend.correlateBackwardWeights(g, x, gy, gw);
    double[] ref = ReferenceCorrelation.backwardWeights(g, toDouble(x), toDouble(gy));
    double[] refAbs = ReferenceCorrelation.backwardWeights(g, abs(x), abs(gy));
    assertZeroWhereNoTerms(ref, refAbs, gw);
    assertClose("grad weights " + g, ref, refAbs, gw);
  }

  /**
   * Each pass copies its inputs to the device once and its result back once: no padded copy, no re-layout or chunk
   * sum going through host memory (what {@code bench --model} reports per training step).
   */
  @Test
  void eachPassCopiesItsInputsOnceAndItsResultOnce() {
    ConvGeometry g = ConvGeometry.of2d(2, 3, 5, 9, 6, 3, 1, 1);
    Random rnd = new Random(3);
    float[] x = random(rnd, g.inputLength());
    float[] w = random(rnd, g.weightLength());
    float[] gy = random(rnd, g.outputLength());
    OpenClBackend.Transfers before = OpenClBackend.transfers();
    backend.correlate(g, x, w, new float[g.outputLength()]);
    assertEquals(new OpenClBackend.Transfers(4L * (x.length + w.length), 4L * gy.length), OpenClBackend.transfers().since(before),
        "forward");
    before = OpenClBackend.transfers();
    backend.correlateBackwardInput(g, gy, w, new float[x.length]);
    assertEquals(new OpenClBackend.Transfers(4L * (gy.length + w.length), 4L * x.length), OpenClBackend.transfers().since(before),
        "input gradient");
    OpenClBackend.LayerKernels kernels = backend.new LayerKernels();
    OpenClBackend.Planar planar = backend.new Planar(kernels, g);
    int chunks = backend.launcher().reductionChunks(org.gconv4j.backend.opencl.kernels.CorrelateBackwardWeightsKernel.itemsPerChunk(g),
        g.batch());
    int gradYt = g.batch() * g.outPlane() * org.gconv4j.backend.opencl.kernels.CorrelateBackwardWeightsKernel.paddedChannels(g);
    before = OpenClBackend.transfers();
    planar.backwardWeights(x, gy, new float[w.length]);
    assertEquals(new OpenClBackend.Transfers(4L * (x.length + gradYt), 4L * chunks * w.length), OpenClBackend.transfers().since(before),
        "filter gradient (" + chunks + " batch chunks)");
    kernels.close();
  }

  /** A prepared layer owns its kernels, so its table reaches the device once: later forwards copy f and x only. */
  @Test
  void aPreparedLayerCopiesItsTableOnce() {
    org.gconv4j.nn.ConvSpec spec = new org.gconv4j.nn.ConvSpec(org.gconv4j.group.TestGroups.p4(), 2, 3, 3, false, 1, 1, new Random(1));
    Random rnd = new Random(4);
    int[] shape = {2, 2, 4, 5, 5};
    try (org.gconv4j.backend.PreparedConv p = backend.prepare(spec)) {
      ConvGeometry g = p.geometry(shape);
      float[] f = random(rnd, 3 * 2 * 4 * 9);
      float[] x = random(rnd, g.inputLength());
      float[] y = new float[g.outputLength()];
      OpenClBackend.Transfers before = OpenClBackend.transfers();
      p.forward(f, x, shape, y);
      OpenClBackend.Transfers first = OpenClBackend.transfers().since(before);
      before = OpenClBackend.transfers();
      p.forward(f, x, shape, y);
      OpenClBackend.Transfers second = OpenClBackend.transfers().since(before);
      assertEquals(4L * (f.length + x.length + g.weightLength()), second.hostToDevice(), "f, x and F+ only");
      assertEquals(4L * spec.table().length, first.hostToDevice() - second.hostToDevice(), "the table, once");
      assertEquals(4L * (g.weightLength() + y.length), second.deviceToHost(), "F+ and y");
    }
  }

  /** Larger layers: channel counts that are not multiples of the kernels' tiles, padding 0, 1 and 2, odd planes. */
  static Stream<ConvGeometry> largerGeometries() {
    return Stream.of(
        ConvGeometry.of2d(3, 9, 6, 20, 21, 3, 0, 1),
        ConvGeometry.of2d(4, 5, 11, 18, 19, 3, 1, 1),
        ConvGeometry.of2d(3, 6, 17, 22, 23, 3, 2, 1));
  }

  @ParameterizedTest
  @MethodSource("largerGeometries")
  void largerLayersMatchReference(ConvGeometry g) {
    forwardMatchesReference(g);
    gradInputMatchesReference(g);
    gradWeightsMatchesReference(g);
  }

  /** Entries that no term reaches (e.g. input pixels a strided window skips) must be overwritten with exact 0. */
  private static void assertZeroWhereNoTerms(double[] ref, double[] refAbs, float[] got) {
    for (int i = 0; i < ref.length; i++) {
      if (refAbs[i] == 0) {
        assertEquals(0f, got[i], "entry " + i + " has no terms and must be 0");
      }
    }
  }

  /** A table [S, S_in·cells] with −1 entries and sources used several times or never. */
  private static int[] randomTable(Random rnd, int order, int block) {
    int[] t = new int[order * block];
    for (int i = 0; i < t.length; i++) {
      t[i] = rnd.nextInt(5) == 0 ? -1 : rnd.nextInt(block);
    }
    return t;
  }

  @Test
  void transformMatchesReference() {
    Random rnd = new Random(7);
    int outC = 3;
    int inC = 5;
    int order = 8;
    int inOrder = 8;
    int cells = 9;
    int block = inOrder * cells;
    int[] table = randomTable(rnd, order, block);
    float[] f = random(rnd, outC * inC * block);
    float[] fPlus = new float[outC * order * inC * block];
    Arrays.fill(fPlus, Float.NaN);
    backend.transformFilters(f, outC, inC, table, order, inOrder, cells, fPlus);
    double[] ref = Reference.transform(toDouble(f), outC, inC, table, order, block);
    for (int i = 0; i < ref.length; i++) {
      assertEquals((float) ref[i], fPlus[i], "F+ entry " + i + " is a copy, exactly");
    }
  }

  @Test
  void liftingTransformMatchesReference() {
    Random rnd = new Random(8);
    int cells = 25;
    int[] table = randomTable(rnd, 4, cells);
    float[] f = random(rnd, 6 * 1 * cells);
    float[] fPlus = new float[6 * 4 * 1 * cells];
    backend.transformFilters(f, 6, 1, table, 4, 1, cells, fPlus);
    double[] ref = Reference.transform(toDouble(f), 6, 1, table, 4, cells);
    for (int i = 0; i < ref.length; i++) {
      assertEquals((float) ref[i], fPlus[i], "F+ entry " + i);
    }
  }

  @Test
  void transformBackwardMatchesReference() {
    Random rnd = new Random(9);
    int outC = 4;
    int inC = 3;
    int order = 4;
    int inOrder = 4;
    int cells = 9;
    int block = inOrder * cells;
    int[] table = randomTable(rnd, order, block);
    table[0] = 5;
    table[1] = 5;
    table[block] = 5;
    float[] gPlus = random(rnd, outC * order * inC * block);
    float[] gF = new float[outC * inC * block];
    Arrays.fill(gF, Float.NaN);
    backend.transformFiltersBackward(gPlus, outC, inC, table, order, inOrder, cells, gF);
    double[] ref = Reference.transformBackward(toDouble(gPlus), outC, inC, table, order, block);
    double[] refAbs = Reference.transformBackward(abs(gPlus), outC, inC, table, order, block);
    assertZeroWhereNoTerms(ref, refAbs, gF);
    assertTrue(Arrays.stream(refAbs).anyMatch(v -> v == 0), "the random table leaves some source unused");
    assertClose("transform backward", ref, refAbs, gF);
  }

  @Test
  void rejectsWrongShapes() {
    ConvGeometry g = ConvGeometry.of2d(1, 2, 2, 5, 5, 3, 0, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> backend.correlate(g, new float[10], new float[g.weightLength()], new float[g.outputLength()]));
    assertTrue(e.getMessage().contains("x must hold 50 floats"), e.getMessage());
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> backend.transformFilters(new float[9], 1, 1, new int[] {0, 1, 9}, 1, 1, 3, new float[3]));
    assertTrue(t.getMessage().contains("[OpenCL]"), t.getMessage());
  }
}
