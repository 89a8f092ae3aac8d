package org.gconv4j.train;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.gconv4j.tensor.Tensor;

/**
 * A process that saves one checkpoint file over and over (for {@link TwoWritersTest}): writer {@code id}'s
 * save {@code i} holds one array filled with {@code id * 100000 + i} and names {@code id} and {@code i}
 * in its two JSON documents, so a reader can tell a whole file from a mixed or partial one.
 */
public final class ConcurrentCheckpointWriter {
  private ConcurrentCheckpointWriter() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int id = Integer.parseInt(args[1]);
    int count = Integer.parseInt(args[2]);
    for (int i = 0; i < count; i++) {
      float[] w = new float[40_000];
      Arrays.fill(w, id * 100_000f + i);
      Map<String, Tensor> arrays = Map.of("layer.running_mean", Tensor.of(w, 200, 200));
      ModelState state = () -> arrays;
      Checkpoint.save(file, state, "{\"writer\": " + id + "}", "{\"writer\": " + id + ", \"save\": " + i + "}");
    }
    System.out.println("done " + id);
  }
}
