package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;

/**
 * Gradient of {@link TransformFiltersKernel} as a gather through the inverse table (no atomics): one work-item
 * per entry (o, i, src) of gradF [C_out, C_in, S_in·cells] sums gradF+ over the table positions that read src.
 * The inverse table is CSR: positions {@code inverse[offsets[src] .. offsets[src + 1])}, each a flat index
 * s'·block + j into the forward table.
 */
public class TransformFiltersBackwardKernel extends Kernel {
  /** gradF+ [C_out, S, C_in, S_in·cells]. */
  protected float[] gradFPlus = new float[1];
  /** CSR row starts, length block + 1. */
  protected int[] offsets = new int[1];
  /** CSR entries: forward-table positions s'·block + j. */
  protected int[] positions = new int[1];
  /** gradF [C_out, C_in, S_in·cells]. */
  protected float[] gradF = new float[1];
  protected int inChannels;
  protected int order;
  protected int block;
  protected int total;

  /** Sets the arrays and sizes of the next launch. */
  public void bind(float[] gradFPlus, int outChannels, int inChannels, int[] offsets, int[] positions, int order, int block,
      float[] gradF) {
    this.gradFPlus = gradFPlus;
    this.offsets = offsets;
    this.positions = positions;
    this.gradF = gradF;
    this.inChannels = inChannels;
    this.order = order;
    this.block = block;
    this.total = outChannels * inChannels * block;
  }

  /** Work-items needed by the bound launch. */
  public int workItems() {
    return total;
  }

  @Override
  public void run() {
    transformBackward(order, block);
  }

  /** The body of {@link #run()} with the stabilizer size and the filter length as parameters. */
  private void transformBackward(int order, int block) {
    int gid = getGlobalId(0);
    if (gid < total) {
      int src = gid % block;
      int oi = gid / block;
      int i = oi % inChannels;
      int o = oi / inChannels;
      float acc = 0f;
      int end = offsets[src + 1];
      for (int p = offsets[src]; p < end; p++) {
        int pos = positions[p];
        int s = pos / block;
        int j = pos % block;
        acc += gradFPlus[((o * order + s) * inChannels + i) * block + j];
      }
      gradF[gid] = acc;
    }
  }
}
