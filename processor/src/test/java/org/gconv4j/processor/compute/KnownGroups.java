package org.gconv4j.processor.compute;

import java.util.List;
import org.gconv4j.annotations.Lattice;
import org.gconv4j.annotations.internal.CellGrid;

/** The sample groups' generators (CONVENTIONS §2), built directly through the compute stage. */
final class KnownGroups {
  static final int[] R = {0, -1, 1, 0};
  static final int[] M = {-1, 0, 0, 1};
  static final int[] R6 = {1, 1, -1, 0};
  static final int[] M6 = {-1, -1, 0, 1};
  static final int[] N = {-1, 0, 0, 0, -1, 0, 0, 0, -1};
  static final int[] X = {-1, 0, 0, 0, 0, -1, 0, -1, 0};
  static final int[] B = {0, 0, 1, 1, 0, 0, 0, 1, 0};
  static final int[] A = {1, 0, 0, 0, 0, -1, 0, 1, 0};

  private KnownGroups() {}

  static StabilizerGroup p4() {
    return group(2, gen("R", R, 4));
  }

  static StabilizerGroup p4m() {
    return group(2, gen("M", M, 2), gen("R", R, 4));
  }

  static StabilizerGroup p6() {
    return group(2, gen("R6", R6, 6));
  }

  static StabilizerGroup p6m() {
    return group(2, gen("M6", M6, 2), gen("R6", R6, 6));
  }

  static StabilizerGroup oh() {
    return group(3, gen("N", N, 2), gen("X", X, 2), gen("B", B, 3), gen("A", A, 4));
  }

  static StabilizerGroup byName(String name) {
    return switch (name) {
      case "P4" -> p4();
      case "P4M" -> p4m();
      case "P6" -> p6();
      case "P6M" -> p6m();
      case "OH" -> oh();
      default -> throw new IllegalArgumentException(name);
    };
  }

  static Lattice lattice(String name) {
    return name.startsWith("P6") ? Lattice.HEXAGONAL : name.startsWith("O") ? Lattice.CUBIC : Lattice.SQUARE;
  }

  static GeneratorDef gen(String name, int[] matrix, int radix) {
    return new GeneratorDef(name, IntMatrix.of(matrix.length == 4 ? 2 : 3, matrix), radix);
  }

  static StabilizerGroup group(int d, GeneratorDef... gens) {
    WordEnumerator e = new WordEnumerator(d, List.of(gens));
    return StabilizerGroup.of(d, e.words((int) e.wordCount()));
  }

  static FilterTableSet tables(String name, int n) {
    return FilterTableSet.compute(byName(name), new CellGrid(lattice(name), n));
  }
}
