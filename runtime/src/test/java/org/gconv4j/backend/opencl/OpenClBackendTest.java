package org.gconv4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.gconv4j.backend.Backends;
import org.gconv4j.backend.ConvBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Device selection, the factory, and first-launch latency (printed, not asserted). */
class OpenClBackendTest {
  private OpenClBackend backend;

  @BeforeEach
  void setUp() {
    backend = OpenClTestSupport.backend();
  }

  @Test
  void factoryGivesOpenClWhenADeviceExists() {
    try (ConvBackend opencl = Backends.create("opencl"); ConvBackend auto = Backends.create("AUTO")) {
      assertEquals("opencl", opencl.name());
      assertEquals("opencl", auto.name());
      assertTrue(opencl.device().startsWith("OpenCL "), opencl.device());
    }
  }

  @Test
  void picksAGpuWhenThereIsOne() {
    boolean anyGpu = OpenClDevices.all().stream().anyMatch(d -> d.getType() == com.aparapi.device.Device.TYPE.GPU);
    assertEquals(anyGpu, backend.openClDevice().getType() == com.aparapi.device.Device.TYPE.GPU);
  }

  @Test
  void unknownDevicePreferenceIsAClearError() {
    OpenClException e = assertThrows(OpenClException.class,
        () -> new OpenClBackend(new OpenClBackend.Options(false, "no-such-device-xyz")));
    assertTrue(e.getMessage().contains("no device matches"), e.getMessage());
  }

  @Test
  void jsigIsPreloadedInTestJvms() {
    assertTrue(OpenClDevices.jsigLoaded(), "surefire must preload libjsig (LD_PRELOAD), see docs/opencl.md");
  }

  @Test
  void everyKernelCompilesAndReportsItsFirstLaunchLatency() {
    backend.warmUp();
    Map<String, Double> ms = backend.compileMillis();
    for (String k : new String[] {"TransformFiltersKernel", "TransformFiltersBackwardKernel", "CorrelateForwardKernel",
        "CorrelateBackwardInputKernel", "CorrelateBackwardWeightsKernel"}) {
      assertTrue(ms.containsKey(k), k + " was compiled for the device: " + ms);
      assertFalse(backend.launcher().runsInJava(kernelClass(k)), k + " runs as OpenCL");
    }
    StringBuilder sb = new StringBuilder("gconv4j: OpenCL first-launch latency (translate + build) on " + backend.device() + ":");
    ms.forEach((k, v) -> sb.append(String.format("%n  %-32s %8.1f ms", k, v)));
    System.err.println(sb);
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends com.aparapi.Kernel> kernelClass(String simpleName) {
    try {
      return (Class<? extends com.aparapi.Kernel>) Class.forName("org.gconv4j.backend.opencl.kernels." + simpleName);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
