package org.gconv4j.processor.compute;

import org.gconv4j.annotations.Lattice;

/**
 * The cells of an n^d filter (CONVENTIONS §3): cells are flattened row-major; along each axis cell
 * c has the doubled centred coordinate 2c − (n − 1), so the stabilizer acts on integer vectors for
 * odd and even n alike. The support is every cell, or on the hexagonal lattice the cells within
 * hex distance (n − 1)/2 of the centre.
 */
public final class CellGrid {
  private final Lattice lattice;
  private final int size;
  private final int dimension;
  private final int cells;

  public CellGrid(Lattice lattice, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("filter size must be at least 1, got " + size);
    }
    this.lattice = lattice;
    this.size = size;
    this.dimension = lattice.dimension();
    int c = 1;
    for (int i = 0; i < dimension; i++) {
      c = Math.multiplyExact(c, size);
    }
    this.cells = c;
  }

  public int size() {
    return size;
  }

  public int dimension() {
    return dimension;
  }

  /** n^d. */
  public int cells() {
    return cells;
  }

  /** The per-axis cell indices of a flattened cell, e.g. (row, col). */
  public int[] indices(int cell) {
    int[] idx = new int[dimension];
    for (int i = dimension - 1; i >= 0; i--) {
      idx[i] = cell % size;
      cell /= size;
    }
    return idx;
  }

  /** The doubled centred coordinates 2c − (n − 1) of a flattened cell. */
  public int[] doubled(int cell) {
    int[] idx = indices(cell);
    for (int i = 0; i < dimension; i++) {
      idx[i] = 2 * idx[i] - (size - 1);
    }
    return idx;
  }

  /** The flattened cell at doubled coordinates y, or −1 when y is not the centre of a cell of this grid. */
  public int cellAt(int[] doubled) {
    int cell = 0;
    for (int i = 0; i < dimension; i++) {
      int twice = doubled[i] + size - 1;
      if (twice < 0 || twice % 2 != 0 || twice / 2 >= size) {
        return -1;
      }
      cell = cell * size + twice / 2;
    }
    return cell;
  }

  /** True when the cell is inside the support. */
  public boolean inSupport(int cell) {
    if (lattice != Lattice.HEXAGONAL) {
      return true;
    }
    int[] y = doubled(cell);
    // doubled coordinates: |U| + |V| + |U + V| <= 2 (n - 1)  <=>  hex distance <= (n - 1) / 2
    return Math.abs(y[0]) + Math.abs(y[1]) + Math.abs(y[0] + y[1]) <= 2 * (size - 1);
  }

  /** The support as 0/1 per flattened cell. */
  public int[] support() {
    int[] s = new int[cells];
    for (int c = 0; c < cells; c++) {
      s[c] = inSupport(c) ? 1 : 0;
    }
    return s;
  }

  /**
   * Doubled coordinates written in cell units, e.g. {@code (0, 2)} or {@code (-0.5, 1)} when they
   * fall between cells or outside the grid.
   */
  public String describe(int[] doubled) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < doubled.length; i++) {
      int twice = doubled[i] + size - 1;
      sb.append(i == 0 ? "" : ", ").append(twice % 2 == 0 ? String.valueOf(twice / 2) : String.valueOf(twice / 2.0));
    }
    return sb.append(')').toString();
  }
}
