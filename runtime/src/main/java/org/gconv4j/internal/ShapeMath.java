package org.gconv4j.internal;

import java.util.Arrays;
import org.gconv4j.tensor.Tensor;

/**
 * Checked shape arithmetic: element counts of shapes that come from files or the command line, where an
 * {@code int} product may overflow (a [60000, 64, 8, 100, 100] output has 3·10^10 elements).
 */
public final class ShapeMath {
  /** The most elements one Java array (and so one {@link Tensor}) can hold. */
  public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private ShapeMath() {}

  /**
   * The rule for one sample's shape, shared by models and data sets: {@code [C, H, W]} (images) or
   * {@code [C, D, H, W]} (volumes), without the batch axis, every entry >= 1.
   */
  public static void requireSampleShape(String tag, String what, int[] shape) {
    boolean ok = shape.length == 3 || shape.length == 4;
    for (int s : shape) {
      ok &= s >= 1;
    }
    if (!ok) {
      throw Checks.argument(tag, what + " must be per sample [C, H, W] or [C, D, H, W], without the batch axis, "
          + "every entry >= 1; got " + Arrays.toString(shape));
    }
  }

  /** The product of the shape, or {@link Long#MAX_VALUE} when it exceeds a long; negative entries are an error. */
  public static long size(int... shape) {
    long n = 1;
    for (int s : shape) {
      if (s < 0) {
        throw Checks.argument("ShapeMath", "shape entries must be >= 0; got " + Arrays.toString(shape));
      }
      try {
        n = Math.multiplyExact(n, (long) s);
      } catch (ArithmeticException e) {
        n = Long.MAX_VALUE;
      }
    }
    return n;
  }

  /**
   * The element count of {@code shape} as an int.
   *
   * @param what names the array in the message, e.g. {@code "the output Y"}
   * @throws IllegalArgumentException when it exceeds {@link #MAX_ELEMENTS}
   */
  public static int elements(String what, int... shape) {
    long n = size(shape);
    if (n > MAX_ELEMENTS) {
      throw Checks.argument("ShapeMath", what + " " + Arrays.toString(shape) + " would have "
          + (n == Long.MAX_VALUE ? "more than 2^63" : Long.toString(n)) + " elements; one array holds at most "
          + MAX_ELEMENTS + " (2^31 - 9). Use smaller shapes, e.g. split the batch");
    }
    return (int) n;
  }

  /** {@code count * bytesPerElement}, saturating at {@link Long#MAX_VALUE}. */
  public static long bytes(long count, long bytesPerElement) {
    try {
      return Math.multiplyExact(count, bytesPerElement);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
