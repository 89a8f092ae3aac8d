package org.gconv4j.backend.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which kernel taps each register tile of a {@link CorrelationPlan} needs. A tap is dead for a tile
 * when every wanted output position of the tile reads the buffer's zero padding through it: the
 * input gradient's first tile on a 26² plane (rows 0 and 1) reads only padding rows through the
 * taps of the filter's first row, its last tiles only through the last two rows. The forward kernel
 * skips those multiply-adds of zeros; the tiles with the same live taps form a class with its own
 * tap offsets and packed weights. A plan without padding has one class, every tap.
 *
 * <p>Skipping a product of an exact zero leaves every sum's bits as they were (an accumulator that
 * starts at +0 never holds −0).
 */
final class TapClasses {
  /** Live taps of each class. */
  final boolean[][] live;
  /** Live tap count of each class. */
  final int[] liveCount;
  /** (input channel, live tap) offsets into the buffer per class: the kernel's {@code offs}. */
  final int[][] offs;
  /** Per output depth slice: runs of tiles as {start, end, class} triples over extended positions. */
  final int[][] runs;

  TapClasses(CorrelationPlan plan, int tile) {
    boolean[] filled = filledMask(plan);
    List<boolean[]> classes = new ArrayList<>();
    runs = new int[plan.out[0]][];
    for (int od = 0; od < plan.out[0]; od++) {
      List<int[]> list = new ArrayList<>();
      for (int p = 0; p < plan.pExt; p += tile) {
        boolean[] mask = liveTaps(plan, filled, od, p, Math.min(p + tile, plan.pUsed));
        int cls = indexOf(classes, mask);
        if (cls < 0) {
          cls = classes.size();
          classes.add(mask);
        }
        int[] last = list.isEmpty() ? null : list.get(list.size() - 1);
        if (last != null && last[2] == cls) {
          last[1] = p + tile;
        } else {
          list.add(new int[] {p, p + tile, cls});
        }
      }
      runs[od] = list.stream().flatMapToInt(Arrays::stream).toArray();
    }
    live = classes.toArray(new boolean[0][]);
    liveCount = new int[live.length];
    offs = new int[live.length][];
    for (int c = 0; c < live.length; c++) {
      for (boolean b : live[c]) {
        liveCount[c] += b ? 1 : 0;
      }
      offs[c] = new int[plan.channels * liveCount[c]];
      int i = 0;
      for (int ch = 0; ch < plan.channels; ch++) {
        for (int t = 0; t < plan.taps; t++) {
          if (live[c][t]) {
            offs[c][i++] = ch * plan.chStride + plan.tapOff[t];
          }
        }
      }
    }
  }

  /** The fraction of a full tile's multiply-adds the plan's tiles run (1: no tap is dead anywhere). */
  static double workFraction(CorrelationPlan plan, int tile) {
    TapClasses c = new TapClasses(plan, tile);
    long done = 0;
    for (int[] r : c.runs) {
      for (int i = 0; i < r.length; i += 3) {
        done += (long) (r[i + 1] - r[i]) * c.liveCount[r[i + 2]];
      }
    }
    return (double) done / ((long) plan.out[0] * plan.pExt * plan.taps);
  }

  /** Buffer entries of one channel that the source fills (the rest is zero padding). */
  private static boolean[] filledMask(CorrelationPlan plan) {
    float[] ones = new float[plan.srcPlane()];
    Arrays.fill(ones, 1f);
    float[] buf = new float[plan.imageLength(1)];
    plan.fill(ones, 0, 0, 1, buf, 0);
    boolean[] filled = new boolean[buf.length];
    for (int i = 0; i < buf.length; i++) {
      filled[i] = buf[i] != 0f;
    }
    return filled;
  }

  /** Taps through which some wanted position in [p0, p1) of depth slice od reads a source element. */
  private static boolean[] liveTaps(CorrelationPlan plan, boolean[] filled, int od, int p0, int p1) {
    boolean[] mask = new boolean[plan.taps];
    int rowLength = plan.q[2];
    for (int p = p0; p < p1; p++) {
      if (p % rowLength >= plan.out[2]) {
        continue; // an extended column: computed and dropped
      }
      for (int t = 0; t < plan.taps; t++) {
        mask[t] |= filled[od * plan.rowQ + p + plan.tapOff[t]];
      }
    }
    return mask;
  }

  private static int indexOf(List<boolean[]> classes, boolean[] mask) {
    for (int i = 0; i < classes.size(); i++) {
      if (Arrays.equals(classes.get(i), mask)) {
        return i;
      }
    }
    return -1;
  }
}
