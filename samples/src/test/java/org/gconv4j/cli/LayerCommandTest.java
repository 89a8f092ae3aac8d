package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.gconv4j.cli.InspectCommandTest.Result;
import org.gconv4j.group.FilterTables;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupRegistry;
import org.gconv4j.io.DType;
import org.gconv4j.io.Npy;
import org.gconv4j.io.NpyArray;
import org.gconv4j.nn.ReferenceGCorrelation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./gconv4j layer} in-process: .npy files in, Y compared with {@link ReferenceGCorrelation}
 * (double precision, from the group's matrices only) on the CPU and the OpenCL backend.
 *
 * <p>OpenCL follows {@code -Dgconv4j.opencl}: {@code required} (what {@code ./gconv4j test} passes)
 * runs it and checks that the command names the OpenCL device; {@code skip} skips it; unset runs it
 * when an OpenCL ICD is installed.
 */
class LayerCommandTest {
  /** Y may differ from the double reference by this times max |Y_ref| (float32 sums). */
  static final double TOLERANCE = 1e-5;

  @TempDir
  Path dir;

  private final GroupRegistry registry = GroupRegistry.load();
  private final Random rng = new Random(20261127);

  @ParameterizedTest
  @ValueSource(strings = {"cpu", "opencl"})
  void p4LiftingMatchesTheReference(String backend) throws IOException {
    check("P4", backend, new int[] {3, 2, 1, 3, 3}, new int[] {2, 2, 9, 8}, false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cpu", "opencl"})
  void p4mGroupToGroupWithBiasMatchesTheReference(String backend) throws IOException {
    check("P4M", backend, new int[] {2, 3, 8, 3, 3}, new int[] {2, 3, 8, 7, 6}, true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cpu", "opencl"})
  void p6GroupToGroupMatchesTheReferenceAndIgnoresWeightsOutsideTheHexagon(String backend) throws IOException {
    Group p6 = registry.find("P6");
    int[] wShape = {2, 2, 6, 5, 5};
    float[] w = random(wShape);
    FilterTables tables = p6.tables(5);
    for (int i = 0; i < w.length; i++) {
      if (!tables.inSupport(i % 25)) {
        w[i] = 0f;
      }
    }
    float[] x = random(1, 2, 6, 8, 7);
    float[] b = random(2);
    Result clean = runLayer("P6", backend, w, wShape, x, new int[] {1, 2, 6, 8, 7}, b);
    assertEquals(0, clean.code(), clean.err());
    float[] y = readY(new int[] {1, 2, 6, 4, 3});
    assertClose(ReferenceGCorrelation.apply(p6, w, wShape, x, new int[] {1, 2, 6, 8, 7}, b), y, clean);
    assertTrue(!clean.out().contains("outside"), clean.out());

    int outside = 0;
    for (int i = 0; i < w.length; i++) {
      if (!tables.inSupport(i % 25)) {
        w[i] = 100f + rng.nextFloat();
        outside++;
      }
    }
    assertEquals(2 * 2 * 6 * 6, outside, "a 5x5 hexagonal filter has 19 of 25 cells in the support");
    Result noisy = runLayer("P6", backend, w, wShape, x, new int[] {1, 2, 6, 8, 7}, b);
    assertEquals(0, noisy.code(), noisy.err());
    assertArrayEquals(y, readY(new int[] {1, 2, 6, 4, 3}), "W values outside the hexagonal support changed Y");
    assertTrue(noisy.out().contains("layer: note: " + outside + " nonzero W values lie outside P6's filter support"),
        noisy.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"cpu", "opencl"})
  void o3dGroupToGroupMatchesTheReference(String backend) throws IOException {
    check("O", backend, new int[] {2, 2, 24, 3, 3, 3}, new int[] {1, 2, 24, 4, 5, 4}, true);
  }

  @Test
  void o3dLiftingMatchesTheReference() throws IOException {
    check("O", "cpu", new int[] {3, 1, 1, 3, 3, 3}, new int[] {2, 1, 5, 4, 3}, false);
  }

  @Test
  void autoIsTheDefaultBackendAndRunsTheSameLayer() throws IOException {
    Result r = check("P4", null, new int[] {2, 2, 4, 3, 3}, new int[] {1, 2, 4, 6, 6}, true);
    assertTrue(r.out().matches("(?s).*layer: P4 group-to-group 2->2 3x3 on (cpu|opencl) \\(.+\\).*"), r.out());
  }

  @Test
  void theOutputIsAFloat32NpyFileOfTheDocumentedShape() throws IOException {
    float[] w = random(4, 3, 1, 5, 5);
    float[] x = random(2, 3, 11, 9);
    Result r = runLayer("P4M", "cpu", w, new int[] {4, 3, 1, 5, 5}, x, new int[] {2, 3, 11, 9}, null);
    assertEquals(0, r.code(), r.err());
    NpyArray y = Npy.read(dir.resolve("y.npy"));
    assertEquals(DType.FLOAT32, y.dtype());
    assertArrayEquals(new int[] {2, 4, 8, 7, 5}, y.shape());
    byte[] bytes = Files.readAllBytes(dir.resolve("y.npy"));
    String header = new String(bytes, 0, Math.min(bytes.length, 128), StandardCharsets.ISO_8859_1);
    assertTrue(header.startsWith("\u0093NUMPY") && header.contains("'descr': '<f4'")
        && header.contains("'shape': (2, 4, 8, 7, 5)"), header);
    assertEquals(Npy.encodedSize(y), bytes.length);
    assertTrue(r.out().contains("layer: wrote " + dir.resolve("y.npy") + ": Y [2, 4, 8, 7, 5] <f4"), r.out());
  }

  @Test
  void float64InputsAreRoundedToFloat32WithANote() throws IOException {
    int[] wShape = {2, 1, 1, 3, 3};
    int[] xShape = {1, 1, 6, 5};
    float[] w = random(wShape);
    float[] x = random(xShape);
    assertEquals(0, runLayer("P4", "cpu", w, wShape, x, xShape, null).code());
    float[] single = readY(new int[] {1, 2, 4, 4, 3});
    double[] xd = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      xd[i] = x[i];
    }
    Npy.write(dir.resolve("x.npy"), NpyArray.ofDoubles(xd, xShape));
    Result r = layer("--group", "P4", "--weights", path("w.npy"), "--input", path("x.npy"), "--output", path("y.npy"),
        "--backend", "cpu");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("X (x.npy) is <f8; rounded to float32"), r.out());
    assertArrayEquals(single, readY(new int[] {1, 2, 4, 4, 3}));
  }

  // ---- errors users can act on

  @Test
  void aStabilizerAxisThatFitsNeitherLayerNamesBothShapes() throws IOException {
    Result r = runLayer("P4", "cpu", new float[2 * 2 * 8 * 9], new int[] {2, 2, 8, 3, 3}, new float[2 * 4 * 25],
        new int[] {1, 2, 4, 5, 5}, null);
    assertError(r, "[layer] W has S_in = 8 but P4 has 4 stabilizer elements; W must be [C_out, C_in, 4, n, n] for a "
        + "group-to-group layer, or [C_out, C_in, 1, n, n] for lifting");
  }

  @Test
  void aLiftingFilterWithAGFeatureMapSaysHowToLift() throws IOException {
    Result r = runLayer("P4", "cpu", new float[2 * 2 * 9], new int[] {2, 2, 1, 3, 3}, new float[2 * 4 * 25],
        new int[] {1, 2, 4, 5, 5}, null);
    assertError(r, "W must be [C_out, C_in, 4, n, n]", "Pass a planar X [N, C_in, H, W] to lift");
  }

  @Test
  void aGroupFilterWithAPlanarInputSaysWhatToPass() throws IOException {
    Result r = runLayer("P4", "cpu", new float[2 * 2 * 4 * 9], new int[] {2, 2, 4, 3, 3}, new float[2 * 25],
        new int[] {1, 2, 5, 5}, null);
    assertError(r, "so the layer lifts and W must be [C_out, C_in, 1, n, n]", "Pass a G-feature map X [N, C_in, 4, H, W]");
  }

  @Test
  void aGFeatureMapWithTheWrongStabilizerSize() throws IOException {
    Result r = runLayer("P4M", "cpu", new float[2 * 2 * 8 * 9], new int[] {2, 2, 8, 3, 3}, new float[2 * 4 * 25],
        new int[] {1, 2, 4, 5, 5}, null);
    assertError(r, "X has 4 stabilizer elements on axis 2 but P4M has 8", "[N, C_in, 8, H, W]");
  }

  @Test
  void mismatchedInputChannels() throws IOException {
    Result r = runLayer("P4", "cpu", new float[2 * 3 * 9], new int[] {2, 3, 1, 3, 3}, new float[2 * 25],
        new int[] {1, 2, 5, 5}, null);
    assertError(r, "X has C_in = 2 channels (axis 1) but W has C_in = 3");
  }

  @Test
  void aBiasMustBeOneValuePerOutputMap() throws IOException {
    Result r = runLayer("P4", "cpu", new float[3 * 9], new int[] {3, 1, 1, 3, 3}, new float[25], new int[] {1, 1, 5, 5},
        new float[12]);
    assertError(r, "B must be [C_out] = [3]", "got [12]");
  }

  @Test
  void aFilterSizeThatWasNotGeneratedListsTheSizes() throws IOException {
    Result r = runLayer("P6", "cpu", new float[16], new int[] {1, 1, 1, 4, 4}, new float[25], new int[] {1, 1, 5, 5}, null);
    assertError(r, "P6 has filter tables for sizes [3, 5, 7], not 4", "filterSizes of org.gconv4j.samples.groups.P6");
  }

  @Test
  void aNonSquareFilter() throws IOException {
    Result r = runLayer("P4", "cpu", new float[15], new int[] {1, 1, 1, 3, 5}, new float[25], new int[] {1, 1, 5, 5}, null);
    assertError(r, "W's filter must be nxn with equal sides; got 3x5");
  }

  @Test
  void aWeightsArrayOfTheWrongRankShowsTheLayoutForTheGroupsDimension() throws IOException {
    Result r = runLayer("O", "cpu", new float[9], new int[] {1, 1, 1, 3, 3}, new float[64], new int[] {1, 1, 4, 4, 4}, null);
    assertError(r, "W must be [C_out, C_in, S_in, n, n, n] (rank 6) for O (3D); got [1, 1, 1, 3, 3] (rank 5)");
  }

  @Test
  void anInputOfTheWrongRank() throws IOException {
    Result r = runLayer("P4", "cpu", new float[9], new int[] {1, 1, 1, 3, 3}, new float[25], new int[] {1, 25}, null);
    assertError(r, "X must be [N, C_in, H, W] (a planar input, lifting layer) or [N, C_in, 4, H, W]");
  }

  @Test
  void anInputSmallerThanTheFilter() throws IOException {
    Result r = runLayer("P4", "cpu", new float[25], new int[] {1, 1, 1, 5, 5}, new float[16], new int[] {1, 1, 4, 4}, null);
    assertError(r, "[layer] input [4, 4] is smaller than the 5-wide filter");
  }

  @Test
  void anIntegerArrayIsRefusedWithTheConversion() throws IOException {
    Npy.write(dir.resolve("w.npy"), NpyArray.ofInts(new int[9], 1, 1, 1, 3, 3));
    Npy.write(dir.resolve("x.npy"), NpyArray.ofFloats(new float[25], 1, 1, 5, 5));
    Result r = layer("--group", "P4", "--weights", path("w.npy"), "--input", path("x.npy"), "--output", path("y.npy"));
    assertError(r, "W (" + dir.resolve("w.npy") + ") has dtype <i4", "astype('<f4')");
  }

  @Test
  void aMissingFileIsNamedWithItsOption() {
    Result r = layer("--group", "P4", "--weights", path("nope.npy"), "--input", path("x.npy"), "--output", path("y.npy"));
    assertError(r, "--weights " + dir.resolve("nope.npy") + ": no such file");
  }

  @Test
  void aNonNpyFileIsNamedWithItsOption() throws IOException {
    Files.writeString(dir.resolve("w.npy"), "not numpy");
    Result r = layer("--group", "P4", "--weights", path("w.npy"), "--input", path("x.npy"), "--output", path("y.npy"));
    assertError(r, "--weights " + dir.resolve("w.npy") + ": [Npy]", "is not a .npy file");
  }

  @Test
  void aMissingOutputFolderIsReportedBeforeAnyWork() {
    Result r = layer("--group", "P4", "--weights", path("w.npy"), "--input", path("x.npy"), "--output",
        dir.resolve("missing").resolve("y.npy").toString());
    assertError(r, "the folder " + dir.resolve("missing") + " does not exist");
  }

  @Test
  void anUnknownGroupListsTheKnownOnes() throws IOException {
    Result r = runLayer("P5", "cpu", new float[9], new int[] {1, 1, 1, 3, 3}, new float[25], new int[] {1, 1, 5, 5}, null);
    assertError(r, "no group named 'P5'; known groups:", "P4M");
  }

  @Test
  void usageErrorsExitTwoWithTheUsage() {
    Result missing = layer("--group", "P4", "--weights", path("w.npy"), "--input", path("x.npy"));
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("missing required option --output") && missing.err().contains("usage: ./gconv4j layer"),
        missing.err());
    Result backend = layer("--group", "P4", "--weights", "w", "--input", "x", "--output", "y", "--backend", "cuda");
    assertEquals(2, backend.code());
    assertTrue(backend.err().contains("--backend must be one of [auto, cpu, opencl]; got 'cuda'"), backend.err());
  }

  @Test
  void helpListsTheCommand() {
    Result r = InspectCommandTest.run("help");
    assertTrue(r.out().contains("layer") && r.out().contains("apply one G-correlation"), r.out());
  }

  // ---- helpers

  /** Runs the layer on random W, X (and B), compares Y with the double reference. Null backend: the default. */
  private Result check(String groupName, String backend, int[] wShape, int[] xShape, boolean withBias) throws IOException {
    Group g = registry.find(groupName);
    float[] w = random(wShape);
    float[] x = random(xShape);
    float[] b = withBias ? random(wShape[0]) : null;
    Result r = runLayer(groupName, backend, w, wShape, x, xShape, b);
    assertEquals(0, r.code(), r.err());
    int d = g.dimension();
    int[] yShape = new int[3 + d];
    yShape[0] = xShape[0];
    yShape[1] = wShape[0];
    yShape[2] = g.order();
    for (int a = 0; a < d; a++) {
      yShape[3 + a] = xShape[xShape.length - d + a] - wShape[3] + 1;
    }
    assertClose(ReferenceGCorrelation.apply(g, w, wShape, x, xShape, b), readY(yShape), r);
    return r;
  }

  /** Writes W, X, B to the temp folder and runs the command; for opencl, first applies the gconv4j.opencl policy. */
  private Result runLayer(String group, String backend, float[] w, int[] wShape, float[] x, int[] xShape, float[] b)
      throws IOException {
    if ("opencl".equals(backend)) {
      requireOpenClOrSkip();
    }
    Npy.write(dir.resolve("w.npy"), NpyArray.ofFloats(w, wShape));
    Npy.write(dir.resolve("x.npy"), NpyArray.ofFloats(x, xShape));
    List<String> args = new ArrayList<>(List.of("--group", group, "--weights", path("w.npy"), "--input", path("x.npy"),
        "--output", path("y.npy")));
    if (b != null) {
      Npy.write(dir.resolve("b.npy"), NpyArray.ofFloats(b, b.length));
      args.addAll(List.of("--bias", path("b.npy")));
    }
    if (backend != null) {
      args.addAll(List.of("--backend", backend));
    }
    Result r = layer(args.toArray(new String[0]));
    if (r.code() == 0 && backend != null) {
      assertTrue(r.out().contains(" on " + backend + " ("), "the command names the backend it ran on: " + r.out());
      if (backend.equals("opencl")) {
        assertTrue(r.out().contains("on opencl (OpenCL "), "the command names the OpenCL device: " + r.out());
      }
    }
    return r;
  }

  private static Result layer(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("layer");
    argv.addAll(Arrays.asList(args));
    return InspectCommandTest.run(argv.toArray(new String[0]));
  }

  private float[] readY(int[] shape) throws IOException {
    assertTrue(Files.isRegularFile(dir.resolve("y.npy")), "the command wrote no y.npy");
    NpyArray y = Npy.read(dir.resolve("y.npy"));
    assertEquals(DType.FLOAT32, y.dtype());
    assertArrayEquals(shape, y.shape(), "Y's shape");
    return y.toFloats();
  }

  private static void assertClose(double[] expected, float[] actual, Result r) {
    assertEquals(0, r.code(), r.err());
    assertEquals(expected.length, actual.length);
    double scale = 0;
    double worst = 0;
    int worstAt = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      double e = Math.abs(expected[i] - actual[i]);
      if (e > worst) {
        worst = e;
        worstAt = i;
      }
    }
    assertTrue(scale > 0.5, "the test data must not be trivially zero; max |Y| = " + scale);
    assertTrue(worst <= TOLERANCE * scale, "Y[" + worstAt + "] = " + actual[worstAt] + ", reference " + expected[worstAt]
        + " (max |Y| " + scale + "); " + r.out());
  }

  private static void assertError(Result r, String... parts) {
    assertEquals(1, r.code(), "exit code; out: " + r.out() + " err: " + r.err());
    for (String p : parts) {
      assertTrue(r.err().contains(p), "expected '" + p + "' in: " + r.err());
    }
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  private float[] random(int... shape) {
    float[] a = new float[Math.toIntExact(Arrays.stream(shape).asLongStream().reduce(1, (p, q) -> p * q))];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rng.nextGaussian();
    }
    return a;
  }

  /** -Dgconv4j.opencl: required → run (a missing device fails in the command); skip → skip; unset → run if an ICD exists. */
  private static void requireOpenClOrSkip() {
    String mode = System.getProperty("gconv4j.opencl", "").trim();
    if (mode.equals("required")) {
      return;
    }
    if (mode.equals("skip")) {
      Assumptions.abort("OpenCL tests skipped: gconv4j.opencl=skip");
    }
    String vendors = System.getenv("OCL_ICD_VENDORS");
    File icds = new File(vendors != null && !vendors.isBlank() ? vendors : "/etc/OpenCL/vendors");
    String[] names = icds.isDirectory() ? icds.list((d, n) -> n.endsWith(".icd")) : null;
    Assumptions.assumeTrue(icds.isFile() || (names != null && names.length > 0),
        "OpenCL tests skipped: no OpenCL ICD and gconv4j.opencl unset");
  }
}
