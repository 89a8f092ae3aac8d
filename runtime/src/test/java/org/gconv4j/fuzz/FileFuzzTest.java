package org.gconv4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gconv4j.io.Npy;
import org.gconv4j.io.NpyArray;
import org.gconv4j.io.Npz;
import org.gconv4j.tensor.Tensor;
import org.gconv4j.train.Checkpoint;
import org.gconv4j.train.ModelState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file part of the fuzz battery (docs/reliability.md): damaged {@code .npy}, {@code .npz} and
 * checkpoint files either read back exactly what was written (the zip CRC makes that the only correct
 * result for {@code .npz}) or fail with a clean one-line error; never another exception, an
 * {@link OutOfMemoryError} or a hang.
 */
class FileFuzzTest {
  private static final Duration BOX = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  static NpyArray randomArray(Random r) {
    int rank = r.nextInt(5);
    int[] shape = new int[rank];
    for (int i = 0; i < rank; i++) {
      shape[i] = r.nextInt(6);
    }
    int n = Math.toIntExact(Tensor.size(shape));
    switch (r.nextInt(5)) {
      case 0: {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
          d[i] = r.nextGaussian();
        }
        return NpyArray.ofDoubles(d, shape);
      }
      case 1: {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
          d[i] = r.nextInt();
        }
        return NpyArray.ofInts(d, shape);
      }
      case 2: {
        long[] d = new long[n];
        for (int i = 0; i < n; i++) {
          d[i] = r.nextLong();
        }
        return NpyArray.ofLongs(d, shape);
      }
      case 3: {
        byte[] d = new byte[n];
        r.nextBytes(d);
        return NpyArray.ofUnsignedBytes(d, shape);
      }
      default: {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
          d[i] = (float) r.nextGaussian();
        }
        return NpyArray.ofFloats(d, shape);
      }
    }
  }

  static byte[] encode(NpyArray a) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.write(out, a);
    return out.toByteArray();
  }

  static void assertSameArray(NpyArray expected, NpyArray actual) {
    assertEquals(expected.dtype(), actual.dtype());
    assertArrayEquals(expected.shape(), actual.shape());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(Double.doubleToLongBits(expected.getDouble(i)), Double.doubleToLongBits(actual.getDouble(i)),
          "element " + i);
    }
  }

  @Test
  void damagedNpyFilesReadConsistentlyOrFailCleanly() {
    Fuzz.run("npy", 1009, new long[] {-3326355710252312482L, -4373438054848630520L, -5881639515438185257L}, 400, Duration.ofSeconds(25), BOX, (seed, r) -> {
      NpyArray a = randomArray(r);
      StringBuilder what = new StringBuilder();
      byte[] bytes = FileMutations.mutate(encode(a), r, what);
      Path f = dir.resolve("a" + seed + ".npy");
      Files.write(f, bytes);
      try {
        NpyArray back = Npy.read(f);
        // no checksum in .npy: a correct read is one whose data are exactly the file's last bytes
        byte[] again = encode(back);
        int data = back.size() * back.dtype().itemSize();
        assertArrayEquals(java.util.Arrays.copyOfRange(again, again.length - data, again.length),
            java.util.Arrays.copyOfRange(bytes, bytes.length - data, bytes.length), what.toString());
      } catch (IOException | IllegalArgumentException e) {
        Fuzz.assertCleanError(e, IOException.class, IllegalArgumentException.class);
      } finally {
        Files.deleteIfExists(f);
      }
    });
  }

  @Test
  void damagedNpzFilesReadTheOriginalArraysOrFailCleanly() {
    Fuzz.run("npz", 2003, new long[] {7239192266106577493L, 2142859813038178991L}, 400, Duration.ofSeconds(25), BOX, (seed, r) -> {
      Map<String, NpyArray> arrays = new LinkedHashMap<>();
      int count = 1 + r.nextInt(3);
      for (int i = 0; i < count; i++) {
        arrays.put("a" + i, randomArray(r));
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Npz.write(out, arrays, r.nextBoolean());
      StringBuilder what = new StringBuilder();
      byte[] bytes = FileMutations.mutate(out.toByteArray(), r, what);
      Path f = dir.resolve("a" + seed + ".npz");
      Files.write(f, bytes);
      try {
        Map<String, NpyArray> back = Npz.read(f);
        List<NpyArray> expected = new ArrayList<>(arrays.values());
        List<NpyArray> actual = new ArrayList<>(back.values());
        assertEquals(expected.size(), actual.size(), what.toString());
        for (int i = 0; i < expected.size(); i++) {
          assertSameArray(expected.get(i), actual.get(i));
        }
      } catch (IOException | IllegalArgumentException e) {
        Fuzz.assertCleanError(e, IOException.class, IllegalArgumentException.class);
      } finally {
        Files.deleteIfExists(f);
      }
    });
  }

  static ModelState model(Random r, boolean random) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    Tensor w = Tensor.zeros(3, 1, 4, 3, 3);
    Tensor mean = Tensor.zeros(3);
    Tensor var = Tensor.zeros(3);
    if (random) {
      for (int i = 0; i < w.size(); i++) {
        w.data()[i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < 3; i++) {
        mean.data()[i] = (float) r.nextGaussian();
        var.data()[i] = 0.1f + r.nextFloat();
      }
    }
    m.put("layer00.conv.weight", w);
    m.put("layer01.bn.running_mean", mean);
    m.put("layer01.bn.running_var", var);
    return () -> m;
  }

  @Test
  void damagedCheckpointsRestoreTheOriginalOrFailCleanly() {
    Fuzz.run("checkpoint", 3001, new long[] {-2437297336995930296L}, 300, Duration.ofSeconds(25), BOX, (seed, r) -> {
      ModelState saved = model(r, true);
      Path good = dir.resolve("good" + seed + ".npz");
      Checkpoint.save(good, saved, "{\"model\": \"p4cnn\", \"dataSeed\": 0}", "{\"epochs\": 1}");
      StringBuilder what = new StringBuilder();
      byte[] bytes = FileMutations.mutate(Files.readAllBytes(good), r, what);
      Path f = dir.resolve("c" + seed + ".npz");
      Files.write(f, bytes);
      ModelState fresh = model(r, false);
      try {
        Checkpoint.Layout layout = Checkpoint.layout(f);
        Checkpoint.requireFits(layout, fresh);
        Checkpoint.Contents c = Checkpoint.read(f);
        Checkpoint.restore(c, fresh);
        for (String name : saved.arrays().keySet()) {
          assertArrayEquals(saved.arrays().get(name).data(), fresh.arrays().get(name).data(), what + name);
        }
        assertEquals("{\"model\": \"p4cnn\", \"dataSeed\": 0}", c.architectureJson(), what.toString());
      } catch (IOException | IllegalArgumentException e) {
        Fuzz.assertCleanError(e, IOException.class, IllegalArgumentException.class);
      } finally {
        Files.deleteIfExists(f);
        Files.deleteIfExists(good);
      }
    });
  }
}
