package org.gconv4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled inner loops of {@link CpuBackend}. Both kernels sum in a fixed order that
 * does not depend on the thread count, and never use {@code reduceLanes} (whose order differs
 * between the interpreter and C2), so the same inputs always give the same bits.
 */
final class VectorKernels {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int VL = SPECIES.length();
  /** Output channels per forward register tile. */
  static final int OB = 8;
  /** Vectors of output positions per forward register tile. */
  static final int V = 3;
  /** Extended positions per forward tile. */
  static final int TILE = V * VL;
  /** Output channels per weight-gradient tile. */
  static final int GO = 4;
  /** (Input channel, tap) pairs per weight-gradient tile. */
  static final int GT = 6;
  /** Vectors of channels per channel-path tile ({@link ChannelCorrelation}). */
  static final int CV = 3;
  /** Channels per channel-path block: CV vectors. */
  static final int CB = CV * VL;
  /** Rows ((image, position) pairs, or (channel, tap) entries for the weight gradient) per channel-path tile. */
  static final int ROWS = 8;

  private VectorKernels() {}

  /**
   * ext[eBase + j·eStride + p] = Σ_i wp[wBase + i·OB + j] · buf[base + offs[i] + p] for the OB channels
   * j of one block and p0 ≤ p < p1 (multiples of TILE); i runs over (input channel, tap) pairs.
   *
   * <p>One flat loop with the accumulators in fresh locals: C2 (JDK 17) keeps them in registers
   * only in this shape; nested loops around the accumulators made it box every vector. 32-register
   * files only: on 16 ({@link #forward3}) C2 spills about 13 of its accumulators to the stack.
   */
  static void forwardBlock(float[] buf, int[] offs, int base, int p0, int p1, float[] wp, int wBase, float[] ext, int eBase, int eStride) {
    int count = offs.length;
    int e0 = eBase + 0 * eStride;
    int e1 = eBase + 1 * eStride;
    int e2 = eBase + 2 * eStride;
    int e3 = eBase + 3 * eStride;
    int e4 = eBase + 4 * eStride;
    int e5 = eBase + 5 * eStride;
    int e6 = eBase + 6 * eStride;
    int e7 = eBase + 7 * eStride;
    for (int p = p0; p < p1; p += TILE) {
      FloatVector a00 = FloatVector.zero(SPECIES);
      FloatVector a01 = FloatVector.zero(SPECIES);
      FloatVector a02 = FloatVector.zero(SPECIES);
      FloatVector a10 = FloatVector.zero(SPECIES);
      FloatVector a11 = FloatVector.zero(SPECIES);
      FloatVector a12 = FloatVector.zero(SPECIES);
      FloatVector a20 = FloatVector.zero(SPECIES);
      FloatVector a21 = FloatVector.zero(SPECIES);
      FloatVector a22 = FloatVector.zero(SPECIES);
      FloatVector a30 = FloatVector.zero(SPECIES);
      FloatVector a31 = FloatVector.zero(SPECIES);
      FloatVector a32 = FloatVector.zero(SPECIES);
      FloatVector a40 = FloatVector.zero(SPECIES);
      FloatVector a41 = FloatVector.zero(SPECIES);
      FloatVector a42 = FloatVector.zero(SPECIES);
      FloatVector a50 = FloatVector.zero(SPECIES);
      FloatVector a51 = FloatVector.zero(SPECIES);
      FloatVector a52 = FloatVector.zero(SPECIES);
      FloatVector a60 = FloatVector.zero(SPECIES);
      FloatVector a61 = FloatVector.zero(SPECIES);
      FloatVector a62 = FloatVector.zero(SPECIES);
      FloatVector a70 = FloatVector.zero(SPECIES);
      FloatVector a71 = FloatVector.zero(SPECIES);
      FloatVector a72 = FloatVector.zero(SPECIES);
      int bp = base + p;
      for (int i = 0; i < count; i++) {
        int o = bp + offs[i];
        FloatVector x0 = FloatVector.fromArray(SPECIES, buf, o);
        FloatVector x1 = FloatVector.fromArray(SPECIES, buf, o + VL);
        FloatVector x2 = FloatVector.fromArray(SPECIES, buf, o + 2 * VL);
        int wb = wBase + i * OB;
        FloatVector w = FloatVector.broadcast(SPECIES, wp[wb]);
        a00 = x0.fma(w, a00);
        a01 = x1.fma(w, a01);
        a02 = x2.fma(w, a02);
        w = FloatVector.broadcast(SPECIES, wp[wb + 1]);
        a10 = x0.fma(w, a10);
        a11 = x1.fma(w, a11);
        a12 = x2.fma(w, a12);
        w = FloatVector.broadcast(SPECIES, wp[wb + 2]);
        a20 = x0.fma(w, a20);
        a21 = x1.fma(w, a21);
        a22 = x2.fma(w, a22);
        w = FloatVector.broadcast(SPECIES, wp[wb + 3]);
        a30 = x0.fma(w, a30);
        a31 = x1.fma(w, a31);
        a32 = x2.fma(w, a32);
        w = FloatVector.broadcast(SPECIES, wp[wb + 4]);
        a40 = x0.fma(w, a40);
        a41 = x1.fma(w, a41);
        a42 = x2.fma(w, a42);
        w = FloatVector.broadcast(SPECIES, wp[wb + 5]);
        a50 = x0.fma(w, a50);
        a51 = x1.fma(w, a51);
        a52 = x2.fma(w, a52);
        w = FloatVector.broadcast(SPECIES, wp[wb + 6]);
        a60 = x0.fma(w, a60);
        a61 = x1.fma(w, a61);
        a62 = x2.fma(w, a62);
        w = FloatVector.broadcast(SPECIES, wp[wb + 7]);
        a70 = x0.fma(w, a70);
        a71 = x1.fma(w, a71);
        a72 = x2.fma(w, a72);
      }
      a00.intoArray(ext, e0 + p);
      a01.intoArray(ext, e0 + p + VL);
      a02.intoArray(ext, e0 + p + 2 * VL);
      a10.intoArray(ext, e1 + p);
      a11.intoArray(ext, e1 + p + VL);
      a12.intoArray(ext, e1 + p + 2 * VL);
      a20.intoArray(ext, e2 + p);
      a21.intoArray(ext, e2 + p + VL);
      a22.intoArray(ext, e2 + p + 2 * VL);
      a30.intoArray(ext, e3 + p);
      a31.intoArray(ext, e3 + p + VL);
      a32.intoArray(ext, e3 + p + 2 * VL);
      a40.intoArray(ext, e4 + p);
      a41.intoArray(ext, e4 + p + VL);
      a42.intoArray(ext, e4 + p + 2 * VL);
      a50.intoArray(ext, e5 + p);
      a51.intoArray(ext, e5 + p + VL);
      a52.intoArray(ext, e5 + p + 2 * VL);
      a60.intoArray(ext, e6 + p);
      a61.intoArray(ext, e6 + p + VL);
      a62.intoArray(ext, e6 + p + 2 * VL);
      a70.intoArray(ext, e7 + p);
      a71.intoArray(ext, e7 + p + VL);
      a72.intoArray(ext, e7 + p + 2 * VL);
    }
  }

