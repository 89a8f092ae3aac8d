package org.gconv4j.annotations;

/**
 * The lattice a group acts on (CONVENTIONS §1). It fixes the dimension of the generator matrices
 * and the shape of a filter's support.
 */
public enum Lattice {
  /** Z², points (row, col); every cell of an n×n filter is in the support. */
  SQUARE(2),
  /**
   * Hexagonal lattice in axial coordinates (u, v) = (row, col); the support of an n×n filter
   * (odd n only) is the cells within hex distance (n − 1)/2 of the centre.
   */
  HEXAGONAL(2),
  /** Z³, points (depth, row, col); every cell of an n×n×n filter is in the support. */
  CUBIC(3);

  private final int dimension;

  Lattice(int dimension) {
    this.dimension = dimension;
  }

  /** Number of spatial axes: 2 for square and hexagonal, 3 for cubic. */
  public int dimension() {
    return dimension;
  }
}
