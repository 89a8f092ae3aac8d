package org.gconv4j.backend.opencl;

import org.gconv4j.internal.GatherInverse;

/**
 * The inverse of a filter-transformation table in CSR form, for the backward gather: for each source entry
 * {@code src} of a filter (0 ≤ src < block), the table positions that read it are
 * {@code positions[offsets[src] .. offsets[src + 1])}, in increasing order.
 *
 * @param offsets   length block + 1
 * @param positions length = number of table entries ≥ 0
 */
record InverseTable(int[] offsets, int[] positions) {

  /**
   * Inverts {@code table} ([rows, block] flattened, entries in [−1, block)).
   *
   * @throws IllegalArgumentException when an entry is out of range
   */
  public static InverseTable of(int[] table, int block) {
    GatherInverse inverse = GatherInverse.of(table, block, "OpenCL");
    return new InverseTable(inverse.offsets(), inverse.positions());
  }

  /** This table with a one-entry dummy for empty positions: Aparapi cannot pass an empty array (the entry is never read). */
  public InverseTable nonEmpty() {
    return positions.length > 0 ? this : new InverseTable(offsets, new int[1]);
  }
}
