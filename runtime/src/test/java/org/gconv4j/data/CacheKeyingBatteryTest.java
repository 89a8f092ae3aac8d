package org.gconv4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, class 4, the cache-keying battery: hexagonal MNIST-rot loads in a seeded random order over
 * every combination of --data (none, A, B, and A with one byte changed) and data seed, each twice,
 * into one cache. Every load must give exactly the resampling of its own square data (never another
 * combination's cache), must resample only on the first load of its combination, and every
 * combination must have its own cache file.
 */
class CacheKeyingBatteryTest {
  @TempDir
  static Path dir;
  static final List<Optional<Path>> DATA = new ArrayList<>();
  static final HexResampler GRID = HexResampler.forSquare(28);

  @BeforeAll
  static void dataFolders() throws IOException {
    DATA.add(Optional.empty());
    for (String name : List.of("A", "B", "A1")) {
      Path d = Files.createDirectories(dir.resolve(name));
      for (int f = 0; f < 4; f++) {
        byte[] b = new byte[64];
        java.util.Arrays.fill(b, (byte) (name.charAt(0) + f));
        if (name.equals("A1") && f == 3) {
          b[63] ^= 1; // A with one byte changed in the test labels
        }
        Files.write(d.resolve(MnistFiles.NAMES.get(f)), b);
      }
      DATA.add(Optional.of(d));
    }
  }

  /** Square splits that tell their combination apart: two 28x28 digits per split, a bright patch placed by it. */
  static Splits square(int data, long seed) {
    Dataset[] sets = new Dataset[3];
    for (int s = 0; s < 3; s++) {
      float[] x = new float[2 * 28 * 28];
      for (int i = 0; i < 2; i++) {
        int row = 4 + data * 4 + i;
        int col = 4 + (int) seed * 3 + s;
        for (int r = row; r < row + 5; r++) {
          for (int c = col; c < col + 5; c++) {
            x[i * 784 + r * 28 + c] = 0.5f + 0.1f * s;
          }
        }
      }
      sets[s] = new Dataset("sq/" + s, x, new int[] {data, (int) seed % 10}, 1, 28, 28, 10);
    }
    return new Splits(sets[0], sets[1], sets[2], "square " + data + "/" + seed);
  }

  @Test
  void everyLoadGetsItsOwnDataAndEveryCombinationItsOwnFile() throws IOException {
    Path cache = dir.resolve("cache");
    long[] seeds = {0, 1, 7};
    List<int[]> loads = new ArrayList<>();
    for (int d = 0; d < DATA.size(); d++) {
      for (int s = 0; s < seeds.length; s++) {
        loads.add(new int[] {d, s});
        loads.add(new int[] {d, s});
      }
    }
    Collections.shuffle(loads, new Random(23));
    Set<String> loaded = new HashSet<>();
    Map<Path, String> files = new HashMap<>();
    List<String> failures = new ArrayList<>();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    for (int[] l : loads) {
      int d = l[0];
      long seed = seeds[l[1]];
      String combo = d + "/" + seed;
      AtomicInteger resampled = new AtomicInteger();
      Splits got = DataSources.loadHexagonal(cache, DATA.get(d), seed, GRID, quiet, () -> {
        resampled.incrementAndGet();
        return square(d, seed);
      });
      Splits want = GRID.resample(square(d, seed));
      if (!java.util.Arrays.equals(want.test().images(), got.test().images())
          || !java.util.Arrays.equals(want.train().labels(), got.train().labels())) {
        failures.add(combo + ": got another combination's data (" + got.provenance() + ")");
      }
      boolean first = loaded.add(combo);
      if (resampled.get() != (first ? 1 : 0)) {
        failures.add(combo + ": resampled " + resampled.get() + " times on its " + (first ? "first" : "second") + " load");
      }
      Path file = DataSources.hexCacheFile(cache, DATA.get(d), seed, GRID);
      String owner = files.putIfAbsent(file, combo);
      if (owner != null && !owner.equals(combo)) {
        failures.add(combo + " and " + owner + " share the cache file " + file);
      }
      if (file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
        failures.add(combo + ": cache name too long");
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + loads.size() + " loads:\n" + String.join("\n", failures));
    assertEquals(DATA.size() * seeds.length, files.size());
    assertTrue(files.keySet().stream().allMatch(Files::isRegularFile), "every combination cached");
  }

  @Test
  void theKeyNamesTheDataCrcTheGridTheSpacingAndTheFormat() throws IOException {
    String name = DataSources.hexCacheFile(dir, DATA.get(1), 3, GRID).getFileName().toString();
    String crc = MnistRot.fingerprint(MnistFiles.find(DATA.get(1).get()).orElseThrow());
    assertEquals("mnist-rot-v" + MnistRot.VERSION + "-seed3-data" + crc + "-hex31-s"
        + Double.toString(HexResampler.SPACING).replace('.', 'p') + "-f" + DataSources.HEX_FORMAT + ".npz", name);
  }

  @Test
  void anUnwritableHexagonalCacheIsAWarningAndTheDataAreRight() throws IOException {
    Path cache = Files.createDirectories(dir.resolve("blocked"));
    Files.write(cache.resolve("mnist-rot"), new byte[] {1}); // a file where the cache folder should be
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Splits got = DataSources.loadHexagonal(cache, DATA.get(2), 1, GRID, new PrintStream(log, true),
        () -> square(2, 1));
    assertArrayEquals(GRID.resample(square(2, 1)).train().images(), got.train().images());
    assertTrue(log.toString().contains("warning: cannot cache the hexagonal MNIST-rot"), log.toString());
    assertTrue(got.provenance().contains("not cached"), got.provenance());
  }

  @Test
  void whatKilledRunsLeftInTheCacheIsSwept() throws IOException {
    Path cache = dir.resolve("swept");
    Path tmp = Files.createDirectories(cache.resolve("mnist-rot")).resolve(".mnist-rot-v1-seed0.npz.12345.tmp");
    Path fetch = Files.createDirectories(cache.resolve("mnist").resolve(".fetch-999"));
    Path fresh = cache.resolve("mnist-rot").resolve(".other.npz.7.tmp");
    Path kept = cache.resolve("mnist-rot").resolve("mnist-rot-v1-seed0.npz");
    Files.writeString(tmp, "killed");
    Files.writeString(fetch.resolve("mnist.tgz"), "killed");
    Files.writeString(fresh, "being written");
    Files.writeString(kept, "a cache file");
    java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 7_200_000);
    Files.setLastModifiedTime(tmp, old);
    Files.setLastModifiedTime(fetch, old);
    Files.setLastModifiedTime(kept, old);
    assertEquals(2, DataSources.sweepCache(cache));
    assertTrue(!Files.exists(tmp) && !Files.exists(fetch), "the leftovers of killed runs are gone");
    assertTrue(Files.exists(fresh) && Files.exists(kept), "a live temporary file and the cache itself stay");
    assertEquals(0, DataSources.sweepCache(dir.resolve("no-cache-yet")));
  }
}
