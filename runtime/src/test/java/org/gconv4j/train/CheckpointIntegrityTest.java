package org.gconv4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gconv4j.io.NpyArray;
import org.gconv4j.io.NpyFormatException;
import org.gconv4j.io.Npz;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9, class 2 and 3: a checkpoint with impossible values, or arrays the model lacks, never loads. */
class CheckpointIntegrityTest {
  @TempDir
  Path dir;

  private Path saveWith(String name, float[] values) throws IOException {
    ModelState state = () -> {
      Map<String, Tensor> m = new LinkedHashMap<>();
      m.put("layer00.conv.weight", CheckpointTest.filled(0.5f, 2, 1, 1, 3, 3));
      m.put("layer01.bn.running_var", CheckpointTest.filled(1, 2));
      return m;
    };
    Path file = dir.resolve("m.npz");
    Checkpoint.save(file, state, "{\"model\": \"p4cnn\"}", "{}");
    Map<String, NpyArray> arrays = Npz.read(file);
    arrays.put(name, NpyArray.ofFloats(values, arrays.get(name).shape()));
    Npz.write(file, arrays, false);
    return file;
  }

  private static String refused(Path file) {
    return assertThrows(NpyFormatException.class, () -> Checkpoint.read(file)).getMessage();
  }

  @Test
  void nanWeightsAreRefused() throws IOException {
    float[] w = new float[18];
    w[3] = Float.NaN;
    w[4] = 1;
    String m = refused(saveWith("layer00.conv.weight", w));
    assertTrue(m.contains("'layer00.conv.weight' [2, 1, 1, 3, 3] holds impossible values: element 3 is NaN"), m);
  }

  @Test
  void infiniteValuesAreRefused() throws IOException {
    String m = refused(saveWith("layer01.bn.running_var", new float[] {1, Float.POSITIVE_INFINITY}));
    assertTrue(m.contains("element 1 is Infinity; every value must be finite"), m);
  }

  @Test
  void negativeRunningVarianceIsRefused() throws IOException {
    String m = refused(saveWith("layer01.bn.running_var", new float[] {1, -0.5f}));
    assertTrue(m.contains("element 1 is -0.5; a variance cannot be negative"), m);
  }

  @Test
  void constantWeightsAreRefused() throws IOException {
    String m = refused(saveWith("layer00.conv.weight", new float[18]));
    assertTrue(m.contains("all 18 values are 0.0; trained weights are never all equal"), m);
  }

  @Test
  void namesAndShapesAreComparedWithTheModelBeforeAnyDataIsRead() throws IOException {
    Path file = saveWith("layer01.bn.running_var", new float[] {1, 2});
    Map<String, NpyArray> arrays = Npz.read(file);
    arrays.put("extra", NpyArray.ofFloats(new float[1000], 1000));
    Npz.write(file, arrays, true);
    Checkpoint.Layout layout = Checkpoint.layout(file);
    assertEquals(3, layout.shapes().size(), "the layout lists every array without reading data");
    ModelState model = () -> {
      Map<String, Tensor> m = new LinkedHashMap<>();
      m.put("layer00.conv.weight", Tensor.zeros(2, 1, 1, 3, 3));
      m.put("layer01.bn.running_var", Tensor.zeros(2));
      return m;
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.requireFits(layout, model));
    assertTrue(e.getMessage().contains("array 'extra' [1000] is not part of the model"), e.getMessage());
  }
}
