package org.gconv4j.processor.compute;

import static com.google.common.truth.Truth.assertThat;

import java.util.Random;
import org.gconv4j.annotations.internal.CellGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The §4 tables against numpy-style filter transforms and the homomorphism property. */
class FilterTableSetTest {

  /** Applies a lifting row to a planar filter: out[x] = w[source], 0 outside the support. */
  private static int[] lift(FilterTableSet t, int s, int[] w) {
    int[] out = new int[t.cells()];
    int[] row = t.liftingRow(s);
    for (int x = 0; x < out.length; x++) {
      out[x] = row[x] < 0 ? 0 : w[row[x]];
    }
    return out;
  }

  /** numpy.rot90(w, 1) of an n×n row-major filter: out[i][j] = w[j][n-1-i]. */
  private static int[] rot90(int[] w, int n, int times) {
    int[] out = w.clone();
    for (int k = 0; k < times; k++) {
      int[] next = new int[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          next[i * n + j] = out[j * n + (n - 1 - i)];
        }
      }
      out = next;
    }
    return out;
  }

  /** numpy.flipud(w): out[i][j] = w[n-1-i][j]. */
  private static int[] flipud(int[] w, int n) {
    int[] out = new int[n * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(w, (n - 1 - i) * n, out, i * n, n);
    }
    return out;
  }

  private static int[] randomFilter(int cells, long seed) {
    return new Random(seed).ints(cells, -1000, 1000).toArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 7})
  void p4LiftingSliceIsRot90(int n) {
    FilterTableSet t = KnownGroups.tables("P4", n);
    int[] w = randomFilter(n * n, n);
    for (int s = 0; s < 4; s++) {
      assertThat(lift(t, s, w)).isEqualTo(rot90(w, n, s));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4, 5})
  void p4mLiftingSliceIsFlipudOfRot90(int n) {
    FilterTableSet t = KnownGroups.tables("P4M", n);
    int[] w = randomFilter(n * n, 10 + n);
    for (int m = 0; m < 2; m++) {
      for (int r = 0; r < 4; r++) {
        int[] expected = rot90(w, n, r);
        if (m == 1) {
          expected = flipud(expected, n);
        }
        assertThat(lift(t, 4 * m + r, w)).isEqualTo(expected);
      }
    }
  }

  /** (T_a f)[x] = f[table_a[x]] over the flattened filter; T_a T_b must equal T_{a·b}. */
  @ParameterizedTest
  @CsvSource({"P4, 4", "P4M, 3", "P4M, 4", "P6, 5", "P6M, 3", "P6M, 7", "OH, 2", "OH, 3"})
  void tablesAreAHomomorphism(String name, int n) {
    StabilizerGroup g = KnownGroups.byName(name);
    FilterTableSet t = KnownGroups.tables(name, n);
    int order = g.order();
    int cells = t.cells();
    int[] support = t.support();
    int[] planar = randomFilter(cells, 1);
    int[] full = randomFilter(order * cells, 2);
    for (int x = 0; x < cells; x++) {
      if (support[x] == 0) {
        planar[x] = 0;
        for (int s = 0; s < order; s++) {
          full[s * cells + x] = 0;
        }
      }
    }
    for (int a = 0; a < order; a++) {
      for (int b = 0; b < order; b++) {
        int ab = g.multiply(a, b);
        assertThat(lift(t, a, lift(t, b, planar))).isEqualTo(lift(t, ab, planar));
        assertThat(applyGroup(t, a, applyGroup(t, b, full))).isEqualTo(applyGroup(t, ab, full));
      }
    }
  }

  private static int[] applyGroup(FilterTableSet t, int s, int[] f) {
    int order = t.order();
    int cells = t.cells();
    int[] out = new int[order * cells];
    for (int u = 0; u < order; u++) {
      int[] row = t.groupRow(s, u);
      for (int x = 0; x < cells; x++) {
        out[u * cells + x] = row[x] < 0 ? 0 : f[row[x]];
      }
    }
    return out;
  }

  @Test
  void hexagonalSupportHasTheCentredHexagon() {
    int[] counts = {7, 19, 37};
    int[] sizes = {3, 5, 7};
    for (int i = 0; i < sizes.length; i++) {
      int[] support = new CellGrid(org.gconv4j.annotations.Lattice.HEXAGONAL, sizes[i]).support();
      assertThat(java.util.Arrays.stream(support).sum()).isEqualTo(counts[i]);
    }
  }

  @Test
  void identityRowsAreTheIdentityMap() {
    FilterTableSet t = KnownGroups.tables("OH", 3);
    int cells = t.cells();
    for (int x = 0; x < cells; x++) {
      assertThat(t.liftingRow(0)[x]).isEqualTo(x);
      for (int u = 0; u < t.order(); u++) {
        assertThat(t.groupRow(0, u)[x]).isEqualTo(u * cells + x);
      }
    }
  }
}
