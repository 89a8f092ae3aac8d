package org.gconv4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gconv4j.backend.Backends;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.group.Group;
import org.gconv4j.internal.Checks;
import org.gconv4j.internal.ShapeMath;

/**
 * Entry point of the model builder, which tracks the per-sample feature shape so that networks
 * read like their description and each layer gets its sizes (channels, fan-in) automatically:
 *
 * <pre>{@code
 * Sequential p4cnn = Model.builder(1, 28, 28)          // per-sample input [C, H, W]
 *     .backend("cpu")                                   // where G-correlations run (default "auto")
 *     .seed(42)
 *     .groupConv(p4, 10, 3).batchNorm().relu()          // [10, 4, 26, 26]
 *     .groupConv(p4, 10, 3).batchNorm().relu().maxPool(2)
 *     .groupConv(p4, 10, 3).batchNorm().relu()
 *     .groupConv(p4, 10, 4)                             // [10, 4, 1, 1]
 *     .cosetMaxPool().flatten()                         // [10]
 *     .build();
 * System.out.print(p4cnn.summary());
 * }</pre>
 *
 * A step that does not fit the current shape fails immediately with a message naming the shape.
 *
 * <p>Every {@code groupConv} is a {@link GroupConv} on one backend shared by the model: the one
 * named by {@link Builder#backend(String)}, or {@code "auto"} when none is named (the fastest
 * available, see {@link Backends#create}). {@link Builder#convFactory} replaces that for advanced
 * use (another layer class, a backend per layer).
 */
public final class Model {
  private Model() {}

  /**
   * A builder for inputs of per-sample shape {@code [C, H, W]} (2D) or {@code [C, D, H, W]} (3D).
   */
  public static Builder builder(int... sampleShape) {
    return new Builder(sampleShape);
  }

  /** Tracks the shape and the kind of feature map while layers are appended. */
  public static final class Builder {
    private enum Kind { PLANAR, GROUP, VECTOR, OTHER }

    private final int[] inputShape;
    private final int spatialDims;
    private final List<Layer> layers = new ArrayList<>();
    private final List<int[]> shapes = new ArrayList<>();
    private int[] shape;
    private Kind kind = Kind.PLANAR;
    private Group group;
    private ConvLayerFactory convFactory;
    private Random rng = new Random(0);
    private WeightInit init = WeightInit.HE_NORMAL;
    private boolean built;

    private Builder(int[] sampleShape) {
      ShapeMath.requireSampleShape("Model", "the input shape", sampleShape);
      this.inputShape = sampleShape.clone();
      this.shape = sampleShape.clone();
      this.spatialDims = sampleShape.length - 1;
    }

    /**
     * Where the G-correlations created after this call run: {@code "cpu"} (Vector API),
     * {@code "opencl"} or {@code "auto"} (case-insensitive; see {@link Backends#create}). Without
     * this call (and without {@link #convFactory}) the builder uses {@code "auto"}, created once at
     * the first {@code groupConv} and shared by every layer. Replaces a convolution factory set before.
     *
     * @param name {@code "cpu"}, {@code "opencl"} or {@code "auto"}
     * @return this builder
     * @throws IllegalArgumentException for a null or unknown name, at this call
     * @throws org.gconv4j.backend.opencl.OpenClException for {@code "opencl"} when there is no OpenCL device
     */
    public Builder backend(String name) {
      if (name == null) {
        throw Checks.argument("Model", "backend must be opencl, cpu or auto; got null. Pass a name, e.g. .backend(\"auto\")");
      }
      return backend(Backends.create(name));
    }

    /**
     * Runs the G-correlations created after this call on {@code backend} (one instance shared by
     * every layer; the caller keeps it, and closes it after the model is done). Replaces a
     * convolution factory set before.
     *
     * @param backend the backend every G-correlation of the model runs on
     * @return this builder
     * @throws IllegalArgumentException when {@code backend} is null
     */
    public Builder backend(ConvBackend backend) {
      Checks.notNull("Model", "backend", backend, "Pass Backends.create(\"auto\"), or leave .backend out for auto");
      this.convFactory = spec -> new GroupConv(spec, backend);
      return this;
    }

