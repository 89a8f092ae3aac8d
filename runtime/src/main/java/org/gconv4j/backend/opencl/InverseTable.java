package org.gconv4j.backend.opencl;

import java.util.Arrays;

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
    int[] counts = new int[block + 1];
    for (int p = 0; p < table.length; p++) {
      int src = table[p];
      if (src < -1 || src >= block) {
        throw new IllegalArgumentException("[InverseTable] table entries are -1 or a source in [0, " + block + "); entry " + p
            + " is " + src + ". Check the table's shape [S, S_in, cells]");
      }
      if (src >= 0) {
        counts[src + 1]++;
      }
    }
    for (int s = 0; s < block; s++) {
      counts[s + 1] += counts[s];
    }
    int[] offsets = counts.clone();
    int[] next = Arrays.copyOf(counts, block);
    int[] positions = new int[counts[block]];
    for (int p = 0; p < table.length; p++) {
      if (table[p] >= 0) {
        positions[next[table[p]]++] = p;
      }
    }
    return new InverseTable(offsets, positions);
  }

  /** This table with a one-entry dummy for empty positions: Aparapi cannot pass an empty array (the entry is never read). */
  public InverseTable nonEmpty() {
    return positions.length > 0 ? this : new InverseTable(offsets, new int[1]);
  }
}
