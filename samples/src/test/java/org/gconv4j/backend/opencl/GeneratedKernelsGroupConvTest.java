package org.gconv4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.gconv4j.annotations.Lattice;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.nn.GroupConvEquivariance;
import org.gconv4j.samples.groups.OGroup;
import org.gconv4j.samples.groups.P4Group;
import org.gconv4j.samples.groups.P6Group;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GroupConv} on the OpenCL backend runs the generated kernels of the sample groups P4, P6 (hexagonal) and
 * O (3D) with n = 3: the layers are exactly equivariant under every element (the shared
 * {@link GroupConvEquivariance} check: lifting, group-to-group and two stacked layers, relative error ≤ 1e-5; on
 * the hexagonal lattice inside the inscribed hexagon), and a lifting + group layer pair agrees with the same
 * layers on the generic kernels, forward and backward.
 */
class GeneratedKernelsGroupConvTest {
  private static final double TOLERANCE = 1e-5;
  private OpenClBackend backend;

  @BeforeEach
  void setUp() {
    backend = OpenClTestSupport.backend();
  }

  static Stream<Group> groups() {
    return Stream.of(new P4Group(), new P6Group());
  }

  private static GroupConv[] layers(Group g, OpenClBackend b) {
    return new GroupConv[] {
      new GroupConv(g, 1, 2, 3, true, 0, 1, b, new Random(1)),
      new GroupConv(g, 2, 2, 3, false, 0, 1, b, new Random(2))
    };
  }

  private static Tensor forward(Tensor x, GroupConv... layers) {
    Tensor t = x;
    for (GroupConv l : layers) {
      t = l.forward(t, true);
    }
    return t;
  }

  private static Tensor backward(Tensor gy, GroupConv... layers) {
    Tensor t = gy;
    for (int i = layers.length - 1; i >= 0; i--) {
      t = layers[i].backward(t);
    }
    return t;
  }

  private static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** max |a − b| / max |b| over the cells where mask (per plane, may be null) is set. */
  private static double relativeError(float[] a, float[] b, float[] mask) {
    double err = 0;
    for (int i = 0; i < a.length; i++) {
      if (mask == null || mask[i % mask.length] != 0f) {
        err = Math.max(err, Math.abs(a[i] - b[i]));
      }
    }
    double scale = maxAbs(b);
    assertTrue(scale > 0, "the compared values must not vanish");
    return err / scale;
  }

  @ParameterizedTest
  @MethodSource("groups")
  void layersOnGeneratedKernelsAgreeWithTheGenericKernels(Group g) {
    GroupConv[] gen = layers(g, backend);
    for (GroupConv l : gen) {
      OpenClBackend view = (OpenClBackend) l.specialisedBackend();
      assertNotSame(backend, view);
      assertEquals(g.name() + "Kernels3CorrelateForward", view.generatedKernels().orElseThrow().correlateForward().getSimpleName());
    }
    OpenClBackend genericBackend = new OpenClBackend(backend.options().withGeneratedKernels(false));
    GroupConv[] generic = layers(g, genericBackend);
    assertSame(genericBackend, generic[0].specialisedBackend());

    int size = 9;
    Random rnd = new Random(3);
    float[] data = new float[2 * size * size];
    float[] hex = g.lattice() == Lattice.HEXAGONAL ? GroupAction.hexMask(size) : null;
    for (int i = 0; i < data.length; i++) {
      data[i] = hex != null && hex[i % hex.length] == 0f ? 0f : (float) rnd.nextGaussian();
    }
    Tensor x = Tensor.of(data, 2, 1, size, size);
    Tensor y = forward(x, gen);
    assertTrue(relativeError(y.data(), forward(x, generic).data(), null) <= TOLERANCE, g.name() + ": generated vs generic forward");

    Tensor gy = Tensor.of(Reference.random(rnd, y.size()), y.shape());
    Tensor gx = backward(gy, gen);
    Tensor gxGeneric = backward(gy, generic);
    assertTrue(relativeError(gx.data(), gxGeneric.data(), null) <= TOLERANCE, g.name() + ": generated vs generic grad input");
    for (int l = 0; l < gen.length; l++) {
      assertTrue(relativeError(gen[l].weight().grad().data(), generic[l].weight().grad().data(), null) <= TOLERANCE,
          g.name() + ": generated vs generic weight gradient of layer " + l);
    }
  }

  static Stream<Object[]> equivarianceCases() {
    // group, n, input size, channels: as the runtime's OpenClEquivarianceTest does for MatrixGroup
    return Stream.of(new Object[] {new P4Group(), 11, 3}, new Object[] {new P6Group(), 11, 2},
        new Object[] {new OGroup(), 7, 1});
  }

  @ParameterizedTest
  @MethodSource("equivarianceCases")
  void exactlyEquivariantOnTheGeneratedKernels(Group g, int size, int channels) {
    KernelClasses k = backend.specialisedFor(g, 3).generatedKernels().orElseThrow();
    KernelLauncher launcher = backend.launcher();
    long forward = launcher.provenLaunches(k.correlateForward());
    long transform = launcher.provenLaunches(k.transformFilters());
    GroupConvEquivariance.check(g, 3, size, channels, backend);
    assertTrue(launcher.provenLaunches(k.correlateForward()) > forward, g.name() + ": the generated forward kernel did not run");
    assertTrue(launcher.provenLaunches(k.transformFilters()) > transform, g.name() + ": the generated transform did not run");
  }
}
