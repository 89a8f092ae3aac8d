package org.gconv4j.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * A minimal reader for gzip-compressed tar archives (POSIX ustar, with GNU long names and pax
 * path records), enough for npm package tarballs. Regular files only.
 */
final class TarGz {
  private static final int BLOCK = 512;

  private TarGz() {}

  /**
   * Extracts selected regular files.
   *
   * @param target maps an entry path (e.g. {@code package/data/t10k-images-idx3-ubyte}) to where it
   *     should be written, or {@code null} to skip it
   * @return the entry paths written and their destinations
   */
  public static Map<String, Path> extract(Path archive, Function<String, Path> target) throws IOException {
    Map<String, Path> written = new LinkedHashMap<>();
    try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
      byte[] header = new byte[BLOCK];
      String longName = null;
      while (true) {
        int got = in.readNBytes(header, 0, BLOCK);
        if (got == 0) {
          break;
        }
        if (got < BLOCK) {
          throw truncated(archive);
        }
        if (isZero(header)) {
          break; // end-of-archive marker
        }
        String name = text(header, 0, 100);
        String prefix = text(header, 345, 155);
        if (!prefix.isEmpty() && "ustar".equals(text(header, 257, 5))) {
          name = prefix + "/" + name;
        }
        long size = octal(header, 124, 12, archive);
        char type = (char) header[156];
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        if (type == 'L' || type == 'x') {
          byte[] meta = in.readNBytes((int) size);
          if (meta.length < size) {
            throw truncated(archive);
          }
          skip(in, padded - size, archive);
          longName = type == 'L' ? new String(meta, StandardCharsets.UTF_8).replace("\0", "") : paxPath(meta, longName);
          continue;
        }
        if (longName != null) {
          name = longName;
          longName = null;
        }
        Path dest = (type == '0' || type == '\0') ? target.apply(name) : null;
        if (dest != null) {
          try (OutputStream out = Files.newOutputStream(dest)) {
            copy(in, out, size, archive);
          }
          written.put(name, dest);
          skip(in, padded - size, archive);
        } else {
          skip(in, padded, archive);
        }
      }
    }
    return written;
  }

  private static String paxPath(byte[] meta, String fallback) {
    String records = new String(meta, StandardCharsets.UTF_8);
    for (String line : records.split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0 && line.startsWith("path=", space + 1)) {
        return line.substring(space + 1 + 5);
      }
    }
    return fallback;
  }

  private static void copy(InputStream in, OutputStream out, long size, Path archive) throws IOException {
    byte[] buf = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw truncated(archive);
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }

  private static void skip(InputStream in, long n, Path archive) throws IOException {
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) {
          throw truncated(archive);
        }
        s = 1;
      }
      left -= s;
    }
  }

  private static IOException truncated(Path archive) {
    return new IOException("[TarGz] " + archive + " is truncated (the archive ends inside an entry). Download it again");
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String text(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int off, int len, Path archive) throws IOException {
    String s = text(b, off, len).trim();
    if (s.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      throw new IOException("[TarGz] " + archive + " has a malformed tar header (size field '" + s + "')");
    }
  }
}