    /**
     * Advanced: how {@link #groupConv} creates its layers, e.g. {@code spec -> new MyConv(spec)} or a
     * backend per layer. Replaces a {@link #backend} set before; most models need only {@link #backend(String)}.
     *
     * @param factory makes the layer of each {@code groupConv} from its {@link ConvSpec}
     * @return this builder
     * @throws IllegalArgumentException when {@code factory} is null
     */
    public Builder convFactory(ConvLayerFactory factory) {
      Checks.notNull("Model", "convFactory", factory, "Leave it out to use .backend(...) (default auto)");
      this.convFactory = factory;
      return this;
    }

    /** Seed of the initialisation stream shared by every layer created after this call (default 0). */
    public Builder seed(long seed) {
      this.rng = new Random(seed);
      return this;
    }

    /** How the G-correlations created after this call draw their weights (default He-normal). */
    public Builder weightInit(WeightInit init) {
      this.init = Checks.notNull("Model", "weightInit", init);
      return this;
    }

    /** The per-sample shape reached so far. */
    public int[] currentShape() {
      return shape.clone();
    }

    /** G-correlation with padding 0, stride 1: lifting on planar input, group-to-group on a G-map. */
    public Builder groupConv(Group g, int outChannels, int kernelSize) {
      return groupConv(g, outChannels, kernelSize, 0, 1);
    }

    /** G-correlation; lifting when the current map is planar, group-to-group when it is a G-map of {@code g}. */
    public Builder groupConv(Group g, int outChannels, int kernelSize, int padding, int stride) {
      if (convFactory == null) {
        backend("auto");
      }
      if (g.dimension() != spatialDims) {
        throw Checks.argument("Model", "group " + g.name() + " is " + g.dimension()
            + "D but the input " + Shapes.text(inputShape) + " has " + spatialDims + " spatial axes");
      }
      boolean lifting;
      if (kind == Kind.PLANAR) {
        lifting = true;
      } else if (kind == Kind.GROUP) {
        if (g.order() != group.order() || !g.name().equals(group.name())) {
          throw Checks.argument("Model", "groupConv over " + g.name() + " cannot follow a G-map of "
              + group.name() + " " + Shapes.text(shape) + ". Use the same group, or cosetMaxPool() first");
        }
        lifting = false;
      } else {
        throw Checks.argument("Model", "groupConv needs a planar map [C, H, W] or a G-map [C, S, H, W]; current shape is "
            + Shapes.text(shape) + ". Move the convolution before flatten/global pooling");
      }
      ConvSpec spec = new ConvSpec(g, shape[0], outChannels, kernelSize, lifting, padding, stride, rng, init);
      int[] out = spec.outputShape(shape);
      Layer layer = convFactory.create(spec);
      if (layer instanceof ShapedLayer shaped) {
        int[] reported = shaped.outputShape(shape.clone());
        if (!java.util.Arrays.equals(reported, out)) {
          throw Checks.state("Model", "the conv factory's layer " + layer.describe() + " reports output "
              + Shapes.text(reported) + " but " + spec + " gives " + Shapes.text(out) + ". Fix the factory");
        }
      }
      group = g;
      return append(layer, out, Kind.GROUP);
    }

    /** BatchNorm over the current channel axis (one scale/shift per G-feature map). */
    public Builder batchNorm() {
      return batchNorm(BatchNorm.DEFAULT_MOMENTUM, BatchNorm.DEFAULT_EPS);
    }

    public Builder batchNorm(float momentum, float eps) {
      return add(new BatchNorm(shape[0], momentum, eps));
    }

    public Builder relu() {
      return add(new ReLU());
    }

    /** Spatial max pooling with stride = window. */
    public Builder maxPool(int window) {
      return maxPool(window, window);
    }

    public Builder maxPool(int window, int stride) {
      requireSpatial("maxPool");
      return add(new SpatialMaxPool(window, stride, spatialDims));
    }

    /** Spatial average pooling (the mean of each full window, no padding). */
    public Builder avgPool(int window, int stride) {
      requireSpatial("avgPool");
      return add(new SpatialAvgPool(window, stride, spatialDims));
    }