  /**
   * {@link #forwardBlock} for the 3 channels h..h+2 of the block only, for 16-register files (AVX2): 9 accumulators, 3
   * inputs and a broadcast (13 vectors), so C2 keeps every accumulator in a register. Each output sums in
   * forwardBlock's order: the same bits. The 8 × 3 tile and its 4 × 3 halves do not fit 16 registers with C2's
   * allocation (the halves keep a zero vector and up to 3 broadcasts live as well): C2 spills some accumulators to
   * 32-byte stack slots that are loaded and stored on every step, and where such a slot straddles a 4 KB page (which
   * depends on the stack depth of the call, so on the caller and on which tier compiled it) every step pays a page-split
   * load and store: the kernel ran 2.7-5× slower (docs/notes/2026-12-07-avx2-slow-mode.md). A block runs as 3 + 3 + 2
   * channels ({@link #forward2} for the last 2).
   */
  static void forward3(float[] buf, int[] offs, int base, int p0, int p1, float[] wp, int wBase, int h, float[] ext, int eBase, int eStride) {
    int count = offs.length;
    int e0 = eBase + (h + 0) * eStride;
    int e1 = eBase + (h + 1) * eStride;
    int e2 = eBase + (h + 2) * eStride;
    int wh = wBase + h;
    for (int p = p0; p < p1; p += TILE) {
      FloatVector a00 = FloatVector.zero(SPECIES);
      FloatVector a01 = FloatVector.zero(SPECIES);
      FloatVector a02 = FloatVector.zero(SPECIES);
      FloatVector a10 = FloatVector.zero(SPECIES);
      FloatVector a11 = FloatVector.zero(SPECIES);
      FloatVector a12 = FloatVector.zero(SPECIES);
      FloatVector a20 = FloatVector.zero(SPECIES);
      FloatVector a21 = FloatVector.zero(SPECIES);
      FloatVector a22 = FloatVector.zero(SPECIES);
      int bp = base + p;
      for (int i = 0; i < count; i++) {
        int o = bp + offs[i];
        FloatVector x0 = FloatVector.fromArray(SPECIES, buf, o);
        FloatVector x1 = FloatVector.fromArray(SPECIES, buf, o + VL);
        FloatVector x2 = FloatVector.fromArray(SPECIES, buf, o + 2 * VL);
        int wb = wh + i * OB;
        FloatVector w = FloatVector.broadcast(SPECIES, wp[wb]);
        a00 = x0.fma(w, a00);
        a01 = x1.fma(w, a01);
        a02 = x2.fma(w, a02);
        w = FloatVector.broadcast(SPECIES, wp[wb + 1]);
        a10 = x0.fma(w, a10);
        a11 = x1.fma(w, a11);
        a12 = x2.fma(w, a12);
        w = FloatVector.broadcast(SPECIES, wp[wb + 2]);
        a20 = x0.fma(w, a20);
        a21 = x1.fma(w, a21);
        a22 = x2.fma(w, a22);
      }
      a00.intoArray(ext, e0 + p);
      a01.intoArray(ext, e0 + p + VL);
      a02.intoArray(ext, e0 + p + 2 * VL);
      a10.intoArray(ext, e1 + p);
      a11.intoArray(ext, e1 + p + VL);
      a12.intoArray(ext, e1 + p + 2 * VL);
      a20.intoArray(ext, e2 + p);
      a21.intoArray(ext, e2 + p + VL);
      a22.intoArray(ext, e2 + p + 2 * VL);
    }
  }

  /** {@link #forward3} for the 2 channels h, h+1 of the block only (6 accumulators, 10 vectors): a block's channels 6 and 7. */
  static void forward2(float[] buf, int[] offs, int base, int p0, int p1, float[] wp, int wBase, int h, float[] ext, int eBase, int eStride) {
    int count = offs.length;
    int e0 = eBase + (h + 0) * eStride;
    int e1 = eBase + (h + 1) * eStride;
    int wh = wBase + h;
    for (int p = p0; p < p1; p += TILE) {
      FloatVector a00 = FloatVector.zero(SPECIES);
      FloatVector a01 = FloatVector.zero(SPECIES);
      FloatVector a02 = FloatVector.zero(SPECIES);
      FloatVector a10 = FloatVector.zero(SPECIES);
      FloatVector a11 = FloatVector.zero(SPECIES);
      FloatVector a12 = FloatVector.zero(SPECIES);
      int bp = base + p;
      for (int i = 0; i < count; i++) {
        int o = bp + offs[i];
        FloatVector x0 = FloatVector.fromArray(SPECIES, buf, o);
        FloatVector x1 = FloatVector.fromArray(SPECIES, buf, o + VL);
        FloatVector x2 = FloatVector.fromArray(SPECIES, buf, o + 2 * VL);
        int wb = wh + i * OB;
        FloatVector w = FloatVector.broadcast(SPECIES, wp[wb]);
        a00 = x0.fma(w, a00);
        a01 = x1.fma(w, a01);
        a02 = x2.fma(w, a02);
        w = FloatVector.broadcast(SPECIES, wp[wb + 1]);
        a10 = x0.fma(w, a10);
        a11 = x1.fma(w, a11);
        a12 = x2.fma(w, a12);
      }
      a00.intoArray(ext, e0 + p);
      a01.intoArray(ext, e0 + p + VL);
      a02.intoArray(ext, e0 + p + 2 * VL);
      a10.intoArray(ext, e1 + p);
      a11.intoArray(ext, e1 + p + VL);
      a12.intoArray(ext, e1 + p + 2 * VL);
    }
  }

