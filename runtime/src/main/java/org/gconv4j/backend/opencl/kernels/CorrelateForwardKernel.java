package org.gconv4j.backend.opencl.kernels;

import org.gconv4j.backend.ConvGeometry;

/**
 * Planar correlation y = x ⋆ w with zero padding and stride (2D and 3D). Two-dimensional launch: dimension 0 is
 * the output position (od, oh, ow), width fastest, so neighbouring work-items read neighbouring inputs;
 * dimension 1 is (n, block of {@value #CO_TILE} output channels), so a work-group shares its filters. Each
 * work-item keeps {@value #CO_TILE} accumulators and loads each input value once for all of them (about 2.5×
 * faster than one output per work-item on PoCL). The filter window is clipped to the input once per work-item,
 * so the inner loop has no bounds checks.
 */
public class CorrelateForwardKernel extends CorrelationKernel {
  /** Output channels per work-item. */
  public static final int CO_TILE = 4;

  /** x [N, Cin, D, H, W]. */
  protected float[] x = new float[1];
  /** w [Cout, Cin, kd, k, k]. */
  protected float[] w = new float[1];
  /** y [N, Cout, D', H', W']. */
  protected float[] y = new float[1];
  /** D'·H'·W'. */
  protected int plane;
  /** ceil(Cout / CO_TILE). */
  protected int coBlocks;

  /** Sets the arrays and geometry of the next launch. */
  public void bind(ConvGeometry g, float[] x, float[] w, float[] y) {
    bindGeometry(g, g.outputLength());
    this.x = x;
    this.w = w;
    this.y = y;
    this.plane = g.outPlane();
    this.coBlocks = (g.outChannels() + CO_TILE - 1) / CO_TILE;
  }

  /** Work-items along dimension 0: output positions. */
  public int width() {
    return plane;
  }

  /** Work-items along dimension 1: (sample, output-channel block) pairs. */
  public int height() {
    return batch * coBlocks;
  }

  @Override
  public void run() {
    int p = getGlobalId(0);
    int nb = getGlobalId(1);
    if (p < plane) {
      int ow = p % outW;
      int t = p / outW;
      int oh = t % outH;
      int od = t / outH;
      int n = nb / coBlocks;
      int co0 = (nb % coBlocks) * CO_TILE;
      // channels past outC (last block) read the last filter and are not stored
      int wStep = inC * kd * k * k;
      int w1 = (min(co0 + 1, outC - 1) - co0) * wStep;
      int w2 = (min(co0 + 2, outC - 1) - co0) * wStep;
      int w3 = (min(co0 + 3, outC - 1) - co0) * wStep;
      int d0 = od * strideD - padD;
      int h0 = oh * stride - pad;
      int w0 = ow * stride - pad;
      int aLo = max(0, -d0);
      int aHi = min(kd, inD - d0);
      int bLo = max(0, -h0);
      int bHi = min(k, inH - h0);
      int cLo = max(0, -w0);
      int cHi = min(k, inW - w0);
      float acc0 = 0f;
      float acc1 = 0f;
      float acc2 = 0f;
      float acc3 = 0f;
      for (int ci = 0; ci < inC; ci++) {
        int xPlane = (n * inC + ci) * inD;
        int wPlane = (co0 * inC + ci) * kd;
        for (int a = aLo; a < aHi; a++) {
          for (int b = bLo; b < bHi; b++) {
            int xRow = ((xPlane + d0 + a) * inH + h0 + b) * inW + w0;
            int wRow = ((wPlane + a) * k + b) * k;
            for (int c = cLo; c < cHi; c++) {
              float xv = x[xRow + c];
              acc0 += xv * w[wRow + c];
              acc1 += xv * w[wRow + w1 + c];
              acc2 += xv * w[wRow + w2 + c];
              acc3 += xv * w[wRow + w3 + c];
            }
          }
        }
      }
      int yAt = (n * outC + co0) * plane + p;
      y[yAt] = acc0;
      if (co0 + 1 < outC) {
        y[yAt + plane] = acc1;
      }
      if (co0 + 2 < outC) {
        y[yAt + 2 * plane] = acc2;
      }
      if (co0 + 3 < outC) {
        y[yAt + 3 * plane] = acc3;
      }
    }
  }
}
