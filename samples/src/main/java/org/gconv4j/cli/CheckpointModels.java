package org.gconv4j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.Sequential;
import org.gconv4j.samples.models.PaperModels;
import org.gconv4j.train.Checkpoint;
import org.gconv4j.train.SequentialState;

/** Rebuilds a trained paper model from a checkpoint written by {@code train}. */
final class CheckpointModels {
  /** A restored model, with its checkpoint's architecture document. */
  record Loaded(Sequential model, JsonObject architecture, JsonObject training, Checkpoint.Contents contents) {
    String modelName() {
      return architecture.get("model").getAsString();
    }

    String dataset() {
      return architecture.has("dataset") ? architecture.get("dataset").getAsString() : "mnist-rot";
    }

    long dataSeed() {
      return architecture.has("dataSeed") ? architecture.get("dataSeed").getAsLong() : 0;
    }
  }

  private CheckpointModels() {}

  static Loaded load(Path file, ConvLayerFactory conv) throws IOException {
    Checkpoint.Contents c = Checkpoint.read(file);
    JsonObject arch;
    try {
      arch = JsonParser.parseString(c.architectureJson()).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new IOException("[Checkpoint] " + file + ": architecture.json is not a JSON object: " + e.getMessage());
    }
    if (!arch.has("model")) {
      throw new IOException("[Checkpoint] " + file + ": architecture.json names no \"model\" ("
          + c.architectureJson().strip() + "); it was not written by ./gconv4j train");
    }
    Sequential model = PaperModels.build(arch.get("model").getAsString(), conv, 0);
    Checkpoint.restore(c, new SequentialState(model, 2));
    JsonObject training = JsonParser.parseString(c.trainingJson()).getAsJsonObject();
    return new Loaded(model, arch, training, c);
  }
}
