package org.gconv4j.backend.opencl.kernels;

import org.gconv4j.backend.ConvGeometry;

/**
 * Planar correlation y = x ⋆ w with zero padding and stride (2D and 3D), register-tiled: each work-item computes
 * a 4 × 4 tile of outputs, {@value #CO_TILE} output channels × {@value #OW_TILE} neighbouring output columns, so
 * each input value it loads serves 4 channels and each filter value 4 columns (16 multiply-adds per 8 loads).
 * Two-dimensional launch: dimension 0 is the output row and column block (od, oh, ow / 4), columns fastest;
 * dimension 1 is (n, block of 4 output channels), so a work-group shares its filters. Tiles whose window lies
 * inside the input (stride 1) take an unmasked path whose four adjacent column loads the OpenCL compiler packs
 * into vector operations; border tiles and strides above 1 mask each load instead (zero padding).
 */
public class CorrelateForwardKernel extends TiledCorrelationKernel {
  /** Output channels per work-item. */
  public static final int CO_TILE = TILE;
  /** Output columns per work-item. */
  public static final int OW_TILE = TILE;

  /** x [N, Cin, D, H, W]. */
  protected float[] x = new float[1];
  /** w [Cout, Cin, kd, k, k]. */
  protected float[] w = new float[1];

  /** Sets the arrays and geometry of the next launch; y [N, Cout, D', H', W'] becomes {@code result}. */
  public void bind(ConvGeometry g, float[] x, float[] w, float[] y) {
    bindGeometry(g, g.outputLength());
    bindTiles(outC, outD, outH, outW, y);
    this.x = x;
    this.w = w;
  }

  @Override
  public void run() {
    forward(k, kd);
  }

