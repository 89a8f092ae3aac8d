package org.gconv4j.nn;

import org.gconv4j.tensor.Tensor;

/**
 * An output or gradient tensor that a layer hands to its caller. While the layer reuses its
 * buffers ({@link Layer#reuseBuffers}) and the shape is unchanged, {@link #take} returns the same
 * tensor again, with the previous call's values; otherwise a fresh tensor of zeros (kept for the next
 * call only when reusing).
 */
final class LayerBuffer {
  private boolean reuse;
  private Tensor kept;

  void reuse(boolean on) {
    reuse = on;
    if (!on) {
      kept = null;
    }
  }

  /** A tensor of {@code shape} whose contents the caller overwrites entirely. */
  Tensor take(int[] shape) {
    if (reuse && kept != null && kept.hasShape(shape)) {
      return kept;
    }
    Tensor t = Tensor.zeros(shape);
    if (reuse) {
      kept = t;
    }
    return t;
  }

  /** A tensor of zeros of {@code shape} (for callers that accumulate into it). */
  Tensor takeZeroed(int[] shape) {
    if (reuse && kept != null && kept.hasShape(shape)) {
      java.util.Arrays.fill(kept.data(), 0f);
      return kept;
    }
    return take(shape);
  }
}
