package org.gconv4j.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The header of a {@code .npy} file: encoding exactly as NumPy 2.x writes it, and a parser for the
 * Python dict literal ({@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}).
 */
final class NpyHeader {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** Data starts at a multiple of this many bytes (NumPy's ARRAY_ALIGN). */
  static final int ALIGN = 64;
  /** NumPy pads the header so the leading axis can grow to this many digits in place. */
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;

  final DType dtype;
  final boolean fortranOrder;
  final int[] shape;

  NpyHeader(DType dtype, boolean fortranOrder, int[] shape) {
    this.dtype = dtype;
    this.fortranOrder = fortranOrder;
    this.shape = shape;
  }

  /** The full preamble (magic, version, length, padded dict, newline), byte-identical to {@code np.save}. */
  static byte[] encode(DType dtype, int[] shape) {
    StringBuilder dict = new StringBuilder();
    String shapeRepr = shapeRepr(shape);
    dict.append("{'descr': '").append(dtype.descr()).append("', 'fortran_order': False, 'shape': ")
        .append(shapeRepr).append(", }");
    if (shape.length > 0) {
      dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length())));
    }
    byte[] header = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
    int hlen = header.length + 1; // with the final newline
    int major = 1;
    int lengthBytes = 2;
    int pad = ALIGN - ((MAGIC.length + 2 + lengthBytes + hlen) % ALIGN);
    if (hlen + pad > 0xffff) {
      major = 2;
      lengthBytes = 4;
      pad = ALIGN - ((MAGIC.length + 2 + lengthBytes + hlen) % ALIGN);
    }
    int total = MAGIC.length + 2 + lengthBytes + hlen + pad;
    byte[] out = new byte[total];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[6] = (byte) major;
    out[7] = 0;
    int len = hlen + pad;
    for (int i = 0; i < lengthBytes; i++) {
      out[8 + i] = (byte) (len >>> (8 * i));
    }
    int p = 8 + lengthBytes;
    System.arraycopy(header, 0, out, p, header.length);
    p += header.length;
    Arrays.fill(out, p, p + pad, (byte) ' ');
    out[total - 1] = '\n';
    return out;
  }

  private static String shapeRepr(int[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(shape[i]);
    }
    return s.append(')').toString();
  }

  /** Parses the dict literal of a header. */
  static NpyHeader parse(String text, String source) throws NpyFormatException {
    Parser p = new Parser(text, source);
    String descr = null;
    Boolean fortran = null;
    int[] shape = null;
    p.skipSpace();
    p.expect('{');
    while (true) {
      p.skipSpace();
      if (p.peek() == '}') {
        p.pos++;
        break;
      }
      String key = p.string();
      p.skipSpace();
      p.expect(':');
      p.skipSpace();
      switch (key) {
        case "descr":
          if (p.peek() != '\'' && p.peek() != '"') {
            throw p.error("'descr' must be a simple type string such as '<f4' (structured dtypes are not supported)");
          }
          descr = p.string();
          break;
        case "fortran_order":
          fortran = p.bool();
          break;
        case "shape":
          shape = p.tuple();
          break;
        default:
          throw p.error("unexpected key '" + key + "'");
      }
      p.skipSpace();
      if (p.peek() == ',') {
        p.pos++;
      }
    }
    if (descr == null || fortran == null || shape == null) {
      throw p.error("the header must have 'descr', 'fortran_order' and 'shape'");
    }
    return new NpyHeader(DType.parse(descr, source), fortran, shape);
  }

  /** A tiny reader for the Python literals NumPy writes. */
  static final class Parser {
    final String s;
    final String source;
    int pos;

    Parser(String s, String source) {
      this.s = s;
      this.source = source;
    }

    NpyFormatException error(String what) {
      return new NpyFormatException("[Npy] malformed header in " + source + ": " + printable(what) + " at offset " + pos
          + " of \"" + printable(s.strip()) + "\". Write the file with numpy.save");
    }

    /** The header as one printable line: control and non-ASCII bytes escaped, at most 200 characters. */
    static String printable(String text) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < text.length() && b.length() < 200; i++) {
        char c = text.charAt(i);
        b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format(java.util.Locale.ROOT, "\\x%02x", (int) c & 0xff));
      }
      return b.length() >= 200 ? b + "..." : b.toString();
    }

    char peek() throws NpyFormatException {
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(pos);
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    void expect(char c) throws NpyFormatException {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    String string() throws NpyFormatException {
      char q = peek();
      if (q != '\'' && q != '"') {
        throw error("expected a quoted string");
      }
      int end = s.indexOf(q, pos + 1);
      if (end < 0) {
        throw error("unterminated string");
      }
      String v = s.substring(pos + 1, end);
      pos = end + 1;
      return v;
    }

    boolean bool() throws NpyFormatException {
      if (s.startsWith("True", pos)) {
        pos += 4;
        return true;
      }
      if (s.startsWith("False", pos)) {
        pos += 5;
        return false;
      }
      throw error("expected True or False");
    }

    int[] tuple() throws NpyFormatException {
      expect('(');
      List<Integer> dims = new ArrayList<>();
      while (true) {
        skipSpace();
        if (peek() == ')') {
          pos++;
          break;
        }
        int start = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
        if (start == pos) {
          throw error("expected a non-negative integer in the shape");
        }
        long v = pos - start > 12 ? Long.MAX_VALUE : Long.parseLong(s.substring(start, pos));
        if (v > Integer.MAX_VALUE) {
          throw error("shape entry " + s.substring(start, pos) + " is too large (at most " + Integer.MAX_VALUE + ")");
        }
        dims.add((int) v);
        if (pos < s.length() && s.charAt(pos) == 'L') {
          pos++; // Python 2 long suffix
        }
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else if (peek() != ')') {
          throw error("expected ',' or ')' in the shape");
        }
      }
      return dims.stream().mapToInt(Integer::intValue).toArray();
    }
  }
}
