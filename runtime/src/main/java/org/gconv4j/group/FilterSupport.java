package org.gconv4j.group;

import org.gconv4j.annotations.Lattice;
import org.gconv4j.internal.Checks;

/**
 * Cells of an n-sized filter and their lattice coordinates (CONVENTIONS §3). Cells are flattened
 * row-major; along each axis cell c has the doubled centred coordinate 2c − (n − 1), so rotations
 * about the centre stay integer for even n too.
 */
public final class FilterSupport {
  private final Lattice lattice;
  private final int n;
  private final int cells;

  public FilterSupport(Lattice lattice, int n) {
    Checks.positive("FilterSupport", "filter size", n);
    if (lattice == Lattice.HEXAGONAL && n % 2 == 0) {
      throw Checks.argument("FilterSupport", "hexagonal filters have odd sizes; got " + n
          + ". Use " + (n - 1) + " or " + (n + 1));
    }
    this.lattice = lattice;
    this.n = n;
    int c = 1;
    for (int i = 0; i < lattice.dimension(); i++) {
      c *= n;
    }
    this.cells = c;
  }

  public int size() {
    return n;
  }

  public int cells() {
    return cells;
  }

  public int dimension() {
    return lattice.dimension();
  }

  /** Doubled centred coordinates of a cell. */
  public int[] doubledCoordinates(int cell) {
    int d = dimension();
    int[] x = new int[d];
    for (int axis = d - 1; axis >= 0; axis--) {
      x[axis] = 2 * (cell % n) - (n - 1);
      cell /= n;
    }
    return x;
  }

  /** The cell with these doubled coordinates, or −1 when they fall outside the n^d grid. */
  public int cellAt(int[] doubled) {
    int cell = 0;
    for (int v : doubled) {
      int twice = v + n - 1;
      if (twice < 0 || twice % 2 != 0 || twice / 2 >= n) {
        return -1;
      }
      cell = cell * n + twice / 2;
    }
    return cell;
  }

  /** Whether the cell belongs to the support (all cells, or the hexagon of radius (n−1)/2). */
  public boolean inSupport(int cell) {
    if (lattice != Lattice.HEXAGONAL) {
      return true;
    }
    int[] x = doubledCoordinates(cell);
    int u = x[0] / 2;
    int v = x[1] / 2;
    return hexDistance(u, v) <= (n - 1) / 2;
  }

  /** Hex distance of axial (u, v) from the origin: (|u| + |v| + |u + v|) / 2 (CONVENTIONS §1). */
  public static int hexDistance(int u, int v) {
    return (Math.abs(u) + Math.abs(v) + Math.abs(u + v)) / 2;
  }

  /** 0/1 per cell. */
  public int[] mask() {
    int[] m = new int[cells];
    for (int c = 0; c < cells; c++) {
      m[c] = inSupport(c) ? 1 : 0;
    }
    return m;
  }
}
