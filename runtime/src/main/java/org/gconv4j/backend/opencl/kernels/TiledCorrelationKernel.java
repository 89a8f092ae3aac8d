package org.gconv4j.backend.opencl.kernels;

/**
 * A correlation pass in which each work-item writes a register tile of {@value #TILE_C} channels × {@value #TILE_W}
 * adjacent columns of a tensor [N, C, D, H, W] (the forward pass writes y; the input gradient, with stride 1, is the
 * same correlation of gradY with the flipped, transposed filters and writes gradX). Every source value a work-item
 * loads serves {@value #TILE_C} multiply-adds and every filter value {@value #TILE_W}. Two-dimensional launch:
 * dimension 0 is (depth, row, column block), columns fastest; dimension 1 is (sample, channel block).
 *
 * <p>The body ({@link #correlateTile(int, int)}) reads a source tensor {@code src} [N, sC, sD, sH, sW] and filters
 * {@code w} through four ints: {@code wLane} (offset between written channels), {@code wChannel} (between source
 * channels), {@code wTap0} and {@code wTapSign} (tap t reads {@code wTap0 + wTapSign · t}: 0 and +1 forward,
 * taps − 1 and −1 for the flipped filters). Tiles whose window lies inside the source (stride 1) take an unmasked
 * path: eight adjacent loads per tap that the OpenCL compiler packs into one vector load, 64 multiply-adds it packs
 * into eight vector operations. Border tiles and strides above 1 mask each load (zero padding). The last column
 * block of a row is moved left so that it ends at the row's end (it recomputes a few columns rather than masking).
 */
public abstract class TiledCorrelationKernel extends CorrelationKernel {
  /** Channels per work-item. */
  public static final int TILE_C = 8;
  /** Columns per work-item. */
  public static final int TILE_W = 8;

  /** The source tensor the tile correlates: x (forward) or gradY (input gradient). */
  protected float[] src = new float[1];
  /** Filters, read through wLane, wChannel, wTap0 and wTapSign. */
  protected float[] w = new float[1];
  /** Source extents: channels, depth, height, width. */
  protected int sC;
  protected int sD;
  protected int sH;
  protected int sW;
  /** Written extents: channels, depth, height, width. */
  protected int rC;
  protected int rD;
  protected int rH;
  protected int rW;
  /** Padding and stride of the tile correlation (depth: 0 and 1 in 2D). */
  protected int tPad;
  protected int tPadD;
  protected int tStride;
  protected int tStrideD;
  protected int wLane;
  protected int wChannel;
  protected int wTap0;
  protected int wTapSign;
  /** rD·rH·rW of the written tensor. */
  protected int plane;
  /** ceil(rC / TILE_C). */
  protected int channelBlocks;
  /** ceil(rW / TILE_W). */
  protected int columnBlocks;
  /** First column of the last block: max(0, rW − TILE_W). */
  protected int lastColumn;
  /** rD·rH·columnBlocks: work-items along dimension 0. */
  protected int tiles;

  /**
   * Sets the tile correlation: {@code src} [N, sC, sD, sH, sW] correlated with {@code w} (zero padding {@code pad},
   * stride {@code stride} along height and width, {@code padD}/{@code strideD} along depth) into {@code result}
   * [N, rC, rD, rH, rW]. Call after {@code bindGeometry}.
   */
  protected final void bindTiles(float[] src, int sC, int sD, int sH, int sW, float[] w, int wLane, int wChannel, int wTap0,
      int wTapSign, int pad, int padD, int stride, int strideD, float[] result, int rC, int rD, int rH, int rW) {
    this.src = src;
    this.sC = sC;
    this.sD = sD;
    this.sH = sH;
    this.sW = sW;
    this.w = w;
    this.wLane = wLane;
    this.wChannel = wChannel;
    this.wTap0 = wTap0;
    this.wTapSign = wTapSign;
    this.tPad = pad;
    this.tPadD = padD;
    this.tStride = stride;
    this.tStrideD = strideD;
    this.result = result;
    this.rC = rC;
    this.rD = rD;
    this.rH = rH;
    this.rW = rW;
    this.plane = rD * rH * rW;
    this.channelBlocks = (rC + TILE_C - 1) / TILE_C;
    this.columnBlocks = (rW + TILE_W - 1) / TILE_W;
    this.lastColumn = Math.max(0, rW - TILE_W);
    this.tiles = rD * rH * columnBlocks;
  }

  /** Work-items along dimension 0: (depth, row, column block) of the written tensor. */
  public int width() {
    return tiles;
  }

  /** Work-items along dimension 1: (sample, channel block) pairs. */
  public int height() {
    return batch * channelBlocks;
  }

