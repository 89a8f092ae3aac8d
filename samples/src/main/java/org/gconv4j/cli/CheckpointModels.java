package org.gconv4j.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.Sequential;
import org.gconv4j.samples.models.PaperModels;
import org.gconv4j.samples.models.VolumeModels;
import org.gconv4j.train.Checkpoint;
import org.gconv4j.train.SequentialState;

/** Rebuilds a trained paper model from a checkpoint written by {@code train}. */
final class CheckpointModels {
  /** A restored model, with its checkpoint's architecture document. */
  record Loaded(Sequential model, JsonObject architecture, JsonObject training, Checkpoint.Contents contents,
      String modelName, String dataset, long dataSeed) {}

  private CheckpointModels() {}

  /**
   * Reads the architecture, builds the model, checks the checkpoint's array names and shapes against
   * it (headers only), and only then reads, checks and restores the values.
   */
  static Loaded load(Path file, ConvLayerFactory conv) throws IOException {
    Checkpoint.Layout layout = Checkpoint.layout(file);
    CheckpointJson arch = CheckpointJson.parse(file, Checkpoint.ARCHITECTURE, layout.architectureJson());
    CheckpointJson training = CheckpointJson.parse(file, Checkpoint.TRAINING, layout.trainingJson());
    String modelName = arch.string("model", null);
    boolean volume = modelName != null && VolumeModels.known(modelName);
    if (!PaperModels.NAMES.contains(modelName) && !volume) {
      throw new IOException("[Checkpoint] " + file + ": \"model\" in " + Checkpoint.ARCHITECTURE + " is '" + modelName
          + "', not one of " + PaperModels.NAMES + " or " + VolumeModels.NAMES
          + ". Pass a checkpoint written by ./gconv4j train --checkpoint");
    }
    String dataset = arch.string("dataset", "mnist-rot");
    int dataSeed = arch.integer("dataSeed", 0);
    Sequential model = volume
        ? VolumeModels.build(modelName, conv, 0, volumeSide(file, arch), arch.integer("classes", 2))
        : PaperModels.build(modelName, conv, 0);
    if (volume) {
      requireSameLayers(file, arch, model, modelName);
    }
    SequentialState state = new SequentialState(model, 2);
    Checkpoint.requireFits(layout, state);
    Checkpoint.Contents c = Checkpoint.read(file);
    Checkpoint.restore(c, state);
    return new Loaded(model, arch.object(), training.object(), c, modelName, dataset, dataSeed);
  }

  /**
   * A 3D checkpoint's recorded layers must be the ones this gconv4j builds for its model name: the
   * 3D models changed (their first pool became a mean) without changing any array's shape, so the
   * shapes alone cannot tell an older checkpoint from a current one.
   */
  private static void requireSameLayers(Path file, CheckpointJson arch, Sequential model, String modelName)
      throws IOException {
    String difference = layersDiffer(arch.object(), model);
    if (difference != null) {
      throw new IOException("[Checkpoint] " + file + ": its " + Checkpoint.ARCHITECTURE + " " + difference
          + ". It was written by another version of gconv4j; train it again with ./gconv4j train --dataset "
          + "adrenalmnist3d --model " + modelName);
    }
  }

  /** Null when {@code arch}'s {@code "layers"} describe {@code model}'s layers, else where they differ. */
  static String layersDiffer(JsonObject arch, Sequential model) {
    List<String> built = new ArrayList<>();
    for (Layer l : SequentialState.leaves(model)) {
      built.add(l.describe());
    }
    JsonElement recorded = arch.get("layers");
    List<String> had = new ArrayList<>();
    if (recorded != null && recorded.isJsonArray()) {
      for (JsonElement e : recorded.getAsJsonArray()) {
        had.add(e.isJsonPrimitive() ? e.getAsString() : e.toString());
      }
    }
    if (had.equals(built)) {
      return null;
    }
    int i = 0;
    while (i < had.size() && i < built.size() && had.get(i).equals(built.get(i))) {
      i++;
    }
    return "\"layers\" differ from the model this gconv4j builds, first at layer " + i + ": recorded '"
        + (i < had.size() ? had.get(i) : "(none)") + "', built '" + (i < built.size() ? built.get(i) : "(none)") + "'";
  }

  /** Whether the checkpoint holds one of the 3D models ({@link VolumeModels}). */
  static boolean isVolume(Loaded m) {
    return VolumeModels.known(m.modelName());
  }

  /** The side L of a 3D checkpoint's recorded input [1, L, L, L]. */
  private static int volumeSide(Path file, CheckpointJson arch) throws IOException {
    JsonElement input = arch.object().get("input");
    if (input == null || !input.isJsonArray() || input.getAsJsonArray().size() != 4) {
      throw new IOException("[Checkpoint] " + file + ": a 3D model's " + Checkpoint.ARCHITECTURE
          + " must record \"input\": [1, L, L, L]; got " + input + ". Pass a checkpoint written by ./gconv4j train");
    }
    return input.getAsJsonArray().get(3).getAsInt();
  }
}
