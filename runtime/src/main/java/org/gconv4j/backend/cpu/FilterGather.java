package org.gconv4j.backend.cpu;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.gconv4j.internal.GatherInverse;

/**
 * The filter transformation (CONVENTIONS §4) as a table gather, and its gradient as a gather
 * through the inverse table: for each source entry, the list of expanded positions that copy it.
 * Inverse tables are built once per table array (cached by identity).
 */
final class FilterGather {
  private static final Map<int[], int[][]> INVERSES = Collections.synchronizedMap(new WeakHashMap<>());

  private FilterGather() {}

  /** positions[src] = ascending expanded indices j (into [S, S_in, cells]) with table[j] == src. */
  static int[][] inverse(int[] table, int sources) {
    int[][] cached = INVERSES.get(table);
    if (cached != null && cached.length == sources) {
      return cached;
    }
    int[][] positions = GatherInverse.of(table, sources, "CpuBackend").lists();
    INVERSES.put(table, positions);
    return positions;
  }

  /** fPlus[o, s', i, t, x] = f[o, i, table[s', t, x]] (0 where the table is −1), for output channel o. */
  static void forward(float[] f, int o, int inC, int[] table, int order, int inOrder, int cells, float[] fPlus) {
    int filterLen = inOrder * cells;
    for (int sp = 0; sp < order; sp++) {
      int tBase = sp * filterLen;
      for (int i = 0; i < inC; i++) {
        int src = (o * inC + i) * filterLen;
        int dst = ((o * order + sp) * inC + i) * filterLen;
        for (int j = 0; j < filterLen; j++) {
          int idx = table[tBase + j];
          fPlus[dst + j] = idx < 0 ? 0f : f[src + idx];
        }
      }
    }
  }

  /**
   * The inverse lists as offsets into the gradient of one (output channel, input channel) pair's expanded
   * rows: expanded index j = (s', local) becomes s'·inC·filterLen + local (no division per entry).
   */
  static int[][] gatherOffsets(int[][] positions, int inOrder, int cells, int inC) {
    int filterLen = inOrder * cells;
    int[][] offsets = new int[positions.length][];
    for (int src = 0; src < positions.length; src++) {
      offsets[src] = new int[positions[src].length];
      for (int q = 0; q < positions[src].length; q++) {
        int j = positions[src][q];
        offsets[src][q] = (j / filterLen) * inC * filterLen + j % filterLen;
      }
    }
    return offsets;
  }

  /**
   * gradF[o, i, src] (+)= Σ over the inverse list of src of gradFPlus[o, s', i, t, x], in ascending order;
   * {@code offsets} from {@link #gatherOffsets} for this inC.
   */
  static void backward(float[] gradFPlus, int o, int inC, int[][] offsets, int order, int inOrder, int cells, float[] gradF,
      boolean accumulate) {
    int filterLen = inOrder * cells;
    for (int i = 0; i < inC; i++) {
      int dst = (o * inC + i) * filterLen;
      int row = (o * order * inC + i) * filterLen;
      for (int src = 0; src < filterLen; src++) {
        float sum = 0f;
        for (int off : offsets[src]) {
          sum += gradFPlus[row + off];
        }
        gradF[dst + src] = accumulate ? gradF[dst + src] + sum : sum;
      }
    }
  }
}