    /** Max over the stabilizer axis: G-map [C, S, ...] → planar [C, ...]. */
    public Builder cosetMaxPool() {
      if (kind != Kind.GROUP) {
        throw Checks.argument("Model", "cosetMaxPool needs a G-feature map [C, S, H, W]; current shape is "
            + Shapes.text(shape) + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + "). Put it after a groupConv");
      }
      return append(new CosetMaxPool(), new CosetMaxPool().outputShape(shape), Kind.PLANAR);
    }

    /** Max over every axis after the channel axis (stabilizer and space) → [C]. */
    public Builder globalMaxPool() {
      requireSpatial("globalMaxPool");
      GlobalMaxPool layer = new GlobalMaxPool();
      return append(layer, layer.outputShape(shape), Kind.VECTOR);
    }

    /** Mean over every axis after the channel axis (stabilizer and space) → [C]. */
    public Builder globalAvgPool() {
      requireSpatial("globalAvgPool");
      GlobalAvgPool layer = new GlobalAvgPool();
      return append(layer, layer.outputShape(shape), Kind.VECTOR);
    }

    /** Inverted dropout with probability p, seeded from the builder's stream. */
    public Builder dropout(double p) {
      return add(new Dropout(p, rng.nextLong()));
    }

    public Builder flatten() {
      Flatten layer = new Flatten();
      return append(layer, layer.outputShape(shape), Kind.VECTOR);
    }

    /** Fully connected layer to {@code outFeatures}, He-normal init; needs a flat [F] input. */
    public Builder dense(int outFeatures) {
      return dense(outFeatures, Dense.Init.HE_NORMAL);
    }

    public Builder dense(int outFeatures, Dense.Init init) {
      if (shape.length != 1) {
        throw Checks.argument("Model", "dense needs a flat input [F]; current shape is " + Shapes.text(shape)
            + ". Add .flatten() or a global pool before .dense(" + outFeatures + ")");
      }
      return add(new Dense(shape[0], outFeatures, init, rng));
    }

    /** Any layer made for the current shape (output shape inferred). */
    public Builder layer(LayerFactory factory) {
      return layer(factory.create(shape.clone()));
    }

    /** Any layer (output shape inferred from {@link ShapedLayer} or a probe forward pass). */
    public Builder layer(Layer layer) {
      int[] out;
      try {
        out = Shapes.infer(layer, shape);
      } catch (IllegalArgumentException e) {
        throw Checks.argument("Model", "layer " + layers.size() + " (" + layer.describe()
            + ") rejects the current shape " + Shapes.text(shape) + ": " + e.getMessage(), e);
      }
      Kind next;
      if (out.length == shape.length && (kind != Kind.GROUP || out[1] == shape[1])) {
        next = kind;
      } else if (out.length == 1) {
        next = Kind.VECTOR;
      } else if (out.length == 1 + spatialDims) {
        next = Kind.PLANAR;
      } else {
        next = Kind.OTHER;
      }
      return append(layer, out, next);
    }

    /** The model; the builder cannot be used afterwards. */
    public Sequential build() {
      if (built) {
        throw Checks.state("Model", "build() was already called; start a new Model.builder(...)");
      }
      built = true;
      return new Sequential(inputShape, layers, shapes);
    }

    private Builder add(ShapedLayer layer) {
      int[] out;
      try {
        out = layer.outputShape(shape.clone());
      } catch (IllegalArgumentException e) {
        throw Checks.argument("Model", layer.describe() + " at position " + layers.size()
            + " cannot take the current shape " + Shapes.text(shape) + ": " + e.getMessage(), e);
      }
      return append(layer, out, kind);
    }

    private Builder append(Layer layer, int[] out, Kind next) {
      if (built) {
        throw Checks.state("Model", "build() was already called; start a new Model.builder(...)");
      }
      layers.add(layer);
      shapes.add(out.clone());
      shape = out.clone();
      kind = next;
      if (next != Kind.GROUP) {
        group = null;
      }
      return this;
    }

    private void requireSpatial(String step) {
      if (kind != Kind.PLANAR && kind != Kind.GROUP) {
        throw Checks.argument("Model", step + " needs a planar map or a G-map with spatial axes; current shape is "
            + Shapes.text(shape) + ". Move it before flatten/global pooling");
      }
    }
  }
}
