package org.gconv4j.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Random damage to valid {@code .npy}/{@code .npz} bytes: truncation, bit flips, byte runs, edits of
 * the NumPy header (huge or negative shapes, wrong and big-endian dtypes, Fortran order, broken
 * syntax), and zip-level damage to sizes, CRCs and names (in the local and central headers).
 */
public final class FileMutations {
  private static final String[] DTYPES = {"<f4", "<f8", "<i4", "<i8", "|u1", "|b1", ">f4", "<f2", "|O", "<c8", "<U3",
      "", "f4"};
  private static final String[] DIMS = {"0", "1", "3", "2147483647", "2147483648", "-1", "99999999999999999999", "65536",
      "1000000000", "4"};

  private FileMutations() {}

  /** One to three random mutations of {@code valid}, described in {@code what[0]} for the failure message. */
  public static byte[] mutate(byte[] valid, Random r, StringBuilder what) {
    byte[] b = valid.clone();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      b = once(b, r, what);
    }
    return b;
  }

  private static byte[] once(byte[] b, Random r, StringBuilder what) {
    if (b.length == 0) {
      what.append("empty; ");
      return b;
    }
    switch (r.nextInt(9)) {
      case 0: {
        int len = r.nextInt(b.length);
        what.append("truncate to ").append(len).append("; ");
        return Arrays.copyOf(b, len);
      }
      case 1: {
        int at = r.nextInt(b.length);
        int bit = r.nextInt(8);
        what.append("flip bit ").append(bit).append(" of byte ").append(at).append("; ");
        b[at] ^= (byte) (1 << bit);
        return b;
      }
      case 2: {
        int at = r.nextInt(b.length);
        int len = 1 + r.nextInt(Math.min(16, b.length - at));
        byte v = (byte) r.nextInt(256);
        what.append("fill ").append(len).append(" bytes at ").append(at).append(" with ").append(v & 0xff).append("; ");
        Arrays.fill(b, at, at + len, v);
        return b;
      }
      case 3:
        return replaceText(b, r, "'shape': (", "'shape': (" + Fuzz.pick(r, DIMS) + ", " + Fuzz.pick(r, DIMS) + ", ",
            what);
      case 4:
        return replaceText(b, r, "'descr': '", "'descr': '" + Fuzz.pick(r, DTYPES) + "', 'x': '", what);
      case 5:
        return replaceText(b, r, "False", Fuzz.pick(r, "True ", "Fals ", "0    ", "None "), what);
      case 6: {
        // a zip header field: sizes (at +18/+22 local, +20/+24 central), CRC (+14 local, +16 central), name length
        int sig = findSignature(b, r);
        if (sig < 0) {
          return flipAny(b, r, what);
        }
        boolean central = b[sig + 2] == 1;
        int[] fields = central ? new int[] {16, 20, 24, 28} : new int[] {14, 18, 22, 26};
        int at = sig + fields[r.nextInt(fields.length)];
        if (at + 4 > b.length) {
          return flipAny(b, r, what);
        }
        int v = Fuzz.pick(r, 0, 1, -1, 0x7fffffff, 1 << 30, r.nextInt());
        what.append(central ? "central" : "local").append(" zip field at ").append(at).append(" := ").append(v)
            .append("; ");
        for (int k = 0; k < 4; k++) {
          b[at + k] = (byte) (v >>> (8 * k));
        }
        return b;
      }
      case 7: {
        int at = r.nextInt(b.length);
        int len = r.nextInt(Math.min(64, b.length - at) + 1);
        what.append("duplicate ").append(len).append(" bytes at ").append(at).append("; ");
        byte[] out = new byte[b.length + len];
        System.arraycopy(b, 0, out, 0, at + len);
        System.arraycopy(b, at, out, at + len, b.length - at);
        return out;
      }
      default:
        return flipAny(b, r, what);
    }
  }

  private static byte[] flipAny(byte[] b, Random r, StringBuilder what) {
    int at = r.nextInt(b.length);
    what.append("byte ").append(at).append(" := random; ");
    b[at] = (byte) r.nextInt(256);
    return b;
  }

  /** A random local (PK\3\4) or central (PK\1\2) header start, or -1. */
  private static int findSignature(byte[] b, Random r) {
    int[] found = new int[64];
    int count = 0;
    for (int i = 0; i + 4 <= b.length && count < found.length; i++) {
      if (b[i] == 'P' && b[i + 1] == 'K' && ((b[i + 2] == 3 && b[i + 3] == 4) || (b[i + 2] == 1 && b[i + 3] == 2))) {
        found[count++] = i;
      }
    }
    return count == 0 ? -1 : found[r.nextInt(count)];
  }

  /** Replaces one occurrence of {@code from} (ISO-8859-1) by {@code to}; the file grows or shrinks. */
  private static byte[] replaceText(byte[] b, Random r, String from, String to, StringBuilder what) {
    String s = new String(b, StandardCharsets.ISO_8859_1);
    int at = s.indexOf(from);
    if (at < 0) {
      return flipAny(b, r, what);
    }
    what.append("header '").append(from).append("' -> '").append(to).append("'; ");
    return (s.substring(0, at) + to + s.substring(at + from.length())).getBytes(StandardCharsets.ISO_8859_1);
  }
}