  /**
   * Adds, lane-wise, Σ_k gy[k·VL + j·gStride + lane] · buf[xo[k] + off_i + lane] over the vector
   * steps k < steps, for the GO output channels j and GT (input channel, tap) offsets off_i =
   * offs[oBase + i] of one tile, into {@code partial[pBase + (j·GT + i)·VL + lane]}. The steps list
   * the output positions of several images and depths (the output gradient is packed contiguously,
   * so only the input side needs an index), and the accumulators stay in registers over all of them.
   * 4 × 6 accumulators need 10 loads per 24 FMAs (8 × 3 needed 11).
   */
  static void weightTile(float[] gy, int gStride, float[] buf, int[] xo, int[] offs, int oBase, int steps, float[] partial, int pBase) {
    FloatVector a00 = FloatVector.fromArray(SPECIES, partial, pBase + 0 * VL);
    FloatVector a01 = FloatVector.fromArray(SPECIES, partial, pBase + 1 * VL);
    FloatVector a02 = FloatVector.fromArray(SPECIES, partial, pBase + 2 * VL);
    FloatVector a03 = FloatVector.fromArray(SPECIES, partial, pBase + 3 * VL);
    FloatVector a04 = FloatVector.fromArray(SPECIES, partial, pBase + 4 * VL);
    FloatVector a05 = FloatVector.fromArray(SPECIES, partial, pBase + 5 * VL);
    FloatVector a10 = FloatVector.fromArray(SPECIES, partial, pBase + 6 * VL);
    FloatVector a11 = FloatVector.fromArray(SPECIES, partial, pBase + 7 * VL);
    FloatVector a12 = FloatVector.fromArray(SPECIES, partial, pBase + 8 * VL);
    FloatVector a13 = FloatVector.fromArray(SPECIES, partial, pBase + 9 * VL);
    FloatVector a14 = FloatVector.fromArray(SPECIES, partial, pBase + 10 * VL);
    FloatVector a15 = FloatVector.fromArray(SPECIES, partial, pBase + 11 * VL);
    FloatVector a20 = FloatVector.fromArray(SPECIES, partial, pBase + 12 * VL);
    FloatVector a21 = FloatVector.fromArray(SPECIES, partial, pBase + 13 * VL);
    FloatVector a22 = FloatVector.fromArray(SPECIES, partial, pBase + 14 * VL);
    FloatVector a23 = FloatVector.fromArray(SPECIES, partial, pBase + 15 * VL);
    FloatVector a24 = FloatVector.fromArray(SPECIES, partial, pBase + 16 * VL);
    FloatVector a25 = FloatVector.fromArray(SPECIES, partial, pBase + 17 * VL);
    FloatVector a30 = FloatVector.fromArray(SPECIES, partial, pBase + 18 * VL);
    FloatVector a31 = FloatVector.fromArray(SPECIES, partial, pBase + 19 * VL);
    FloatVector a32 = FloatVector.fromArray(SPECIES, partial, pBase + 20 * VL);
    FloatVector a33 = FloatVector.fromArray(SPECIES, partial, pBase + 21 * VL);
    FloatVector a34 = FloatVector.fromArray(SPECIES, partial, pBase + 22 * VL);
    FloatVector a35 = FloatVector.fromArray(SPECIES, partial, pBase + 23 * VL);
    int o0 = offs[oBase + 0];
    int o1 = offs[oBase + 1];
    int o2 = offs[oBase + 2];
    int o3 = offs[oBase + 3];
    int o4 = offs[oBase + 4];
    int o5 = offs[oBase + 5];
    int s1 = 1 * gStride;
    int s2 = 2 * gStride;
    int s3 = 3 * gStride;
    for (int k = 0; k < steps; k++) {
      int xk = xo[k];
      int gk = k * VL;
      FloatVector x0 = FloatVector.fromArray(SPECIES, buf, xk + o0);
      FloatVector x1 = FloatVector.fromArray(SPECIES, buf, xk + o1);
      FloatVector x2 = FloatVector.fromArray(SPECIES, buf, xk + o2);
      FloatVector x3 = FloatVector.fromArray(SPECIES, buf, xk + o3);
      FloatVector x4 = FloatVector.fromArray(SPECIES, buf, xk + o4);
      FloatVector x5 = FloatVector.fromArray(SPECIES, buf, xk + o5);
      FloatVector g0 = FloatVector.fromArray(SPECIES, gy, gk);
      a00 = g0.fma(x0, a00);
      a01 = g0.fma(x1, a01);
      a02 = g0.fma(x2, a02);
      a03 = g0.fma(x3, a03);
      a04 = g0.fma(x4, a04);
      a05 = g0.fma(x5, a05);
      FloatVector g1 = FloatVector.fromArray(SPECIES, gy, gk + s1);
      a10 = g1.fma(x0, a10);
      a11 = g1.fma(x1, a11);
      a12 = g1.fma(x2, a12);
      a13 = g1.fma(x3, a13);
      a14 = g1.fma(x4, a14);
      a15 = g1.fma(x5, a15);
      FloatVector g2 = FloatVector.fromArray(SPECIES, gy, gk + s2);
      a20 = g2.fma(x0, a20);
      a21 = g2.fma(x1, a21);
      a22 = g2.fma(x2, a22);
      a23 = g2.fma(x3, a23);
      a24 = g2.fma(x4, a24);
      a25 = g2.fma(x5, a25);
      FloatVector g3 = FloatVector.fromArray(SPECIES, gy, gk + s3);
      a30 = g3.fma(x0, a30);
      a31 = g3.fma(x1, a31);
      a32 = g3.fma(x2, a32);
      a33 = g3.fma(x3, a33);
      a34 = g3.fma(x4, a34);
      a35 = g3.fma(x5, a35);
    }
    a00.intoArray(partial, pBase + 0 * VL);
    a01.intoArray(partial, pBase + 1 * VL);
    a02.intoArray(partial, pBase + 2 * VL);
    a03.intoArray(partial, pBase + 3 * VL);
    a04.intoArray(partial, pBase + 4 * VL);
    a05.intoArray(partial, pBase + 5 * VL);
    a10.intoArray(partial, pBase + 6 * VL);
    a11.intoArray(partial, pBase + 7 * VL);
    a12.intoArray(partial, pBase + 8 * VL);
    a13.intoArray(partial, pBase + 9 * VL);
    a14.intoArray(partial, pBase + 10 * VL);
    a15.intoArray(partial, pBase + 11 * VL);
    a20.intoArray(partial, pBase + 12 * VL);
    a21.intoArray(partial, pBase + 13 * VL);
    a22.intoArray(partial, pBase + 14 * VL);
    a23.intoArray(partial, pBase + 15 * VL);
    a24.intoArray(partial, pBase + 16 * VL);
    a25.intoArray(partial, pBase + 17 * VL);
    a30.intoArray(partial, pBase + 18 * VL);
    a31.intoArray(partial, pBase + 19 * VL);
    a32.intoArray(partial, pBase + 20 * VL);
    a33.intoArray(partial, pBase + 21 * VL);
    a34.intoArray(partial, pBase + 22 * VL);
    a35.intoArray(partial, pBase + 23 * VL);
  }

