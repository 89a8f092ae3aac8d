package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;

/**
 * Second pass of a chunked reduction: out[i] = Σ_c partial[c·length + i] over the chunks, in chunk order (one
 * work-item per entry, no atomics). Used by the filter gradient ({@link CorrelateBackwardWeightsKernel}).
 */
public class ReduceChunksKernel extends Kernel {
  /** [chunks, length]. */
  protected float[] partial = new float[1];
  /** [length]. */
  protected float[] out = new float[1];
  protected int chunks;
  protected int length;

  /** Sets the arrays of the next launch. */
  public void bind(float[] partial, int chunks, int length, float[] out) {
    this.partial = partial;
    this.chunks = chunks;
    this.length = length;
    this.out = out;
  }

  /** Work-items needed by the bound launch. */
  public int workItems() {
    return length;
  }

  @Override
  public void run() {
    int i = getGlobalId(0);
    if (i < length) {
      float sum = 0f;
      for (int c = 0; c < chunks; c++) {
        sum += partial[c * length + i];
      }
      out[i] = sum;
    }
  }
}
