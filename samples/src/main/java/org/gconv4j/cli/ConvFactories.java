package org.gconv4j.cli;

import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.cpu.CpuBackend;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.GroupConv;

/**
 * How {@code train}, {@code eval} and {@code equivariance} create G-correlation layers for
 * {@code --backend cpu|opencl|auto}: {@link GroupConv} layers sharing one backend from
 * {@link CliBackends}. The commands take this as a function so tests can pass their own layers.
 */
final class ConvFactories {
  private ConvFactories() {}

  /** GroupConv layers on the named backend ({@code auto}: OpenCL when a device works, else the CPU). */
  static ConvLayerFactory forBackend(String backend) {
    ConvBackend b = CliBackends.create(backend, CpuBackend.defaultThreads());
    System.err.println("gconv4j: G-correlations run on " + b.name() + ": " + b.device());
    return spec -> new GroupConv(spec, b);
  }
}
