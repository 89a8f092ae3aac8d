package org.gconv4j.backend.opencl.kernels;

import org.gconv4j.backend.ConvGeometry;

/**
 * Gradient of the planar correlation with respect to its filters: one work-item per filter tap (co, a, b, c) and
 * block of {@value #CI_TILE} input channels reduces gradY[n, co, o] · x[n, ci, o·stride − pad + (a, b, c)] over
 * the batch and every output position whose window keeps the tap inside the input, loading each gradY value once
 * for the {@value #CI_TILE} channels. Each sample's sum is formed separately, then added to the total, which keeps
 * float rounding close to that of a pairwise sum over the batch.
 */
public class CorrelateBackwardWeightsKernel extends CorrelationKernel {
  /** Input channels per work-item. */
  public static final int CI_TILE = 4;

  /** x [N, Cin, D, H, W]. */
  protected float[] x = new float[1];
  /** gradY [N, Cout, D', H', W']. */
  protected float[] gradY = new float[1];
  /** gradW [Cout, Cin, kd, k, k]. */
  protected float[] gradW = new float[1];
  /** ceil(Cin / CI_TILE). */
  protected int ciBlocks;

  /** Sets the arrays and geometry of the next launch. */
  public void bind(ConvGeometry g, float[] x, float[] gradY, float[] gradW) {
    this.ciBlocks = (g.inChannels() + CI_TILE - 1) / CI_TILE;
    bindGeometry(g, g.outChannels() * ciBlocks * g.kernelCells());
    this.x = x;
    this.gradY = gradY;
    this.gradW = gradW;
  }

  /** First output index o >= 0 with o·s − pad + tap >= 0. */
  protected int firstOutput(int tap, int padding, int s) {
    int need = padding - tap;
    return need <= 0 ? 0 : (need + s - 1) / s;
  }

  /** One past the last output index o < outSize with o·s − pad + tap < inSize. */
  protected int endOutput(int tap, int padding, int s, int inSize, int outSize) {
    int room = inSize - 1 + padding - tap;
    return room < 0 ? 0 : min(outSize, room / s + 1);
  }

  @Override
  public void run() {
    int gid = getGlobalId(0);
    if (gid < total) {
      int c = gid % k;
      int t = gid / k;
      int b = t % k;
      t = t / k;
      int a = t % kd;
      t = t / kd;
      int ci0 = (t % ciBlocks) * CI_TILE;
      int co = t / ciBlocks;
      // channels past inC (last block) read the last channel and are not stored
      int inVolume = inD * inH * inW;
      int x1 = (min(ci0 + 1, inC - 1) - ci0) * inVolume;
      int x2 = (min(ci0 + 2, inC - 1) - ci0) * inVolume;
      int x3 = (min(ci0 + 3, inC - 1) - ci0) * inVolume;
      int odLo = firstOutput(a, padD, strideD);
      int odHi = endOutput(a, padD, strideD, inD, outD);
      int ohLo = firstOutput(b, pad, stride);
      int ohHi = endOutput(b, pad, stride, inH, outH);
      int owLo = firstOutput(c, pad, stride);
      int owHi = endOutput(c, pad, stride, inW, outW);
      float sum0 = 0f;
      float sum1 = 0f;
      float sum2 = 0f;
      float sum3 = 0f;
      for (int n = 0; n < batch; n++) {
        int yPlane = (n * outC + co) * outD;
        int xPlane = (n * inC + ci0) * inD;
        float part0 = 0f;
        float part1 = 0f;
        float part2 = 0f;
        float part3 = 0f;
        for (int od = odLo; od < odHi; od++) {
          for (int oh = ohLo; oh < ohHi; oh++) {
            int yRow = ((yPlane + od) * outH + oh) * outW;
            int xRow = ((xPlane + od * strideD - padD + a) * inH + oh * stride - pad + b) * inW - pad + c;
            for (int ow = owLo; ow < owHi; ow++) {
              float g = gradY[yRow + ow];
              int xi = xRow + ow * stride;
              part0 += g * x[xi];
              part1 += g * x[xi + x1];
              part2 += g * x[xi + x2];
              part3 += g * x[xi + x3];
            }
          }
        }
        sum0 += part0;
        sum1 += part1;
        sum2 += part2;
        sum3 += part3;
      }
      int filter = kd * k * k;
      int at = (co * inC + ci0) * filter + (a * k + b) * k + c;
      gradW[at] = sum0;
      if (ci0 + 1 < inC) {
        gradW[at + filter] = sum1;
      }
      if (ci0 + 2 < inC) {
        gradW[at + 2 * filter] = sum2;
      }
      if (ci0 + 3 < inC) {
        gradW[at + 3 * filter] = sum3;
      }
    }
  }
}
