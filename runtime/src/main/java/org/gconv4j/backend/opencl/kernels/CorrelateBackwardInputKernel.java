package org.gconv4j.backend.opencl.kernels;

import org.gconv4j.backend.ConvGeometry;

/**
 * Gradient of the planar correlation with respect to its input, as a gather (no atomics). With stride 1 it is the
 * forward correlation of gradY with the flipped, transposed filters (wT[ci, co, t] = w[co, ci, taps − 1 − t],
 * padding k − 1 − pad), run by the same register-tiled body as the forward pass ({@link TiledCorrelationKernel}):
 * each work-item writes {@value #TILE_C} input channels × {@value #TILE_W} input columns of gradX. With larger
 * strides the same tiles are gathered one column at a time, visiting only the filter offsets congruent to
 * i + pad modulo the stride.
 */
public class CorrelateBackwardInputKernel extends TiledCorrelationKernel {
  /** Sets the arrays and geometry of the next launch; gradX [N, Cin, D, H, W] becomes {@code result}. */
  public void bind(ConvGeometry g, float[] gradY, float[] w, float[] gradX) {
    bindGeometry(g, g.inputLength());
    int taps = kd * k * k;
    bindTiles(gradY, outC, outD, outH, outW, w, taps, inC * taps, taps - 1, -1, k - 1 - pad, kd - 1 - padD, 1, 1, gradX, inC,
        inD, inH, inW);
  }

  @Override
  public void run() {
    backwardInput(k, kd);
  }

  /** The body of {@link #run()} with the filter extents as parameters (they shadow the fields of the same names). */
  private void backwardInput(int k, int kd) {
    if (stride == 1 && strideD == 1) {
      correlateTile(k, kd);
    } else {
      int p = getGlobalId(0);
      int nb = getGlobalId(1);
      if (p < tiles) {
        int t = p / columnBlocks;
        int iw0 = min((p % columnBlocks) * TILE_W, lastColumn);
        int ih = t % inH;
        int id = t / inH;
        int n = nb / channelBlocks;
        int ci0 = (nb % channelBlocks) * TILE_C;
        for (int j = 0; j < TILE_W; j++) {
          if (iw0 + j < inW) {
            gatherColumn(n, ci0, id, ih, iw0 + j, k, kd);
            if (ci0 + 4 < inC) {
              gatherColumn(n, ci0 + 4, id, ih, iw0 + j, k, kd);
            }
          }
        }
      }
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
            float g = src[yAt];
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
