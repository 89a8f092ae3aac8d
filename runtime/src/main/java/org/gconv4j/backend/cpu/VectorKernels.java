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
  static final int OB = 4;
  /** Vectors of output positions per forward register tile. */
  static final int V = 3;
  /** Extended positions per forward tile. */
  static final int TILE = V * VL;
  /** Output channels per weight-gradient tile. */
  static final int GO = 8;
  /** Taps per weight-gradient tile. */
  static final int GT = 3;

  private VectorKernels() {}

  /**
   * ext[eBase + j·eStride + p] = Σ_i wp[wBase + i·OB + j] · buf[base + offs[i] + p] for the OB channels
   * j of one block and p < pExt (a multiple of TILE); i runs over (input channel, tap) pairs.
   *
   * <p>One flat loop with the accumulators in fresh locals: C2 (JDK 17) keeps them in registers
   * only in this shape; nested loops around the accumulators made it box every vector.
   */
  static void forwardBlock(float[] buf, int[] offs, int base, int pExt, float[] wp, int wBase, float[] ext, int eBase, int eStride) {
    int count = offs.length;
    int e0 = eBase;
    int e1 = e0 + eStride;
    int e2 = e1 + eStride;
    int e3 = e2 + eStride;
    for (int p = 0; p < pExt; p += TILE) {
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
    }
  }

  /**
   * Adds, lane-wise, Σ_k gy[go[k] + j·gStride + lane] · buf[xb + xo[k] + t_i + lane] over the vector
   * steps k < steps, for the GO channels j and GT taps t_i of one tile, into
   * {@code partial[pBase + (j·GT + i)·VL + lane]}. The steps list the output positions of several
   * images and depths, so the accumulators stay in registers over many of them.
   */
  static void weightTile(float[] gy, int[] go, int gStride, float[] buf, int[] xo, int xb, int t0, int t1, int t2, int steps, float[] partial, int pBase) {
    FloatVector a00 = FloatVector.fromArray(SPECIES, partial, pBase + 0 * VL);
    FloatVector a01 = FloatVector.fromArray(SPECIES, partial, pBase + 1 * VL);
    FloatVector a02 = FloatVector.fromArray(SPECIES, partial, pBase + 2 * VL);
    FloatVector a10 = FloatVector.fromArray(SPECIES, partial, pBase + 3 * VL);
    FloatVector a11 = FloatVector.fromArray(SPECIES, partial, pBase + 4 * VL);
    FloatVector a12 = FloatVector.fromArray(SPECIES, partial, pBase + 5 * VL);
    FloatVector a20 = FloatVector.fromArray(SPECIES, partial, pBase + 6 * VL);
    FloatVector a21 = FloatVector.fromArray(SPECIES, partial, pBase + 7 * VL);
    FloatVector a22 = FloatVector.fromArray(SPECIES, partial, pBase + 8 * VL);
    FloatVector a30 = FloatVector.fromArray(SPECIES, partial, pBase + 9 * VL);
    FloatVector a31 = FloatVector.fromArray(SPECIES, partial, pBase + 10 * VL);
    FloatVector a32 = FloatVector.fromArray(SPECIES, partial, pBase + 11 * VL);
    FloatVector a40 = FloatVector.fromArray(SPECIES, partial, pBase + 12 * VL);
    FloatVector a41 = FloatVector.fromArray(SPECIES, partial, pBase + 13 * VL);
    FloatVector a42 = FloatVector.fromArray(SPECIES, partial, pBase + 14 * VL);
    FloatVector a50 = FloatVector.fromArray(SPECIES, partial, pBase + 15 * VL);
    FloatVector a51 = FloatVector.fromArray(SPECIES, partial, pBase + 16 * VL);
    FloatVector a52 = FloatVector.fromArray(SPECIES, partial, pBase + 17 * VL);
    FloatVector a60 = FloatVector.fromArray(SPECIES, partial, pBase + 18 * VL);
    FloatVector a61 = FloatVector.fromArray(SPECIES, partial, pBase + 19 * VL);
    FloatVector a62 = FloatVector.fromArray(SPECIES, partial, pBase + 20 * VL);
    FloatVector a70 = FloatVector.fromArray(SPECIES, partial, pBase + 21 * VL);
    FloatVector a71 = FloatVector.fromArray(SPECIES, partial, pBase + 22 * VL);
    FloatVector a72 = FloatVector.fromArray(SPECIES, partial, pBase + 23 * VL);
    int s1 = 1 * gStride;
    int s2 = 2 * gStride;
    int s3 = 3 * gStride;
    int s4 = 4 * gStride;
    int s5 = 5 * gStride;
    int s6 = 6 * gStride;
    int s7 = 7 * gStride;
    for (int k = 0; k < steps; k++) {
      int xk = xb + xo[k];
      int gk = go[k];
      FloatVector x0 = FloatVector.fromArray(SPECIES, buf, xk + t0);
      FloatVector x1 = FloatVector.fromArray(SPECIES, buf, xk + t1);
      FloatVector x2 = FloatVector.fromArray(SPECIES, buf, xk + t2);
      FloatVector g0 = FloatVector.fromArray(SPECIES, gy, gk);
      a00 = g0.fma(x0, a00);
      a01 = g0.fma(x1, a01);
      a02 = g0.fma(x2, a02);
      FloatVector g1 = FloatVector.fromArray(SPECIES, gy, gk + s1);
      a10 = g1.fma(x0, a10);
      a11 = g1.fma(x1, a11);
      a12 = g1.fma(x2, a12);
      FloatVector g2 = FloatVector.fromArray(SPECIES, gy, gk + s2);
      a20 = g2.fma(x0, a20);
      a21 = g2.fma(x1, a21);
      a22 = g2.fma(x2, a22);
      FloatVector g3 = FloatVector.fromArray(SPECIES, gy, gk + s3);
      a30 = g3.fma(x0, a30);
      a31 = g3.fma(x1, a31);
      a32 = g3.fma(x2, a32);
      FloatVector g4 = FloatVector.fromArray(SPECIES, gy, gk + s4);
      a40 = g4.fma(x0, a40);
      a41 = g4.fma(x1, a41);
      a42 = g4.fma(x2, a42);
      FloatVector g5 = FloatVector.fromArray(SPECIES, gy, gk + s5);
      a50 = g5.fma(x0, a50);
      a51 = g5.fma(x1, a51);
      a52 = g5.fma(x2, a52);
      FloatVector g6 = FloatVector.fromArray(SPECIES, gy, gk + s6);
      a60 = g6.fma(x0, a60);
      a61 = g6.fma(x1, a61);
      a62 = g6.fma(x2, a62);
      FloatVector g7 = FloatVector.fromArray(SPECIES, gy, gk + s7);
      a70 = g7.fma(x0, a70);
      a71 = g7.fma(x1, a71);
      a72 = g7.fma(x2, a72);
    }
    a00.intoArray(partial, pBase + 0 * VL);
    a01.intoArray(partial, pBase + 1 * VL);
    a02.intoArray(partial, pBase + 2 * VL);
    a10.intoArray(partial, pBase + 3 * VL);
    a11.intoArray(partial, pBase + 4 * VL);
    a12.intoArray(partial, pBase + 5 * VL);
    a20.intoArray(partial, pBase + 6 * VL);
    a21.intoArray(partial, pBase + 7 * VL);
    a22.intoArray(partial, pBase + 8 * VL);
    a30.intoArray(partial, pBase + 9 * VL);
    a31.intoArray(partial, pBase + 10 * VL);
    a32.intoArray(partial, pBase + 11 * VL);
    a40.intoArray(partial, pBase + 12 * VL);
    a41.intoArray(partial, pBase + 13 * VL);
    a42.intoArray(partial, pBase + 14 * VL);
    a50.intoArray(partial, pBase + 15 * VL);
    a51.intoArray(partial, pBase + 16 * VL);
    a52.intoArray(partial, pBase + 17 * VL);
    a60.intoArray(partial, pBase + 18 * VL);
    a61.intoArray(partial, pBase + 19 * VL);
    a62.intoArray(partial, pBase + 20 * VL);
    a70.intoArray(partial, pBase + 21 * VL);
    a71.intoArray(partial, pBase + 22 * VL);
    a72.intoArray(partial, pBase + 23 * VL);
  }
}
