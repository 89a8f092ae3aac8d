package org.gconv4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gconv4j.internal.Checks;
import org.gconv4j.io.DType;
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
  public record Contents(Path file, Map<String, Tensor> arrays, String architectureJson, String trainingJson) {}

  private Checkpoint() {}

  /** Saves the model's arrays and the two JSON documents. */
  public static void save(Path file, ModelState state, String architectureJson, String trainingJson) throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : state.arrays().entrySet()) {
      if (e.getKey().equals(ARCHITECTURE) || e.getKey().equals(TRAINING)) {
        throw Checks.argument("Checkpoint", "'" + e.getKey() + "' is reserved; rename the model array");
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

  /**
   * What a checkpoint declares, read without its array data: every array's shape (from the entry
   * headers) and the two JSON documents. Compare it with a model ({@link #requireFits}) before
   * {@link #read} allocates anything.
   */
  public record Layout(Path file, Map<String, int[]> shapes, String architectureJson, String trainingJson) {}

  /** The largest JSON document a checkpoint may hold. */
  static final int MAX_JSON_BYTES = 1 << 24;

  /** Reads the entry headers and the JSON documents; checks that every model array is float32. */
  public static Layout layout(Path file) throws IOException {
    Map<String, Npz.ArrayInfo> headers;
    try {
      headers = Npz.headers(file);
    } catch (NpyFormatException e) {
      throw new NpyFormatException("[Checkpoint] cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!headers.containsKey(ARCHITECTURE)) {
      List<String> names = new ArrayList<>(headers.keySet());
      names.remove(TRAINING);
      throw new NpyFormatException("[Checkpoint] " + file + " has no '" + ARCHITECTURE + "' entry, so it is not a gconv4j "
          + "checkpoint (arrays: " + names + "). Pass a file written by ./gconv4j train --checkpoint");
    }
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (Map.Entry<String, Npz.ArrayInfo> e : headers.entrySet()) {
      Npz.ArrayInfo info = e.getValue();
      boolean json = e.getKey().equals(ARCHITECTURE) || e.getKey().equals(TRAINING);
      if (json && (info.dtype() != DType.UINT8 || info.shape().length != 1 || info.shape()[0] > MAX_JSON_BYTES)) {
        throw new NpyFormatException("[Checkpoint] " + file + ": '" + e.getKey() + "' must be UTF-8 text (a 1-D |u1 "
            + "array of at most " + MAX_JSON_BYTES + " bytes); it is " + info.dtype().descr() + " " + info.shapeString()
            + ". Pass a file written by ./gconv4j train --checkpoint");
      }
      if (!json && info.dtype() != DType.FLOAT32) {
        throw new NpyFormatException("[Checkpoint] " + file + ": array '" + e.getKey() + "' is " + info.dtype().descr()
            + " " + info.shapeString() + "; model arrays are float32 (<f4). Save it as a.astype('<f4')");
      }
      if (!json) {
        shapes.put(e.getKey(), info.shape());
      }
    }
    Map<String, NpyArray> docs;
    try {
      docs = Npz.read(file, name -> name.equals(ARCHITECTURE) || name.equals(TRAINING));
    } catch (NpyFormatException e) {
      throw new NpyFormatException("[Checkpoint] cannot read " + file + ": " + e.getMessage(), e);
    }
    NpyArray training = docs.get(TRAINING);
    return new Layout(file, shapes, docs.get(ARCHITECTURE).toText(), training == null ? "{}" : training.toText());
  }

  /**
   * Reads a checkpoint without applying it (read the architecture first, build the model, then
   * {@link #restore}). Checks the zip CRC of every entry and the values: every number finite, batch-norm
   * running variances non-negative, and no filter or weight array constant (a degenerate model).
   */
  public static Contents read(Path file) throws IOException {
    // the JSON documents and the arrays are read in two opens: a save (atomic rename) between them would
    // pair one save's documents with another's arrays, so the file's identity must be the same around both
    for (int attempt = 1; ; attempt++) {
      Object before = version(file);
      Contents c = readOnce(file);
      if (before.equals(version(file))) {
        return c;
      }
      if (attempt == 5) {
        throw new IOException("[Checkpoint] " + file + " was replaced 5 times while it was read (another process is"
            + " saving it, e.g. a training with the same --checkpoint). Read it again when that process has finished");
      }
    }
  }

  /** The file's identity and content stamp: inode, modification time and size (a rename replaces all three). */
  private static Object version(Path file) throws IOException {
    java.nio.file.attribute.BasicFileAttributes a =
        java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
    return java.util.Arrays.asList(a.fileKey(), a.lastModifiedTime(), a.size());
  }

  private static Contents readOnce(Path file) throws IOException {
    Layout layout = layout(file);
    Map<String, NpyArray> arrays;
    try {
      arrays = Npz.read(file, name -> !name.equals(ARCHITECTURE) && !name.equals(TRAINING));
    } catch (NpyFormatException e) {
      throw new NpyFormatException("[Checkpoint] cannot read " + file + ": " + e.getMessage(), e);
    }
    CheckpointValues.check(file, arrays);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    arrays.forEach((name, a) -> tensors.put(name, a.toTensor()));
    return new Contents(file, Collections.unmodifiableMap(tensors), layout.architectureJson(), layout.trainingJson());
  }

  /**
   * Checks that the checkpoint declares exactly the model's arrays, with the same shapes.
   *
   * @throws IllegalArgumentException naming every array that does not fit and the expected vs found shape
   */
  public static void requireFits(Layout layout, ModelState state) {
    Map<String, Tensor> live = state.arrays();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : live.entrySet()) {
      int[] shape = layout.shapes().get(e.getKey());
      Tensor t = e.getValue();
      if (shape == null) {
        problems.add("missing array '" + e.getKey() + "' (the model expects shape " + t.shapeString() + ")");
      } else if (!Arrays.equals(shape, t.shape())) {
        problems.add("array '" + e.getKey() + "' has shape " + Arrays.toString(shape) + ", the model expects "
            + t.shapeString());
      }
    }
    for (Map.Entry<String, int[]> e : layout.shapes().entrySet()) {
      if (!live.containsKey(e.getKey())) {
        problems.add("array '" + e.getKey() + "' " + Arrays.toString(e.getValue()) + " is not part of the model");
      }
    }
    if (!problems.isEmpty()) {
      throw Checks.argument("Checkpoint", layout.file() + " does not fit the model: "
          + String.join("; ", problems) + ". The checkpoint was written for another architecture ("
          + layout.architectureJson().strip() + ")");
    }
  }

  /**
   * Copies the checkpoint's arrays into the model. Every model array must be present with the same
   * shape, and the checkpoint must have no others.
   *
   * @throws IllegalArgumentException naming the array and the expected vs found shape
   */
  public static void restore(Contents c, ModelState state) {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    c.arrays().forEach((name, a) -> shapes.put(name, a.shape()));
    requireFits(new Layout(c.file(), shapes, c.architectureJson(), c.trainingJson()), state);
    for (Map.Entry<String, Tensor> e : state.arrays().entrySet()) {
      float[] values = c.arrays().get(e.getKey()).data();
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
