package org.gconv4j.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, class 8: a heap too small for a good MNIST-rot cache is reported as memory, never as a
 * damaged cache (which once printed "is unreadable ... generating it again" and then ran out anyway).
 */
class HeapTooSmallTest {
  @TempDir
  Path dir;

  @Test
  void aSmallHeapIsMemoryNotADamagedCache() throws Exception {
    // a good cache of the real size (62,000 digits of 28x28: 194 MB inflated), all zeros (compresses to little)
    int[] sizes = {MnistRot.TRAIN, MnistRot.VALIDATION, MnistRot.TEST};
    Dataset[] sets = new Dataset[3];
    int[][] source = new int[3][];
    double[][] angle = new double[3][];
    for (int s = 0; s < 3; s++) {
      sets[s] = new Dataset("z/" + s, new float[sizes[s] * 784], new int[sizes[s]], 1, 28, 28, 10);
      source[s] = new int[sizes[s]];
      angle[s] = new double[sizes[s]];
    }
    Path cache = dir.resolve("cache");
    MnistRot.write(MnistRot.cacheFile(cache, 0), new MnistRot.Generated(new Splits(sets[0], sets[1], sets[2], "zeros"),
        source, angle), 0);
    String enough = run(cache, "-Xmx1g");
    assertTrue(enough.strip().endsWith("loaded"), "negative control, enough heap: " + enough);
    String small = run(cache, "-Xmx64m");
    assertTrue(small.contains("[Memory]"), small);
    assertFalse(small.contains("unreadable") || small.contains("generating it again"), small);
    assertTrue(Files.exists(MnistRot.cacheFile(cache, 0)), "the cache is kept");
  }

  private static String run(Path cache, String heap) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, heap, "-cp", System.getProperty("java.class.path"),
        LoadCachedMnistRot.class.getName(), cache.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }
}
