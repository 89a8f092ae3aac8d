package org.gconv4j.backend.opencl.kernels;

import org.gconv4j.backend.ConvGeometry;

/**
 * Gradient of the planar correlation with respect to its filters: one work-item per filter tap (co, a, b, c) and
 * block of {@value #CI_TILE} input channels reduces gradY[n, co, o] · x[n, ci, o·stride − pad + (a, b, c)] over
 * the batch and every output position whose window keeps the tap inside the input, loading each gradY value once
 * for the {@value #CI_TILE} channels. With stride 1 four adjacent output columns are handled per step (contiguous
 * loads the compiler can vectorise). Each sample's sum is formed separately, then added to the total, which keeps
 * float rounding close to that of a pairwise sum over the batch.
 */
public class CorrelateBackwardWeightsKernel extends CorrelationKernel {
  /** Input channels per work-item. */
  public static final int CI_TILE = 4;

  /** x [N, Cin, D, H, W]. */
  protected float[] x = new float[1];
  /** gradY [N, Cout, D', H', W']. */
  protected float[] gradY = new float[1];
  /** ceil(Cin / CI_TILE). */
  protected int ciBlocks;

  /** Sets the arrays and geometry of the next launch; gradW [Cout, Cin, kd, k, k] becomes {@code result}. */
  public void bind(ConvGeometry g, float[] x, float[] gradY, float[] gradW) {
    this.ciBlocks = (g.inChannels() + CI_TILE - 1) / CI_TILE;
    bindGeometry(g, g.outChannels() * ciBlocks * g.kernelCells());
    this.x = x;
    this.gradY = gradY;
    this.result = gradW;
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
    backwardWeights(k, kd);
  }

  /**
   * The body of {@link #run()} with the filter extents as parameters (they shadow the fields of the same names), for
   * generated subclasses that pass compile-time constants.
   */
  protected void backwardWeights(int k, int kd) {
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
      int x1 = laneOffset(ci0, 1, inC, inVolume);
      int x2 = laneOffset(ci0, 2, inC, inVolume);
      int x3 = laneOffset(ci0, 3, inC, inVolume);
      int odLo = firstOutput(a, padD, strideD);
      int odHi = endOutput(a, padD, strideD, inD, outD);
      int ohLo = firstOutput(b, pad, stride);
      int ohHi = endOutput(b, pad, stride, inH, outH);
      int owLo = firstOutput(c, pad, stride);
      int owHi = endOutput(c, pad, stride, inW, outW);
      // stride 1: four adjacent output columns per step, so the loads of gradY and x are contiguous and the
      // compiler can pack them into vector operations; the four column sums are added at the end of each sample
      int quads = stride == 1 ? max(0, owHi - owLo) / 4 : 0;
      int owTail = owLo + quads * 4;
      float sum0 = 0f;
      float sum1 = 0f;
      float sum2 = 0f;
      float sum3 = 0f;
      for (int n = 0; n < batch; n++) {
        int yPlane = (n * outC + co) * outD;
        int xPlane = (n * inC + ci0) * inD;
        // p<channel><column>
        float p00 = 0f;
        float p01 = 0f;
        float p02 = 0f;
        float p03 = 0f;
        float p10 = 0f;
        float p11 = 0f;
        float p12 = 0f;
        float p13 = 0f;
        float p20 = 0f;
        float p21 = 0f;
        float p22 = 0f;
        float p23 = 0f;
        float p30 = 0f;
        float p31 = 0f;
        float p32 = 0f;
        float p33 = 0f;
        for (int od = odLo; od < odHi; od++) {
          for (int oh = ohLo; oh < ohHi; oh++) {
            int yRow = ((yPlane + od) * outH + oh) * outW;
            int xRow = ((xPlane + od * strideD - padD + a) * inH + oh * stride - pad + b) * inW - pad + c;
            for (int q = 0; q < quads; q++) {
              int ow = owLo + 4 * q;
              float g0 = gradY[yRow + ow];
              float g1 = gradY[yRow + ow + 1];
              float g2 = gradY[yRow + ow + 2];
              float g3 = gradY[yRow + ow + 3];
              int xi = xRow + ow;
              p00 += g0 * x[xi];
              p01 += g1 * x[xi + 1];
              p02 += g2 * x[xi + 2];
              p03 += g3 * x[xi + 3];
              p10 += g0 * x[xi + x1];
              p11 += g1 * x[xi + x1 + 1];
              p12 += g2 * x[xi + x1 + 2];
              p13 += g3 * x[xi + x1 + 3];
              p20 += g0 * x[xi + x2];
              p21 += g1 * x[xi + x2 + 1];
              p22 += g2 * x[xi + x2 + 2];
              p23 += g3 * x[xi + x2 + 3];
              p30 += g0 * x[xi + x3];
              p31 += g1 * x[xi + x3 + 1];
              p32 += g2 * x[xi + x3 + 2];
              p33 += g3 * x[xi + x3 + 3];
            }
            for (int ow = owTail; ow < owHi; ow++) {
              float g = gradY[yRow + ow];
              int xi = xRow + ow * stride;
              p00 += g * x[xi];
              p10 += g * x[xi + x1];
              p20 += g * x[xi + x2];
              p30 += g * x[xi + x3];
            }
          }
        }
        sum0 += (p00 + p01) + (p02 + p03);
        sum1 += (p10 + p11) + (p12 + p13);
        sum2 += (p20 + p21) + (p22 + p23);
        sum3 += (p30 + p31) + (p32 + p33);
      }
      int filter = kd * k * k;
      store4((co * inC + ci0) * filter + (a * k + b) * k + c, filter, ci0, inC, sum0, sum1, sum2, sum3);
    }
  }
}
