package org.gconv4j.export;

import static org.gconv4j.export.OnnxGraph.floatValue;
import static org.gconv4j.export.OnnxGraph.intValue;
import static org.gconv4j.export.OnnxGraph.ints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gconv4j.internal.Checks;
import org.gconv4j.nn.BatchNorm;
import org.gconv4j.nn.CosetMaxPool;
import org.gconv4j.nn.Dense;
import org.gconv4j.nn.Dropout;
import org.gconv4j.nn.Flatten;
import org.gconv4j.nn.GlobalAvgPool;
import org.gconv4j.nn.GlobalMaxPool;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.ReLU;
import org.gconv4j.nn.Sequential;
import org.gconv4j.nn.ShapedLayer;
import org.gconv4j.nn.SpatialAvgPool;
import org.gconv4j.nn.SpatialMaxPool;
import org.gconv4j.tensor.Tensor;
import org.gconv4j.train.SequentialState;

/**
 * Translates a trained {@link Sequential} (inference mode) into ONNX nodes, layer by layer.
 *
 * <p>A G-feature map [N, C, S, ...spatial] is carried in the planar view [N, C·S, ...spatial]
 * (same memory, CONVENTIONS §5) wherever the next operator is a planar one (Conv, MaxPool), and in
 * its own shape where an operator reduces the stabilizer axis; a Reshape switches between the two
 * only when needed. Each G-correlation becomes one Conv whose weights are the expanded filter bank
 * F+ of CONVENTIONS §4 (cells outside a hexagonal support are zeros).
 */
final class OnnxTranslator {
  /** Class names of the layers with an ONNX translation, for error messages. */
  static final List<String> SUPPORTED = List.of("GroupConv", "BatchNorm", "ReLU", "SpatialMaxPool", "SpatialAvgPool", "CosetMaxPool",
      "GlobalMaxPool", "GlobalAvgPool", "Flatten", "Dense", "Dropout (dropped: identity at inference)");

  private final OnnxGraph graph;
  private final Set<String> operators = new LinkedHashSet<>();
  private final List<String> layerLines = new ArrayList<>();
  private String value;
  /** gconv4j's per-sample shape of the current value. */
  private int[] sample;
  /** True when the current value is a G-map [C, S, ...] carried as [N, C·S, ...]. */
  private boolean merged;
  private int spatialDims;

  OnnxTranslator(OnnxGraph graph) {
    this.graph = graph;
  }

  /** Adds the model's nodes; returns the per-sample output shape. */
  int[] translate(Sequential model, String inputName, String outputName) {
    int[] in = model.inputShape();
    if (in == null) {
      throw Checks.argument("Export", "the model has no recorded input shape; build it with Model.builder(C, H, W)"
          + " or new Sequential(inputShape, layers)");
    }
    spatialDims = in.length - 1;
    value = inputName;
    sample = in.clone();
    merged = false;
    graph.input(inputName, "N", in);
    List<Layer> leaves = SequentialState.leaves(model);
    for (int i = 0; i < leaves.size(); i++) {
      Layer layer = leaves.get(i);
      int[] out = ((ShapedLayer) requireShaped(layer, i)).outputShape(sample.clone());
      String name = String.format(Locale.ROOT, "layer%02d", i);
      layerLines.add(name + ": " + layer.describe() + " -> " + Arrays.toString(out));
      translate(layer, name, i, out);
      sample = out;
    }
    if (merged) {
      reshapeToSample("output");
    }
    if (value.equals(inputName)) {
      value = graph.node("Identity", "output", new String[] {value});
      operators.add("Identity");
    }
    graph.renameLastOutput(outputName);
    graph.output(outputName, "N", sample);
    return sample.clone();
  }

  /** The ONNX operators used, in order of first use. */
  Set<String> operators() {
    return operators;
  }

  /** One line per layer: {@code layerNN: description -> output shape}. */
  List<String> layerLines() {
    return layerLines;
  }

  private void translate(Layer layer, String name, int index, int[] out) {
    if (layer instanceof GroupConv conv) {
      conv(conv, name);
    } else if (layer instanceof BatchNorm bn) {
      batchNorm(bn, name);
    } else if (layer instanceof ReLU) {
      value = op("Relu", name + ".relu", value);
    } else if (layer instanceof SpatialMaxPool pool) {
      pool("MaxPool", pool.window(), pool.stride(), pool.spatialDims(), name, ".maxpool");
    } else if (layer instanceof SpatialAvgPool pool) {
      pool("AveragePool", pool.window(), pool.stride(), pool.spatialDims(), name, ".avgpool");
    } else if (layer instanceof CosetMaxPool) {
      if (merged) {
        reshapeToSample(name + ".split");
      }
      value = op("ReduceMax", name + ".coset_max", new String[] {value}, ints("axes", 2), intValue("keepdims", 0));
    } else if (layer instanceof GlobalMaxPool) {
      globalPool("ReduceMax", name + ".global_max", out);
    } else if (layer instanceof GlobalAvgPool) {
      globalPool("ReduceMean", name + ".global_avg", out);
    } else if (layer instanceof Flatten) {
      value = op("Flatten", name + ".flatten", new String[] {value}, intValue("axis", 1));
      merged = false;
    } else if (layer instanceof Dense dense) {
      String w = graph.floats(name + ".dense.weight", dense.weight().value().data(), dense.outFeatures(), dense.inFeatures());
      String b = graph.floats(name + ".dense.bias", dense.bias().value().data(), dense.outFeatures());
      value = op("Gemm", name + ".dense", new String[] {value, w, b}, intValue("transB", 1));
    } else if (layer instanceof Dropout) {
      // identity at inference
    } else {
      throw Checks.argument("Export", "layer " + index + " (" + layer.describe()
          + ") has no ONNX translation; supported layers: " + String.join(", ", SUPPORTED)
          + ". Replace it, or export the model up to that layer");
    }
  }