  /**
   * The channel path's product: tile[tBase + r·CB + c] += Σ_k wp[wBase + wRows[k] + c] · src[rows[r0 + r] + offs[k]]
   * for the ROWS rows r of one tile and the CB channels c of one block; k runs over the entries [k0, k1) ((channel,
   * tap) pairs) in order (a run of entries continues the sums the tile holds: the same bits as one run).
   * 3 weight vectors and 8 broadcasts per 24 FMAs; every lane holds a channel, no position is computed twice.
   */
  static void rowTile(float[] src, int[] rows, int r0, int[] offs, int[] wRows, int k0, int k1, float[] wp, int wBase, float[] tile, int tBase) {
    int b0 = rows[r0 + 0];
    int b1 = rows[r0 + 1];
    int b2 = rows[r0 + 2];
    int b3 = rows[r0 + 3];
    int b4 = rows[r0 + 4];
    int b5 = rows[r0 + 5];
    int b6 = rows[r0 + 6];
    int b7 = rows[r0 + 7];
    FloatVector a00 = FloatVector.fromArray(SPECIES, tile, tBase + 0 * VL);
    FloatVector a01 = FloatVector.fromArray(SPECIES, tile, tBase + 1 * VL);
    FloatVector a02 = FloatVector.fromArray(SPECIES, tile, tBase + 2 * VL);
    FloatVector a10 = FloatVector.fromArray(SPECIES, tile, tBase + 3 * VL);
    FloatVector a11 = FloatVector.fromArray(SPECIES, tile, tBase + 4 * VL);
    FloatVector a12 = FloatVector.fromArray(SPECIES, tile, tBase + 5 * VL);
    FloatVector a20 = FloatVector.fromArray(SPECIES, tile, tBase + 6 * VL);
    FloatVector a21 = FloatVector.fromArray(SPECIES, tile, tBase + 7 * VL);
    FloatVector a22 = FloatVector.fromArray(SPECIES, tile, tBase + 8 * VL);
    FloatVector a30 = FloatVector.fromArray(SPECIES, tile, tBase + 9 * VL);
    FloatVector a31 = FloatVector.fromArray(SPECIES, tile, tBase + 10 * VL);
    FloatVector a32 = FloatVector.fromArray(SPECIES, tile, tBase + 11 * VL);
    FloatVector a40 = FloatVector.fromArray(SPECIES, tile, tBase + 12 * VL);
    FloatVector a41 = FloatVector.fromArray(SPECIES, tile, tBase + 13 * VL);
    FloatVector a42 = FloatVector.fromArray(SPECIES, tile, tBase + 14 * VL);
    FloatVector a50 = FloatVector.fromArray(SPECIES, tile, tBase + 15 * VL);
    FloatVector a51 = FloatVector.fromArray(SPECIES, tile, tBase + 16 * VL);
    FloatVector a52 = FloatVector.fromArray(SPECIES, tile, tBase + 17 * VL);
    FloatVector a60 = FloatVector.fromArray(SPECIES, tile, tBase + 18 * VL);
    FloatVector a61 = FloatVector.fromArray(SPECIES, tile, tBase + 19 * VL);
    FloatVector a62 = FloatVector.fromArray(SPECIES, tile, tBase + 20 * VL);
    FloatVector a70 = FloatVector.fromArray(SPECIES, tile, tBase + 21 * VL);
    FloatVector a71 = FloatVector.fromArray(SPECIES, tile, tBase + 22 * VL);
    FloatVector a72 = FloatVector.fromArray(SPECIES, tile, tBase + 23 * VL);
    for (int k = k0; k < k1; k++) {
      int o = offs[k];
      int wk = wBase + wRows[k];
      FloatVector w0 = FloatVector.fromArray(SPECIES, wp, wk);
      FloatVector w1 = FloatVector.fromArray(SPECIES, wp, wk + VL);
      FloatVector w2 = FloatVector.fromArray(SPECIES, wp, wk + 2 * VL);
      FloatVector x;
      x = FloatVector.broadcast(SPECIES, src[b0 + o]);
      a00 = w0.fma(x, a00);
      a01 = w1.fma(x, a01);
      a02 = w2.fma(x, a02);
      x = FloatVector.broadcast(SPECIES, src[b1 + o]);
      a10 = w0.fma(x, a10);
      a11 = w1.fma(x, a11);
      a12 = w2.fma(x, a12);
      x = FloatVector.broadcast(SPECIES, src[b2 + o]);
      a20 = w0.fma(x, a20);
      a21 = w1.fma(x, a21);
      a22 = w2.fma(x, a22);
      x = FloatVector.broadcast(SPECIES, src[b3 + o]);
      a30 = w0.fma(x, a30);
      a31 = w1.fma(x, a31);
      a32 = w2.fma(x, a32);
      x = FloatVector.broadcast(SPECIES, src[b4 + o]);
      a40 = w0.fma(x, a40);
      a41 = w1.fma(x, a41);
      a42 = w2.fma(x, a42);
      x = FloatVector.broadcast(SPECIES, src[b5 + o]);
      a50 = w0.fma(x, a50);
      a51 = w1.fma(x, a51);
      a52 = w2.fma(x, a52);
      x = FloatVector.broadcast(SPECIES, src[b6 + o]);
      a60 = w0.fma(x, a60);
      a61 = w1.fma(x, a61);
      a62 = w2.fma(x, a62);
      x = FloatVector.broadcast(SPECIES, src[b7 + o]);
      a70 = w0.fma(x, a70);
      a71 = w1.fma(x, a71);
      a72 = w2.fma(x, a72);
    }
    a00.intoArray(tile, tBase + 0 * VL);
    a01.intoArray(tile, tBase + 1 * VL);
    a02.intoArray(tile, tBase + 2 * VL);
    a10.intoArray(tile, tBase + 3 * VL);
    a11.intoArray(tile, tBase + 4 * VL);
    a12.intoArray(tile, tBase + 5 * VL);
    a20.intoArray(tile, tBase + 6 * VL);
    a21.intoArray(tile, tBase + 7 * VL);
    a22.intoArray(tile, tBase + 8 * VL);
    a30.intoArray(tile, tBase + 9 * VL);
    a31.intoArray(tile, tBase + 10 * VL);
    a32.intoArray(tile, tBase + 11 * VL);
    a40.intoArray(tile, tBase + 12 * VL);
    a41.intoArray(tile, tBase + 13 * VL);
    a42.intoArray(tile, tBase + 14 * VL);
    a50.intoArray(tile, tBase + 15 * VL);
    a51.intoArray(tile, tBase + 16 * VL);
    a52.intoArray(tile, tBase + 17 * VL);
    a60.intoArray(tile, tBase + 18 * VL);
    a61.intoArray(tile, tBase + 19 * VL);
    a62.intoArray(tile, tBase + 20 * VL);
    a70.intoArray(tile, tBase + 21 * VL);
    a71.intoArray(tile, tBase + 22 * VL);
    a72.intoArray(tile, tBase + 23 * VL);
  }

