package org.gconv4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gconv4j.internal.Checks;
import org.gconv4j.nn.BufferedLayer;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.Parameter;
import org.gconv4j.nn.Sequential;
import org.gconv4j.tensor.Tensor;

/**
 * The {@link ModelState} of a {@link Sequential}: nested sequentials are flattened, and every leaf
 * layer's parameters and buffers are named {@code layerNN.ROLE.NAME}, where NN is the leaf's
 * position (two digits), ROLE says what the layer is ({@code conv} for G-correlations,
 * {@code bn} for batch norm, {@code dense}, else the lower-cased class name) and NAME is the
 * array's role: {@code weight}, {@code bias}; for batch norm {@code scale}, {@code shift},
 * {@code running_mean}, {@code running_var}.
 *
 * <p>Convolution filters are stored [C_out, C_in, S_in, n, n] (CONVENTIONS §5; 3D: n, n, n): a
 * weight kept as [C_out, C_in, S_in, n^d] in memory is presented reshaped (same data).
 */
public final class SequentialState implements ModelState {
  private final Map<String, Tensor> arrays;

  /**
   * @param spatialDims d, the number of spatial axes of the model's input (2 for images)
   */
  public SequentialState(Sequential model, int spatialDims) {
    this.arrays = build(model, spatialDims);
  }

  /** The state of a model that knows its input shape (built with {@link org.gconv4j.nn.Model#builder}). */
  public static SequentialState of(Sequential model) {
    int[] in = model.inputShape();
    if (in == null) {
      throw Checks.argument("SequentialState", "the model has no recorded input shape; build it with "
          + "Model.builder(C, H, W) or use new SequentialState(model, spatialDims)");
    }
    return new SequentialState(model, in.length - 1);
  }

  @Override
  public Map<String, Tensor> arrays() {
    return arrays;
  }

  /** Leaf layers in forward order (nested sequentials flattened). */
  public static List<Layer> leaves(Sequential model) {
    List<Layer> out = new ArrayList<>();
    for (Layer l : model.layers()) {
      if (l instanceof Sequential nested) {
        out.addAll(leaves(nested));
      } else {
        out.add(l);
      }
    }
    return out;
  }

  private static Map<String, Tensor> build(Sequential model, int d) {
    Map<String, Tensor> named = new LinkedHashMap<>();
    List<Layer> leaves = leaves(model);
    for (int i = 0; i < leaves.size(); i++) {
      Layer layer = leaves.get(i);
      String role = role(layer);
      String prefix = String.format(Locale.ROOT, "layer%02d.%s.", i, role);
      for (Parameter p : layer.parameters()) {
        Tensor t = p.value();
        if (role.equals("conv") && p.name().equals("weight") && t.rank() == 4) {
          t = filterLayout(t, d, prefix + p.name());
        }
        put(named, prefix + arrayName(role, p.name()), t);
      }
      if (layer instanceof BufferedLayer buffered) {
        for (Map.Entry<String, Tensor> b : buffered.buffers().entrySet()) {
          put(named, prefix + arrayName(role, b.getKey()), b.getValue());
        }
      }
    }
    return named;
  }

  private static void put(Map<String, Tensor> named, String key, Tensor t) {
    if (named.put(key, t) != null) {
      throw Checks.argument("SequentialState", "two arrays are named '" + key + "'; give them distinct names");
    }
  }

  /** {@code conv}, {@code bn}, {@code dense}, or the lower-cased simple class name. */
  static String role(Layer layer) {
    String cls = layer.getClass().getSimpleName();
    if (cls.contains("Conv")) {
      return "conv";
    }
    if (cls.equals("BatchNorm")) {
      return "bn";
    }
    return cls.toLowerCase(Locale.ROOT);
  }

  private static String arrayName(String role, String name) {
    if (role.equals("bn")) {
      switch (name) {
        case "weight":
          return "scale";
        case "bias":
          return "shift";
        case "runningMean":
          return "running_mean";
        case "runningVar":
          return "running_var";
        default:
          return name;
      }
    }
    return name;
  }

  private static Tensor filterLayout(Tensor w, int d, String name) {
    int cells = w.shape(3);
    int n = (int) Math.round(Math.pow(cells, 1.0 / d));
    if (Math.round(Math.pow(n, d)) != cells) {
      throw Checks.argument("SequentialState", "filter " + name + " " + w.shapeString() + ": " + cells
          + " cells is not n^" + d);
    }
    int[] shape = new int[3 + d];
    shape[0] = w.shape(0);
    shape[1] = w.shape(1);
    shape[2] = w.shape(2);
    for (int a = 0; a < d; a++) {
      shape[3 + a] = n;
    }
    return w.reshape(shape);
  }
}
