package org.gconv4j.export;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gconv4j.export.onnx.Onnx.ModelProto;
import org.gconv4j.export.onnx.Onnx.OperatorSetIdProto;
import org.gconv4j.export.onnx.Onnx.StringStringEntryProto;
import org.gconv4j.io.AtomicFiles;
import org.gconv4j.nn.Sequential;

/**
 * Exports a trained G-CNN as a standard ONNX model: every G-correlation becomes an ordinary
 * {@code Conv} over its expanded filter bank (the filter transformation done once, at export), so
 * any ONNX runtime runs it without knowing about groups. See docs/export.md for the operators.
 *
 * <pre>{@code
 * Export.toOnnx(model, Path.of("p4cnn.onnx"));                       // input "input" [N, 1, 28, 28]
 * Export.toOnnx(model, Path.of("p4cnn.onnx"), Map.of("dataset", "mnist-rot"));   // extra metadata
 * }</pre>
 *
 * The model is exported as it behaves in inference mode ({@code forward(x, false)}): batch norm
 * with its running statistics, dropout left out.
 */
public final class Export {
  /** Name of the graph input, float32 [N, ...the model's per-sample input shape]. */
  public static final String INPUT = "input";
  /** Name of the graph output, float32 [N, ...the model's per-sample output shape] (the logits). */
  public static final String OUTPUT = "logits";
  /** The ONNX operator set written (ai.onnx); ONNX Runtime 1.20 supports up to 21. */
  public static final int OPSET = 17;
  /** ONNX IR version 8 (ONNX 1.12, the release that introduced opset 17). */
  public static final int IR_VERSION = 8;
  /** Metadata keys written into {@code metadata_props}. */
  public static final String META_LAYERS = "gconv4j.layers";
  public static final String META_INPUT = "gconv4j.input_shape";
  public static final String META_OUTPUT = "gconv4j.output_shape";
  public static final String META_OPERATORS = "gconv4j.onnx_operators";

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  /**
   * What an export produced.
   *
   * @param bytes the serialized ONNX {@code ModelProto} (what {@link #toOnnx(Sequential, Path)} writes)
   * @param operators the ONNX operators the graph uses, in order of first use
   * @param inputShape the per-sample input shape (the ONNX input adds a batch axis N in front)
   * @param outputShape the per-sample output shape
   */
  public record Result(byte[] bytes, List<String> operators, int[] inputShape, int[] outputShape) {}

  private Export() {}

  /** Writes {@code model} to {@code file} (atomically: temporary file + rename). */
  public static Result toOnnx(Sequential model, Path file) throws IOException {
    return toOnnx(model, file, Map.of());
  }

  /**
   * Writes {@code model} to {@code file} with extra {@code metadata_props} entries (e.g. the
   * checkpoint's {@code architecture.json} under {@code gconv4j.architecture}).
   */
  public static Result toOnnx(Sequential model, Path file, Map<String, String> metadata) throws IOException {
    Result r = onnx(model, metadata);
    AtomicFiles.write(file, out -> out.write(r.bytes()));
    return r;
  }

  /** The ONNX model, in memory. */
  public static Result onnx(Sequential model, Map<String, String> metadata) {
    OnnxGraph graph = new OnnxGraph("gconv4j");
    OnnxTranslator translator = new OnnxTranslator(graph);
    int[] out = translator.translate(model, INPUT, OUTPUT);
    int[] in = model.inputShape();
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(META_INPUT, shapeText(in));
    meta.put(META_OUTPUT, shapeText(out));
    meta.put(META_LAYERS, GSON.toJson(translator.layerLines()));
    meta.put(META_OPERATORS, String.join(" ", translator.operators()));
    meta.putAll(metadata);
    ModelProto.Builder m = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("gconv4j")
        .setProducerVersion(producerVersion())
        .setDocString("G-CNN exported by gconv4j: G-correlations expanded to Conv, inference mode")
        .setGraph(graph.build());
    for (Map.Entry<String, String> e : meta.entrySet()) {
      m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
    }
    return new Result(m.build().toByteArray(), List.copyOf(translator.operators()), in, out);
  }

  private static String shapeText(int[] sampleShape) {
    String dims = Arrays.toString(sampleShape);
    return "[N, " + dims.substring(1);
  }

  private static String producerVersion() {
    String v = Export.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
