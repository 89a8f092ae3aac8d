package org.gconv4j.backend.opencl;

import java.util.Random;

/**
 * Test data and double-precision references for the OpenCL filter-transformation passes, written from the definitions
 * (scatter form); the planar correlation's reference is {@link org.gconv4j.backend.ReferenceCorrelation}.
 */
final class Reference {
  private Reference() {}

  static float[] random(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return a;
  }

  static double[] abs(float[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = Math.abs(a[i]);
    }
    return out;
  }

  /** F+[o, s', i, j] = F[o, i, table[s', j]] (0 where −1), block = S_in·cells. */
  static double[] transform(double[] f, int outC, int inC, int[] table, int order, int block) {
    double[] out = new double[outC * order * inC * block];
    for (int o = 0; o < outC; o++) {
      for (int s = 0; s < order; s++) {
        for (int i = 0; i < inC; i++) {
          for (int j = 0; j < block; j++) {
            int src = table[s * block + j];
            out[((o * order + s) * inC + i) * block + j] = src < 0 ? 0 : f[(o * inC + i) * block + src];
          }
        }
      }
    }
    return out;
  }

  /** Scatter form of the transform's gradient. */
  static double[] transformBackward(double[] gPlus, int outC, int inC, int[] table, int order, int block) {
    double[] out = new double[outC * inC * block];
    for (int o = 0; o < outC; o++) {
      for (int s = 0; s < order; s++) {
        for (int i = 0; i < inC; i++) {
          for (int j = 0; j < block; j++) {
            int src = table[s * block + j];
            if (src >= 0) {
              out[(o * inC + i) * block + src] += gPlus[((o * order + s) * inC + i) * block + j];
            }
          }
        }
      }
    }
    return out;
  }
}
