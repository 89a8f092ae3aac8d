package org.gconv4j.backend;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import org.gconv4j.backend.opencl.OpenClBackend;

/**
 * Creates a {@link ConvBackend} by name: {@code "opencl"} (fails when there is no OpenCL device), {@code "cpu"},
 * or {@code "auto"} (OpenCL when a device exists, else the CPU backend, announced once on stderr).
 */
public final class Backends {
  /** The CPU backend's class; loaded reflectively so that this factory does not depend on its package. */
  static final String CPU_BACKEND_CLASS = "org.gconv4j.backend.cpu.CpuBackend";

  private static volatile boolean fallbackAnnounced;

  private Backends() {}

  /**
   * @param name {@code opencl}, {@code cpu} or {@code auto} (case-insensitive)
   * @throws IllegalArgumentException for another name
   * @throws org.gconv4j.backend.opencl.OpenClException when {@code opencl} is asked for and there is no device
   */
  public static ConvBackend create(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "opencl":
        return new OpenClBackend();
      case "cpu":
        return cpu();
      case "auto":
        if (OpenClBackend.isAvailable()) {
          return new OpenClBackend();
        }
        announceCpuFallback();
        return cpu();
      default:
        throw new IllegalArgumentException("[Backends] backend is opencl, cpu or auto; got " + name);
    }
  }

  private static void announceCpuFallback() {
    if (!fallbackAnnounced) {
      fallbackAnnounced = true;
      System.err.println("gconv4j: NO OPENCL DEVICE FOUND: using the CPU backend instead. Install an OpenCL driver "
          + "(Debian: apt-get install pocl-opencl-icd ocl-icd-libopencl1) or pass --backend cpu to silence this");
    }
  }

  private static ConvBackend cpu() {
    try {
      Class<?> type = Class.forName(CPU_BACKEND_CLASS);
      return (ConvBackend) type.getConstructor().newInstance();
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new IllegalStateException("[Backends] the CPU backend " + CPU_BACKEND_CLASS + " (public no-argument constructor) "
          + "is not on the class path; this build lacks it. Use --backend opencl", e);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("[Backends] creating the CPU backend failed: " + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("[Backends] cannot create the CPU backend " + CPU_BACKEND_CLASS + ": " + e, e);
    }
  }
}
