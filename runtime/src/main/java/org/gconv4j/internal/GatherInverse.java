package org.gconv4j.internal;

import java.util.Arrays;

/**
 * The inverse of a filter-transformation table (CONVENTIONS §4), the one home for both backends'
 * backward gathers: for each source entry {@code src} of a filter (0 ≤ src &lt; sources), the table
 * positions that read it, in increasing order, as {@code positions[offsets[src] .. offsets[src + 1])}
 * (CSR). The CPU backend reads them as one list per source ({@link #lists}), the OpenCL backend as
 * the two flat arrays.
 *
 * <p>Internal: this package is not exported.
 */
public final class GatherInverse {
  private final int[] offsets;
  private final int[] positions;

  private GatherInverse(int[] offsets, int[] positions) {
    this.offsets = offsets;
    this.positions = positions;
  }

  /**
   * Inverts {@code table} (rows of sources into one filter's {@code sources} entries, −1 outside the support).
   *
   * @param tag the tag of the error message, e.g. the backend's name
   * @throws IllegalArgumentException {@code [tag] table entries are -1 or a source in [0, sources); ...}
   *     for an entry out of range
   */
  public static GatherInverse of(int[] table, int sources, String tag) {
    int[] counts = new int[sources + 1];
    for (int p = 0; p < table.length; p++) {
      int src = table[p];
      if (src < -1 || src >= sources) {
        throw Checks.argument(tag, "table entries are -1 or a source in [0, " + sources + "); entry " + p
            + " is " + src + ". Check that the table was built for S_in and this filter size ([S, S_in, cells])");
      }
      if (src >= 0) {
        counts[src + 1]++;
      }
    }
    for (int s = 0; s < sources; s++) {
      counts[s + 1] += counts[s];
    }
    int[] next = Arrays.copyOf(counts, sources);
    int[] positions = new int[counts[sources]];
    for (int p = 0; p < table.length; p++) {
      if (table[p] >= 0) {
        positions[next[table[p]]++] = p;
      }
    }
    return new GatherInverse(counts, positions);
  }

  /** Length sources + 1: source s's positions start at offsets[s]. */
  public int[] offsets() {
    return offsets;
  }

  /** Every table position that reads a source, grouped by source, ascending within a source. */
  public int[] positions() {
    return positions;
  }

  /** One ascending array of table positions per source. */
  public int[][] lists() {
    int[][] lists = new int[offsets.length - 1][];
    for (int s = 0; s < lists.length; s++) {
      lists[s] = Arrays.copyOfRange(positions, offsets[s], offsets[s + 1]);
    }
    return lists;
  }
}
