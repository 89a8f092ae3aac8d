package org.gconv4j.group;

import java.util.List;
import org.gconv4j.annotations.Lattice;

/**
 * The sample groups of CONVENTIONS §2 built at run time with {@link MatrixGroup}, for runtime
 * tests that cannot see the generated classes of the samples module.
 */
public final class TestGroups {
  private TestGroups() {}

  static final int[] R = {0, -1, 1, 0};
  static final int[] M = {-1, 0, 0, 1};
  static final int[] R6 = {1, 1, -1, 0};
  static final int[] M6 = {-1, -1, 0, 1};
  static final int[] X = {-1, 0, 0, 0, 0, -1, 0, -1, 0};
  static final int[] B = {0, 0, 1, 1, 0, 0, 0, 1, 0};
  static final int[] A = {1, 0, 0, 0, 0, -1, 0, 1, 0};
  static final int[] N = {-1, 0, 0, 0, -1, 0, 0, 0, -1};

  public static MatrixGroup z2() {
    return MatrixGroup.fromGenerators("Z2", Lattice.SQUARE, new String[0], new int[0][], new int[0], 3, 4, 5, 7);
  }

  public static MatrixGroup p4() {
    return MatrixGroup.fromGenerators("P4", Lattice.SQUARE, new String[] {"R"}, new int[][] {R}, new int[] {4}, 3, 4, 5, 7);
  }

  public static MatrixGroup p4m() {
    return MatrixGroup.fromGenerators("P4M", Lattice.SQUARE, new String[] {"M", "R"}, new int[][] {M, R},
        new int[] {2, 4}, 3, 4, 5, 7);
  }

  public static MatrixGroup p6() {
    return MatrixGroup.fromGenerators("P6", Lattice.HEXAGONAL, new String[] {"R6"}, new int[][] {R6}, new int[] {6},
        3, 5, 7);
  }

  public static MatrixGroup p6m() {
    return MatrixGroup.fromGenerators("P6M", Lattice.HEXAGONAL, new String[] {"M6", "R6"}, new int[][] {M6, R6},
        new int[] {2, 6}, 3, 5, 7);
  }

  public static MatrixGroup o() {
    return MatrixGroup.fromGenerators("O", Lattice.CUBIC, new String[] {"X", "B", "A"}, new int[][] {X, B, A},
        new int[] {2, 3, 4}, 3, 5);
  }

  public static MatrixGroup oh() {
    return MatrixGroup.fromGenerators("OH", Lattice.CUBIC, new String[] {"N", "X", "B", "A"},
        new int[][] {N, X, B, A}, new int[] {2, 2, 3, 4}, 3, 5);
  }

  public static List<MatrixGroup> all() {
    return List.of(z2(), p4(), p4m(), p6(), p6m(), o(), oh());
  }
}
