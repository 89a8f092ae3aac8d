package org.gconv4j.io;

import java.util.Locale;

/**
 * The NumPy element types gconv4j reads and writes, little-endian. {@link #descr()} is the
 * NumPy type string as written in a {@code .npy} header.
 */
public enum DType {
  FLOAT32("<f4", 4),
  FLOAT64("<f8", 8),
  INT32("<i4", 4),
  INT64("<i8", 8),
  UINT8("|u1", 1);

  private final String descr;
  private final int itemSize;

  DType(String descr, int itemSize) {
    this.descr = descr;
    this.itemSize = itemSize;
  }

  /** NumPy's type string, e.g. {@code "<f4"}. */
  public String descr() {
    return descr;
  }

  /** Bytes per element. */
  public int itemSize() {
    return itemSize;
  }

  /**
   * Parses a NumPy type string. Accepts the little-endian and native-order spellings NumPy
   * writes on little-endian machines ({@code <f4}, {@code =f4}, {@code |u1}, {@code <u1},
   * {@code |b1} read as uint8 0/1).
   *
   * @throws NpyFormatException for big-endian or unsupported types, naming the fix
   */
  public static DType parse(String written, String source) throws NpyFormatException {
    String descr = NpyHeader.Parser.printable(written);
    String d = written.trim();
    if (d.length() >= 2 && d.charAt(0) == '>' && !d.endsWith("1")) {
      throw new NpyFormatException("[Npy] only little-endian arrays are supported; " + source + " has dtype '" + descr
          + "' (big-endian). Convert it in NumPy: a.astype(a.dtype.newbyteorder('<'))");
    }
    String body = d.isEmpty() ? d : (d.charAt(0) == '<' || d.charAt(0) == '|' || d.charAt(0) == '=' || d.charAt(0) == '>')
        ? d.substring(1) : d;
    switch (body.toLowerCase(Locale.ROOT)) {
      case "f4":
        return FLOAT32;
      case "f8":
        return FLOAT64;
      case "i4":
        return INT32;
      case "i8":
        return INT64;
      case "u1":
      case "b1":
        return UINT8;
      default:
        throw new NpyFormatException("[Npy] unsupported dtype '" + descr + "' in " + source
            + "; supported: <f4, <f8, <i4, <i8, |u1 (and |b1). Convert it in NumPy, e.g. a.astype('<f4')");
    }
  }
}
