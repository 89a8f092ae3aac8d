package org.gconv4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gconv4j.io.NpyArray;
import org.gconv4j.io.NpyFormatException;
import org.gconv4j.io.Npz;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  static ModelState state(Tensor... arrays) {
    return () -> {
      Map<String, Tensor> m = new LinkedHashMap<>();
      m.put("layer00.conv.weight", arrays[0]);
      m.put("layer01.bn.running_mean", arrays[1]);
      return m;
    };
  }

  static Tensor filled(float start, int... shape) {
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = start + i;
    }
    return t;
  }

  @Test
  void roundTripsArraysAndJson(@TempDir Path dir) throws IOException {
    Tensor w = filled(0.5f, 10, 1, 1, 3, 3);
    Tensor mean = filled(-3, 10);
    Path file = dir.resolve("model.npz");
    Checkpoint.save(file, state(w, mean), "{\"model\": \"p4cnn\"}", "{\"epochs\": 3}");

    Tensor w2 = Tensor.zeros(10, 1, 1, 3, 3);
    Tensor mean2 = Tensor.zeros(10);
    Checkpoint.Contents c = Checkpoint.load(file, state(w2, mean2));
    assertArrayEquals(w.data(), w2.data());
    assertArrayEquals(mean.data(), mean2.data());
    assertEquals("{\"model\": \"p4cnn\"}", c.architectureJson());
    assertEquals("{\"epochs\": 3}", c.trainingJson());
    // the file is a plain npz: arrays keep their shapes, the JSON is a uint8 array
    Map<String, NpyArray> raw = Npz.read(file);
    assertArrayEquals(new int[] {10, 1, 1, 3, 3}, raw.get("layer00.conv.weight").shape());
    assertEquals("|u1", raw.get("architecture.json").dtype().descr());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left");
    }
  }

  @Test
  void mismatchedShapesNameTheArrayAndBothShapes(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("model.npz");
    Checkpoint.save(file, state(filled(0, 10, 1, 4, 3, 3), filled(0, 10)), "{\"model\": \"p4cnn\"}", "{}");
    Tensor w = Tensor.zeros(10, 1, 1, 3, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.load(file, state(w, Tensor.zeros(10))));
    assertTrue(e.getMessage().contains("'layer00.conv.weight' has shape [10, 1, 4, 3, 3], the model expects [10, 1, 1, 3, 3]"),
        e.getMessage());
    assertTrue(e.getMessage().contains("p4cnn"), e.getMessage());
    assertArrayEquals(new float[90], w.data(), "nothing is copied on a mismatch");

    ModelState other = () -> Map.of("layer07.dense.weight", Tensor.zeros(2));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, other));
    assertTrue(missing.getMessage().contains("missing array 'layer07.dense.weight' (the model expects shape [2])"),
        missing.getMessage());
    assertTrue(missing.getMessage().contains("'layer01.bn.running_mean' [10] is not part of the model"),
        missing.getMessage());
  }

  @Test
  void truncatedOrForeignFilesGiveClearErrors(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("model.npz");
    Checkpoint.save(file, state(filled(0, 20, 20, 4, 3, 3), filled(0, 10)), "{}", "{}");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 3));
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> Checkpoint.read(file));
    assertTrue(e.getMessage().startsWith("[Checkpoint] cannot read " + file), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());

    Path foreign = dir.resolve("foreign.npz");
    Npz.write(foreign, Map.of("w", NpyArray.ofFloats(new float[2], 2)), false);
    NpyFormatException f = assertThrows(NpyFormatException.class, () -> Checkpoint.read(foreign));
    assertTrue(f.getMessage().contains("not a gconv4j checkpoint"), f.getMessage());
  }
}
