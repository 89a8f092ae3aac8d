package org.gconv4j.group;

import java.util.Arrays;
import org.gconv4j.internal.Checks;

/** Small exact integer matrix helpers for stabilizer elements (d ≤ 3). */
public final class IntMatrices {
  private IntMatrices() {}

  public static int[][] identity(int d) {
    int[][] m = new int[d][d];
    for (int i = 0; i < d; i++) {
      m[i][i] = 1;
    }
    return m;
  }

  public static int[][] multiply(int[][] a, int[][] b) {
    int d = a.length;
    int[][] c = new int[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        int s = 0;
        for (int k = 0; k < d; k++) {
          s += a[i][k] * b[k][j];
        }
        c[i][j] = s;
      }
    }
    return c;
  }

  /** m · v for a column vector v. */
  public static int[] apply(int[][] m, int[] v) {
    int[] r = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      int s = 0;
      for (int k = 0; k < v.length; k++) {
        s += m[i][k] * v[k];
      }
      r[i] = s;
    }
    return r;
  }

  public static long determinant(int[][] m) {
    return switch (m.length) {
      case 1 -> m[0][0];
      case 2 -> (long) m[0][0] * m[1][1] - (long) m[0][1] * m[1][0];
      case 3 -> (long) m[0][0] * ((long) m[1][1] * m[2][2] - (long) m[1][2] * m[2][1])
          - (long) m[0][1] * ((long) m[1][0] * m[2][2] - (long) m[1][2] * m[2][0])
          + (long) m[0][2] * ((long) m[1][0] * m[2][1] - (long) m[1][1] * m[2][0]);
      default -> throw Checks.argument("IntMatrices", "dimension 1 to 3; got " + m.length);
    };
  }

  /** Row-major d·d entries to a d×d matrix. */
  public static int[][] fromRowMajor(int[] entries, int d) {
    if (entries.length != d * d) {
      throw Checks.argument("IntMatrices", "a " + d + "x" + d + " matrix needs " + d * d
          + " entries; got " + entries.length + ": " + Arrays.toString(entries));
    }
    int[][] m = new int[d][d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(entries, i * d, m[i], 0, d);
    }
    return m;
  }

  public static int[][] copy(int[][] m) {
    int[][] c = new int[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  /** A hashable key for a matrix. */
  public static String key(int[][] m) {
    return Arrays.deepToString(m);
  }
}
