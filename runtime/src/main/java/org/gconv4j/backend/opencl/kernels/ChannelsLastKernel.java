package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;

/**
 * Copies a tensor [N, C, S] (S: the spatial positions) to channels-last [N, S, paddedC], the channels past C set to
 * 0: one work-item per (sample, position), looping over the channels (PoCL pays a fixed cost per work-group, so one
 * entry per work-item made this copy cost more than the filter gradient it feeds). The filter gradient reads gradY this way so that adjacent output channels are
 * adjacent in memory ({@link CorrelateBackwardWeightsKernel}).
 */
public class ChannelsLastKernel extends Kernel {
  /** [N, C, S]. */
  protected float[] in = new float[1];
  /** [N, S, paddedC]. */
  protected float[] out = new float[1];
  protected int channels;
  protected int paddedC;
  protected int positions;
  protected int total;

  /** Sets the arrays and sizes of the next launch. */
  public void bind(float[] in, int batch, int channels, int positions, int paddedC, float[] out) {
    this.in = in;
    this.out = out;
    this.channels = channels;
    this.paddedC = paddedC;
    this.positions = positions;
    this.total = batch * positions;
  }

  /** Work-items needed by the bound launch. */
  public int workItems() {
    return total;
  }

  @Override
  public void run() {
    int gid = getGlobalId(0);
    if (gid < total) {
      int pos = gid % positions;
      int n = gid / positions;
      int from = n * channels * positions + pos;
      int to = gid * paddedC;
      for (int ch = 0; ch < paddedC; ch++) {
        out[to + ch] = ch < channels ? in[from + ch * positions] : 0f;
      }
    }
  }
}