  /**
   * The channel path's weight gradient: tile[tBase + j·CB + c] += Σ_{r < rowCount} gyt[gBase + r·CB + c] · src[rows[r0 + r]
   * + offs[k0 + j]] for the ROWS (input channel, tap) entries j of one tile and the CB output channels c of one block,
   * rows in order (a run of rows continues the sums the tile holds: the same bits as one run over all rows). 3
   * gradient vectors and 8 broadcasts per 24 FMAs; no lane sums.
   */
  static void weightRows(float[] gyt, int gBase, int rowCount, float[] src, int[] rows, int r0, int[] offs, int k0, float[] tile, int tBase) {
    int o0 = offs[k0 + 0];
    int o1 = offs[k0 + 1];
    int o2 = offs[k0 + 2];
    int o3 = offs[k0 + 3];
    int o4 = offs[k0 + 4];
    int o5 = offs[k0 + 5];
    int o6 = offs[k0 + 6];
    int o7 = offs[k0 + 7];
    FloatVector a00 = FloatVector.fromArray(SPECIES, tile, tBase + 0 * VL);
    FloatVector a01 = FloatVector.fromArray(SPECIES, tile, tBase + 1 * VL);
    FloatVector a02 = FloatVector.fromArray(SPECIES, tile, tBase + 2 * VL);
    FloatVector a10 = FloatVector.fromArray(SPECIES, tile, tBase + 3 * VL);
    FloatVector a11 = FloatVector.fromArray(SPECIES, tile, tBase + 4 * VL);
    FloatVector a12 = FloatVector.fromArray(SPECIES, tile, tBase + 5 * VL);
    FloatVector a20 = FloatVector.fromArray(SPECIES, tile, tBase + 6 * VL);
    FloatVector a21 = FloatVector.fromArray(SPECIES, tile, tBase + 7 * VL);
    FloatVector a22 = FloatVector.fromArray(SPECIES, tile, tBase + 8 * VL);
    FloatVector a30 = FloatVector.fromArray(SPECIES, tile, tBase + 9 * VL);
    FloatVector a31 = FloatVector.fromArray(SPECIES, tile, tBase + 10 * VL);
    FloatVector a32 = FloatVector.fromArray(SPECIES, tile, tBase + 11 * VL);
    FloatVector a40 = FloatVector.fromArray(SPECIES, tile, tBase + 12 * VL);
    FloatVector a41 = FloatVector.fromArray(SPECIES, tile, tBase + 13 * VL);
    FloatVector a42 = FloatVector.fromArray(SPECIES, tile, tBase + 14 * VL);
    FloatVector a50 = FloatVector.fromArray(SPECIES, tile, tBase + 15 * VL);
    FloatVector a51 = FloatVector.fromArray(SPECIES, tile, tBase + 16 * VL);
    FloatVector a52 = FloatVector.fromArray(SPECIES, tile, tBase + 17 * VL);
    FloatVector a60 = FloatVector.fromArray(SPECIES, tile, tBase + 18 * VL);
    FloatVector a61 = FloatVector.fromArray(SPECIES, tile, tBase + 19 * VL);
    FloatVector a62 = FloatVector.fromArray(SPECIES, tile, tBase + 20 * VL);
    FloatVector a70 = FloatVector.fromArray(SPECIES, tile, tBase + 21 * VL);
    FloatVector a71 = FloatVector.fromArray(SPECIES, tile, tBase + 22 * VL);
    FloatVector a72 = FloatVector.fromArray(SPECIES, tile, tBase + 23 * VL);
    for (int r = 0; r < rowCount; r++) {
      int b = rows[r0 + r];
      int gr = gBase + r * CB;
      FloatVector g0 = FloatVector.fromArray(SPECIES, gyt, gr);
      FloatVector g1 = FloatVector.fromArray(SPECIES, gyt, gr + VL);
      FloatVector g2 = FloatVector.fromArray(SPECIES, gyt, gr + 2 * VL);
      FloatVector x;
      x = FloatVector.broadcast(SPECIES, src[b + o0]);
      a00 = g0.fma(x, a00);
      a01 = g1.fma(x, a01);
      a02 = g2.fma(x, a02);
      x = FloatVector.broadcast(SPECIES, src[b + o1]);
      a10 = g0.fma(x, a10);
      a11 = g1.fma(x, a11);
      a12 = g2.fma(x, a12);
      x = FloatVector.broadcast(SPECIES, src[b + o2]);
      a20 = g0.fma(x, a20);
      a21 = g1.fma(x, a21);
      a22 = g2.fma(x, a22);
      x = FloatVector.broadcast(SPECIES, src[b + o3]);
      a30 = g0.fma(x, a30);
      a31 = g1.fma(x, a31);
      a32 = g2.fma(x, a32);
      x = FloatVector.broadcast(SPECIES, src[b + o4]);
      a40 = g0.fma(x, a40);
      a41 = g1.fma(x, a41);
      a42 = g2.fma(x, a42);
      x = FloatVector.broadcast(SPECIES, src[b + o5]);
      a50 = g0.fma(x, a50);
      a51 = g1.fma(x, a51);
      a52 = g2.fma(x, a52);
      x = FloatVector.broadcast(SPECIES, src[b + o6]);
      a60 = g0.fma(x, a60);
      a61 = g1.fma(x, a61);
      a62 = g2.fma(x, a62);
      x = FloatVector.broadcast(SPECIES, src[b + o7]);
      a70 = g0.fma(x, a70);
      a71 = g1.fma(x, a71);
      a72 = g2.fma(x, a72);
    }
    a00.intoArray(tile, tBase + 0 * VL);
    a01.intoArray(tile, tBase + 1 * VL);
    a02.intoArray(tile, tBase + 2 * VL);
    a10.intoArray(tile, tBase + 3 * VL);
    a11.intoArray(tile, tBase + 4 * VL);
    a12.intoArray(tile, tBase + 5 * VL);
    a20.intoArray(tile, tBase + 6 * VL);
    a21.intoArray(tile, tBase + 7 * VL);
    a22.intoArray(tile, tBase + 8 * VL);
    a30.intoArray(tile, tBase + 9 * VL);
    a31.intoArray(tile, tBase + 10 * VL);
    a32.intoArray(tile, tBase + 11 * VL);
    a40.intoArray(tile, tBase + 12 * VL);
    a41.intoArray(tile, tBase + 13 * VL);
    a42.intoArray(tile, tBase + 14 * VL);
    a50.intoArray(tile, tBase + 15 * VL);
    a51.intoArray(tile, tBase + 16 * VL);
    a52.intoArray(tile, tBase + 17 * VL);
    a60.intoArray(tile, tBase + 18 * VL);
    a61.intoArray(tile, tBase + 19 * VL);
    a62.intoArray(tile, tBase + 20 * VL);
    a70.intoArray(tile, tBase + 21 * VL);
    a71.intoArray(tile, tBase + 22 * VL);
    a72.intoArray(tile, tBase + 23 * VL);
  }

