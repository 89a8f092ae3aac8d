package org.gconv4j.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the tables mean: rot90 / flipud slices, and composing transforms is a homomorphism. */
class TableSemanticsTest {

  /** numpy rot90(w, 1) on an n×n row-major array: out[i][j] = w[j][n-1-i]. */
  static int[] rot90(int[] w, int n) {
    int[] out = new int[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        out[i * n + j] = w[j * n + (n - 1 - i)];
      }
    }
    return out;
  }

  static int[] flipud(int[] w, int n) {
    int[] out = new int[n * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(w, (n - 1 - i) * n, out, i * n, n);
    }
    return out;
  }

  static int[] identityFilter(int cells) {
    int[] w = new int[cells];
    for (int i = 0; i < cells; i++) {
      w[i] = i;
    }
    return w;
  }

  @Test
  void p4LiftingSliceIsRot90() {
    for (int n : new int[] {3, 4, 5, 7}) {
      FilterTables t = TestGroups.p4().tables(n);
      int[] expected = identityFilter(n * n);
      for (int s = 0; s < 4; s++) {
        int[] slice = new int[n * n];
        for (int x = 0; x < n * n; x++) {
          slice[x] = t.liftingSource(s, x);
        }
        assertArrayEquals(expected, slice, "P4 n=" + n + " s=" + s);
        expected = rot90(expected, n);
      }
    }
  }

  @Test
  void p4mSliceIsFlipudOfRot90() {
    for (int n : new int[] {3, 4, 5}) {
      FilterTables t = TestGroups.p4m().tables(n);
      for (int m = 0; m < 2; m++) {
        for (int r = 0; r < 4; r++) {
          int[] expected = identityFilter(n * n);
          for (int k = 0; k < r; k++) {
            expected = rot90(expected, n);
          }
          if (m == 1) {
            expected = flipud(expected, n);
          }
          int s = 4 * m + r;
          int[] slice = new int[n * n];
          for (int x = 0; x < n * n; x++) {
            slice[x] = t.liftingSource(s, x);
          }
          assertArrayEquals(expected, slice, "P4M n=" + n + " s=" + s);
        }
      }
    }
  }

  static Stream<Arguments> groupsAndSizes() {
    return TestGroups.all().stream().flatMap(g -> java.util.Arrays.stream(g.filterSizes()).mapToObj(n -> Arguments.of(g, n)));
  }

  /** T[a]∘T[b] = T[a·b] on lifting filters and on G-filters, for every pair of elements. */
  @ParameterizedTest(name = "{0} n={1}")
  @MethodSource("groupsAndSizes")
  void composingTransformsIsAHomomorphism(Group g, int n) {
    FilterTables t = g.tables(n);
    int cells = t.cells();
    int order = g.order();
    for (int a = 0; a < order; a++) {
      for (int b = 0; b < order; b++) {
        int ab = g.multiply(a, b);
        for (int x = 0; x < cells; x++) {
          int viaA = t.liftingSource(a, x);
          int composed = viaA < 0 ? -1 : t.liftingSource(b, viaA);
          assertEquals(t.liftingSource(ab, x), composed, g.name() + " lifting a=" + a + " b=" + b + " x=" + x);
          for (int u = 0; u < order; u++) {
            int src = t.groupSource(a, u, x);
            int twice = src < 0 ? -1 : t.groupSource(b, src / cells, src % cells);
            assertEquals(t.groupSource(ab, u, x), twice, g.name() + " group a=" + a + " b=" + b + " t=" + u + " x=" + x);
          }
        }
      }
    }
  }

  @Test
  void hexagonalSupportsHaveTheRightCellCounts() {
    assertEquals(7, count(TestGroups.p6().tables(3).supportFlat()));
    assertEquals(19, count(TestGroups.p6().tables(5).supportFlat()));
    assertEquals(37, count(TestGroups.p6m().tables(7).supportFlat()));
  }

  private static int count(int[] mask) {
    int c = 0;
    for (int v : mask) {
      c += v;
    }
    return c;
  }
}
