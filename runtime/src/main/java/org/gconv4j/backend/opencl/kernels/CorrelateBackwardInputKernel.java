package org.gconv4j.backend.opencl.kernels;

import org.gconv4j.backend.ConvGeometry;

/**
 * Gradient of the planar correlation with respect to its input, as a gather. Two-dimensional launch:
 * dimension 0 is the input position (id, ih, iw), width fastest; dimension 1 is (n, block of {@value #CI_TILE}
 * input channels). Each work-item sums gradY[n, co, o] · w[co, ci, a, b, c] over the output positions o whose
 * window covers its position (i = o·stride − pad + filter offset), for {@value #CI_TILE} input channels at once,
 * loading each gradY value once. Only filter offsets congruent to i + pad modulo the stride are visited.
 */
public class CorrelateBackwardInputKernel extends CorrelationKernel {
  /** Input channels per work-item. */
  public static final int CI_TILE = 4;

  /** gradY [N, Cout, D', H', W']. */
  protected float[] gradY = new float[1];
  /** w [Cout, Cin, kd, k, k]. */
  protected float[] w = new float[1];
  /** gradX [N, Cin, D, H, W]. */
  protected float[] gradX = new float[1];
  /** D·H·W. */
  protected int inPlane;
  /** ceil(Cin / CI_TILE). */
  protected int ciBlocks;

  /** Sets the arrays and geometry of the next launch. */
  public void bind(ConvGeometry g, float[] gradY, float[] w, float[] gradX) {
    bindGeometry(g, g.inputLength());
    this.gradY = gradY;
    this.w = w;
    this.gradX = gradX;
    this.inPlane = g.inPlane();
    this.ciBlocks = (g.inChannels() + CI_TILE - 1) / CI_TILE;
  }

  /** Work-items along dimension 0: input positions. */
  public int width() {
    return inPlane;
  }

  /** Work-items along dimension 1: (sample, input-channel block) pairs. */
  public int height() {
    return batch * ciBlocks;
  }

  @Override
  public void run() {
    int p = getGlobalId(0);
    int nb = getGlobalId(1);
    if (p < inPlane) {
      int iw = p % inW;
      int t = p / inW;
      int ih = t % inH;
      int id = t / inH;
      int n = nb / ciBlocks;
      int ci0 = (nb % ciBlocks) * CI_TILE;
      // channels past inC (last block) read the last channel's filters and are not stored
      int filter = kd * k * k;
      int w1 = (min(ci0 + 1, inC - 1) - ci0) * filter;
      int w2 = (min(ci0 + 2, inC - 1) - ci0) * filter;
      int w3 = (min(ci0 + 3, inC - 1) - ci0) * filter;
      int dd = id + padD;
      int hh = ih + pad;
      int ww = iw + pad;
      // filter offsets a with 0 <= (dd - a) / strideD < outD and (dd - a) divisible by strideD
      int aLo = max(0, dd - (outD - 1) * strideD);
      int aHi = min(kd, dd + 1);
      int bLo = max(0, hh - (outH - 1) * stride);
      int bHi = min(k, hh + 1);
      int cLo = max(0, ww - (outW - 1) * stride);
      int cHi = min(k, ww + 1);
      int aFirst = aLo + (dd - aLo) % strideD;
      int bFirst = bLo + (hh - bLo) % stride;
      int cFirst = cLo + (ww - cLo) % stride;
      int odFirst = (dd - aFirst) / strideD;
      int ohFirst = (hh - bFirst) / stride;
      int owFirst = (ww - cFirst) / stride;
      float acc0 = 0f;
      float acc1 = 0f;
      float acc2 = 0f;
      float acc3 = 0f;
      for (int co = 0; co < outC; co++) {
        int yPlane = (n * outC + co) * outD;
        int wPlane = (co * inC + ci0) * kd;
        int od = odFirst;
        for (int a = aFirst; a < aHi; a += strideD) {
          int oh = ohFirst;
          for (int b = bFirst; b < bHi; b += stride) {
            // gradY row of (od, oh); the output column falls by one as c rises by the stride
            int yAt = ((yPlane + od) * outH + oh) * outW + owFirst;
            int wRow = ((wPlane + a) * k + b) * k;
            for (int c = cFirst; c < cHi; c += stride) {
              float g = gradY[yAt];
              acc0 += g * w[wRow + c];
              acc1 += g * w[wRow + w1 + c];
              acc2 += g * w[wRow + w2 + c];
              acc3 += g * w[wRow + w3 + c];
              yAt--;
            }
            oh--;
          }
          od--;
        }
      }
      int xAt = (n * inC + ci0) * inPlane + p;
      gradX[xAt] = acc0;
      if (ci0 + 1 < inC) {
        gradX[xAt + inPlane] = acc1;
      }
      if (ci0 + 2 < inC) {
        gradX[xAt + 2 * inPlane] = acc2;
      }
      if (ci0 + 3 < inC) {
        gradX[xAt + 3 * inPlane] = acc3;
      }
    }
  }
}
