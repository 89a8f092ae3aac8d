package org.gconv4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gconv4j.backend.Backends;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.export.Export;
import org.gconv4j.nn.GroupConv;

/** {@code ./gconv4j export --checkpoint FILE --onnx OUT.onnx}: a trained G-CNN as a standard ONNX CNN. */
final class ExportCommand implements Command {
  @Override
  public String name() {
    return "export";
  }

  @Override
  public String summary() {
    return "write a checkpoint as an ONNX model (G-correlations expanded to Conv)";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: ./gconv4j export --checkpoint FILE --onnx OUT.onnx",
        "  --checkpoint FILE  a .npz written by ./gconv4j train --checkpoint",
        "  --onnx OUT.onnx    the ONNX file to write (opset " + Export.OPSET + "; replaced atomically)",
        "Input \"" + Export.INPUT + "\" float32 [N, 1, 28, 28], output \"" + Export.OUTPUT + "\" float32 [N, 10] for the",
        "MNIST models (p6cnn, p6mcnn: [N, 1, 31, 31], the hexagonal grid); 3D checkpoints: [N, 1, 28, 28, 28] volumes (uint8 / 255,",
        "the npz's axis order) -> [N, 2]; it prints the shapes it wrote. The checkpoint's",
        "architecture.json and training.json go into the model's metadata. See docs/export.md.");
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("checkpoint", "onnx"), Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException("unexpected arguments " + a.positional());
    }
    Path checkpoint = Path.of(a.require("checkpoint"));
    Path onnx = Outputs.file("onnx", a.require("onnx"));
    // before any work: never overwrite the checkpoint, a folder, a device or a link
    Outputs.check(Map.of("--onnx", onnx), Map.of("--checkpoint", checkpoint));
    // the backend only matters for training; the export reads weights and buffers
    ConvBackend cpu = Backends.create("cpu");
    CheckpointModels.Loaded m = CheckpointModels.load(checkpoint, spec -> new GroupConv(spec, cpu));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("gconv4j.architecture", m.contents().architectureJson());
    metadata.put("gconv4j.training", m.contents().trainingJson());
    metadata.put("gconv4j.checkpoint", checkpoint.getFileName().toString());
    Export.Result r = Export.toOnnx(m.model(), onnx, metadata);
    out.println("wrote " + onnx + " (" + m.modelName() + ", ONNX opset " + Export.OPSET + ", " + Files.size(onnx)
        + " bytes): input " + Export.INPUT + " " + metadataShape(r.inputShape()) + ", output " + Export.OUTPUT + " "
        + metadataShape(r.outputShape()));
    out.println("operators: " + String.join(", ", r.operators()));
    return 0;
  }

  private static String metadataShape(int[] sampleShape) {
    StringBuilder sb = new StringBuilder("[N");
    for (int d : sampleShape) {
      sb.append(", ").append(d);
    }
    return sb.append(']').toString();
  }
}
