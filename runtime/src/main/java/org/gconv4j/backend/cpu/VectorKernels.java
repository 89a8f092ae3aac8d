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
  /** Taps per weight-gradient tile. */
  static final int GT = 4;

  private VectorKernels() {}

  /**
   * ext[j][od][p] = Σ_c Σ_t wp[wBase + (c·taps + t)·OB + j] · buf[c·chStride + tapOff[t] + od·rowQ + p]
   * for the OB channels j of one block, every depth od < outDepth and p < pExt (a multiple of TILE).
   */
  static void forwardBlock(float[] buf, int inC, int chStride, int[] tapOff, int outDepth, int rowQ, int pExt, float[] wp, int wBase, float[] ext) {
    int taps = tapOff.length;
    var sp = SPECIES;
    for (int od = 0; od < outDepth; od++) {
      int dOff = od * rowQ;
      int e0 = od * pExt;
      int e1 = e0 + outDepth * pExt;
      int e2 = e1 + outDepth * pExt;
      int e3 = e2 + outDepth * pExt;
      for (int p = 0; p < pExt; p += TILE) {
        FloatVector a00 = FloatVector.zero(sp);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        int wb = wBase;
        for (int c = 0; c < inC; c++) {
          int cb = c * chStride + dOff + p;
          for (int t = 0; t < taps; t++) {
            int o = cb + tapOff[t];
            FloatVector x0 = FloatVector.fromArray(sp, buf, o);
            FloatVector x1 = FloatVector.fromArray(sp, buf, o + VL);
            FloatVector x2 = FloatVector.fromArray(sp, buf, o + 2 * VL);
            FloatVector w = FloatVector.broadcast(sp, wp[wb]);
            a00 = x0.fma(w, a00);
            a01 = x1.fma(w, a01);
            a02 = x2.fma(w, a02);
            w = FloatVector.broadcast(sp, wp[wb + 1]);
            a10 = x0.fma(w, a10);
            a11 = x1.fma(w, a11);
            a12 = x2.fma(w, a12);
            w = FloatVector.broadcast(sp, wp[wb + 2]);
            a20 = x0.fma(w, a20);
            a21 = x1.fma(w, a21);
            a22 = x2.fma(w, a22);
            w = FloatVector.broadcast(sp, wp[wb + 3]);
            a30 = x0.fma(w, a30);
            a31 = x1.fma(w, a31);
            a32 = x2.fma(w, a32);
            wb += OB;
          }
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
  }

  /**
   * Adds, lane-wise, Σ_od Σ_p gy[j][od][p] · buf[cb + tapOff[t] + od·rowQ + p] for the GO channels j
   * and GT taps t of one tile into {@code partial[pBase + (j·GT + t)·VL + lane]}.
   */
  static void weightTile(float[] gy, int outDepth, int pExt, float[] buf, int cb, int rowQ, int t0, int t1, int t2, int t3, float[] partial, int pBase) {
    var sp = SPECIES;
    FloatVector a00 = FloatVector.fromArray(sp, partial, pBase);
    FloatVector a01 = FloatVector.fromArray(sp, partial, pBase + VL);
    FloatVector a02 = FloatVector.fromArray(sp, partial, pBase + 2 * VL);
    FloatVector a03 = FloatVector.fromArray(sp, partial, pBase + 3 * VL);
    FloatVector a10 = FloatVector.fromArray(sp, partial, pBase + 4 * VL);
    FloatVector a11 = FloatVector.fromArray(sp, partial, pBase + 5 * VL);
    FloatVector a12 = FloatVector.fromArray(sp, partial, pBase + 6 * VL);
    FloatVector a13 = FloatVector.fromArray(sp, partial, pBase + 7 * VL);
    FloatVector a20 = FloatVector.fromArray(sp, partial, pBase + 8 * VL);
    FloatVector a21 = FloatVector.fromArray(sp, partial, pBase + 9 * VL);
    FloatVector a22 = FloatVector.fromArray(sp, partial, pBase + 10 * VL);
    FloatVector a23 = FloatVector.fromArray(sp, partial, pBase + 11 * VL);
    FloatVector a30 = FloatVector.fromArray(sp, partial, pBase + 12 * VL);
    FloatVector a31 = FloatVector.fromArray(sp, partial, pBase + 13 * VL);
    FloatVector a32 = FloatVector.fromArray(sp, partial, pBase + 14 * VL);
    FloatVector a33 = FloatVector.fromArray(sp, partial, pBase + 15 * VL);
    int gStride = outDepth * pExt;
    for (int od = 0; od < outDepth; od++) {
      int xb = cb + od * rowQ;
      int gb = od * pExt;
      for (int p = 0; p < pExt; p += VL) {
        FloatVector x0 = FloatVector.fromArray(sp, buf, xb + t0 + p);
        FloatVector x1 = FloatVector.fromArray(sp, buf, xb + t1 + p);
        FloatVector x2 = FloatVector.fromArray(sp, buf, xb + t2 + p);
        FloatVector x3 = FloatVector.fromArray(sp, buf, xb + t3 + p);
        FloatVector g = FloatVector.fromArray(sp, gy, gb + p);
        a00 = g.fma(x0, a00);
        a01 = g.fma(x1, a01);
        a02 = g.fma(x2, a02);
        a03 = g.fma(x3, a03);
        g = FloatVector.fromArray(sp, gy, gb + gStride + p);
        a10 = g.fma(x0, a10);
        a11 = g.fma(x1, a11);
        a12 = g.fma(x2, a12);
        a13 = g.fma(x3, a13);
        g = FloatVector.fromArray(sp, gy, gb + 2 * gStride + p);
        a20 = g.fma(x0, a20);
        a21 = g.fma(x1, a21);
        a22 = g.fma(x2, a22);
        a23 = g.fma(x3, a23);
        g = FloatVector.fromArray(sp, gy, gb + 3 * gStride + p);
        a30 = g.fma(x0, a30);
        a31 = g.fma(x1, a31);
        a32 = g.fma(x2, a32);
        a33 = g.fma(x3, a33);
      }
    }
    a00.intoArray(partial, pBase);
    a01.intoArray(partial, pBase + VL);
    a02.intoArray(partial, pBase + 2 * VL);
    a03.intoArray(partial, pBase + 3 * VL);
    a10.intoArray(partial, pBase + 4 * VL);
    a11.intoArray(partial, pBase + 5 * VL);
    a12.intoArray(partial, pBase + 6 * VL);
    a13.intoArray(partial, pBase + 7 * VL);
    a20.intoArray(partial, pBase + 8 * VL);
    a21.intoArray(partial, pBase + 9 * VL);
    a22.intoArray(partial, pBase + 10 * VL);
    a23.intoArray(partial, pBase + 11 * VL);
    a30.intoArray(partial, pBase + 12 * VL);
    a31.intoArray(partial, pBase + 13 * VL);
    a32.intoArray(partial, pBase + 14 * VL);
    a33.intoArray(partial, pBase + 15 * VL);
  }
}
