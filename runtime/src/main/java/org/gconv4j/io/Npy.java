package org.gconv4j.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0; C order;
 * little-endian {@code <f4 <f8 <i4 <i8 |u1}). Files written here are byte-identical to
 * {@code numpy.save} of the same array (NumPy 2.x header padding).
 */
public final class Npy {
  private static final int CHUNK = 1 << 16; // a multiple of every item size

  private Npy() {}

  /** Reads a {@code .npy} file; the declared shape is checked against the file size before allocating. */
  public static NpyArray read(Path file) throws IOException {
    if (Files.exists(file) && !Files.isRegularFile(file)) { // a pipe would block the open forever
      throw new NpyFormatException("[Npy] " + file + " is not a regular file (a folder, pipe or device). Pass a .npy file");
    }
    long size = Files.size(file);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK)) {
      NpyArray a = read(in, file.toString(), size);
      if (in.read() >= 0) {
        throw new NpyFormatException("[Npy] " + file + " has bytes after its " + a.shapeString() + " "
            + a.dtype().descr() + " data (" + size + " bytes in all); it is damaged or not one .npy array. Write it "
            + "again with numpy.save");
      }
      return a;
    }
  }

  /**
   * Reads one array from a stream positioned at the magic string, whose length is unknown.
   *
   * @param source names the stream in error messages (a file, or {@code "file.npz:name"})
   * @throws NpyFormatException if the bytes are not a supported {@code .npy} array, or end early
   */
  public static NpyArray read(InputStream in, String source) throws IOException {
    return read(in, source, -1);
  }

  /**
   * Reads one array from a stream that holds {@code streamBytes} bytes (-1 when unknown). Before it
   * allocates, the declared shape must fit in those bytes and in the free JVM heap.
   */
  public static NpyArray read(InputStream in, String source, long streamBytes) throws IOException {
    Header h = readHeader(in, source);
    long dataBytes = h.dataBytes();
    if (streamBytes >= 0 && h.preambleBytes + dataBytes > streamBytes) {
      throw new NpyFormatException("[Npy] " + source + " is truncated: shape " + Arrays.toString(h.header.shape) + " "
          + h.header.dtype.descr() + " needs " + dataBytes + " data bytes after the " + h.preambleBytes
          + "-byte header, but it holds " + streamBytes + " bytes in all. The file is incomplete; write it again");
    }
    if (dataBytes > org.gconv4j.internal.MemoryBudget.availableBytes()) {
      org.gconv4j.internal.MemoryBudget.require(dataBytes, "reading " + source + " (shape "
          + Arrays.toString(h.header.shape) + " " + h.header.dtype.descr() + ")", "Check that this is the right file");
    }
    return readData(in, h, source);
  }

  /** Allocates the array a header declares and reads its data (the stream is at the first data byte). */
  static NpyArray readData(InputStream in, Header h, String source) throws IOException {
    NpyArray array = NpyArray.zeros(h.header.dtype, h.header.shape);
    readData(in, array, source);
    return array;
  }

  /** A parsed header and how many bytes it took (magic, version, length, dict). */
  record Header(NpyHeader header, long preambleBytes) {
    long dataBytes() {
      return (long) org.gconv4j.internal.ShapeMath.size(header.shape) * header.dtype.itemSize();
    }

    DType dtype() {
      return header.dtype;
    }

    int[] shape() {
      return header.shape.clone();
    }
  }

  /** Reads and checks the preamble; the stream is left at the first data byte. No data is allocated. */
  static Header readHeader(InputStream in, String source) throws IOException {
    byte[] magic = in.readNBytes(8);
    if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), NpyHeader.MAGIC)) {
      throw new NpyFormatException("[Npy] " + source + " is not a .npy file: it does not start with \\x93NUMPY"
          + (magic.length < 8 ? " (only " + magic.length + " bytes)" : "") + ". Write it with numpy.save");
    }
    int major = magic[6] & 0xff;
    if (major < 1 || major > 3) {
      throw new NpyFormatException("[Npy] " + source + " has .npy format version " + major + "." + (magic[7] & 0xff)
          + "; supported: 1.0, 2.0, 3.0. Re-save it with numpy.save");
    }
    int lengthBytes = major == 1 ? 2 : 4;
    byte[] lenBytes = in.readNBytes(lengthBytes);
    if (lenBytes.length < lengthBytes) {
      throw truncated(source, "header length", lengthBytes, lenBytes.length);
    }
    long headerLength = 0;
    for (int i = 0; i < lengthBytes; i++) {
      headerLength |= (long) (lenBytes[i] & 0xff) << (8 * i);
    }
    if (headerLength > 1 << 24) {
      throw new NpyFormatException("[Npy] " + source + " declares a " + headerLength + "-byte header; not a sane .npy file");
    }
    byte[] headerBytes = in.readNBytes((int) headerLength);
    if (headerBytes.length < headerLength) {
      throw truncated(source, "header", headerLength, headerBytes.length);
    }
    String headerText = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    NpyHeader header = NpyHeader.parse(headerText, source);
    if (header.fortranOrder && header.shape.length > 1) {
      throw new NpyFormatException("[Npy] " + source + " is in Fortran order; only C order is supported. "
          + "Save np.ascontiguousarray(a) instead");
    }
    long n = org.gconv4j.internal.ShapeMath.size(header.shape);
    if (n > org.gconv4j.internal.ShapeMath.MAX_ELEMENTS) {
      throw new NpyFormatException("[Npy] " + source + " has " + (n == Long.MAX_VALUE ? "more than 2^63" : n)
          + " elements (shape " + Arrays.toString(header.shape) + "); at most 2^31 - 9 fit a Java array");
    }
    return new Header(header, 8L + lengthBytes + headerLength);
  }

  private static NpyFormatException truncated(String source, String what, long expected, long found) {
    return new NpyFormatException("[Npy] " + source + " is truncated: expected " + expected + " bytes of " + what
        + ", found " + found + ". The file is incomplete; write it again");
  }

  private static void readData(InputStream in, NpyArray array, String source) throws IOException {
    int item = array.dtype().itemSize();
    int n = array.size();
    long expectedBytes = (long) n * item;
    byte[] chunk = new byte[CHUNK];
    ByteBuffer buf = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    int done = 0;
    while (done < n) {
      int count = Math.min(n - done, CHUNK / item);
      int got = in.readNBytes(chunk, 0, count * item);
      if (got < count * item) {
        throw new NpyFormatException("[Npy] " + source + " is truncated: shape " + array.shapeString() + " "
            + array.dtype().descr() + " needs " + expectedBytes + " data bytes, found " + ((long) done * item + got)
            + ". The file is incomplete; write it again");
      }
      buf.clear();
      switch (array.dtype()) {
        case FLOAT32:
          buf.asFloatBuffer().get((float[]) array.raw(), done, count);
          break;
        case FLOAT64:
          buf.asDoubleBuffer().get((double[]) array.raw(), done, count);
          break;
        case INT32:
          buf.asIntBuffer().get((int[]) array.raw(), done, count);
          break;
        case INT64:
          buf.asLongBuffer().get((long[]) array.raw(), done, count);
          break;
        default:
          System.arraycopy(chunk, 0, (byte[]) array.raw(), done, count);
          break;
      }
      done += count;
    }
  }

  /** Writes a {@code .npy} file atomically (a temporary file in the same folder, then a rename). */
  public static void write(Path file, NpyArray array) throws IOException {
    AtomicFiles.write(file, out -> write(out, array));
  }

  /** Writes one array (header and data) to a stream; does not close it. */
  public static void write(OutputStream out, NpyArray array) throws IOException {
    OutputStream o = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, CHUNK);
    o.write(NpyHeader.encode(array.dtype(), array.shape()));
    int item = array.dtype().itemSize();
    int n = array.size();
    byte[] chunk = new byte[CHUNK];
    ByteBuffer buf = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    int done = 0;
    while (done < n) {
      int count = Math.min(n - done, CHUNK / item);
      buf.clear();
      switch (array.dtype()) {
        case FLOAT32:
          buf.asFloatBuffer().put((float[]) array.raw(), done, count);
          break;
        case FLOAT64:
          buf.asDoubleBuffer().put((double[]) array.raw(), done, count);
          break;
        case INT32:
          buf.asIntBuffer().put((int[]) array.raw(), done, count);
          break;
        case INT64:
          buf.asLongBuffer().put((long[]) array.raw(), done, count);
          break;
        default:
          System.arraycopy((byte[]) array.raw(), done, chunk, 0, count);
          break;
      }
      o.write(chunk, 0, count * item);
      done += count;
    }
    o.flush();
  }

  /** Number of bytes {@link #write(OutputStream, NpyArray)} produces. */
  public static long encodedSize(NpyArray array) {
    return NpyHeader.encode(array.dtype(), array.shape()).length + (long) array.size() * array.dtype().itemSize();
  }
}
