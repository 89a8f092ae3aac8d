package org.gconv4j.backend.opencl;

import static org.gconv4j.backend.ReferenceCorrelation.toDouble;
import static org.gconv4j.backend.opencl.Close.assertClose;
import static org.gconv4j.backend.opencl.Reference.abs;
import static org.gconv4j.backend.opencl.Reference.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.Kernel;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.ReferenceCorrelation;
import org.gconv4j.group.FilterTables;
import org.gconv4j.group.Group;
import org.gconv4j.group.TestGroups;
import org.gconv4j.samples.groups.OGroup;
import org.gconv4j.samples.groups.OKernels3CorrelateForward;
import org.gconv4j.samples.groups.P4Group;
import org.gconv4j.samples.groups.P4Kernels3CorrelateForward;
import org.gconv4j.samples.groups.P6Group;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The kernels the processor generated for P4 (n = 3), P6 (n = 3, hexagonal: the 2D kernels with the cells outside
 * the hexagon held at zero by the table) and O (n = 3, 3D) run as OpenCL (proven by {@link KernelLauncher}, failing
 * under {@code -Dgconv4j.opencl=required}) and agree with a double reference (1e-5 of the sum of absolute terms) and
 * with the generic kernels. Only these three groups' classes are compiled, 15 kernels, to keep the suite short.
 */
class GeneratedKernelsTest {
  private OpenClBackend backend;

  @BeforeEach
  void setUp() {
    backend = OpenClTestSupport.backend();
  }

  static Stream<Group> groups() {
    return Stream.of(new P4Group(), new P6Group(), new OGroup());
  }

  /** The generated view of {@code backend} for group and n = 3, with its kernel classes checked by name. */
  private OpenClBackend generated(Group g) {
    OpenClBackend view = backend.specialisedFor(g, 3);
    KernelClasses k = view.generatedKernels().orElseThrow(() -> new AssertionError(g.name() + " has no generated kernels"));
    assertEquals(g.name() + "Kernels3CorrelateForward", k.correlateForward().getSimpleName());
    assertEquals(3, k.kernelSize());
    assertEquals(g.dimension(), k.dimension());
    return view;
  }

  /** Runs {@code pass} and asserts it launched {@code kernel} once more, proven on the device. */
  private void assertRunsAsOpenCl(Class<? extends Kernel> kernel, Runnable pass) {
    KernelLauncher launcher = backend.launcher();
    long before = launcher.provenLaunches(kernel);
    pass.run();
    assertEquals(before + 1, launcher.provenLaunches(kernel), kernel.getSimpleName() + " was not launched on " + backend.device());
    assertFalse(launcher.runsInJava(kernel), kernel.getSimpleName() + " runs in Java");
  }

  private static ConvGeometry geometry(Group g, int inPlanar, int outPlanar, int stride) {
    int[] size = new int[g.dimension()];
    Arrays.fill(size, g.dimension() == 3 ? 5 : 9);
    return new ConvGeometry(2, inPlanar, outPlanar, size, 3, 1, stride);
  }

  @ParameterizedTest
  @MethodSource("groups")
  void transformAndItsBackwardMatchTheReferenceForLiftingAndGroupLayers(Group g) {
    OpenClBackend view = generated(g);
    KernelClasses k = view.generatedKernels().orElseThrow();
    FilterTables tables = g.tables(3);
    int order = g.order();
    int cells = tables.cells();
    Random rnd = new Random(g.name().hashCode());
    for (boolean lifting : new boolean[] {true, false}) {
      int inOrder = lifting ? 1 : order;
      int block = inOrder * cells;
      int outC = 3;
      int inC = 2;
      int[] table = lifting ? tables.liftingFlat() : tables.groupFlat();
      float[] f = random(rnd, outC * inC * block);
      float[] fPlus = new float[outC * order * inC * block];
      assertRunsAsOpenCl(k.transformFilters(), () -> view.transformFilters(f, outC, inC, table, order, inOrder, cells, fPlus));
      double[] ref = Reference.transform(toDouble(f), outC, inC, table, order, block);
      for (int i = 0; i < ref.length; i++) {
        assertEquals((float) ref[i], fPlus[i], g.name() + (lifting ? " lifting" : " group") + ": F+ entry " + i + " is a copy");
      }
      float[] gPlus = random(rnd, fPlus.length);
      float[] gF = new float[f.length];
      assertRunsAsOpenCl(k.transformFiltersBackward(),
          () -> view.transformFiltersBackward(gPlus, outC, inC, table.clone(), order, inOrder, cells, gF));
      assertClose(g.name() + " transform backward", Reference.transformBackward(toDouble(gPlus), outC, inC, table, order, block),
          Reference.transformBackward(abs(gPlus), outC, inC, table, order, block), gF);
      float[] generic = new float[f.length];
      backend.transformFiltersBackward(gPlus, outC, inC, table, order, inOrder, cells, generic);
      assertClose(g.name() + " transform backward vs generic", toDouble(generic), abs(generic), gF);
    }
  }

