package org.gconv4j.backend.opencl.kernels;

import org.gconv4j.backend.ConvGeometry;

/**
 * Gradient of the planar correlation with respect to its input, as a gather: one work-item per input element
 * (n, ci, id, ih, iw) sums gradY[n, co, o] · w[co, ci, a, b, c] over the output positions o whose window covers
 * it (i = o·stride − pad + filter offset). Only filter offsets congruent to i + pad modulo the stride are visited.
 */
public class CorrelateBackwardInputKernel extends CorrelationKernel {
  /** gradY [N, Cout, D', H', W']. */
  protected float[] gradY = new float[1];
  /** w [Cout, Cin, kd, k, k]. */
  protected float[] w = new float[1];
  /** gradX [N, Cin, D, H, W]. */
  protected float[] gradX = new float[1];

  /** Sets the arrays and geometry of the next launch. */
  public void bind(ConvGeometry g, float[] gradY, float[] w, float[] gradX) {
    bindGeometry(g, g.inputLength());
    this.gradY = gradY;
    this.w = w;
    this.gradX = gradX;
  }

  @Override
  public void run() {
    int gid = getGlobalId(0);
    if (gid < total) {
      int iw = gid % inW;
      int t = gid / inW;
      int ih = t % inH;
      t = t / inH;
      int id = t % inD;
      t = t / inD;
      int ci = t % inC;
      int n = t / inC;
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
      float acc = 0f;
      for (int co = 0; co < outC; co++) {
        int yPlane = (n * outC + co) * outD;
        int wPlane = (co * inC + ci) * kd;
        for (int a = aFirst; a < aHi; a += strideD) {
          int od = (dd - a) / strideD;
          for (int b = bFirst; b < bHi; b += stride) {
            int yRow = ((yPlane + od) * outH + (hh - b) / stride) * outW;
            int wRow = ((wPlane + a) * k + b) * k;
            for (int c = cFirst; c < cHi; c += stride) {
              acc += gradY[yRow + (ww - c) / stride] * w[wRow + c];
            }
          }
        }
      }
      gradX[gid] = acc;
    }
  }
}
