package org.gconv4j.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives: a zip of {@code NAME.npy} entries, stored
 * ({@code np.savez}) or deflated ({@code np.savez_compressed}). Names are given without the
 * {@code .npy} suffix, as {@code np.load(f)[NAME]} uses them.
 */
public final class Npz {
  private Npz() {}

  /** Reads every array, in archive order. */
  public static Map<String, NpyArray> read(Path file) throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    try (ZipFile zip = open(file)) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.isDirectory()) {
          continue;
        }
        String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
        String source = file + ":" + name;
        try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 16)) {
          arrays.put(name, Npy.read(in, source));
        } catch (ZipException | java.io.EOFException ex) {
          throw new NpyFormatException("[Npz] cannot read entry '" + name + "' of " + file + ": " + ex.getMessage()
              + ". The file is damaged or incomplete; write it again", ex);
        }
      }
    }
    return arrays;
  }

  private static ZipFile open(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "[Npz] no such file");
    }
    try {
      return new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new NpyFormatException("[Npz] " + file + " is not a readable .npz (zip) archive: " + e.getMessage()
          + ". It may be truncated (an interrupted write) or not an .npz file; write it again", e);
    }
  }

  /**
   * Writes the arrays atomically (temporary file + rename).
   *
   * @param compress deflate entries, as {@code np.savez_compressed}; otherwise store them, as {@code np.savez}
   */
  public static void write(Path file, Map<String, NpyArray> arrays, boolean compress) throws IOException {
    AtomicFiles.write(file, out -> write(out, arrays, compress));
  }

  /** Writes the archive to a stream (finishes the zip; does not close the stream). */
  public static void write(OutputStream out, Map<String, NpyArray> arrays, boolean compress) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    for (Map.Entry<String, NpyArray> a : arrays.entrySet()) {
      ZipEntry entry = new ZipEntry(a.getKey() + ".npy");
      entry.setTime(315532800000L + 43200000L); // 1980-01-01 12:00 UTC-ish: reproducible bytes
      if (compress) {
        entry.setMethod(ZipEntry.DEFLATED);
      } else {
        // a stored entry needs its size and CRC before its data
        CRC32 crc = new CRC32();
        try (CheckedOutputStream sink = new CheckedOutputStream(OutputStream.nullOutputStream(), crc)) {
          Npy.write(sink, a.getValue());
        }
        entry.setMethod(ZipEntry.STORED);
        long size = Npy.encodedSize(a.getValue());
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc.getValue());
      }
      zip.putNextEntry(entry);
      Npy.write(zip, a.getValue());
      zip.closeEntry();
    }
    zip.finish();
    zip.flush();
  }
}
