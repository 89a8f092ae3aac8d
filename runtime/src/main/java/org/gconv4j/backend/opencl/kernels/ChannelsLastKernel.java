package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;

/**
 * Copies a tensor [N, C, S] (S: the spatial positions) to channels-last [N, S, paddedC], the channels past C set to
 * 0: one work-item per entry written. The filter gradient reads gradY this way so that adjacent output channels are
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
    this.total = batch * positions * paddedC;
  }

  /** Work-items needed by the bound launch. */
  public int workItems() {
    return total;
  }

  @Override
  public void run() {
    int gid = getGlobalId(0);
    if (gid < total) {
      int ch = gid % paddedC;
      int t = gid / paddedC;
      int pos = t % positions;
      int n = t / positions;
      out[gid] = ch < channels ? in[(n * channels + ch) * positions + pos] : 0f;
    }
  }
}
