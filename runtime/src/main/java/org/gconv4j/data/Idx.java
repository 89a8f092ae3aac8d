package org.gconv4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (LeCun's MNIST format): magic {@code 00 00 TYPE RANK}, RANK big-endian int32
 * dimensions, then the elements in C order. Only unsigned bytes (type {@code 0x08}, what MNIST
 * and Fashion-MNIST use) are supported. Plain and gzip-compressed files are both accepted
 * (detected from the content, not the name).
 */
final class Idx {
  /** IDX element type code for unsigned bytes. */
  public static final int UBYTE = 0x08;

  private Idx() {}

  /** An IDX array of unsigned bytes. */
  public static final class Array {
    private final int[] dims;
    private final byte[] data;

    Array(int[] dims, byte[] data) {
      this.dims = dims;
      this.data = data;
    }

    /** The dimensions, e.g. {@code [60000, 28, 28]}. */
    public int[] dims() {
      return dims.clone();
    }

    /** The elements (unsigned: use {@code b & 0xff}), C order. Shared, not copied. */
    public byte[] data() {
      return data;
    }
  }

  /** Reads a plain or gzip-compressed IDX file. */
  public static Array read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads an IDX array from a stream (plain or gzip).
   *
   * @param source names the data in error messages
   * @throws IdxFormatException if the content is not an unsigned-byte IDX array or ends early
   */
  public static Array read(InputStream raw, String source) throws IOException {
    try {
      return readUnchecked(raw, source);
    } catch (EOFException | java.util.zip.ZipException e) {
      throw new IdxFormatException("[Idx] " + source + " is truncated or damaged (gzip: " + e.getMessage()
          + "). Download it again");
    }
  }

  private static Array readUnchecked(InputStream raw, String source) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    InputStream in = buffered;
    if (b0 == 0x1f && b1 == 0x8b) {
      in = new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
    }
    DataInputStream data = new DataInputStream(in);
    byte[] magic = data.readNBytes(4);
    if (magic.length < 4 || magic[0] != 0 || magic[1] != 0) {
      throw new IdxFormatException("[Idx] " + source + " is not an IDX file: it must start with bytes 00 00, found "
          + hex(magic) + ". Pass the uncompressed or .gz MNIST files (e.g. train-images-idx3-ubyte)");
    }
    int type = magic[2] & 0xff;
    int rank = magic[3] & 0xff;
    if (type != UBYTE) {
      throw new IdxFormatException("[Idx] " + source + " has element type 0x" + Integer.toHexString(type)
          + "; only unsigned bytes (0x08, as in MNIST) are supported");
    }
    if (rank < 1 || rank > 4) {
      throw new IdxFormatException("[Idx] " + source + " declares " + rank + " dimensions; expected 1 to 4");
    }
    int[] dims = new int[rank];
    long n = 1;
    try {
      for (int i = 0; i < rank; i++) {
        dims[i] = data.readInt();
        if (dims[i] < 0) {
          throw new IdxFormatException("[Idx] " + source + " has a negative dimension " + dims[i]);
        }
        n *= dims[i];
      }
    } catch (EOFException e) {
      throw new IdxFormatException("[Idx] " + source + " is truncated inside its header. Download it again");
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new IdxFormatException("[Idx] " + source + " has " + n + " elements " + Arrays.toString(dims)
          + "; too large for one array");
    }
    byte[] values = data.readNBytes((int) n);
    if (values.length < n) {
      throw new IdxFormatException("[Idx] " + source + " is truncated: dimensions " + Arrays.toString(dims) + " need "
          + n + " bytes of data, found " + values.length + ". Download it again");
    }
    return new Array(dims, values);
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format(java.util.Locale.ROOT, "%02x ", x & 0xff));
    }
    return s.length() == 0 ? "(empty file)" : s.toString().trim();
  }
}
