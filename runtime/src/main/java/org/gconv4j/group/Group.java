package org.gconv4j.group;

import org.gconv4j.annotations.Lattice;

/**
 * A split symmetry group G = Z^d ⋊ H, described by its stabilizer H (CONVENTIONS §1-§4).
 *
 * <p>Implemented by the classes the annotation processor generates from a {@code @GroupSpec}
 * (for example {@code P4MGroup}); found by name through {@link GroupRegistry}. Element indices run
 * over 0..order()−1 in the spec's index-to-matrix order; index 0 is the identity.
 */
public interface Group {
  /** The group's name, e.g. {@code "P4M"}. */
  String name();

  /** Fully qualified name of the {@code @GroupSpec} class this group was generated from. */
  String specClassName();

  Lattice lattice();

  /** Number of spatial axes (2 or 3). */
  default int dimension() {
    return lattice().dimension();
  }

  /** The stabilizer size S. */
  int order();

  /** H_s as a fresh d×d integer matrix. */
  int[][] matrix(int s);

  /** A short human-readable name of element s, e.g. {@code "M R^3"} or {@code "e"}. */
  String elementName(int s);

  /** Index of H_a · H_b. */
  int multiply(int a, int b);

  /** Index of H_a^{-1}. */
  int inverse(int a);

  /** The filter sizes tables were generated for, ascending. */
  int[] filterSizes();

  /** True when {@link #tables(int)} has tables for size n. */
  default boolean hasTables(int n) {
    for (int size : filterSizes()) {
      if (size == n) {
        return true;
      }
    }
    return false;
  }

  /**
   * The filter-transformation tables for filter size n (CONVENTIONS §4).
   *
   * @throws IllegalArgumentException naming the generated sizes when n was not declared in the spec
   */
  FilterTables tables(int n);
}
