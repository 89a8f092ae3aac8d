package org.gconv4j.backend;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import java.util.List;
import java.util.Locale;
import org.gconv4j.backend.cpu.CpuBackend;
import org.gconv4j.backend.opencl.OpenClBackend;
import org.gconv4j.backend.opencl.OpenClDevices;
import org.gconv4j.internal.Checks;

/**
 * Creates a {@link ConvBackend} by name:
 *
 * <ul>
 *   <li>{@code "opencl"}: the OpenCL backend on the best device (fails when there is none);
 *   <li>{@code "cpu"}: the Vector API CPU backend;
 *   <li>{@code "auto"}: the fastest available. OpenCL on a GPU or accelerator; otherwise the CPU
 *       backend, which is several times faster than OpenCL on a CPU device such as PoCL's (see
 *       {@code ./gconv4j bench}). Said once on stderr, loudly when there is no OpenCL at all.
 * </ul>
 */
public final class Backends {
  static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static volatile boolean autoAnnounced;

  private Backends() {}

  /**
   * @param name {@code opencl}, {@code cpu} or {@code auto} (case-insensitive)
   * @throws IllegalArgumentException for another name
   * @throws IllegalStateException when the JVM lacks the Vector API module ({@code --add-modules=jdk.incubator.vector})
   * @throws org.gconv4j.backend.opencl.OpenClException when {@code opencl} is asked for and there is no device
   */
  public static ConvBackend create(String name) {
    requireVectorApi();
    String n = name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "opencl":
        return new OpenClBackend();
      case "cpu":
        return new CpuBackend();
      case "auto":
        return auto();
      default:
        throw Checks.argument("Backends", "backend is opencl, cpu or auto; got " + name);
    }
  }

  /**
   * Fails with the fix when the JVM was started without the Vector API module, which the CPU backend
   * and the layers' loops use (on the class path it is not resolved unless asked for).
   *
   * @throws IllegalStateException when {@code jdk.incubator.vector} is not in the boot layer
   */
  static void requireVectorApi() {
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      throw Checks.state("Backends", "gconv4j needs the Vector API module; " + VECTOR_MODULE
          + " is not in this JVM. Start java with --add-modules=" + VECTOR_MODULE
          + " (Maven surefire: <argLine>--add-modules=" + VECTOR_MODULE + "</argLine>)");
    }
  }

  private static ConvBackend auto() {
    List<OpenCLDevice> devices = OpenClDevices.all();
    boolean accelerator = devices.stream().anyMatch(d -> d.getType() == Device.TYPE.GPU || d.getType() == Device.TYPE.ACC);
    if (accelerator) {
      return new OpenClBackend();
    }
    if (!autoAnnounced) {
      autoAnnounced = true;
      if (devices.isEmpty()) {
        System.err.println("gconv4j: NO OPENCL DEVICE FOUND: using the CPU backend. Install an OpenCL driver "
            + "(Debian: apt-get install pocl-opencl-icd ocl-icd-libopencl1) or pass --backend cpu to silence this");
      } else {
        System.err.println("gconv4j: OpenCL has only a CPU device (" + OpenClDevices.describe(devices.get(0))
            + "): using the faster Vector API CPU backend; --backend opencl forces OpenCL");
      }
    }
    return new CpuBackend();
  }
}
