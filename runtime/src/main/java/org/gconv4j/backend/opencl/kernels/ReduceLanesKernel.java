package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;

/**
 * The filter gradient from the lanes' sums of {@link Correlate3x3WeightsChunkKernel}: gradW[co, ci, a, c] =
 * Σ_l acc[((co / outLanes · Cin + ci) · 3 + a) · outLanes · 3 + (co mod outLanes) · 3 + c, l] over the {@code lanes}
 * lanes, in lane order (one work-item per gradW entry, no atomics).
 */
public class ReduceLanesKernel extends Kernel {
  protected float[] acc = new float[1];
  protected float[] gradW = new float[1];
  protected int inChannels;
  protected int lanes;
  protected int outLanes;
  protected int total;

  /** Sets the arrays and sizes of the next launch. */
  public void bind(float[] acc, int outChannels, int inChannels, int lanes, int outLanes, float[] gradW) {
    this.acc = acc;
    this.gradW = gradW;
    this.inChannels = inChannels;
    this.lanes = lanes;
    this.outLanes = outLanes;
    this.total = outChannels * inChannels * 9;
  }

  /** Work-items needed by the bound launch: one per gradW entry. */
  public int workItems() {
    return total;
  }

  @Override
  public void run() {
    int i = getGlobalId(0);
    if (i < total) {
      int c = i % 3;
      int a = (i / 3) % 3;
      int ci = (i / 9) % inChannels;
      int co = i / (9 * inChannels);
      int block = ((co / outLanes) * inChannels + ci) * 3 + a;
      int from = ((block * outLanes + co % outLanes) * 3 + c) * lanes;
      float sum = 0f;
      for (int l = 0; l < lanes; l++) {
        sum += acc[from + l];
      }
      gradW[i] = sum;
    }
  }
}