  /**
   * The body of {@link #run()} with the filter extents as parameters (they shadow the fields of the same names): a
   * generated per-spec subclass calls it with compile-time constants, so the OpenCL compiler sees fixed trip counts.
   *
   * @param k  filter extent along height and width
   * @param kd filter extent along depth (1 in 2D)
   */
  protected void forward(int k, int kd) {
    int p = getGlobalId(0);
    int nb = getGlobalId(1);
    if (p < tiles) {
      int ow0 = (p % columnBlocks) * OW_TILE;
      int t = p / columnBlocks;
      int oh = t % outH;
      int od = t / outH;
      int n = nb / channelBlocks;
      int co0 = (nb % channelBlocks) * CO_TILE;
      // channels past outC (last block) read the last filter and are not stored
      int wStep = inC * kd * k * k;
      int w1 = laneOffset(co0, 1, outC, wStep);
      int w2 = laneOffset(co0, 2, outC, wStep);
      int w3 = laneOffset(co0, 3, outC, wStep);
      int d0 = od * strideD - padD;
      int h0 = oh * stride - pad;
      int c0 = ow0 * stride - pad;
      // acc<channel><column>
      float a00 = 0f;
      float a01 = 0f;
      float a02 = 0f;
      float a03 = 0f;
      float a10 = 0f;
      float a11 = 0f;
      float a12 = 0f;
      float a13 = 0f;
      float a20 = 0f;
      float a21 = 0f;
      float a22 = 0f;
      float a23 = 0f;
      float a30 = 0f;
      float a31 = 0f;
      float a32 = 0f;
      float a33 = 0f;
      // interior tile, stride 1: every tap is inside the input and the four columns are adjacent, so the loads
      // need no masks and the compiler can pack the four columns into one vector operation (~2x on PoCL)
      int interior = (stride == 1 && d0 >= 0 && d0 + kd <= inD && h0 >= 0 && h0 + k <= inH && c0 >= 0
          && c0 + 3 + k <= inW) ? 1 : 0;
      // The two paths repeat the multiply-adds on purpose: accumulators cannot leave a kernel method, and one
      // loop body with an "unmasked" flag passed as 1 or 0 from two call sites is not specialised by PoCL
      // (measured: forward ~2x slower), so each path keeps its own loop.
      if (interior == 1) {
        for (int ci = 0; ci < inC; ci++) {
          int xPlane = (n * inC + ci) * inD;
          int wPlane = (co0 * inC + ci) * kd;
          for (int a = 0; a < kd; a++) {
            for (int b = 0; b < k; b++) {
              int xRow = ((xPlane + d0 + a) * inH + h0 + b) * inW + c0;
              int wRow = ((wPlane + a) * k + b) * k;
              for (int c = 0; c < k; c++) {
                float x0 = x[xRow + c];
                float x1 = x[xRow + c + 1];
                float x2 = x[xRow + c + 2];
                float x3 = x[xRow + c + 3];
                float v0 = w[wRow + c];
                float v1 = w[wRow + w1 + c];
                float v2 = w[wRow + w2 + c];
                float v3 = w[wRow + w3 + c];
                a00 += x0 * v0;
                a01 += x1 * v0;
                a02 += x2 * v0;
                a03 += x3 * v0;
                a10 += x0 * v1;
                a11 += x1 * v1;
                a12 += x2 * v1;
                a13 += x3 * v1;
                a20 += x0 * v2;
                a21 += x1 * v2;
                a22 += x2 * v2;
                a23 += x3 * v2;
                a30 += x0 * v3;
                a31 += x1 * v3;
                a32 += x2 * v3;
                a33 += x3 * v3;
              }
            }
          }
        }
      } else {
        for (int ci = 0; ci < inC; ci++) {
          int xPlane = (n * inC + ci) * inD;
          int wPlane = (co0 * inC + ci) * kd;
          for (int a = 0; a < kd; a++) {
            int id = d0 + a;
            for (int b = 0; b < k; b++) {
              int ih = h0 + b;
              int rowOk = (id >= 0 && id < inD && ih >= 0 && ih < inH) ? 1 : 0;
              int xRow = rowOk == 1 ? ((xPlane + id) * inH + ih) * inW : 0;
              int wRow = ((wPlane + a) * k + b) * k;
              for (int c = 0; c < k; c++) {
                int iw0 = c0 + c;
                int iw1 = iw0 + stride;
                int iw2 = iw1 + stride;
                int iw3 = iw2 + stride;
                float x0 = (rowOk == 1 && iw0 >= 0 && iw0 < inW) ? x[xRow + iw0] : 0f;
                float x1 = (rowOk == 1 && iw1 >= 0 && iw1 < inW) ? x[xRow + iw1] : 0f;
                float x2 = (rowOk == 1 && iw2 >= 0 && iw2 < inW) ? x[xRow + iw2] : 0f;
                float x3 = (rowOk == 1 && iw3 >= 0 && iw3 < inW) ? x[xRow + iw3] : 0f;
                float v0 = w[wRow + c];
                float v1 = w[wRow + w1 + c];
                float v2 = w[wRow + w2 + c];
                float v3 = w[wRow + w3 + c];
                a00 += x0 * v0;
                a01 += x1 * v0;
                a02 += x2 * v0;
                a03 += x3 * v0;
                a10 += x0 * v1;
                a11 += x1 * v1;
                a12 += x2 * v1;
                a13 += x3 * v1;
                a20 += x0 * v2;
                a21 += x1 * v2;
                a22 += x2 * v2;
                a23 += x3 * v2;
                a30 += x0 * v3;
                a31 += x1 * v3;
                a32 += x2 * v3;
                a33 += x3 * v3;
              }
            }
          }
        }
      }
      int yAt = (n * outC + co0) * plane + (od * outH + oh) * outW + ow0;
      store4(yAt, 1, ow0, outW, a00, a01, a02, a03);
      if (co0 + 1 < outC) {
        store4(yAt + plane, 1, ow0, outW, a10, a11, a12, a13);
      }
      if (co0 + 2 < outC) {
        store4(yAt + 2 * plane, 1, ow0, outW, a20, a21, a22, a23);
      }
      if (co0 + 3 < outC) {
        store4(yAt + 3 * plane, 1, ow0, outW, a30, a31, a32, a33);
      }
    }
  }
}
