package org.gconv4j.backend.opencl;

import static org.gconv4j.backend.ReferenceCorrelation.toDouble;
import static org.gconv4j.backend.opencl.Reference.abs;
import static org.gconv4j.backend.opencl.Reference.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.PreparedConv;
import org.gconv4j.backend.ReferenceCorrelation;
import org.gconv4j.group.Group;
import org.gconv4j.nn.ConvSpec;
import org.gconv4j.samples.groups.OGroup;
import org.gconv4j.samples.groups.P4Group;
import org.gconv4j.samples.groups.P4MGroup;
import org.gconv4j.samples.groups.P6Group;
import org.gconv4j.samples.groups.Z2Group;
import org.junit.jupiter.api.Test;

/**
 * The forward kernels the processor generated for the sample groups ({@code <Spec>Forward<n>}), on the default OpenCL
 * device (PoCL without a GPU): found for the right layers, run when the layer fits and not otherwise, and every pass
 * after a generated forward (F+ expanded later, for the input gradient) equal to the double reference.
 */
class GeneratedForwardTest {
  @Test
  void theProcessorRegisteredAForwardKernelPer2dLayerThatFits() {
    assertEquals("org.gconv4j.samples.groups.P4Forward3", generated(new P4Group(), 3, false));
    assertEquals("org.gconv4j.samples.groups.P4LiftingForward3", generated(new P4Group(), 3, true));
    assertEquals("org.gconv4j.samples.groups.P4MForward3", generated(new P4MGroup(), 3, false));
    // 3D: none; P4M with 5 × 5 filters: 8 · 8 · 25 multiply-adds per input channel, over the budget even with T = 1
    assertEquals("none", generated(new OGroup(), 3, false));
    assertEquals("none", generated(new P4MGroup(), 5, false));
  }

  /** The processor's output: marked generated, naming each element's block, below PoCL's ~1000 statements. */
  @Test
  void generatedSourcesAreMarkedCommentedAndShort() throws IOException {
    Path dir = Path.of("target", "generated-sources", "annotations", "org", "gconv4j", "samples", "groups");
    List<Path> kernels;
    try (Stream<Path> files = Files.list(dir)) {
      kernels = files.filter(p -> p.getFileName().toString().matches(".*Forward\\d+\\.java")).sorted().toList();
    }
    assertTrue(kernels.size() >= 20, "generated forward kernels in " + dir.toAbsolutePath() + ": " + kernels);
    for (Path k : kernels) {
      String text = Files.readString(k, StandardCharsets.UTF_8);
      long statements = text.chars().filter(c -> c == ';').count();
      assertTrue(statements < 1000, k + ": " + statements + " statements");
      assertTrue(text.contains("DO NOT MODIFY") && text.contains("@javax.annotation.processing.Generated("), k.toString());
    }
    String p4 = Files.readString(dir.resolve("P4Forward3.java"), StandardCharsets.UTF_8);
    Group g = new P4Group();
    for (int s = 0; s < g.order(); s++) {
      assertTrue(p4.contains("        // s = " + s + ": " + g.elementName(s) + "\n"), "block of element " + s);
    }
  }

  private static String generated(Group g, int n, boolean lifting) {
    return GeneratedKernels.forward(new ConvSpec(g, 1, 1, n, lifting, 0, 1, new Random(1)))
        .map(GeneratedKernels.Forward::className).orElse("none");
  }

  @Test
  void generatedForwardAndTheFollowingPassesMatchTheReference() {
    OpenClBackend backend = OpenClTestSupport.backend();
    Group[] groups = {new P4Group(), new P4MGroup(), new P6Group(), new Z2Group()};
    for (Group g : groups) {
      for (boolean lifting : new boolean[] {true, false}) {
        for (int pad : new int[] {0, 1}) {
          passes(backend, g, lifting, pad, 1, 7, true);
        }
      }
    }
    // generic where the generated kernel does not fit: stride 2, an output narrower than the tile (P4: 4 columns)
    passes(backend, new P4Group(), false, 1, 2, 7, false);
    passes(backend, new P4Group(), false, 0, 1, 5, false);
  }

  private static void passes(OpenClBackend backend, Group g, boolean lifting, int pad, int stride, int side, boolean expectGenerated) {
    int inC = 2;
    int outC = 3;
    ConvSpec spec = new ConvSpec(g, inC, outC, 3, lifting, pad, stride, new Random(1));
    int[] shape = lifting ? new int[] {2, inC, side, side} : new int[] {2, inC, g.order(), side, side};
    Random rnd = new Random(g.name().hashCode() + pad * 7 + stride);
    try (PreparedConv prepared = backend.prepare(spec)) {
      ConvGeometry geo = prepared.geometry(shape);
      String what = g.name() + (lifting ? " lifting " : " group ") + geo;
      float[] f = random(rnd, (int) Arrays.stream(spec.filterShape()).asLongStream().reduce(1, (a, b) -> a * b));
      float[] x = random(rnd, geo.inputLength());
      float[] y = new float[geo.outputLength()];
      prepared.forward(f, x, shape, y);
      assertEquals(expectGenerated, ((OpenClPreparedConv) prepared).lastForwardGenerated(), what + ": " + prepared.kernels());
      int block = spec.inOrder() * spec.tables().cells();
      double[] fPlus = Reference.transform(toDouble(f), outC, inC, spec.table(), g.order(), block);
      double[] fPlusAbs = Reference.transform(abs(f), outC, inC, spec.table(), g.order(), block);
      Close.assertClose("forward " + what, ReferenceCorrelation.correlate(geo, toDouble(x), fPlus),
          ReferenceCorrelation.correlate(geo, abs(x), fPlusAbs), y);
      float[] gy = random(rnd, y.length);
      float[] gradF = new float[f.length];
      float[] gradX = new float[x.length];
      prepared.backward(x, gy, gradF, gradX);
      Close.assertClose("input gradient " + what, ReferenceCorrelation.backwardInput(geo, toDouble(gy), fPlus),
          ReferenceCorrelation.backwardInput(geo, abs(gy), fPlusAbs), gradX);
      Close.assertClose("filter gradient " + what,
          Reference.transformBackward(ReferenceCorrelation.backwardWeights(geo, toDouble(x), toDouble(gy)), outC, inC,
              spec.table(), g.order(), block),
          Reference.transformBackward(ReferenceCorrelation.backwardWeights(geo, abs(x), abs(gy)), outC, inC, spec.table(),
              g.order(), block),
          gradF);
      Close.assertClose("F+ " + what, fPlus, fPlusAbs, prepared.expandedBank());
      assertTrue(prepared.kernels().startsWith(expectGenerated ? "OpenCL forward generated for " + g.name() + " n=3 (" : "OpenCL generic kernels on "),
          prepared.kernels());
    }
  }
}