  /**
   * {@link #weightTile} for the 2 pairs oBase + h, oBase + h + 1 of the tile only (h = 0, 2 or 4), for 16-register files
   * (AVX2): 8 accumulators, 2 inputs and the gradient vectors (at most 14 vectors), so C2 keeps every accumulator in a
   * register (its 4 × 3 halves, 16 vectors, spilled two accumulators to the stack on every step: see {@link #forward3}
   * for what that costs). Same summation order, same bits.
   */
  static void weightTileThird(float[] gy, int gStride, float[] buf, int[] xo, int[] offs, int oBase, int h, int steps, float[] partial, int pBase) {
    FloatVector a00 = FloatVector.fromArray(SPECIES, partial, pBase + (0 * GT + h + 0) * VL);
    FloatVector a01 = FloatVector.fromArray(SPECIES, partial, pBase + (0 * GT + h + 1) * VL);
    FloatVector a10 = FloatVector.fromArray(SPECIES, partial, pBase + (1 * GT + h + 0) * VL);
    FloatVector a11 = FloatVector.fromArray(SPECIES, partial, pBase + (1 * GT + h + 1) * VL);
    FloatVector a20 = FloatVector.fromArray(SPECIES, partial, pBase + (2 * GT + h + 0) * VL);
    FloatVector a21 = FloatVector.fromArray(SPECIES, partial, pBase + (2 * GT + h + 1) * VL);
    FloatVector a30 = FloatVector.fromArray(SPECIES, partial, pBase + (3 * GT + h + 0) * VL);
    FloatVector a31 = FloatVector.fromArray(SPECIES, partial, pBase + (3 * GT + h + 1) * VL);
    int o0 = offs[oBase + h + 0];
    int o1 = offs[oBase + h + 1];
    int s1 = 1 * gStride;
    int s2 = 2 * gStride;
    int s3 = 3 * gStride;
    for (int k = 0; k < steps; k++) {
      int xk = xo[k];
      int gk = k * VL;
      FloatVector x0 = FloatVector.fromArray(SPECIES, buf, xk + o0);
      FloatVector x1 = FloatVector.fromArray(SPECIES, buf, xk + o1);
      FloatVector g0 = FloatVector.fromArray(SPECIES, gy, gk);
      a00 = g0.fma(x0, a00);
      a01 = g0.fma(x1, a01);
      FloatVector g1 = FloatVector.fromArray(SPECIES, gy, gk + s1);
      a10 = g1.fma(x0, a10);
      a11 = g1.fma(x1, a11);
      FloatVector g2 = FloatVector.fromArray(SPECIES, gy, gk + s2);
      a20 = g2.fma(x0, a20);
      a21 = g2.fma(x1, a21);
      FloatVector g3 = FloatVector.fromArray(SPECIES, gy, gk + s3);
      a30 = g3.fma(x0, a30);
      a31 = g3.fma(x1, a31);
    }
    a00.intoArray(partial, pBase + (0 * GT + h + 0) * VL);
    a01.intoArray(partial, pBase + (0 * GT + h + 1) * VL);
    a10.intoArray(partial, pBase + (1 * GT + h + 0) * VL);
    a11.intoArray(partial, pBase + (1 * GT + h + 1) * VL);
    a20.intoArray(partial, pBase + (2 * GT + h + 0) * VL);
    a21.intoArray(partial, pBase + (2 * GT + h + 1) * VL);
    a30.intoArray(partial, pBase + (3 * GT + h + 0) * VL);
    a31.intoArray(partial, pBase + (3 * GT + h + 1) * VL);
  }