  /**
   * One tile: {@value #TILE_C} written channels × {@value #TILE_W} columns, each the sum over source channels and
   * the kd × k × k taps. {@code k} and {@code kd} shadow the fields.
   */
  protected void correlateTile(int k, int kd) {
    int p = getGlobalId(0);
    int nb = getGlobalId(1);
    if (p < tiles) {
      int t = p / columnBlocks;
      int ow0 = min((p % columnBlocks) * TILE_W, lastColumn);
      int oh = t % rH;
      int od = t / rH;
      int n = nb / channelBlocks;
      int co0 = (nb % channelBlocks) * TILE_C;
      tile(n, co0, od, oh, ow0, k, kd);
    }
  }

  /** The tile at (n, co0.., od, oh, ow0..); lanes past the last channel read the last channel and are not stored. */
  protected void tile(int n, int co0, int od, int oh, int ow0, int k, int kd) {
    int wBase = co0 * wLane + wTap0;
    int l1 = laneOffset(co0, 1, rC, wLane);
    int l2 = laneOffset(co0, 2, rC, wLane);
    int l3 = laneOffset(co0, 3, rC, wLane);
    int l4 = laneOffset(co0, 4, rC, wLane);
    int l5 = laneOffset(co0, 5, rC, wLane);
    int l6 = laneOffset(co0, 6, rC, wLane);
    int l7 = laneOffset(co0, 7, rC, wLane);
    int d0 = od * tStrideD - tPadD;
    int h0 = oh * tStride - tPad;
    int c0 = ow0 * tStride - tPad;
    // interior tile, stride 1: every load is inside the source and the eight columns are adjacent. The masked path
    // repeats the multiply-adds on purpose: one loop body with an "unmasked" flag is not specialised by PoCL (~2x).
    int interior = (tStride == 1 && tStrideD == 1 && rW >= TILE_W && d0 >= 0 && d0 + kd <= sD && h0 >= 0 && h0 + k <= sH
        && c0 >= 0 && c0 + TILE_W - 1 + k <= sW) ? 1 : 0;
    // acc a<channel><column>
    float a00 = 0f;
    float a01 = 0f;
    float a02 = 0f;
    float a03 = 0f;
    float a04 = 0f;
    float a05 = 0f;
    float a06 = 0f;
    float a07 = 0f;
    float a10 = 0f;
    float a11 = 0f;
    float a12 = 0f;
    float a13 = 0f;
    float a14 = 0f;
    float a15 = 0f;
    float a16 = 0f;
    float a17 = 0f;
    float a20 = 0f;
    float a21 = 0f;
    float a22 = 0f;
    float a23 = 0f;
    float a24 = 0f;
    float a25 = 0f;
    float a26 = 0f;
    float a27 = 0f;
    float a30 = 0f;
    float a31 = 0f;
    float a32 = 0f;
    float a33 = 0f;
    float a34 = 0f;
    float a35 = 0f;
    float a36 = 0f;
    float a37 = 0f;
    float a40 = 0f;
    float a41 = 0f;
    float a42 = 0f;
    float a43 = 0f;
    float a44 = 0f;
    float a45 = 0f;
    float a46 = 0f;
    float a47 = 0f;
    float a50 = 0f;
    float a51 = 0f;
    float a52 = 0f;
    float a53 = 0f;
    float a54 = 0f;
    float a55 = 0f;
    float a56 = 0f;
    float a57 = 0f;
    float a60 = 0f;
    float a61 = 0f;
    float a62 = 0f;
    float a63 = 0f;
    float a64 = 0f;
    float a65 = 0f;
    float a66 = 0f;
    float a67 = 0f;
    float a70 = 0f;
    float a71 = 0f;
    float a72 = 0f;
    float a73 = 0f;
    float a74 = 0f;
    float a75 = 0f;
    float a76 = 0f;
    float a77 = 0f;
    if (interior == 1) {
      for (int ci = 0; ci < sC; ci++) {
        int sPlane = (n * sC + ci) * sD;
        int wPlane = wBase + ci * wChannel;
        for (int a = 0; a < kd; a++) {
          for (int b = 0; b < k; b++) {
            int sRow = ((sPlane + d0 + a) * sH + h0 + b) * sW + c0;
            int wRow = wPlane + wTapSign * ((a * k + b) * k);
            for (int c = 0; c < k; c++) {
              float s0 = src[sRow + c];
              float s1 = src[sRow + c + 1];
              float s2 = src[sRow + c + 2];
              float s3 = src[sRow + c + 3];
              float s4 = src[sRow + c + 4];
              float s5 = src[sRow + c + 5];
              float s6 = src[sRow + c + 6];
              float s7 = src[sRow + c + 7];
              int wAt = wRow + wTapSign * c;
              float v0 = w[wAt];
              float v1 = w[wAt + l1];
              float v2 = w[wAt + l2];
              float v3 = w[wAt + l3];
              float v4 = w[wAt + l4];
              float v5 = w[wAt + l5];
              float v6 = w[wAt + l6];
              float v7 = w[wAt + l7];
              a00 += s0 * v0;
              a01 += s1 * v0;
              a02 += s2 * v0;
              a03 += s3 * v0;
              a04 += s4 * v0;
              a05 += s5 * v0;
              a06 += s6 * v0;
              a07 += s7 * v0;
              a10 += s0 * v1;
              a11 += s1 * v1;
              a12 += s2 * v1;
              a13 += s3 * v1;
              a14 += s4 * v1;
              a15 += s5 * v1;
              a16 += s6 * v1;
              a17 += s7 * v1;
              a20 += s0 * v2;
              a21 += s1 * v2;
              a22 += s2 * v2;
              a23 += s3 * v2;
              a24 += s4 * v2;
              a25 += s5 * v2;
              a26 += s6 * v2;
              a27 += s7 * v2;
              a30 += s0 * v3;
              a31 += s1 * v3;
              a32 += s2 * v3;
              a33 += s3 * v3;
              a34 += s4 * v3;
              a35 += s5 * v3;
              a36 += s6 * v3;
              a37 += s7 * v3;
              a40 += s0 * v4;
              a41 += s1 * v4;
              a42 += s2 * v4;
              a43 += s3 * v4;
              a44 += s4 * v4;
              a45 += s5 * v4;
              a46 += s6 * v4;
              a47 += s7 * v4;
              a50 += s0 * v5;
              a51 += s1 * v5;
              a52 += s2 * v5;
              a53 += s3 * v5;
              a54 += s4 * v5;
              a55 += s5 * v5;
              a56 += s6 * v5;
              a57 += s7 * v5;
              a60 += s0 * v6;
              a61 += s1 * v6;
              a62 += s2 * v6;
              a63 += s3 * v6;
              a64 += s4 * v6;
              a65 += s5 * v6;
              a66 += s6 * v6;
              a67 += s7 * v6;
              a70 += s0 * v7;
              a71 += s1 * v7;
              a72 += s2 * v7;
              a73 += s3 * v7;
              a74 += s4 * v7;
              a75 += s5 * v7;
              a76 += s6 * v7;
              a77 += s7 * v7;
            }
          }
        }
      }
    } else {
      for (int ci = 0; ci < sC; ci++) {
        int sPlane = (n * sC + ci) * sD;
        int wPlane = wBase + ci * wChannel;
        for (int a = 0; a < kd; a++) {
          int id = d0 + a;
          for (int b = 0; b < k; b++) {
            int ih = h0 + b;
            int rowOk = (id >= 0 && id < sD && ih >= 0 && ih < sH) ? 1 : 0;
            int sRow = rowOk == 1 ? ((sPlane + id) * sH + ih) * sW : 0;
            int wRow = wPlane + wTapSign * ((a * k + b) * k);
            for (int c = 0; c < k; c++) {
              int iw = c0 + c;
              float s0 = (rowOk == 1 && iw + 0 * tStride >= 0 && iw + 0 * tStride < sW) ? src[sRow + iw + 0 * tStride] : 0f;
              float s1 = (rowOk == 1 && iw + 1 * tStride >= 0 && iw + 1 * tStride < sW) ? src[sRow + iw + 1 * tStride] : 0f;
              float s2 = (rowOk == 1 && iw + 2 * tStride >= 0 && iw + 2 * tStride < sW) ? src[sRow + iw + 2 * tStride] : 0f;
              float s3 = (rowOk == 1 && iw + 3 * tStride >= 0 && iw + 3 * tStride < sW) ? src[sRow + iw + 3 * tStride] : 0f;
              float s4 = (rowOk == 1 && iw + 4 * tStride >= 0 && iw + 4 * tStride < sW) ? src[sRow + iw + 4 * tStride] : 0f;
              float s5 = (rowOk == 1 && iw + 5 * tStride >= 0 && iw + 5 * tStride < sW) ? src[sRow + iw + 5 * tStride] : 0f;
              float s6 = (rowOk == 1 && iw + 6 * tStride >= 0 && iw + 6 * tStride < sW) ? src[sRow + iw + 6 * tStride] : 0f;
              float s7 = (rowOk == 1 && iw + 7 * tStride >= 0 && iw + 7 * tStride < sW) ? src[sRow + iw + 7 * tStride] : 0f;
              int wAt = wRow + wTapSign * c;
              float v0 = w[wAt];
              float v1 = w[wAt + l1];
              float v2 = w[wAt + l2];
              float v3 = w[wAt + l3];
              float v4 = w[wAt + l4];
              float v5 = w[wAt + l5];
              float v6 = w[wAt + l6];
              float v7 = w[wAt + l7];
              a00 += s0 * v0;
              a01 += s1 * v0;
              a02 += s2 * v0;
              a03 += s3 * v0;
              a04 += s4 * v0;
              a05 += s5 * v0;
              a06 += s6 * v0;
              a07 += s7 * v0;
              a10 += s0 * v1;
              a11 += s1 * v1;
              a12 += s2 * v1;
              a13 += s3 * v1;
              a14 += s4 * v1;
              a15 += s5 * v1;
              a16 += s6 * v1;
              a17 += s7 * v1;
              a20 += s0 * v2;
              a21 += s1 * v2;
              a22 += s2 * v2;
              a23 += s3 * v2;
              a24 += s4 * v2;
              a25 += s5 * v2;
              a26 += s6 * v2;
              a27 += s7 * v2;
              a30 += s0 * v3;
              a31 += s1 * v3;
              a32 += s2 * v3;
              a33 += s3 * v3;
              a34 += s4 * v3;
              a35 += s5 * v3;
              a36 += s6 * v3;
              a37 += s7 * v3;
              a40 += s0 * v4;
              a41 += s1 * v4;
              a42 += s2 * v4;
              a43 += s3 * v4;
              a44 += s4 * v4;
              a45 += s5 * v4;
              a46 += s6 * v4;
              a47 += s7 * v4;
              a50 += s0 * v5;
              a51 += s1 * v5;
              a52 += s2 * v5;
              a53 += s3 * v5;
              a54 += s4 * v5;
              a55 += s5 * v5;
              a56 += s6 * v5;
              a57 += s7 * v5;
              a60 += s0 * v6;
              a61 += s1 * v6;
              a62 += s2 * v6;
              a63 += s3 * v6;
              a64 += s4 * v6;
              a65 += s5 * v6;
              a66 += s6 * v6;
              a67 += s7 * v6;
              a70 += s0 * v7;
              a71 += s1 * v7;
              a72 += s2 * v7;
              a73 += s3 * v7;
              a74 += s4 * v7;
              a75 += s5 * v7;
              a76 += s6 * v7;
              a77 += s7 * v7;
            }
          }
        }
      }
    }
    int at = (n * rC + co0) * plane + (od * rH + oh) * rW + ow0;
    // the second half of a row exists unless the row is narrower than a tile
    int rightHalf = ow0 + 4 < rW ? 1 : 0;
    store4(at, 1, ow0, rW, a00, a01, a02, a03);
    if (rightHalf == 1) {
      store4(at + 4, 1, ow0 + 4, rW, a04, a05, a06, a07);
    }
    if (co0 + 1 < rC) {
      store4(at + 1 * plane, 1, ow0, rW, a10, a11, a12, a13);
      if (rightHalf == 1) {
        store4(at + 1 * plane + 4, 1, ow0 + 4, rW, a14, a15, a16, a17);
      }
    }
    if (co0 + 2 < rC) {
      store4(at + 2 * plane, 1, ow0, rW, a20, a21, a22, a23);
      if (rightHalf == 1) {
        store4(at + 2 * plane + 4, 1, ow0 + 4, rW, a24, a25, a26, a27);
      }
    }
    if (co0 + 3 < rC) {
      store4(at + 3 * plane, 1, ow0, rW, a30, a31, a32, a33);
      if (rightHalf == 1) {
        store4(at + 3 * plane + 4, 1, ow0 + 4, rW, a34, a35, a36, a37);
      }
    }
    if (co0 + 4 < rC) {
      store4(at + 4 * plane, 1, ow0, rW, a40, a41, a42, a43);
      if (rightHalf == 1) {
        store4(at + 4 * plane + 4, 1, ow0 + 4, rW, a44, a45, a46, a47);
      }
    }
    if (co0 + 5 < rC) {
      store4(at + 5 * plane, 1, ow0, rW, a50, a51, a52, a53);
      if (rightHalf == 1) {
        store4(at + 5 * plane + 4, 1, ow0 + 4, rW, a54, a55, a56, a57);
      }
    }
    if (co0 + 6 < rC) {
      store4(at + 6 * plane, 1, ow0, rW, a60, a61, a62, a63);
      if (rightHalf == 1) {
        store4(at + 6 * plane + 4, 1, ow0 + 4, rW, a64, a65, a66, a67);
      }
    }
    if (co0 + 7 < rC) {
      store4(at + 7 * plane, 1, ow0, rW, a70, a71, a72, a73);
      if (rightHalf == 1) {
        store4(at + 7 * plane + 4, 1, ow0 + 4, rW, a74, a75, a76, a77);
      }
    }
  }
}
