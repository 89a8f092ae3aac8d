package org.gconv4j.backend;

import org.gconv4j.nn.ConvSpec;

/**
 * Runs G-correlation layers (paper §7): the filter transformation (a table gather) and the planar
 * correlation with the expanded bank, forward and backward. The one contract is {@link #prepare}: a
 * layer gets a {@link PreparedConv} that owns its tables, kernel choice, argument checks (exact
 * lengths) and workspaces.
 *
 * <p>Implementations: {@code CpuBackend} (jdk.incubator.vector, multithreaded) and
 * {@code OpenClBackend} (Aparapi; proves where every kernel ran).
 */
public interface ConvBackend extends AutoCloseable {
  /** {@code "cpu"} or {@code "opencl"}. */
  String name();

  /** Where the work runs, in words, e.g. {@code "OpenCL GPU NVIDIA H100 (NVIDIA Corporation, OpenCL 3.0 CUDA)"}. */
  String device();

  /**
   * Prepares one G-correlation layer: a handle that owns the tables, the kernel choice, the checks and
   * the workspaces, and runs the layer's passes without re-deriving any of them.
   */
  PreparedConv prepare(ConvSpec spec);

  @Override
  default void close() {}
}