  @ParameterizedTest
  @MethodSource("groups")
  void correlationPassesMatchTheReferenceAndTheGenericKernels(Group g) {
    OpenClBackend view = generated(g);
    KernelClasses k = view.generatedKernels().orElseThrow();
    int order = g.order();
    // a group-to-group layer's planar channels: 1 -> 1 G-channels for O (24 planes), 2 -> 2 for P4 and P6
    int channels = (g.dimension() == 3 ? 1 : 2) * order;
    int[] strides = g.dimension() == 3 ? new int[] {1} : new int[] {1, 2};
    Random rnd = new Random(7);
    for (int stride : strides) {
      ConvGeometry geo = geometry(g, channels, channels, stride);
      float[] x = random(rnd, geo.inputLength());
      float[] w = random(rnd, geo.weightLength());
      float[] gy = random(rnd, geo.outputLength());
      String what = g.name() + " " + geo;

      float[] y = new float[geo.outputLength()];
      assertRunsAsOpenCl(k.correlateForward(), () -> view.correlate(geo, x, w, y));
      assertClose("forward " + what, ReferenceCorrelation.correlate(geo, toDouble(x), toDouble(w)), ReferenceCorrelation.correlate(geo, abs(x), abs(w)), y);
      float[] yGeneric = new float[y.length];
      backend.correlate(geo, x, w, yGeneric);
      assertClose("forward vs generic " + what, toDouble(yGeneric), abs(yGeneric), y);

      float[] gx = new float[geo.inputLength()];
      assertRunsAsOpenCl(k.correlateBackwardInput(), () -> view.correlateBackwardInput(geo, gy, w, gx));
      assertClose("grad input " + what, ReferenceCorrelation.backwardInput(geo, toDouble(gy), toDouble(w)),
          ReferenceCorrelation.backwardInput(geo, abs(gy), abs(w)), gx);

      float[] gw = new float[geo.weightLength()];
      assertRunsAsOpenCl(k.correlateBackwardWeights(), () -> view.correlateBackwardWeights(geo, x, gy, gw));
      assertClose("grad weights " + what, ReferenceCorrelation.backwardWeights(geo, toDouble(x), toDouble(gy)),
          ReferenceCorrelation.backwardWeights(geo, abs(x), abs(gy)), gw);
    }
  }

  @Test
  void callsTheGeneratedKernelsDoNotFitRunOnTheGenericOnes() {
    OpenClBackend view = generated(new P4Group());
    // another filter size: the generic forward kernel, same result as the plain backend
    ConvGeometry five = ConvGeometry.of2d(1, 4, 4, 7, 7, 5, 0, 1);
    Random rnd = new Random(11);
    float[] x = random(rnd, five.inputLength());
    float[] w = random(rnd, five.weightLength());
    float[] y = new float[five.outputLength()];
    long generatedBefore = backend.launcher().provenLaunches(P4Kernels3CorrelateForward.class);
    assertRunsAsOpenCl(org.gconv4j.backend.opencl.kernels.CorrelateForwardKernel.class, () -> view.correlate(five, x, w, y));
    assertEquals(generatedBefore, backend.launcher().provenLaunches(P4Kernels3CorrelateForward.class));
    assertClose("forward n=5 on the view", ReferenceCorrelation.correlate(five, toDouble(x), toDouble(w)),
        ReferenceCorrelation.correlate(five, abs(x), abs(w)), y);
    // a table that is not P4's: the generic transformation reads that table
    int[] table = new P4Group().tables(3).liftingFlat().clone();
    table[0] = table[4];
    float[] f = random(rnd, 2 * 9);
    float[] fPlus = new float[2 * 4 * 9];
    assertRunsAsOpenCl(org.gconv4j.backend.opencl.kernels.TransformFiltersKernel.class,
        () -> view.transformFilters(f, 2, 1, table, 4, 1, 9, fPlus));
    double[] ref = Reference.transform(toDouble(f), 2, 1, table, 4, 9);
    for (int i = 0; i < ref.length; i++) {
      assertEquals((float) ref[i], fPlus[i], "F+ entry " + i);
    }
  }

  @Test
  void groupsWithoutGeneratedKernelsAndTheGenericOptionKeepTheGenericBackend() {
    assertSame(backend, backend.specialisedFor(TestGroups.p4(), 3), "MatrixGroup has no generated kernels");
    OpenClBackend generic = new OpenClBackend(backend.options().withGeneratedKernels(false));
    assertSame(generic, generic.specialisedFor(new P4Group(), 3));
    assertTrue(backend.specialisedFor(new OGroup(), 3).generatedKernels().orElseThrow().correlateForward()
        == OKernels3CorrelateForward.class);
    assertTrue(backend.specialisedFor(new P4Group(), 3).toString().contains("kernels generated for P4 n=3"));
  }
}
