package org.gconv4j.annotations.internal;

import org.gconv4j.annotations.Lattice;

/**
 * The one home of the cell coordinates and the filter support (CONVENTIONS §1, §3), shared by the
 * annotation processor (which computes the tables it generates) and the runtime (which acts on
 * feature maps, checks tables and counts support cells): both read the rule here, so they cannot
 * disagree.
 *
 * <p>A grid of size n has n^d cells, flattened row-major. Along each axis cell c has the doubled
 * centred coordinate 2c − (n − 1), so the stabilizer acts on integer vectors for odd and even n
 * alike (for even n the centre is the corner between the middle cells). The support is every
 * cell, or on the hexagonal lattice (odd n only) the cells within hex distance (n − 1)/2 of the
 * centre: 7, 19, 37 cells for n = 3, 5, 7.
 *
 * <p>Internal: this package is no part of the API; it lives in the annotations jar only because
 * that is the one jar both the processor and the runtime depend on.
 */
public final class CellGrid {
  private final Lattice lattice;
  private final int size;
  private final int dimension;
  private final int cells;

  /**
   * A grid of side {@code size} on {@code lattice}.
   *
   * @param lattice the lattice: it fixes the number of axes and the support
   * @param size the side n
   * @throws IllegalArgumentException when {@link #isValidSize} says no (size below 1, or even on the
   *     hexagonal lattice)
   */
  public CellGrid(Lattice lattice, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("[CellGrid] the size must be >= 1; got " + size);
    }
    if (!isValidSize(lattice, size)) {
      throw new IllegalArgumentException("[CellGrid] a hexagonal grid must have an odd size so that its centre is a "
          + "lattice point; got " + size + ". Use " + (size - 1) + " or " + (size + 1));
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

  /** Whether a grid (filter or feature map) of this size exists on the lattice: size ≥ 1, odd when hexagonal. */
  public static boolean isValidSize(Lattice lattice, int size) {
    return size >= 1 && (lattice != Lattice.HEXAGONAL || size % 2 == 1);
  }

  /** Hex distance of axial (u, v) from the origin: (|u| + |v| + |u + v|) / 2 (CONVENTIONS §1). */
  public static int hexDistance(int u, int v) {
    return (Math.abs(u) + Math.abs(v) + Math.abs(u + v)) / 2;
  }

  /** The lattice whose support this grid uses. */
  public Lattice lattice() {
    return lattice;
  }

  /** n, the side of the grid. */
  public int size() {
    return size;
  }

  /** d, the number of axes. */
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

  /**
   * The cell at M·x for the cell x (M a d×d integer matrix acting on doubled coordinates, e.g.
   * H_h^{-1}), or −1 when M·x is not a cell of this grid.
   */
  public int map(int[][] matrix, int cell) {
    int[] x = doubled(cell);
    int[] y = new int[dimension];
    for (int a = 0; a < dimension; a++) {
      int sum = 0;
      for (int b = 0; b < dimension; b++) {
        sum += matrix[a][b] * x[b];
      }
      y[a] = sum;
    }
    return cellAt(y);
  }

  /** True when the cell is inside the support: every cell, or the hexagon of hex distance (n − 1)/2. */
  public boolean inSupport(int cell) {
    if (lattice != Lattice.HEXAGONAL) {
      return true;
    }
    int[] y = doubled(cell);
    // n is odd on the hexagonal lattice, so the doubled coordinates are even
    return hexDistance(y[0] / 2, y[1] / 2) <= (size - 1) / 2;
  }

  /** The support as 0/1 per flattened cell. */
  public int[] support() {
    int[] s = new int[cells];
    for (int c = 0; c < cells; c++) {
      s[c] = inSupport(c) ? 1 : 0;
    }
    return s;
  }

  /** The number of cells in the support. */
  public int supportCells() {
    int count = 0;
    for (int c = 0; c < cells; c++) {
      count += inSupport(c) ? 1 : 0;
    }
    return count;
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
