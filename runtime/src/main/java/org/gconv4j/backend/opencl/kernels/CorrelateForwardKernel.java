package org.gconv4j.backend.opencl.kernels;

import org.gconv4j.backend.ConvGeometry;

/**
 * Planar correlation y = x ⋆ w with zero padding and stride (2D and 3D): one work-item per output element
 * (n, co, od, oh, ow), width fastest. The filter window is clipped to the input once per work-item, so the inner
 * loop has no bounds checks.
 */
public class CorrelateForwardKernel extends CorrelationKernel {
  /** x [N, Cin, D, H, W]. */
  protected float[] x = new float[1];
  /** w [Cout, Cin, kd, k, k]. */
  protected float[] w = new float[1];
  /** y [N, Cout, D', H', W']. */
  protected float[] y = new float[1];

  /** Sets the arrays and geometry of the next launch. */
  public void bind(ConvGeometry g, float[] x, float[] w, float[] y) {
    bindGeometry(g, g.outputLength());
    this.x = x;
    this.w = w;
    this.y = y;
  }

  @Override
  public void run() {
    int gid = getGlobalId(0);
    if (gid < total) {
      int ow = gid % outW;
      int t = gid / outW;
      int oh = t % outH;
      t = t / outH;
      int od = t % outD;
      t = t / outD;
      int co = t % outC;
      int n = t / outC;
      int d0 = od * strideD - padD;
      int h0 = oh * stride - pad;
      int w0 = ow * stride - pad;
      int aLo = max(0, -d0);
      int aHi = min(kd, inD - d0);
      int bLo = max(0, -h0);
      int bHi = min(k, inH - h0);
      int cLo = max(0, -w0);
      int cHi = min(k, inW - w0);
      float acc = 0f;
      for (int ci = 0; ci < inC; ci++) {
        int xPlane = (n * inC + ci) * inD;
        int wPlane = (co * inC + ci) * kd;
        for (int a = aLo; a < aHi; a++) {
          for (int b = bLo; b < bHi; b++) {
            int xRow = ((xPlane + d0 + a) * inH + h0 + b) * inW + w0;
            int wRow = ((wPlane + a) * k + b) * k;
            for (int c = cLo; c < cHi; c++) {
              acc += x[xRow + c] * w[wRow + c];
            }
          }
        }
      }
      y[gid] = acc;
    }
  }
}
