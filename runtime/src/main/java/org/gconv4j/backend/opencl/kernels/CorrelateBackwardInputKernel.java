package org.gconv4j.backend.opencl.kernels;

import org.gconv4j.backend.ConvGeometry;

/**
 * Gradient of the planar correlation with respect to its input, as a gather (no atomics). Each work-item owns a
 * tile of {@value #CI_TILE} input channels × {@value #IW_TILE} adjacent input columns and sums
 * gradY[n, co, o] · w[co, ci, a, b, c] over the output positions o whose window covers each input position
 * (i = o·stride − pad + filter offset). Two-dimensional launch: dimension 0 is (id, ih, column block), columns
 * fastest; dimension 1 is (n, input-channel block).
 *
 * <p>With stride 1 the four columns read four adjacent gradY values; away from the border the loads need no
 * masks (contiguous loads the compiler can vectorise), at the border each load is masked. With larger strides
 * the tile is gathered one column at a time, visiting only the filter offsets congruent to i + pad modulo the
 * stride.
 */
public class CorrelateBackwardInputKernel extends TiledCorrelationKernel {
  /** Input channels per work-item. */
  public static final int CI_TILE = TILE;
  /** Input columns per work-item. */
  public static final int IW_TILE = TILE;

  /** gradY [N, Cout, D', H', W']. */
  protected float[] gradY = new float[1];
  /** w [Cout, Cin, kd, k, k]. */
  protected float[] w = new float[1];

  /** Sets the arrays and geometry of the next launch; gradX [N, Cin, D, H, W] becomes {@code result}. */
  public void bind(ConvGeometry g, float[] gradY, float[] w, float[] gradX) {
    bindGeometry(g, g.inputLength());
    bindTiles(inC, inD, inH, inW, gradX);
    this.gradY = gradY;
    this.w = w;
  }

  @Override
  public void run() {
    backwardInput(k, kd);
  }

  /**
   * The body of {@link #run()} with the filter extents as parameters (they shadow the fields of the same names), for
   * generated subclasses that pass compile-time constants.
   */
  protected void backwardInput(int k, int kd) {
    int p = getGlobalId(0);
    int nb = getGlobalId(1);
    if (p < tiles) {
      int iw0 = (p % columnBlocks) * IW_TILE;
      int t = p / columnBlocks;
      int ih = t % inH;
      int id = t / inH;
      int n = nb / channelBlocks;
      int ci0 = (nb % channelBlocks) * CI_TILE;
      // output index of filter offset 0; offset f reaches output (index − f) when the stride is 1
      int od0 = id + padD;
      int oh0 = ih + pad;
      int ow0 = iw0 + pad;
      int interior = (od0 - (kd - 1) >= 0 && od0 < outD && oh0 - (k - 1) >= 0 && oh0 < outH && ow0 - (k - 1) >= 0
          && ow0 + 3 < outW && iw0 + 3 < inW) ? 1 : 0;
      if (stride == 1 && strideD == 1) {
        gatherStride1(n, ci0, id, ih, iw0, interior, k, kd);
      } else {
        gatherColumn(n, ci0, id, ih, iw0, k, kd);
        if (iw0 + 1 < inW) {
          gatherColumn(n, ci0, id, ih, iw0 + 1, k, kd);
        }
        if (iw0 + 2 < inW) {
          gatherColumn(n, ci0, id, ih, iw0 + 2, k, kd);
        }
        if (iw0 + 3 < inW) {
          gatherColumn(n, ci0, id, ih, iw0 + 3, k, kd);
        }
      }
    }
  }

