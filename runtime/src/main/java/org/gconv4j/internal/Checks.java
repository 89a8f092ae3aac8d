package org.gconv4j.internal;

import java.util.Arrays;

/**
 * The one home of runtime's argument and state checks, so every message reads the same way:
 * {@code [Tag] rule; got facts. fix} (the project's message style, docs/conventions.md).
 *
 * <p>The tag names the class or command the user called ({@code [Dense]}, {@code [Trainer]}); the
 * rule says what must hold; the facts say what was found; the optional fix says what to do. Facts
 * are formatted only when a check fails, and {@code int[]}, {@code long[]}, {@code float[]},
 * {@code double[]} and {@code Object[]} facts are printed element-wise, so callers can pass a shape
 * without building a string on the success path.
 *
 * <p>Internal: this package is not exported; it is no part of the API.
 */
public final class Checks {
  private Checks() {}

  /** {@code [tag] text}. */
  public static String message(String tag, String text) {
    return "[" + tag + "] " + text;
  }

  /** {@code [tag] rule; got facts. fix}; a null {@code facts} leaves out "; got …", a null {@code fix} ". fix". */
  public static String message(String tag, String rule, Object facts, String fix) {
    StringBuilder sb = new StringBuilder().append('[').append(tag).append("] ").append(rule);
    if (facts != null) {
      sb.append("; got ").append(text(facts));
    }
    if (fix != null) {
      sb.append(". ").append(fix);
    }
    return sb.toString();
  }

  /** A value as a message shows it: arrays element-wise, e.g. {@code [10, 4, 26, 26]}. */
  public static String text(Object value) {
    if (value instanceof int[] a) {
      return Arrays.toString(a);
    }
    if (value instanceof long[] a) {
      return Arrays.toString(a);
    }
    if (value instanceof float[] a) {
      return Arrays.toString(a);
    }
    if (value instanceof double[] a) {
      return Arrays.toString(a);
    }
    if (value instanceof Object[] a) {
      return Arrays.deepToString(a);
    }
    return String.valueOf(value);
  }

  /** An {@link IllegalArgumentException} with the message {@code [tag] text}. */
  public static IllegalArgumentException argument(String tag, String text) {
    return new IllegalArgumentException(message(tag, text));
  }

  /** An {@link IllegalArgumentException} with the message {@code [tag] text} and a cause. */
  public static IllegalArgumentException argument(String tag, String text, Throwable cause) {
    return new IllegalArgumentException(message(tag, text), cause);
  }

  /** An {@link IllegalStateException} with the message {@code [tag] text}. */
  public static IllegalStateException state(String tag, String text) {
    return new IllegalStateException(message(tag, text));
  }

  /** An {@link IllegalStateException} with the message {@code [tag] text} and a cause. */
  public static IllegalStateException state(String tag, String text, Throwable cause) {
    return new IllegalStateException(message(tag, text), cause);
  }

  /**
   * @throws IllegalArgumentException {@code [tag] rule; got facts} unless {@code ok}
   */
  public static void require(boolean ok, String tag, String rule, Object facts) {
    if (!ok) {
      throw new IllegalArgumentException(message(tag, rule, facts, null));
    }
  }

  /**
   * @throws IllegalArgumentException {@code [tag] rule; got facts. fix} unless {@code ok}
   */
  public static void require(boolean ok, String tag, String rule, Object facts, String fix) {
    if (!ok) {
      throw new IllegalArgumentException(message(tag, rule, facts, fix));
    }
  }

  /**
   * @throws IllegalStateException {@code [tag] text} unless {@code ok}
   */
  public static void requireState(boolean ok, String tag, String text) {
    if (!ok) {
      throw state(tag, text);
    }
  }

  /**
   * @return {@code value}
   * @throws IllegalArgumentException {@code [tag] name must be >= 1; got value}
   */
  public static int positive(String tag, String name, int value) {
    return atLeast(tag, name, value, 1);
  }

  /**
   * @return {@code value}
   * @throws IllegalArgumentException {@code [tag] name must be >= 0; got value}
   */
  public static int nonNegative(String tag, String name, int value) {
    return atLeast(tag, name, value, 0);
  }

  /**
   * @return {@code value}
   * @throws IllegalArgumentException {@code [tag] name must be >= min; got value}
   */
  public static int atLeast(String tag, String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(message(tag, name + " must be >= " + min, value, null));
    }
    return value;
  }

  /**
   * @return {@code value}
   * @throws IllegalArgumentException {@code [tag] name must be >= 1; got value}
   */
  public static long positive(String tag, String name, long value) {
    return atLeast(tag, name, value, 1L);
  }

  /**
   * @return {@code value}
   * @throws IllegalArgumentException {@code [tag] name must be >= 0; got value}
   */
  public static long nonNegative(String tag, String name, long value) {
    return atLeast(tag, name, value, 0L);
  }

  /**
   * @return {@code value}
   * @throws IllegalArgumentException {@code [tag] name must be >= min; got value}
   */
  public static long atLeast(String tag, String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(message(tag, name + " must be >= " + min, value, null));
    }
    return value;
  }

  /**
   * @return {@code value}
   * @throws IllegalArgumentException {@code [tag] name must not be null}
   */
  public static <T> T notNull(String tag, String name, T value) {
    if (value == null) {
      throw argument(tag, name + " must not be null");
    }
    return value;
  }

  /**
   * @return {@code value}
   * @throws IllegalArgumentException {@code [tag] name must not be null. fix}
   */
  public static <T> T notNull(String tag, String name, T value, String fix) {
    if (value == null) {
      throw argument(tag, name + " must not be null. " + fix);
    }
    return value;
  }

  /**
   * @return {@code index}
   * @throws IllegalArgumentException {@code [tag] name must be in [0, size); got index}
   */
  public static int index(String tag, String name, int index, int size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(message(tag, name + " must be in [0, " + size + ")", index, null));
    }
    return index;
  }

  /**
   * A flat float array's length against the length its shape needs; {@code shape} (formatted only
   * on failure, may be null) says which shape, {@code fix} (may be null) how to allocate it.
   *
   * @throws IllegalArgumentException {@code [tag] what must hold expected floats (shape); got actual floats. fix}
   */
  public static void floats(String tag, String what, float[] a, long expected, Object shape, String fix) {
    if (a == null || a.length != expected) {
      throw new IllegalArgumentException(message(tag, what + " must hold " + expected + " floats"
          + (shape == null ? "" : " (" + text(shape) + ")"), a == null ? "null" : a.length + " floats", fix));
    }
  }

  /**
   * A gradient (or other tensor) against the shape of the forward output it belongs to.
   *
   * @throws IllegalArgumentException {@code [tag] what must have the forward output's shape expected; got actual}
   */
  public static void sameShape(String tag, String what, int[] expected, int[] actual) {
    if (!Arrays.equals(expected, actual)) {
      throw new IllegalArgumentException(
          message(tag, what + " must have the forward output's shape " + text(expected), actual, null));
    }
  }

  /** {@code [tag] unknown what 'name'; known: a, b, c}: a name looked up in a closed list. */
  public static IllegalArgumentException unknown(String tag, String what, String name, Iterable<?> known) {
    StringBuilder list = new StringBuilder();
    for (Object k : known) {
      list.append(list.length() == 0 ? "" : ", ").append(k);
    }
    return argument(tag, "unknown " + what + " '" + name + "'; known: " + list);
  }
}