  private void conv(GroupConv conv, String name) {
    boolean lifting = conv.isLifting();
    if (!lifting && !merged) {
      reshapeToMerged(name + ".merge");
    }
    int order = conv.group().order();
    int n = conv.kernelSize();
    int d = conv.group().dimension();
    Tensor bank = GroupConv.expandedBank(conv.weight().value(), conv.group().tables(n), lifting);
    long[] wShape = Arrays.stream(bank.shape()).asLongStream().toArray();
    String w = graph.floats(name + ".conv.weight_expanded", bank.data(), wShape);
    float[] b = conv.bias().value().data();
    float[] bPlus = new float[b.length * order];
    for (int i = 0; i < bPlus.length; i++) {
      bPlus[i] = b[i / order];
    }
    String bias = graph.floats(name + ".conv.bias_expanded", bPlus, bPlus.length);
    long[] kernel = new long[d];
    long[] strides = new long[d];
    long[] pads = new long[2 * d];
    Arrays.fill(kernel, n);
    Arrays.fill(strides, conv.stride());
    Arrays.fill(pads, conv.padding());
    value = op("Conv", name + ".conv", new String[] {value, w, bias}, ints("kernel_shape", kernel),
        ints("strides", strides), ints("pads", pads));
    merged = true;
  }

  private void batchNorm(BatchNorm bn, String name) {
    int repeat = merged ? sample[1] : 1;
    String[] inputs = {value,
        graph.floats(name + ".bn.scale", repeat(bn.weight().value().data(), repeat), (long) bn.channels() * repeat),
        graph.floats(name + ".bn.shift", repeat(bn.bias().value().data(), repeat), (long) bn.channels() * repeat),
        graph.floats(name + ".bn.running_mean", repeat(bn.runningMean().data(), repeat), (long) bn.channels() * repeat),
        graph.floats(name + ".bn.running_var", repeat(bn.runningVar().data(), repeat), (long) bn.channels() * repeat)};
    value = op("BatchNormalization", name + ".bn", inputs, floatValue("epsilon", bn.eps()),
        floatValue("momentum", 1f - bn.momentum()));
  }

  /** MaxPool or AveragePool (no pads: every window is full, as in gconv4j's pools) over the spatial axes. */
  private void pool(String opType, int window, int stride, int dims, String name, String suffix) {
    boolean gmap = sample.length == 2 + spatialDims;
    if (gmap && !merged) {
      reshapeToMerged(name + ".merge");
    }
    long[] kernel = new long[dims];
    long[] strides = new long[dims];
    Arrays.fill(kernel, window);
    Arrays.fill(strides, stride);
    value = op(opType, name + suffix, new String[] {value}, ints("kernel_shape", kernel), ints("strides", strides));
  }

  /** Reshape to [N, ...kept axes, -1], then reduce the last axis. */
  private void globalPool(String opType, String name, int[] out) {
    long[] shape = new long[out.length + 2];
    for (int a = 0; a < out.length; a++) {
      shape[1 + a] = out[a];
    }
    shape[shape.length - 1] = -1;
    value = op("Reshape", name + ".reshape", value, graph.int64s(name + ".shape", shape));
    value = op(opType, name, new String[] {value}, ints("axes", out.length + 1), intValue("keepdims", 0));
    merged = false;
  }

  private void reshapeToMerged(String name) {
    long[] shape = new long[sample.length];
    shape[1] = (long) sample[0] * sample[1];
    for (int a = 2; a < sample.length; a++) {
      shape[a] = sample[a];
    }
    value = op("Reshape", name, value, graph.int64s(name + ".shape", shape));
    merged = true;
  }

  private void reshapeToSample(String name) {
    long[] shape = new long[sample.length + 1];
    for (int a = 0; a < sample.length; a++) {
      shape[1 + a] = sample[a];
    }
    value = op("Reshape", name, value, graph.int64s(name + ".shape", shape));
    merged = false;
  }

  private String op(String opType, String output, String... inputs) {
    return op(opType, output, inputs, new org.gconv4j.export.onnx.Onnx.AttributeProto[0]);
  }

  private String op(String opType, String output, String[] inputs, org.gconv4j.export.onnx.Onnx.AttributeProto... attributes) {
    operators.add(opType);
    return graph.node(opType, output, inputs, attributes);
  }

  private static float[] repeat(float[] perChannel, int times) {
    float[] out = new float[perChannel.length * times];
    for (int i = 0; i < out.length; i++) {
      out[i] = perChannel[i / times];
    }
    return out;
  }

  private static Layer requireShaped(Layer layer, int index) {
    if (!(layer instanceof ShapedLayer)) {
      throw Checks.argument("Export", "layer " + index + " (" + layer.describe()
          + ") does not report its output shape; supported layers: " + String.join(", ", SUPPORTED));
    }
    return layer;
  }
}
