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
  static final int GO = 4;
  /** (Input channel, tap) pairs per weight-gradient tile. */
  static final int GT = 6;

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
}
