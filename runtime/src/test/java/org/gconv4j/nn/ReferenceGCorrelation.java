package org.gconv4j.nn;

import java.util.Arrays;
import org.gconv4j.annotations.Lattice;
import org.gconv4j.group.Group;

/**
 * Test-only G-correlation (valid, stride 1, any dimension) in double precision, straight from
 * CONVENTIONS §3-§5 and the group's matrices alone: it does not use the generated Cayley table,
 * inverses or filter tables, so it checks them too.
 *
 * <p>F+[o, s', i, t, x] = F[o, i, t̄, cell(H_{s'}^{-1} x)] with H_t̄ = H_{s'}^{-1} H_t (lifting:
 * t̄ = 0), 0 for x outside the support; Y[b, o, s', p] = bias[o] + Σ_{i, t, x} F+ · X[b, i, t, p + x].
 *
 * <p>The forward oracle of runtime's {@link ReferenceGroupConv} and, through runtime's test-jar, of samples' layer
 * command tests.
 */
public final class ReferenceGCorrelation {
  private ReferenceGCorrelation() {}

  /**
   * @param w F [C_out, C_in, S_in, n^d] (flattened C order)
   * @param x X [N, C_in, (S,) spatial...]
   * @param bias [C_out] or null
   * @return Y [N, C_out, S, spatial - n + 1 ...], flattened C order
   */
  public static double[] apply(Group g, float[] w, int[] wShape, float[] x, int[] xShape, float[] bias) {
    int d = g.dimension();
    int order = g.order();
    int n = wShape[3];
    int cells = (int) Math.pow(n, d);
    boolean lifting = xShape.length == 2 + d;
    int inOrder = lifting ? 1 : order;
    int outC = wShape[0];
    int inC = wShape[1];
    double[] bank = expand(g, w, outC, inC, inOrder, n, d, cells);
    int batch = xShape[0];
    int[] space = Arrays.copyOfRange(xShape, xShape.length - d, xShape.length);
    int[] outSpace = new int[d];
    int inPlane = 1;
    int outPlane = 1;
    for (int a = 0; a < d; a++) {
      outSpace[a] = space[a] - n + 1;
      inPlane *= space[a];
      outPlane *= outSpace[a];
    }
    int[] cellOffset = new int[cells]; // flat offset in X's plane of cell c
    for (int c = 0; c < cells; c++) {
      int[] idx = digits(c, n, d);
      int off = 0;
      for (int a = 0; a < d; a++) {
        off = off * space[a] + idx[a];
      }
      cellOffset[c] = off;
    }
    int inPlanes = inC * inOrder;
    double[] y = new double[batch * outC * order * outPlane];
    for (int b = 0; b < batch; b++) {
      for (int oc = 0; oc < outC * order; oc++) {
        for (int p = 0; p < outPlane; p++) {
          int[] pos = digits(p, outSpace);
          int base = 0;
          for (int a = 0; a < d; a++) {
            base = base * space[a] + pos[a];
          }
          double sum = bias == null ? 0 : bias[oc / order];
          for (int ic = 0; ic < inPlanes; ic++) {
            int xBase = (b * inPlanes + ic) * inPlane + base;
            int wBase = (oc * inPlanes + ic) * cells;
            for (int c = 0; c < cells; c++) {
              sum += bank[wBase + c] * x[xBase + cellOffset[c]];
            }
          }
          y[(b * outC * order + oc) * outPlane + p] = sum;
        }
      }
    }
    return y;
  }

  /** F+ [C_out·S, C_in·S_in, cells] from the matrices (CONVENTIONS §4). */
  private static double[] expand(Group g, float[] w, int outC, int inC, int inOrder, int n, int d, int cells) {
    int order = g.order();
    double[] bank = new double[outC * order * inC * inOrder * cells];
    for (int sp = 0; sp < order; sp++) {
      int[][] inv = inverse(g, sp);
      for (int c = 0; c < cells; c++) {
        int[] idx = digits(c, n, d);
        int[] doubled = new int[d];
        for (int a = 0; a < d; a++) {
          doubled[a] = 2 * idx[a] - (n - 1);
        }
        if (!inSupport(g.lattice(), doubled, n)) {
          continue;
        }
        int[] moved = times(inv, doubled);
        int source = 0;
        for (int a = 0; a < d; a++) {
          source = source * n + (moved[a] + n - 1) / 2;
        }
        for (int t = 0; t < inOrder; t++) {
          int tBar = inOrder == 1 ? 0 : indexOf(g, times(inv, g.matrix(t)));
          for (int o = 0; o < outC; o++) {
            for (int i = 0; i < inC; i++) {
              double v = w[((o * inC + i) * inOrder + tBar) * cells + source];
              bank[(((o * order + sp) * inC + i) * inOrder + t) * cells + c] = v;
            }
          }
        }
      }
    }
    return bank;
  }

  /** CONVENTIONS §3: every cell, or hex distance ≤ (n − 1)/2 on the hexagonal lattice. */
  static boolean inSupport(Lattice lattice, int[] doubled, int n) {
    if (lattice != Lattice.HEXAGONAL) {
      return true;
    }
    int u = doubled[0] / 2;
    int v = doubled[1] / 2;
    return (Math.abs(u) + Math.abs(v) + Math.abs(u + v)) / 2 <= (n - 1) / 2;
  }

  /** Row-major digits of a flat cell index: (depth,) row, col. */
  static int[] digits(int flat, int n, int d) {
    int[] radices = new int[d];
    Arrays.fill(radices, n);
    return digits(flat, radices);
  }

  private static int[] digits(int flat, int[] radices) {
    int[] out = new int[radices.length];
    for (int a = radices.length - 1; a >= 0; a--) {
      out[a] = flat % radices[a];
      flat /= radices[a];
    }
    return out;
  }

  private static int[][] inverse(Group g, int s) {
    int[][] h = g.matrix(s);
    for (int k = 0; k < g.order(); k++) {
      int[][] hk = g.matrix(k);
      if (isIdentity(times(h, hk))) {
        return hk;
      }
    }
    throw new AssertionError(g.name() + ": element " + s + " has no inverse among its matrices");
  }

  private static int indexOf(Group g, int[][] m) {
    for (int k = 0; k < g.order(); k++) {
      if (Arrays.deepEquals(g.matrix(k), m)) {
        return k;
      }
    }
    throw new AssertionError(g.name() + " is not closed: " + Arrays.deepToString(m));
  }

  private static boolean isIdentity(int[][] m) {
    for (int r = 0; r < m.length; r++) {
      for (int c = 0; c < m.length; c++) {
        if (m[r][c] != (r == c ? 1 : 0)) {
          return false;
        }
      }
    }
    return true;
  }

  private static int[][] times(int[][] a, int[][] b) {
    int d = a.length;
    int[][] out = new int[d][d];
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < d; c++) {
        for (int k = 0; k < d; k++) {
          out[r][c] += a[r][k] * b[k][c];
        }
      }
    }
    return out;
  }

  private static int[] times(int[][] a, int[] v) {
    int[] out = new int[v.length];
    for (int r = 0; r < v.length; r++) {
      for (int k = 0; k < v.length; k++) {
        out[r] += a[r][k] * v[k];
      }
    }
    return out;
  }
}
