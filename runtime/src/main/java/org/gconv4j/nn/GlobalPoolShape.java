package org.gconv4j.nn;

import java.util.Arrays;
import org.gconv4j.internal.Checks;

/** Which trailing axes a global pool reduces. */
final class GlobalPoolShape {
  /** Reduce every axis after the channel axis. */
  static final int ALL_AFTER_CHANNEL = -1;

  private GlobalPoolShape() {}

  /** Number of reduced trailing axes for a shape with a leading batch axis. */
  static int reducedAxes(String tag, int trailingAxes, int[] shape, int leading) {
    int minRank = leading + 2;
    int k = trailingAxes == ALL_AFTER_CHANNEL ? shape.length - leading - 1 : trailingAxes;
    if (shape.length < minRank || shape.length - k < leading + 1) {
      throw Checks.argument(tag, "input must be " + (leading == 1 ? "[N, " : "[")
          + "C, ...] with " + (trailingAxes == ALL_AFTER_CHANNEL ? "at least one axis" : trailingAxes + " axes")
          + " to pool after the channel axis; got " + Shapes.text(shape));
    }
    return k;
  }

  static int[] pooled(int[] shape, int k) {
    return Arrays.copyOf(shape, shape.length - k);
  }

  static String what(int trailingAxes) {
    return trailingAxes == ALL_AFTER_CHANNEL ? "all axes after channel" : "last " + trailingAxes + " axes";
  }
}
