package org.gconv4j.cli;

import java.util.List;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.cpu.CpuBackend;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.GroupConv;

/**
 * Chooses how {@code train}, {@code eval} and {@code equivariance} create G-correlation layers for
 * {@code --backend cpu|opencl|auto}. The commands take this as a function so tests can pass their
 * own layers.
 */
final class ConvFactories {
  static final List<String> BACKENDS = List.of("auto", "cpu", "opencl");

  private ConvFactories() {}

  /**
   * The factory for a backend name; {@code auto} means OpenCL when a device works, else the CPU. The
   * backend is created once and shared by every layer the factory makes.
   */
  static ConvLayerFactory forBackend(String backend) {
    if (!BACKENDS.contains(backend)) {
      throw new UsageException("--backend must be one of " + BACKENDS + "; got '" + backend + "'");
    }
    ConvBackend convBackend = CliBackends.create(backend, CpuBackend.defaultThreads());
    return spec -> new GroupConv(spec, convBackend);
  }
}
