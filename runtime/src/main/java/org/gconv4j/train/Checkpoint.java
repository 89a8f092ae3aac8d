package org.gconv4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gconv4j.io.NpyArray;
import org.gconv4j.io.NpyFormatException;
import org.gconv4j.io.Npz;
import org.gconv4j.nn.Sequential;
import org.gconv4j.tensor.Tensor;

/**
 * A trained model on disk: an {@code .npz} holding every {@link ModelState} array as float32
 * under its name (e.g. {@code layer03.conv.weight} [C_out, C_in, S_in, n, n],
 * {@code layer04.bn.running_mean}), plus two UTF-8 JSON documents stored as uint8 arrays:
 * {@value #ARCHITECTURE} (what to build) and {@value #TRAINING} (how it was trained and how well it
 * did). From Python: {@code z = np.load(f); z['layer00.conv.weight']; json.loads(z['architecture.json'].tobytes())}.
 *
 * <p>Writes are atomic (temporary file + rename): an interrupted save leaves the old checkpoint.
 */
public final class Checkpoint {
  public static final String ARCHITECTURE = "architecture.json";
  public static final String TRAINING = "training.json";

  /** What a checkpoint file holds. */
  public record Contents(Path file, Map<String, NpyArray> arrays, String architectureJson, String trainingJson) {}

  private Checkpoint() {}

  /** Saves the model's arrays and the two JSON documents. */
  public static void save(Path file, ModelState state, String architectureJson, String trainingJson) throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : state.arrays().entrySet()) {
      if (e.getKey().equals(ARCHITECTURE) || e.getKey().equals(TRAINING)) {
        throw new IllegalArgumentException("[Checkpoint] '" + e.getKey() + "' is reserved; rename the model array");
      }
      arrays.put(e.getKey(), NpyArray.of(e.getValue()));
    }
    arrays.put(ARCHITECTURE, NpyArray.ofText(architectureJson));
    arrays.put(TRAINING, NpyArray.ofText(trainingJson));
    Npz.write(file, arrays, false);
  }

  /**
   * Saves a model built with {@link org.gconv4j.nn.Model#builder}: its arrays, and an architecture
   * document listing its input shape and layers (restore it into a model built the same way with
   * {@link #load(Path, Sequential)}).
   */
  public static void save(Path file, Sequential model) throws IOException {
    SequentialState state = SequentialState.of(model);
    com.google.gson.JsonObject arch = new com.google.gson.JsonObject();
    arch.addProperty("format", "gconv4j-checkpoint");
    arch.addProperty("version", 1);
    com.google.gson.JsonArray input = new com.google.gson.JsonArray();
    for (int d : model.inputShape()) {
      input.add(d);
    }
    arch.add("input", input);
    com.google.gson.JsonArray layers = new com.google.gson.JsonArray();
    for (org.gconv4j.nn.Layer l : SequentialState.leaves(model)) {
      layers.add(l.describe());
    }
    arch.add("layers", layers);
    save(file, state, arch.toString(), "{}");
  }

  /** Restores a checkpoint into {@code model}, which must be built as the saved one was. */
  public static Contents load(Path file, Sequential model) throws IOException {
    return load(file, SequentialState.of(model));
  }

  /** Reads a checkpoint without applying it (read the architecture first, build the model, then {@link #restore}). */
  public static Contents read(Path file) throws IOException {
    Map<String, NpyArray> arrays;
    try {
      arrays = Npz.read(file);
    } catch (NpyFormatException e) {
      throw new NpyFormatException("[Checkpoint] cannot read " + file + ": " + e.getMessage(), e);
    }
    NpyArray arch = arrays.remove(ARCHITECTURE);
    NpyArray training = arrays.remove(TRAINING);
    if (arch == null) {
      throw new NpyFormatException("[Checkpoint] " + file + " has no '" + ARCHITECTURE + "' entry, so it is not a gconv4j "
          + "checkpoint (arrays: " + arrays.keySet() + "). Pass a file written by ./gconv4j train --checkpoint");
    }
    return new Contents(file, arrays, arch.toText(), training == null ? "{}" : training.toText());
  }

  /**
   * Copies the checkpoint's arrays into the model. Every model array must be present with the same
   * shape, and the checkpoint must have no others.
   *
   * @throws IllegalArgumentException naming the array and the expected vs found shape
   */
  public static void restore(Contents c, ModelState state) {
    Map<String, Tensor> live = state.arrays();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : live.entrySet()) {
      NpyArray a = c.arrays().get(e.getKey());
      Tensor t = e.getValue();
      if (a == null) {
        problems.add("missing array '" + e.getKey() + "' (the model expects shape " + t.shapeString() + ")");
      } else if (!Arrays.equals(a.shape(), t.shape())) {
        problems.add("array '" + e.getKey() + "' has shape " + a.shapeString() + ", the model expects "
            + t.shapeString());
      }
    }
    for (String name : c.arrays().keySet()) {
      if (!live.containsKey(name)) {
        problems.add("array '" + name + "' " + c.arrays().get(name).shapeString() + " is not part of the model");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("[Checkpoint] " + c.file() + " does not fit the model: "
          + String.join("; ", problems) + ". The checkpoint was written for another architecture ("
          + c.architectureJson().strip() + ")");
    }
    for (Map.Entry<String, Tensor> e : live.entrySet()) {
      float[] values = c.arrays().get(e.getKey()).toFloats();
      System.arraycopy(values, 0, e.getValue().data(), 0, values.length);
    }
  }

  /** Reads and restores in one call; returns the contents (for the JSON documents). */
  public static Contents load(Path file, ModelState state) throws IOException {
    Contents c = read(file);
    restore(c, state);
    return c;
  }
}
