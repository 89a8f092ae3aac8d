package org.gconv4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gconv4j.annotations.Lattice;
import org.gconv4j.group.FilterTables;
import org.gconv4j.group.Group;

/**
 * Test-only stabilizer group built from generator matrices and radices per CONVENTIONS §2
 * (H_s = G_1^{d_1}·…·G_k^{d_k}, mixed radix, most significant first); Cayley table and inverses by
 * matrix multiplication. Has no filter tables (the layers tested here do not need them).
 */
final class TestGroup implements Group {
  static final int[][] R = {{0, -1}, {1, 0}};
  static final int[][] M = {{-1, 0}, {0, 1}};

  static final TestGroup P4 = new TestGroup("P4", Lattice.SQUARE, new int[][][] {R}, new int[] {4});
  static final TestGroup P4M = new TestGroup("P4M", Lattice.SQUARE, new int[][][] {M, R}, new int[] {2, 4});
  static final TestGroup O = new TestGroup("O", Lattice.CUBIC,
      new int[][][] {
        {{-1, 0, 0}, {0, 0, -1}, {0, -1, 0}},
        {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}},
        {{1, 0, 0}, {0, 0, -1}, {0, 1, 0}}
      },
      new int[] {2, 3, 4});

  private final String name;
  private final Lattice lattice;
  private final int[][][] elements;
  private final int[][] cayley;
  private final int[] inverse;

  TestGroup(String name, Lattice lattice, int[][][] generators, int[] radices) {
    this.name = name;
    this.lattice = lattice;
    int d = lattice.dimension();
    int order = 1;
    for (int r : radices) {
      order *= r;
    }
    elements = new int[order][][];
    Map<String, Integer> index = new HashMap<>();
    for (int s = 0; s < order; s++) {
      int[][] h = identity(d);
      int rest = s;
      int[] digits = new int[radices.length];
      for (int i = radices.length - 1; i >= 0; i--) {
        digits[i] = rest % radices[i];
        rest /= radices[i];
      }
      for (int i = 0; i < radices.length; i++) {
        for (int p = 0; p < digits[i]; p++) {
          h = mul(h, generators[i]);
        }
      }
      elements[s] = h;
      if (index.put(Arrays.deepToString(h), s) != null) {
        throw new IllegalStateException(name + ": index map is not a bijection");
      }
    }
    cayley = new int[order][order];
    inverse = new int[order];
    for (int a = 0; a < order; a++) {
      for (int b = 0; b < order; b++) {
        Integer c = index.get(Arrays.deepToString(mul(elements[a], elements[b])));
        if (c == null) {
          throw new IllegalStateException(name + ": not closed");
        }
        cayley[a][b] = c;
        if (c == 0) {
          inverse[a] = b;
        }
      }
    }
  }

  static List<TestGroup> planarGroups() {
    return new ArrayList<>(List.of(P4, P4M));
  }

  static int[][] identity(int d) {
    int[][] m = new int[d][d];
    for (int i = 0; i < d; i++) {
      m[i][i] = 1;
    }
    return m;
  }

  static int[][] mul(int[][] a, int[][] b) {
    int d = a.length;
    int[][] c = new int[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        for (int k = 0; k < d; k++) {
          c[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return c;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String specClassName() {
    return "test." + name;
  }

  @Override
  public Lattice lattice() {
    return lattice;
  }

  @Override
  public int order() {
    return elements.length;
  }

  @Override
  public int[][] matrix(int s) {
    int[][] m = new int[elements[s].length][];
    for (int i = 0; i < m.length; i++) {
      m[i] = elements[s][i].clone();
    }
    return m;
  }

  @Override
  public String elementName(int s) {
    return s == 0 ? "e" : "h" + s;
  }

  @Override
  public int multiply(int a, int b) {
    return cayley[a][b];
  }

  @Override
  public int inverse(int a) {
    return inverse[a];
  }

  @Override
  public int[] filterSizes() {
    return new int[0];
  }

  @Override
  public FilterTables tables(int n) {
    throw new IllegalArgumentException("[TestGroup] " + name + " has no filter tables");
  }

  @Override
  public String toString() {
    return name;
  }
}
