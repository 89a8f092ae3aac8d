package org.gconv4j.processor.compute;

import org.gconv4j.annotations.internal.CellGrid;

/**
 * The CONVENTIONS §4 tables of one group for one filter size, flattened like the runtime's
 * {@code FilterTables}: {@code support[x]}, {@code lifting[s' * cells + x]} and
 * {@code group[(s' * S + t) * cells + x]}, −1 outside the support.
 */
public record FilterTableSet(int size, int dimension, int order, int[] support, int[] lifting, int[] group) {
  public FilterTableSet {
    support = support.clone();
    lifting = lifting.clone();
    group = group.clone();
  }

  /** Computes the tables: source(s', t, x) = t̄ · n^d + cell(H_{s'}^{-1} x) with H_t̄ = H_{s'}^{-1} H_t. */
  public static FilterTableSet compute(StabilizerGroup g, CellGrid grid) {
    int order = g.order();
    int cells = grid.cells();
    int[] support = grid.support();
    int[] lifting = new int[order * cells];
    int[] group = new int[order * order * cells];
    for (int sp = 0; sp < order; sp++) {
      int inv = g.inverse(sp);
      IntMatrix hInv = g.matrix(inv);
      for (int x = 0; x < cells; x++) {
        int source = -1;
        if (support[x] != 0) {
          source = grid.cellAt(hInv.apply(grid.doubled(x)));
          if (source < 0 || support[source] == 0) {
            throw new IllegalArgumentException(
                "element " + g.element(inv).label() + " maps cell " + x + " out of the support of size " + grid.size());
          }
        }
        lifting[sp * cells + x] = source;
        for (int t = 0; t < order; t++) {
          int tBar = g.multiply(inv, t);
          group[(sp * order + t) * cells + x] = source < 0 ? -1 : tBar * cells + source;
        }
      }
    }
    return new FilterTableSet(grid.size(), grid.dimension(), order, support, lifting, group);
  }

  public int cells() {
    return support.length;
  }

  @Override
  public int[] support() {
    return support.clone();
  }

  @Override
  public int[] lifting() {
    return lifting.clone();
  }

  @Override
  public int[] group() {
    return group.clone();
  }

  /** Row s' of the lifting table (cells entries). */
  public int[] liftingRow(int sPrime) {
    int cells = cells();
    int[] row = new int[cells];
    System.arraycopy(lifting, sPrime * cells, row, 0, cells);
    return row;
  }

  /** Row (s', t) of the group table (cells entries). */
  public int[] groupRow(int sPrime, int t) {
    int cells = cells();
    int[] row = new int[cells];
    System.arraycopy(group, (sPrime * order + t) * cells, row, 0, cells);
    return row;
  }
}