  /**
   * Stride 1: 4 channels × 4 adjacent columns. Interior tiles (every tap has an output, all four columns inside
   * the row) load four adjacent gradY values unmasked; border tiles mask each load (no output there: 0).
   * The two paths repeat the multiply-adds on purpose: one loop body with an "unmasked" flag that callers pass
   * as 1 or 0 is not specialised by PoCL (measured on the forward kernel: ~2x slower).
   */
  protected void gatherStride1(int n, int ci0, int id, int ih, int iw0, int interior, int k, int kd) {
    int filter = kd * k * k;
    int w1 = laneOffset(ci0, 1, inC, filter);
    int w2 = laneOffset(ci0, 2, inC, filter);
    int w3 = laneOffset(ci0, 3, inC, filter);
    int od0 = id + padD;
    int oh0 = ih + pad;
    int ow0 = iw0 + pad;
    // g<channel><column>
    float g00 = 0f;
    float g01 = 0f;
    float g02 = 0f;
    float g03 = 0f;
    float g10 = 0f;
    float g11 = 0f;
    float g12 = 0f;
    float g13 = 0f;
    float g20 = 0f;
    float g21 = 0f;
    float g22 = 0f;
    float g23 = 0f;
    float g30 = 0f;
    float g31 = 0f;
    float g32 = 0f;
    float g33 = 0f;
    if (interior == 1) {
      for (int co = 0; co < outC; co++) {
        int yPlane = (n * outC + co) * outD;
        int wPlane = (co * inC + ci0) * kd;
        for (int a = 0; a < kd; a++) {
          for (int b = 0; b < k; b++) {
            int yRow = ((yPlane + od0 - a) * outH + oh0 - b) * outW + ow0;
            int wRow = ((wPlane + a) * k + b) * k;
            for (int c = 0; c < k; c++) {
              float y0 = gradY[yRow - c];
              float y1 = gradY[yRow - c + 1];
              float y2 = gradY[yRow - c + 2];
              float y3 = gradY[yRow - c + 3];
              float v0 = w[wRow + c];
              float v1 = w[wRow + w1 + c];
              float v2 = w[wRow + w2 + c];
              float v3 = w[wRow + w3 + c];
              g00 += y0 * v0;
              g01 += y1 * v0;
              g02 += y2 * v0;
              g03 += y3 * v0;
              g10 += y0 * v1;
              g11 += y1 * v1;
              g12 += y2 * v1;
              g13 += y3 * v1;
              g20 += y0 * v2;
              g21 += y1 * v2;
              g22 += y2 * v2;
              g23 += y3 * v2;
              g30 += y0 * v3;
              g31 += y1 * v3;
              g32 += y2 * v3;
              g33 += y3 * v3;
            }
          }
        }
      }
    } else {
      for (int co = 0; co < outC; co++) {
        int yPlane = (n * outC + co) * outD;
        int wPlane = (co * inC + ci0) * kd;
        for (int a = 0; a < kd; a++) {
          int od = od0 - a;
          for (int b = 0; b < k; b++) {
            int oh = oh0 - b;
            int rowOk = (od >= 0 && od < outD && oh >= 0 && oh < outH) ? 1 : 0;
            int yRow = rowOk == 1 ? ((yPlane + od) * outH + oh) * outW : 0;
            int wRow = ((wPlane + a) * k + b) * k;
            for (int c = 0; c < k; c++) {
              int ow = ow0 - c;
              float y0 = (rowOk == 1 && ow >= 0 && ow < outW) ? gradY[yRow + ow] : 0f;
              float y1 = (rowOk == 1 && ow + 1 >= 0 && ow + 1 < outW && iw0 + 1 < inW) ? gradY[yRow + ow + 1] : 0f;
              float y2 = (rowOk == 1 && ow + 2 >= 0 && ow + 2 < outW && iw0 + 2 < inW) ? gradY[yRow + ow + 2] : 0f;
              float y3 = (rowOk == 1 && ow + 3 >= 0 && ow + 3 < outW && iw0 + 3 < inW) ? gradY[yRow + ow + 3] : 0f;
              float v0 = w[wRow + c];
              float v1 = w[wRow + w1 + c];
              float v2 = w[wRow + w2 + c];
              float v3 = w[wRow + w3 + c];
              g00 += y0 * v0;
              g01 += y1 * v0;
              g02 += y2 * v0;
              g03 += y3 * v0;
              g10 += y0 * v1;
              g11 += y1 * v1;
              g12 += y2 * v1;
              g13 += y3 * v1;
              g20 += y0 * v2;
              g21 += y1 * v2;
              g22 += y2 * v2;
              g23 += y3 * v2;
              g30 += y0 * v3;
              g31 += y1 * v3;
              g32 += y2 * v3;
              g33 += y3 * v3;
            }
          }
        }
      }
    }
    int xAt = (n * inC + ci0) * plane + (id * inH + ih) * inW + iw0;
    store4(xAt, 1, iw0, inW, g00, g01, g02, g03);
    if (ci0 + 1 < inC) {
      store4(xAt + plane, 1, iw0, inW, g10, g11, g12, g13);
    }
    if (ci0 + 2 < inC) {
      store4(xAt + 2 * plane, 1, iw0, inW, g20, g21, g22, g23);
    }
    if (ci0 + 3 < inC) {
      store4(xAt + 3 * plane, 1, iw0, inW, g30, g31, g32, g33);
    }
  }

  /** Any stride, any position: 4 channels of one input column. */
  protected void gatherColumn(int n, int ci0, int id, int ih, int iw, int k, int kd) {
    int filter = kd * k * k;
    int w1 = laneOffset(ci0, 1, inC, filter);
    int w2 = laneOffset(ci0, 2, inC, filter);
    int w3 = laneOffset(ci0, 3, inC, filter);
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
    store4((n * inC + ci0) * plane + (id * inH + ih) * inW + iw, plane, ci0, inC, acc0, acc1, acc2, acc3);
  }
}