  /**
   * {@link #rowTile} for the 4 rows r0 + h .. r0 + h + 3 only (h = 0 or 4), into tile rows h..h+3: 12 accumulators,
   * 3 weight vectors and a broadcast, 16 vectors, for 16-register files (AVX2). Same summation order, same bits.
   */
  static void rowTileHalf(float[] src, int[] rows, int r0, int h, int[] offs, int[] wRows, int k0, int k1, float[] wp, int wBase, float[] tile, int tBase) {
    int b0 = rows[r0 + h + 0];
    int b1 = rows[r0 + h + 1];
    int b2 = rows[r0 + h + 2];
    int b3 = rows[r0 + h + 3];
    FloatVector a00 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 0 * VL);
    FloatVector a01 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 1 * VL);
    FloatVector a02 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 2 * VL);
    FloatVector a10 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 3 * VL);
    FloatVector a11 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 4 * VL);
    FloatVector a12 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 5 * VL);
    FloatVector a20 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 6 * VL);
    FloatVector a21 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 7 * VL);
    FloatVector a22 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 8 * VL);
    FloatVector a30 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 9 * VL);
    FloatVector a31 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 10 * VL);
    FloatVector a32 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 11 * VL);
    for (int k = k0; k < k1; k++) {
      int o = offs[k];
      int wk = wBase + wRows[k];
      FloatVector w0 = FloatVector.fromArray(SPECIES, wp, wk);
      FloatVector w1 = FloatVector.fromArray(SPECIES, wp, wk + VL);
      FloatVector w2 = FloatVector.fromArray(SPECIES, wp, wk + 2 * VL);
      FloatVector x;
      x = FloatVector.broadcast(SPECIES, src[b0 + o]);
      a00 = w0.fma(x, a00);
      a01 = w1.fma(x, a01);
      a02 = w2.fma(x, a02);
      x = FloatVector.broadcast(SPECIES, src[b1 + o]);
      a10 = w0.fma(x, a10);
      a11 = w1.fma(x, a11);
      a12 = w2.fma(x, a12);
      x = FloatVector.broadcast(SPECIES, src[b2 + o]);
      a20 = w0.fma(x, a20);
      a21 = w1.fma(x, a21);
      a22 = w2.fma(x, a22);
      x = FloatVector.broadcast(SPECIES, src[b3 + o]);
      a30 = w0.fma(x, a30);
      a31 = w1.fma(x, a31);
      a32 = w2.fma(x, a32);
    }
    int t = tBase + h * CB;
    a00.intoArray(tile, t + 0 * VL);
    a01.intoArray(tile, t + 1 * VL);
    a02.intoArray(tile, t + 2 * VL);
    a10.intoArray(tile, t + 3 * VL);
    a11.intoArray(tile, t + 4 * VL);
    a12.intoArray(tile, t + 5 * VL);
    a20.intoArray(tile, t + 6 * VL);
    a21.intoArray(tile, t + 7 * VL);
    a22.intoArray(tile, t + 8 * VL);
    a30.intoArray(tile, t + 9 * VL);
    a31.intoArray(tile, t + 10 * VL);
    a32.intoArray(tile, t + 11 * VL);
  }

  /**
   * {@link #weightRows} for the 4 entries k0 + h .. k0 + h + 3 only (h = 0 or 4), into tile rows h..h+3: 12
   * accumulators, 3 gradient vectors and a broadcast, 16 vectors, for 16-register files (AVX2). Same order, same bits.
   */
  static void weightRowsHalf(float[] gyt, int gBase, int rowCount, float[] src, int[] rows, int r0, int[] offs, int k0, int h, float[] tile, int tBase) {
    int o0 = offs[k0 + h + 0];
    int o1 = offs[k0 + h + 1];
    int o2 = offs[k0 + h + 2];
    int o3 = offs[k0 + h + 3];
    FloatVector a00 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 0 * VL);
    FloatVector a01 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 1 * VL);
    FloatVector a02 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 2 * VL);
    FloatVector a10 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 3 * VL);
    FloatVector a11 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 4 * VL);
    FloatVector a12 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 5 * VL);
    FloatVector a20 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 6 * VL);
    FloatVector a21 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 7 * VL);
    FloatVector a22 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 8 * VL);
    FloatVector a30 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 9 * VL);
    FloatVector a31 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 10 * VL);
    FloatVector a32 = FloatVector.fromArray(SPECIES, tile, tBase + h * CB + 11 * VL);
    for (int r = 0; r < rowCount; r++) {
      int b = rows[r0 + r];
      int gr = gBase + r * CB;
      FloatVector g0 = FloatVector.fromArray(SPECIES, gyt, gr);
      FloatVector g1 = FloatVector.fromArray(SPECIES, gyt, gr + VL);
      FloatVector g2 = FloatVector.fromArray(SPECIES, gyt, gr + 2 * VL);
      FloatVector x;
      x = FloatVector.broadcast(SPECIES, src[b + o0]);
      a00 = g0.fma(x, a00);
      a01 = g1.fma(x, a01);
      a02 = g2.fma(x, a02);
      x = FloatVector.broadcast(SPECIES, src[b + o1]);
      a10 = g0.fma(x, a10);
      a11 = g1.fma(x, a11);
      a12 = g2.fma(x, a12);
      x = FloatVector.broadcast(SPECIES, src[b + o2]);
      a20 = g0.fma(x, a20);
      a21 = g1.fma(x, a21);
      a22 = g2.fma(x, a22);
      x = FloatVector.broadcast(SPECIES, src[b + o3]);
      a30 = g0.fma(x, a30);
      a31 = g1.fma(x, a31);
      a32 = g2.fma(x, a32);
    }
    int t = tBase + h * CB;
    a00.intoArray(tile, t + 0 * VL);
    a01.intoArray(tile, t + 1 * VL);
    a02.intoArray(tile, t + 2 * VL);
    a10.intoArray(tile, t + 3 * VL);
    a11.intoArray(tile, t + 4 * VL);
    a12.intoArray(tile, t + 5 * VL);
    a20.intoArray(tile, t + 6 * VL);
    a21.intoArray(tile, t + 7 * VL);
    a22.intoArray(tile, t + 8 * VL);
    a30.intoArray(tile, t + 9 * VL);
    a31.intoArray(tile, t + 10 * VL);
    a32.intoArray(tile, t + 11 * VL);
  }

  /**
   * {@link #rowTile} for a run: the ROWS rows of the tile read consecutive source elements, row r at a0 + r (8
   * consecutive positions of one output row, with stride 1). One index and two bounds checks per entry instead of 8 of
   * each (C2 merges the checks of src[o + r] for constant r) and no row bases held in registers: 1.2-1.3× rowTile's
   * speed alone, ~10 % on a whole pass. 32-register files only (with AVX2 code its two halves ran 0-20 % slower than
   * {@link #rowTileHalf}'s). Same summation order, same bits.
   */
  static void runTile(float[] src, int a0, int[] offs, int[] wRows, int k0, int k1, float[] wp, int wBase, float[] tile, int tBase) {
    int a = a0;
    FloatVector a00 = FloatVector.fromArray(SPECIES, tile, tBase + 0 * VL);
    FloatVector a01 = FloatVector.fromArray(SPECIES, tile, tBase + 1 * VL);
    FloatVector a02 = FloatVector.fromArray(SPECIES, tile, tBase + 2 * VL);
    FloatVector a10 = FloatVector.fromArray(SPECIES, tile, tBase + 3 * VL);
    FloatVector a11 = FloatVector.fromArray(SPECIES, tile, tBase + 4 * VL);
    FloatVector a12 = FloatVector.fromArray(SPECIES, tile, tBase + 5 * VL);
    FloatVector a20 = FloatVector.fromArray(SPECIES, tile, tBase + 6 * VL);
    FloatVector a21 = FloatVector.fromArray(SPECIES, tile, tBase + 7 * VL);
    FloatVector a22 = FloatVector.fromArray(SPECIES, tile, tBase + 8 * VL);
    FloatVector a30 = FloatVector.fromArray(SPECIES, tile, tBase + 9 * VL);
    FloatVector a31 = FloatVector.fromArray(SPECIES, tile, tBase + 10 * VL);
    FloatVector a32 = FloatVector.fromArray(SPECIES, tile, tBase + 11 * VL);
    FloatVector a40 = FloatVector.fromArray(SPECIES, tile, tBase + 12 * VL);
    FloatVector a41 = FloatVector.fromArray(SPECIES, tile, tBase + 13 * VL);
    FloatVector a42 = FloatVector.fromArray(SPECIES, tile, tBase + 14 * VL);
    FloatVector a50 = FloatVector.fromArray(SPECIES, tile, tBase + 15 * VL);
    FloatVector a51 = FloatVector.fromArray(SPECIES, tile, tBase + 16 * VL);
    FloatVector a52 = FloatVector.fromArray(SPECIES, tile, tBase + 17 * VL);
    FloatVector a60 = FloatVector.fromArray(SPECIES, tile, tBase + 18 * VL);
    FloatVector a61 = FloatVector.fromArray(SPECIES, tile, tBase + 19 * VL);
    FloatVector a62 = FloatVector.fromArray(SPECIES, tile, tBase + 20 * VL);
    FloatVector a70 = FloatVector.fromArray(SPECIES, tile, tBase + 21 * VL);
    FloatVector a71 = FloatVector.fromArray(SPECIES, tile, tBase + 22 * VL);
    FloatVector a72 = FloatVector.fromArray(SPECIES, tile, tBase + 23 * VL);
    for (int k = k0; k < k1; k++) {
      int o = a + offs[k];
      int wk = wBase + wRows[k];
      FloatVector w0 = FloatVector.fromArray(SPECIES, wp, wk);
      FloatVector w1 = FloatVector.fromArray(SPECIES, wp, wk + VL);
      FloatVector w2 = FloatVector.fromArray(SPECIES, wp, wk + 2 * VL);
      FloatVector x;
      x = FloatVector.broadcast(SPECIES, src[o]);
      a00 = w0.fma(x, a00);
      a01 = w1.fma(x, a01);
      a02 = w2.fma(x, a02);
      x = FloatVector.broadcast(SPECIES, src[o + 1]);
      a10 = w0.fma(x, a10);
      a11 = w1.fma(x, a11);
      a12 = w2.fma(x, a12);
      x = FloatVector.broadcast(SPECIES, src[o + 2]);
      a20 = w0.fma(x, a20);
      a21 = w1.fma(x, a21);
      a22 = w2.fma(x, a22);
      x = FloatVector.broadcast(SPECIES, src[o + 3]);
      a30 = w0.fma(x, a30);
      a31 = w1.fma(x, a31);
      a32 = w2.fma(x, a32);
      x = FloatVector.broadcast(SPECIES, src[o + 4]);
      a40 = w0.fma(x, a40);
      a41 = w1.fma(x, a41);
      a42 = w2.fma(x, a42);
      x = FloatVector.broadcast(SPECIES, src[o + 5]);
      a50 = w0.fma(x, a50);
      a51 = w1.fma(x, a51);
      a52 = w2.fma(x, a52);
      x = FloatVector.broadcast(SPECIES, src[o + 6]);
      a60 = w0.fma(x, a60);
      a61 = w1.fma(x, a61);
      a62 = w2.fma(x, a62);
      x = FloatVector.broadcast(SPECIES, src[o + 7]);
      a70 = w0.fma(x, a70);
      a71 = w1.fma(x, a71);
      a72 = w2.fma(x, a72);
    }
    a00.intoArray(tile, tBase + 0 * VL);
    a01.intoArray(tile, tBase + 1 * VL);
    a02.intoArray(tile, tBase + 2 * VL);
    a10.intoArray(tile, tBase + 3 * VL);
    a11.intoArray(tile, tBase + 4 * VL);
    a12.intoArray(tile, tBase + 5 * VL);
    a20.intoArray(tile, tBase + 6 * VL);
    a21.intoArray(tile, tBase + 7 * VL);
    a22.intoArray(tile, tBase + 8 * VL);
    a30.intoArray(tile, tBase + 9 * VL);
    a31.intoArray(tile, tBase + 10 * VL);
    a32.intoArray(tile, tBase + 11 * VL);
    a40.intoArray(tile, tBase + 12 * VL);
    a41.intoArray(tile, tBase + 13 * VL);
    a42.intoArray(tile, tBase + 14 * VL);
    a50.intoArray(tile, tBase + 15 * VL);
    a51.intoArray(tile, tBase + 16 * VL);
    a52.intoArray(tile, tBase + 17 * VL);
    a60.intoArray(tile, tBase + 18 * VL);
    a61.intoArray(tile, tBase + 19 * VL);
    a62.intoArray(tile, tBase + 20 * VL);
    a70.intoArray(tile, tBase + 21 * VL);
    a71.intoArray(tile, tBase + 22 * VL);
    a72.intoArray(tile, tBase + 23 * VL);
  }
}
