package org.gconv4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.internal.kernel.KernelManager;
import org.gconv4j.backend.opencl.kernels.CorrelateForwardKernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A kernel that cannot run as OpenCL surfaces as a clear error, never as a silent Java run. */
class OpenClFallbackTest {
  private OpenClBackend backend;

  @BeforeEach
  void setUp() {
    backend = OpenClTestSupport.backend();
  }

  @Test
  void translationFailureIsAClearErrorAtCompile() {
    KernelLauncher strict = new KernelLauncher(backend.openClDevice(), false);
    OpenClException e = assertThrows(OpenClException.class, () -> strict.prepare(new UntranslatableKernel.ForCompile()));
    assertTrue(e.getMessage().contains("kernel ForCompile could not be compiled to OpenCL"), e.getMessage());
    assertTrue(e.getMessage().contains("break"), "names Aparapi's reason: " + e.getMessage());
    assertTrue(e.getMessage().contains("gconv4j.opencl.fallback=java"), "says how to opt out: " + e.getMessage());
  }

  @Test
  void silentFallbackDuringLaunchIsDetected() {
    KernelLauncher strict = new KernelLauncher(backend.openClDevice(), false);
    UntranslatableKernel k = new UntranslatableKernel.ForLaunch();
    k.in = new float[] {1, 2, 3};
    k.out = new float[3];
    k.n = 3;
    // Launched without prepare(): Aparapi translates at execute time, fails, runs the kernel in Java and returns
    // normally. The launch must still throw.
    OpenClException e = assertThrows(OpenClException.class,
        () -> strict.launch(k, 3, new Object[] {k.in}, new float[][] {k.out}));
    assertTrue(e.getMessage().contains("kernel ForLaunch"), e.getMessage());
    assertTrue(KernelManager.instance().getPreferences(k).getFailedDevices().contains(backend.openClDevice()),
        "Aparapi did mark the device failed, which is what the launcher detected");
  }

  @Test
  void allowedFallbackRunsInJavaWithAWarning() {
    KernelLauncher lenient = new KernelLauncher(backend.openClDevice(), true);
    UntranslatableKernel k = lenient.prepare(new UntranslatableKernel.ForFallback());
    assertTrue(lenient.runsInJava(UntranslatableKernel.ForFallback.class));
    k.in = new float[] {1, 2, 3};
    k.out = new float[3];
    k.n = 3;
    lenient.launch(k, 3, new Object[] {k.in}, new float[][] {k.out});
    assertArrayEquals(new float[] {4, 8, 12}, k.out);
  }

  @Test
  void successfulLaunchLeavesTheProofAparapiRecords() {
    org.gconv4j.backend.ConvGeometry g = org.gconv4j.backend.ConvGeometry.of2d(1, 1, 1, 3, 3, 3, 0, 1);
    float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] w = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    float[] y = new float[1];
    CorrelateForwardKernel probe = new CorrelateForwardKernel();
    long before = backend.launcher().lastReportId(probe);
    backend.correlate(g, x, w, y);
    assertEquals(45f, y[0]);
    assertTrue(backend.launcher().lastReportId(probe) > before, "a new OpenCL profile report for the device");
    assertFalse(KernelManager.instance().getPreferences(probe).getFailedDevices().contains(backend.openClDevice()));
    assertFalse(backend.launcher().runsInJava(CorrelateForwardKernel.class));
  }
}
