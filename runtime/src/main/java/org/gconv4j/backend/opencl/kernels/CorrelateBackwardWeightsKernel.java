package org.gconv4j.backend.opencl.kernels;

import org.gconv4j.backend.ConvGeometry;

/**
 * Gradient of the planar correlation with respect to its filters: one work-item per weight (co, ci, a, b, c)
 * reduces gradY[n, co, o] · x[n, ci, o·stride − pad + (a, b, c)] over the batch and every output position whose
 * window keeps the tap inside the input. Each sample's sum is formed separately, then added to the total, which
 * keeps float rounding close to that of a pairwise sum over the batch.
 */
public class CorrelateBackwardWeightsKernel extends CorrelationKernel {
  /** x [N, Cin, D, H, W]. */
  protected float[] x = new float[1];
  /** gradY [N, Cout, D', H', W']. */
  protected float[] gradY = new float[1];
  /** gradW [Cout, Cin, kd, k, k]. */
  protected float[] gradW = new float[1];

  /** Sets the arrays and geometry of the next launch. */
  public void bind(ConvGeometry g, float[] x, float[] gradY, float[] gradW) {
    bindGeometry(g, g.weightLength());
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
      int ci = t % inC;
      int co = t / inC;
      int odLo = firstOutput(a, padD, strideD);
      int odHi = endOutput(a, padD, strideD, inD, outD);
      int ohLo = firstOutput(b, pad, stride);
      int ohHi = endOutput(b, pad, stride, inH, outH);
      int owLo = firstOutput(c, pad, stride);
      int owHi = endOutput(c, pad, stride, inW, outW);
      float total0 = 0f;
      for (int n = 0; n < batch; n++) {
        int yPlane = (n * outC + co) * outD;
        int xPlane = (n * inC + ci) * inD;
        float part = 0f;
        for (int od = odLo; od < odHi; od++) {
          for (int oh = ohLo; oh < ohHi; oh++) {
            int yRow = ((yPlane + od) * outH + oh) * outW;
            int xRow = ((xPlane + od * strideD - padD + a) * inH + oh * stride - pad + b) * inW - pad + c;
            for (int ow = owLo; ow < owHi; ow++) {
              part += gradY[yRow + ow] * x[xRow + ow * stride];
            }
          }
        }
        total0 += part;
      }
      gradW[gid] = total0;
    }
  }
}
