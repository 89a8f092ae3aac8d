package org.gconv4j.backend;

import org.gconv4j.group.Group;
import org.gconv4j.nn.ConvSpec;

/**
 * Executes the two parts of a G-correlation (paper §7): the filter transformation (a table gather)
 * and the planar correlation with the expanded bank, forward and backward. All arrays are float32
 * C-order; outputs are overwritten (not accumulated) unless a method says otherwise.
 *
 * <p>Implementations: {@code CpuBackend} (jdk.incubator.vector, multithreaded) and
 * {@code OpenClBackend} (Aparapi; proves where every kernel ran).
 */
public interface ConvBackend extends AutoCloseable {
  /** {@code "cpu"} or {@code "opencl"}. */
  String name();

  /** Where the work runs, in words, e.g. {@code "OpenCL CPU pthread-skylake-avx512 (PoCL 3.1)"}. */
  String device();

  /**
   * F+[j, x] = table[j, x] < 0 ? 0 : f[o, source], for the expanded bank of CONVENTIONS §4.
   *
   * <p>{@code f} is [C_out, C_in, S_in·cells]; {@code table} is [S, S_in, cells] (lifting: S_in = 1)
   * of sources into one filter's S_in·cells entries; {@code fPlus} is [C_out, S, C_in, S_in, cells].
   */
  void transformFilters(float[] f, int outChannels, int inChannels, int[] table, int order, int inOrder, int cells, float[] fPlus);

  /**
   * Gradient of {@link #transformFilters}: gradF[o, i, src] = Σ over (s', t, x) with table = src of
   * gradFPlus[o, s', i, t, x], written as a gather (no atomics). Overwrites gradF.
   */
  void transformFiltersBackward(float[] gradFPlus, int outChannels, int inChannels, int[] table, int order, int inOrder, int cells, float[] gradF);

  /** y = x ⋆ w (correlation, zero padding, stride), shapes per {@link ConvGeometry}. */
  void correlate(ConvGeometry g, float[] x, float[] w, float[] y);

  /** gradX = ∂L/∂x given gradY = ∂L/∂y. Overwrites gradX. */
  void correlateBackwardInput(ConvGeometry g, float[] gradY, float[] w, float[] gradX);

  /** gradW = ∂L/∂w given x and gradY. Overwrites gradW. */
  void correlateBackwardWeights(ConvGeometry g, float[] x, float[] gradY, float[] gradW);

  /**
   * This backend for the layers of one group and filter size: either this backend itself (the default) or a view
   * of it that runs kernels specialised for them, such as the OpenCL kernels the annotation processor generates per
   * {@code @GroupSpec}. The view computes the same results for every call; calls it was not specialised for (other
   * tables, other filter sizes) run as on this backend. Closing the view closes nothing this backend still needs.
   */
  default ConvBackend specialisedFor(Group group, int kernelSize) {
    return this;
  }

  /**
   * Prepares one G-correlation layer: a handle that owns the tables, the kernel choice, the checks and
   * the workspaces, and runs the layer's passes without re-deriving any of them. The default is a thin
   * layer over this backend's calls on {@link #specialisedFor} (what the OpenCL backend uses).
   */
  default PreparedConv prepare(ConvSpec spec) {
    return new BackendPreparedConv(spec, this);
  }

  @Override
  default void close() {}
}
