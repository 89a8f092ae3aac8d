package org.gconv4j.cli;

import java.lang.reflect.InvocationTargetException;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.cpu.CpuBackend;

/**
 * Creates backends for {@code --backend}: {@code cpu} directly; {@code opencl} and {@code auto}
 * through the runtime's {@code org.gconv4j.backend.Backends} factory (the OpenCL backend's entry
 * point), found reflectively so this module builds with or without it. Without that factory,
 * {@code auto} falls back to the CPU with a note on stderr and {@code opencl} fails.
 */
final class CliBackends {
  static final String FACTORY = "org.gconv4j.backend.Backends";

  private CliBackends() {}

  static ConvBackend create(String name, int cpuThreads) {
    switch (name) {
      case "cpu":
        return new CpuBackend(cpuThreads);
      case "opencl":
      case "auto":
        break;
      default:
        throw new UsageException("--backend must be cpu, opencl or auto; got '" + name + "'");
    }
    Class<?> factory;
    try {
      factory = Class.forName(FACTORY);
    } catch (ClassNotFoundException e) {
      if (name.equals("auto")) {
        System.err.println("gconv4j: this build has no OpenCL backend: using the CPU backend");
        return new CpuBackend(cpuThreads);
      }
      throw new IllegalStateException("[backend] this build has no OpenCL backend (" + FACTORY + "). Use --backend cpu", e);
    }
    try {
      return (ConvBackend) factory.getMethod("create", String.class).invoke(null, name);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException("[backend] " + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("[backend] " + FACTORY + ".create(String) is not callable: " + e, e);
    }
  }
}
