package org.gconv4j.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxFiles {
  private IdxFiles() {}

  static byte[] ubyte(byte[] data, int... dims) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(new byte[] {0, 0, 0x08, (byte) dims.length});
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    out.flush();
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(plain);
    }
    return bytes.toByteArray();
  }

  /** Writes a tiny MNIST-like set of four files (n train, m test images of 4×4) into dir. */
  static void writeMnistLike(Path dir, int n, int m, boolean gz) throws IOException {
    Files.createDirectories(dir);
    int[][] counts = {{n}, {n}, {m}, {m}};
    for (int f = 0; f < 4; f++) {
      int count = counts[f][0];
      boolean images = f % 2 == 0;
      byte[] data = new byte[images ? count * 16 : count];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) (images ? (i * 37 + f) % 256 : i % 10);
      }
      byte[] file = images ? ubyte(data, count, 4, 4) : ubyte(data, count);
      String name = MnistFiles.NAMES.get(f) + (gz ? ".gz" : "");
      Files.write(dir.resolve(name), gz ? gzip(file) : file);
    }
  }
}
