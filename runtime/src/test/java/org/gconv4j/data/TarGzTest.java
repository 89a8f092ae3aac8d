package org.gconv4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzTest {
  static void entry(OutputStream out, String name, char type, byte[] content) throws IOException {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
    MnistFetcherTest.put(h, 124, String.format("%011o", content.length));
    h[156] = (byte) type;
    MnistFetcherTest.put(h, 257, "ustar");
    out.write(h);
    out.write(content);
    out.write(new byte[(512 - content.length % 512) % 512]);
  }

  static Path archive(Path dir, boolean truncate) throws IOException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    String longName = "package/" + "x".repeat(120) + "/long.bin";
    entry(tar, "package/", '5', new byte[0]);
    entry(tar, "package/a.txt", '0', "alpha".getBytes(StandardCharsets.UTF_8));
    entry(tar, "././@LongLink", 'L', (longName + "\0").getBytes(StandardCharsets.UTF_8));
    entry(tar, longName.substring(0, 99), '0', new byte[] {1, 2, 3});
    String record = "path=package/pax/name.bin\n";
    String pax = (record.length() + 3) + " " + record;
    entry(tar, "PaxHeader", 'x', pax.getBytes(StandardCharsets.UTF_8));
    entry(tar, "ignored-name", '0', new byte[700]);
    tar.write(new byte[1024]);
    byte[] bytes = tar.toByteArray();
    if (truncate) {
      bytes = Arrays.copyOf(bytes, 512 * 3 + 100);
    }
    Path p = dir.resolve(truncate ? "cut.tgz" : "a.tgz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write(bytes);
    }
    return p;
  }

  @Test
  void extractsUstarGnuLongNamesAndPaxPaths(@TempDir Path dir) throws IOException {
    Path tgz = archive(dir, false);
    Path out = Files.createDirectory(dir.resolve("out"));
    int[] counter = {0};
    Map<String, Path> written = TarGz.extract(tgz, name -> out.resolve("f" + counter[0]++));
    assertEquals(List.of("package/a.txt", "package/" + "x".repeat(120) + "/long.bin", "package/pax/name.bin"),
        List.copyOf(written.keySet()));
    assertEquals("alpha", Files.readString(written.get("package/a.txt")));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(written.get("package/" + "x".repeat(120) + "/long.bin")));
    assertEquals(700, Files.size(written.get("package/pax/name.bin")));
  }

  @Test
  void skipsUnselectedEntriesAndReportsTruncation(@TempDir Path dir) throws IOException {
    Map<String, Path> none = TarGz.extract(archive(dir, false), name -> null);
    assertTrue(none.isEmpty());
    Path cut = archive(dir, true);
    IOException e = assertThrows(IOException.class, () -> TarGz.extract(cut, name -> dir.resolve("x")));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }
}
