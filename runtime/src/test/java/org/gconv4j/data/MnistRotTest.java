package org.gconv4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses a synthetic 70,000-digit pool of 6×6 images so the test stays small. */
class MnistRotTest {
  static Dataset train;
  static Dataset test;

  @BeforeAll
  static void pool() {
    train = synthetic("train", 60_000, 0);
    test = synthetic("test", 10_000, 60_000);
  }

  static Dataset synthetic(String name, int n, int offset) {
    int side = 6;
    float[] x = new float[n * side * side];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      int id = offset + i;
      // a distinct pattern per digit: pixel (2, 2) carries the id, the centre is bright
      x[i * 36 + 2 * 6 + 2] = id / 70_000f;
      x[i * 36 + 14] = 1f;
      x[i * 36 + 15] = 1f;
      x[i * 36 + 20] = 1f;
      x[i * 36 + 21] = 1f;
      y[i] = id % 10;
    }
    return new Dataset(name, x, y, 1, side, side, 10);
  }

  @Test
  void sameSeedGivesTheSameBytesAndAnotherSeedDiffers() {
    MnistRot.Generated a = MnistRot.generate(train, test, 7, null);
    MnistRot.Generated b = MnistRot.generate(train, test, 7, null);
    MnistRot.Generated c = MnistRot.generate(train, test, 8, null);
    assertArrayEquals(a.splits().train().images(), b.splits().train().images());
    assertArrayEquals(a.splits().test().images(), b.splits().test().images());
    assertArrayEquals(a.splits().validation().labels(), b.splits().validation().labels());
    assertArrayEquals(a.angle()[2], b.angle()[2]);
    assertFalse(Arrays.equals(a.splits().train().images(), c.splits().train().images()));
  }

  @Test
  void splitsHaveThePaperSizesDisjointSourcesAndMatchingLabels() {
    MnistRot.Generated g = MnistRot.generate(train, test, 1, null);
    assertEquals(10_000, g.splits().train().size());
    assertEquals(2_000, g.splits().validation().size());
    assertEquals(50_000, g.splits().test().size());
    Set<Integer> used = new HashSet<>();
    Dataset[] sets = {g.splits().train(), g.splits().validation(), g.splits().test()};
    for (int s = 0; s < 3; s++) {
      for (int i = 0; i < sets[s].size(); i++) {
        int src = g.source()[s][i];
        assertTrue(used.add(src), "pool digit " + src + " used twice");
        assertEquals(src % 10, sets[s].label(i));
        double angle = g.angle()[s][i];
        assertTrue(angle >= 0 && angle < 2 * Math.PI);
      }
    }
    // the rotated image is the source digit rotated by its angle
    float[] expected = new float[36];
    Dataset pool = Dataset.concat("pool", train, test);
    ImageRotation.rotate(pool.images(), g.source()[0][5] * 36, 6, 6, g.angle()[0][5], expected, 0);
    assertArrayEquals(expected, Arrays.copyOfRange(g.splits().train().images(), 5 * 36, 6 * 36));
    // angles look uniform: mean near π
    double mean = Arrays.stream(g.angle()[2]).average().orElseThrow();
    assertEquals(Math.PI, mean, 0.05);
  }

  @Test
  void cacheFileRoundTripsAndIsKeyedBySeedAndVersion(@TempDir Path dir) throws IOException {
    MnistRot.Generated g = MnistRot.generate(train, test, 3, null);
    Path file = MnistRot.cacheFile(dir, 3);
    assertEquals("mnist-rot-v1-seed3.npz", file.getFileName().toString());
    MnistRot.write(file, g, 3);
    Splits back = MnistRot.read(file, 3);
    assertArrayEquals(g.splits().test().images(), back.test().images());
    assertArrayEquals(g.splits().train().labels(), back.train().labels());
    assertEquals(6, back.train().height());
  }
}
