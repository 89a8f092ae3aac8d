package org.gconv4j.export;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import org.gconv4j.export.onnx.Onnx.AttributeProto;
import org.gconv4j.export.onnx.Onnx.GraphProto;
import org.gconv4j.export.onnx.Onnx.NodeProto;
import org.gconv4j.export.onnx.Onnx.TensorProto;
import org.gconv4j.export.onnx.Onnx.TensorShapeProto;
import org.gconv4j.export.onnx.Onnx.TypeProto;
import org.gconv4j.export.onnx.Onnx.ValueInfoProto;

/** Appends nodes and constant tensors to an ONNX graph, keeping value names unique. */
final class OnnxGraph {
  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /** A float32 constant [shape] (little-endian raw data). */
  String floats(String name, float[] data, long... shape) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(data);
    TensorProto.Builder t = TensorProto.newBuilder().setName(unique(name))
        .setDataType(TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(bytes.array()));
    for (long d : shape) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return t.getName();
  }

  /** An int64 vector constant (e.g. the target shape of a Reshape). */
  String int64s(String name, long... values) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(unique(name))
        .setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    graph.addInitializer(t);
    return t.getName();
  }

  /** Adds a node with one output named {@code output} (made unique); returns the output's name. */
  String node(String opType, String output, String[] inputs, AttributeProto... attributes) {
    String out = unique(output);
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(out);
    for (String in : inputs) {
      n.addInput(in);
    }
    n.addOutput(out);
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    graph.addNode(n);
    return out;
  }

  /** Renames the last node's output to the graph output's name. */
  void renameLastOutput(String name) {
    int last = graph.getNodeCount() - 1;
    NodeProto.Builder n = graph.getNodeBuilder(last);
    names.add(name);
    n.setOutput(0, name);
  }

  void input(String name, String batchName, int... sampleShape) {
    names.add(name);
    graph.addInput(valueInfo(name, batchName, sampleShape));
  }

  void output(String name, String batchName, int... sampleShape) {
    graph.addOutput(valueInfo(name, batchName, sampleShape));
  }

  GraphProto build() {
    return graph.build();
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto intValue(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto floatValue(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  /** A float32 tensor type [batch, ...sampleShape] with a symbolic batch axis. */
  private static ValueInfoProto valueInfo(String name, String batchName, int[] sampleShape) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batchName));
    for (int d : sampleShape) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    TypeProto type = TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)).build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  private String unique(String base) {
    String name = base;
    for (int k = 1; names.contains(name); k++) {
      name = base + "_" + k;
    }
    names.add(name);
    return name;
  }
}
