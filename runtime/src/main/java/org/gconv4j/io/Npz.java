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
import java.util.List;
import java.util.ArrayList;
import java.util.function.Predicate;
import java.util.zip.CheckedInputStream;
import org.gconv4j.internal.MemoryBudget;
import org.gconv4j.internal.ShapeMath;
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
    return read(file, name -> true);
  }

  /**
   * Reads the arrays whose names {@code wanted} accepts, in archive order. Integrity: every entry
   * read must hold exactly its header and data (as its zip directory declares) and match its zip CRC-32,
   * as NumPy requires; the declared sizes of all wanted entries are checked against the free JVM heap
   * before any array is allocated, so an inflated (zip bomb) or lying entry is an error, not an
   * {@link OutOfMemoryError}.
   */
  public static Map<String, NpyArray> read(Path file, Predicate<String> wanted) throws IOException {
    return read(file, wanted, MemoryBudget.availableBytes());
  }

  /** {@link #read(Path, Predicate)} with at most {@code maxBytes} of declared (inflated) entry sizes. */
  public static Map<String, NpyArray> read(Path file, Predicate<String> wanted, long maxBytes) throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    try (ZipFile zip = open(file)) {
      List<ZipEntry> entries = new ArrayList<>();
      long total = 0;
      for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        if (!e.isDirectory() && wanted.test(arrayName(e))) {
          entries.add(e);
          total = e.getSize() < 0 ? total : Math.min(Long.MAX_VALUE / 2, total + Math.min(e.getSize(), Long.MAX_VALUE / 4));
        }
      }
      if (total > maxBytes) {
        MemoryBudget.require(total, maxBytes, Runtime.getRuntime().maxMemory(), "reading " + file + " (" + entries.size() + " arrays declaring " + total
            + " bytes when inflated)", "Check that this is the right file");
      }
      for (ZipEntry e : entries) {
        String name = arrayName(e);
        if (arrays.containsKey(name)) {
          throw new NpyFormatException("[Npz] " + file + " holds two entries named '" + name + "'; it is damaged. "
              + "Write it again");
        }
        arrays.put(name, readEntry(zip, e, file + ":" + name));
      }
    } catch (ZipException | java.io.EOFException ex) {
      throw new NpyFormatException("[Npz] cannot read " + file + ": " + zipProblem(ex)
          + ". The file is damaged or incomplete; write it again", ex);
    }
    return arrays;
  }

  /** Each array's dtype and shape, read from the entry headers only (no data is read or allocated). */
  public static Map<String, ArrayInfo> headers(Path file) throws IOException {
    Map<String, ArrayInfo> infos = new LinkedHashMap<>();
    try (ZipFile zip = open(file)) {
      for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        if (e.isDirectory()) {
          continue;
        }
        String name = arrayName(e);
        try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 12)) {
          Npy.Header h = Npy.readHeader(in, file + ":" + name);
          checkDeclaredSize(e, h, file + ":" + name);
          infos.put(name, new ArrayInfo(h.dtype(), h.shape()));
        }
      }
    } catch (ZipException | java.io.EOFException ex) {
      throw new NpyFormatException("[Npz] cannot read " + file + ": " + zipProblem(ex)
          + ". The file is damaged or incomplete; write it again", ex);
    }
    return infos;
  }

  /** The dtype and shape an entry declares. */
  public record ArrayInfo(DType dtype, int[] shape) {
    public String shapeString() {
      return java.util.Arrays.toString(shape);
    }
  }

  private static String zipProblem(IOException e) {
    return e.getMessage() != null ? e.getMessage()
        : e instanceof java.io.EOFException ? "the compressed data end early" : e.getClass().getSimpleName();
  }

  private static String arrayName(ZipEntry e) {
    return e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
  }

  private static void checkDeclaredSize(ZipEntry e, Npy.Header h, String source) throws NpyFormatException {
    long needed = ShapeMath.bytes(1, h.preambleBytes() + h.dataBytes());
    if (e.getSize() >= 0 && e.getSize() != needed) {
      throw new NpyFormatException("[Npz] " + source + " declares shape " + java.util.Arrays.toString(h.shape()) + " "
          + h.dtype().descr() + " (" + needed + " bytes with its header) but its zip entry holds " + e.getSize()
          + " bytes. The file is damaged; write it again");
    }
  }

  private static NpyArray readEntry(ZipFile zip, ZipEntry e, String source) throws IOException {
    CRC32 crc = new CRC32();
    try (CheckedInputStream checked = new CheckedInputStream(zip.getInputStream(e), crc);
        InputStream in = new BufferedInputStream(checked, 1 << 16)) {
      Npy.Header h = Npy.readHeader(in, source);
      checkDeclaredSize(e, h, source);
      NpyArray array = Npy.readData(in, h, source);
      if (in.read() >= 0) {
        throw new NpyFormatException("[Npz] " + source + " holds more bytes than its " + array.shapeString()
            + " array (its zip directory is wrong). The file is damaged; write it again");
      }
      if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
        throw new NpyFormatException(String.format(java.util.Locale.ROOT, "[Npz] %s fails its integrity check: the "
            + "zip CRC-32 of the data is %08x but the archive records %08x, so bytes changed after it was written "
            + "(NumPy refuses it too). The file is damaged; write it again", source, crc.getValue(), e.getCrc()));
      }
      return array;
    }
  }

  private static ZipFile open(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "[Npz] no such file");
    }
    if (!Files.isRegularFile(file)) { // a pipe would block the open forever
      throw new NpyFormatException("[Npz] " + file + " is not a regular file (a folder, pipe or device). Pass an .npz file");
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
