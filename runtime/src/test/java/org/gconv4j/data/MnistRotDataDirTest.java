package org.gconv4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9: --data is used even when a default cache exists, and an unwritable cache is only a warning. */
class MnistRotDataDirTest {
  @TempDir
  Path dir;

  private static MnistFetcher noFetch(Path cache) {
    return new MnistFetcher(cache.resolve("mnist"), List.of("false"), new PrintStream(new ByteArrayOutputStream()));
  }

  @Test
  void dataDirWinsOverTheDefaultCache() throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    IdxFiles.writeMnistLike(a, 60_000, 10_000, false);
    IdxFiles.writeMnistLike(b, 60_000, 10_000, false);
    Path images = b.resolve(MnistFiles.NAMES.get(0));
    byte[] x = Files.readAllBytes(images);
    for (int i = 16; i < x.length; i++) {
      x[i] = (byte) (255 - x[i]);
    }
    Files.write(images, x);
    Path cache = dir.resolve("cache");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Dataset[] fromA = MnistFiles.find(a).orElseThrow().load("mnist");
    MnistRot.write(MnistRot.cacheFile(cache, 0), MnistRot.generate(fromA[0], fromA[1], 0, null), 0);

    Splits viaB = MnistRot.load(noFetch(cache), Optional.of(b), cache, 0, quiet);
    Dataset[] fromB = MnistFiles.find(b).orElseThrow().load("mnist");
    Splits expected = MnistRot.generate(fromB[0], fromB[1], 0, null).splits();
    assertArrayEquals(expected.train().images(), viaB.train().images(), "the digits come from --data");
    assertFalse(Arrays.equals(MnistRot.read(MnistRot.cacheFile(cache, 0), 0).train().images(),
        viaB.train().images()), "not from the cache made of other digits");
    assertTrue(viaB.provenance().contains("-data"), viaB.provenance());
  }

  @Test
  void anUnwritableCacheIsAWarningNotAnError() throws IOException {
    Path a = dir.resolve("a");
    IdxFiles.writeMnistLike(a, 60_000, 10_000, false);
    Path cache = dir.resolve("cache");
    Files.createDirectories(cache);
    Files.write(cache.resolve("mnist-rot"), new byte[] {1}); // a file where the cache folder should be
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Splits s = MnistRot.load(noFetch(cache), Optional.of(a), cache, 0, new PrintStream(log, true));
    assertTrue(s.train().size() == MnistRot.TRAIN, "the data are there");
    assertTrue(log.toString().contains("warning: cannot cache MNIST-rot"), log.toString());
    assertTrue(s.provenance().contains("not cached"), s.provenance());
  }
}
