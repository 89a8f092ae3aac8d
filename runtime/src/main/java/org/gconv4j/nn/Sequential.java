package org.gconv4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * Layers applied in order; backward runs them in reverse. Parameters and buffers are named
 * {@code "<layer index>.<name>"} (nested sequentials add their own index: {@code "2.0.weight"}), a
 * stable key for checkpoints.
 *
 * <p>Built either directly ({@code new Sequential(layers)}) or by {@link Model#builder}, which
 * records the per-sample input and output shapes for {@link #summary()}.
 *
 * <p>A sequential switches its layers to {@linkplain Layer#reuseBuffers reusing their buffers}:
 * while the batch shape is unchanged, each layer writes its output and input gradient into the
 * arrays of the previous call, so training and inference allocate nothing per batch but their
 * result. An inference forward ({@code training == false}) returns a fresh copy of the last layer's
 * output (the logits: small), so a caller can keep it. A training forward returns the last layer's
 * own buffer, overwritten by the next {@code forward}, and {@link #backward}'s result is overwritten
 * by the next {@code backward}: copy those ({@link Tensor#copy()}) to keep them. The same holds for
 * a layer of this sequential called on its own ({@code model.layers().get(i).forward(...)}): its
 * result is valid until that layer's next call.
 *
 * <p>A {@link BatchNorm} directly followed by a {@link ReLU} runs as one pass over memory, forward
 * and backward ({@link #stageEnd}), with the same results to the bit as the two layers one after the
 * other; each of the two layers still holds its own state, so either can be called on its own.
 *
 * <p>After {@link #needsInputGradient needsInputGradient(false)} (which {@code TrainStep} does: a
 * network's input is data) the first layer may skip computing ∂L/∂x, and {@link #backward} may
 * return {@code null}.
 */
public final class Sequential implements ShapedLayer, BufferedLayer {
  private final List<Layer> layers;
  private final int[] inputShape;
  private final List<int[]> outputShapes;

  public Sequential(Layer... layers) {
    this(List.of(layers));
  }

  public Sequential(List<? extends Layer> layers) {
    this.layers = List.copyOf(layers);
    this.inputShape = null;
    this.outputShapes = null;
    reuseBuffers(true);
  }

  /**
   * A sequential that knows its per-sample input shape; output shapes are inferred (from
   * {@link ShapedLayer#outputShape} or a probe forward pass) and validated now.
   */
  public Sequential(int[] sampleInputShape, List<? extends Layer> layers) {
    this.layers = List.copyOf(layers);
    this.inputShape = sampleInputShape.clone();
    this.outputShapes = Collections.unmodifiableList(chainShapes(this.layers, sampleInputShape));
    reuseBuffers(true);
  }

  Sequential(int[] sampleInputShape, List<? extends Layer> layers, List<int[]> outputShapes) {
    this.layers = List.copyOf(layers);
    this.inputShape = sampleInputShape.clone();
    List<int[]> copy = new ArrayList<>();
    for (int[] s : outputShapes) {
      copy.add(s.clone());
    }
    this.outputShapes = Collections.unmodifiableList(copy);
    reuseBuffers(true);
  }

  /** The layers, in order (unmodifiable). */
  public List<Layer> layers() {
    return layers;
  }

  /** The per-sample input shape, or null when this sequential was built without one. */
  public int[] inputShape() {
    return inputShape == null ? null : inputShape.clone();
  }

  @Override
  public Tensor forward(Tensor input, boolean training) {
    Tensor x = input;
    for (int i = 0; i < layers.size(); i = stageEnd(i) + 1) {
      BatchNorm next = training ? batchNormAfter(i) : null;
      x = next != null ? ((GroupConv) layers.get(i)).forward(x, true, next.inputSums()) : forwardStage(i, x, training);
    }
    return training ? x : x.copy();
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    Tensor g = gradOutput;
    for (int i = layers.size() - 1; i >= 0; i = stageStart(i) - 1) {
      int start = stageStart(i);
      GroupConv before = start > 0 && layers.get(start) instanceof BatchNorm && layers.get(start - 1) instanceof GroupConv c
          ? c : null;
      g = before != null ? backwardStage(start, g, before.gradientSums()) : backwardStage(start, g);
    }
    return g;
  }

  /**
   * The BatchNorm right after layer {@code i} when layer i is a {@link GroupConv}, else null: in
   * {@link #forward} and {@link #backward} the two hand each other per-block sums ({@link BlockSums})
   * that spare each a pass over memory (the batch norm's statistics pass, the correlation's bias
   * gradient pass), with the same bits as without.
   */
  private BatchNorm batchNormAfter(int i) {
    return i + 1 < layers.size() && layers.get(i) instanceof GroupConv && layers.get(i + 1) instanceof BatchNorm bn ? bn : null;
  }

  /**
   * The last layer of the stage that starts at layer {@code i}: {@code i + 1} when layer i is a
   * {@link BatchNorm} directly followed by a {@link ReLU} (the two run as one pass over memory,
   * {@link BatchNorm#forwardRelu}, with the same bits as one after the other), else {@code i}.
   */
  public int stageEnd(int i) {
    return i + 1 < layers.size() && layers.get(i) instanceof BatchNorm && layers.get(i + 1) instanceof ReLU ? i + 1 : i;
  }

  private int stageStart(int last) {
    return last > 0 && stageEnd(last - 1) == last ? last - 1 : last;
  }

  /**
   * Forward through the stage that starts at layer {@code i} (see {@link #stageEnd}); each layer of
   * it then holds the state its own {@code backward} needs.
   */
  public Tensor forwardStage(int i, Tensor x, boolean training) {
    if (stageEnd(i) == i) {
      return layers.get(i).forward(x, training);
    }
    return ((BatchNorm) layers.get(i)).forwardRelu(x, training, (ReLU) layers.get(i + 1));
  }

  /**
   * Backward through the stage that starts at layer {@code i}: the fused pair runs fused when its
   * last forward pass did ({@link #forwardStage}), else one layer after the other.
   */
  public Tensor backwardStage(int i, Tensor g) {
    return backwardStage(i, g, null);
  }

  /** {@link #backwardStage(int, Tensor)} of a stage that starts with a BatchNorm, which fills {@code gradientSums}. */
  private Tensor backwardStage(int i, Tensor g, BlockSums gradientSums) {
    int end = stageEnd(i);
    if (end != i && layers.get(i) instanceof BatchNorm bn && bn.fusedWith((ReLU) layers.get(end))) {
      return bn.backwardRelu(g, (ReLU) layers.get(end), gradientSums);
    }
    for (int k = end; k >= i; k--) {
      g = k == i && gradientSums != null && layers.get(k) instanceof BatchNorm bn ? bn.backward(g, gradientSums)
          : layers.get(k).backward(g);
    }
    return g;
  }

  /**
   * Tells the first layer whether ∂L/∂x of this sequential's input is needed (default: yes); the
   * other layers always need theirs, since it is the gradient of an earlier layer's output.
   */
  @Override
  public void needsInputGradient(boolean needed) {
    if (!layers.isEmpty()) {
      layers.get(0).needsInputGradient(needed);
    }
  }

  /** Switches every layer (nested sequentials included) to reusing its buffers, or back to fresh arrays per call. */
  @Override
  public void reuseBuffers(boolean reuse) {
    for (Layer layer : layers) {
      layer.reuseBuffers(reuse);
    }
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>();
    for (Layer layer : layers) {
      all.addAll(layer.parameters());
    }
    return Collections.unmodifiableList(all);
  }

  /** Parameters keyed {@code "<layer index>.<name>"}, in forward order. */
  public Map<String, Parameter> namedParameters() {
    Map<String, Parameter> named = new LinkedHashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (layer instanceof Sequential nested) {
        for (Map.Entry<String, Parameter> e : nested.namedParameters().entrySet()) {
          named.put(i + "." + e.getKey(), e.getValue());
        }
      } else {
        for (Parameter p : layer.parameters()) {
          String key = i + "." + p.name();
          if (named.putIfAbsent(key, p) != null) {
            throw Checks.state("Sequential", "layer " + i + " (" + layer.describe()
                + ") has two parameters named '" + p.name() + "'. Give its parameters distinct names");
          }
        }
      }
    }
    return named;
  }

  @Override
  public Map<String, Tensor> buffers() {
    Map<String, Tensor> named = new LinkedHashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof BufferedLayer buffered) {
        for (Map.Entry<String, Tensor> e : buffered.buffers().entrySet()) {
          named.put(i + "." + e.getKey(), e.getValue());
        }
      }
    }
    return named;
  }

  /** Zeroes every parameter gradient. */
  public void zeroGrad() {
    for (Parameter p : parameters()) {
      p.zeroGrad();
    }
  }

  /** Number of trainable scalars. */
  public long parameterCount() {
    return count(parameters());
  }

  @Override
  public int[] outputShape(int[] sampleShape) {
    List<int[]> shapes = chainShapes(layers, sampleShape);
    return shapes.isEmpty() ? sampleShape.clone() : shapes.get(shapes.size() - 1);
  }

  /** The summary for the recorded input shape (see {@link #summary(int...)}). */
  public String summary() {
    if (inputShape == null) {
      throw Checks.state("Sequential", "no input shape recorded; call summary(C, H, W) with the per-sample input shape, or build with Model.builder");
    }
    return render(inputShape, outputShapes);
  }

  /**
   * A table with one row per layer: index, description, per-sample output shape, parameter count;
   * then the total.
   */
  public String summary(int... sampleShape) {
    return render(sampleShape, chainShapes(layers, sampleShape));
  }

  private String render(int[] in, List<int[]> shapes) {
    int nameWidth = "layer".length();
    int shapeWidth = Math.max("output shape".length(), Shapes.text(in).length());
    for (int i = 0; i < layers.size(); i++) {
      nameWidth = Math.max(nameWidth, layers.get(i).describe().length());
      shapeWidth = Math.max(shapeWidth, Shapes.text(shapes.get(i)).length());
    }
    String row = "%-4s %-" + nameWidth + "s  %-" + shapeWidth + "s  %12s%n";
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(java.util.Locale.ROOT, row, "#", "layer", "output shape", "parameters"));
    sb.append(String.format(java.util.Locale.ROOT, row, "", "input", Shapes.text(in), ""));
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      sb.append(String.format(java.util.Locale.ROOT, row, i, layer.describe(), Shapes.text(shapes.get(i)), count(layer.parameters())));
    }
    sb.append(String.format(java.util.Locale.ROOT, "total parameters: %d%n", parameterCount()));
    return sb.toString();
  }

  private static List<int[]> chainShapes(List<Layer> layers, int[] sampleShape) {
    List<int[]> shapes = new ArrayList<>();
    int[] shape = sampleShape.clone();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      try {
        shape = Shapes.infer(layer, shape);
      } catch (IllegalArgumentException e) {
        throw Checks.argument("Sequential", "layer " + i + " (" + layer.describe()
            + ") rejects per-sample input " + Shapes.text(shape) + ": " + e.getMessage(), e);
      }
      shapes.add(shape);
    }
    return shapes;
  }

  private static long count(List<Parameter> params) {
    long n = 0;
    for (Parameter p : params) {
      n += p.value().size();
    }
    return n;
  }

  @Override
  public String describe() {
    return "Sequential (" + layers.size() + " layers)";
  }
}
