package org.gconv4j.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.group.FilterTables;
import org.gconv4j.group.Group;
import org.gconv4j.tensor.Tensor;

/**
 * The G-correlation layer (paper §6.1, §7): a filter transformation F → F+ (a table gather,
 * CONVENTIONS §4) followed by a planar correlation with the expanded bank, both run by a
 * {@link ConvBackend}.
 *
 * <ul>
 *   <li>Lifting (eq. 10): planar [N, C_in, H, W] → G-map [N, C_out, S, H', W'].
 *   <li>Group to group (eq. 11): [N, C_in, S, H, W] → [N, C_out, S, H', W'].
 *   <li>3D groups (cubic lattice) add a depth axis after S (before H).
 * </ul>
 *
 * Parameters: {@code weight} F [C_out, C_in, S_in, n, n] (3D: n, n, n; S_in = 1 when lifting) and
 * {@code bias} [C_out], one per G-feature map, broadcast over S and space (paper §6.1).
 *
 * <p>Initialisation: He-normal, F ~ N(0, 2 / fanIn) with fanIn = C_in · S_in · |support|
 * (|support| = n^d, or the hexagon's cell count on the hexagonal lattice); cells outside the
 * support are 0 and stay 0 (they are never read, so their gradient is 0). Bias starts at 0.
 *
 * <p>Padding is symmetric zero padding; the layer is exactly equivariant about the grid centre
 * for stride 1 (CONVENTIONS §6); a stride > 1 keeps it only on grids where the sampled lattice is
 * itself symmetric about the centre.
 */
public final class GroupConv implements ShapedLayer {
  private final Group group;
  private final FilterTables tables;
  private final boolean lifting;
  private final int inChannels;
  private final int outChannels;
  private final int kernelSize;
  private final int padding;
  private final int stride;
  private final ConvBackend backend;
  /** {@code backend} specialised for this group and filter size (e.g. generated OpenCL kernels); runs every pass. */
  private final ConvBackend specialised;
  private final int[] table;
  private final int inOrder;
  private final Parameter weight;
  private final Parameter bias;

  private Tensor input;
  private ConvGeometry geometry;
  private float[] expanded;

  /**
   * @param group the group G; {@code group.tables(kernelSize)} must exist
   * @param lifting true for planar input (first layer), false for G-map input
   * @param rng draws the initial weights (He-normal)
   */
  public GroupConv(Group group, int inChannels, int outChannels, int kernelSize, boolean lifting, int padding, int stride,
      ConvBackend backend, Random rng) {
    if (group == null || backend == null || rng == null) {
      throw new IllegalArgumentException("[GroupConv] group, backend and rng must not be null");
    }
    if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || padding < 0 || stride < 1) {
      throw new IllegalArgumentException("[GroupConv] need channels, kernel size and stride >= 1, padding >= 0; got in="
          + inChannels + ", out=" + outChannels + ", n=" + kernelSize + ", padding=" + padding + ", stride=" + stride);
    }
    this.group = group;
    this.tables = group.tables(kernelSize);
    this.lifting = lifting;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernelSize;
    this.padding = padding;
    this.stride = stride;
    this.backend = backend;
    this.specialised = backend.specialisedFor(group, kernelSize);
    this.table = lifting ? tables.liftingFlat() : tables.groupFlat();
    this.inOrder = lifting ? 1 : group.order();
    int cells = tables.cells();
    int support = 0;
    for (int c = 0; c < cells; c++) {
      support += tables.inSupport(c) ? 1 : 0;
    }
    double std = Math.sqrt(2.0 / ((double) inChannels * inOrder * support));
    float[] f = new float[outChannels * inChannels * inOrder * cells];
    for (int i = 0; i < f.length; i++) {
      if (tables.inSupport(i % cells)) {
        f[i] = (float) (rng.nextGaussian() * std);
      }
    }
    this.weight = new Parameter("weight", Tensor.of(f, filterShape()));
    this.bias = new Parameter("bias", Tensor.zeros(outChannels));
  }

  /** The layer a {@link ConvSpec} describes, running on {@code backend}. */
  public GroupConv(ConvSpec spec, ConvBackend backend) {
    this(spec.group(), spec.inChannels(), spec.outChannels(), spec.kernelSize(), spec.lifting(), spec.padding(),
        spec.stride(), backend, spec.rng());
  }

  /** Lifting layer, valid (no padding), stride 1. */
  public static GroupConv lifting(Group group, int inChannels, int outChannels, int kernelSize, ConvBackend backend, Random rng) {
    return new GroupConv(group, inChannels, outChannels, kernelSize, true, 0, 1, backend, rng);
  }

  /** Group-to-group layer, valid (no padding), stride 1. */
  public static GroupConv groupToGroup(Group group, int inChannels, int outChannels, int kernelSize, ConvBackend backend, Random rng) {
    return new GroupConv(group, inChannels, outChannels, kernelSize, false, 0, 1, backend, rng);
  }

  public Group group() {
    return group;
  }

  public boolean isLifting() {
    return lifting;
  }

  public int inChannels() {
    return inChannels;
  }

  public int outChannels() {
    return outChannels;
  }

  public int kernelSize() {
    return kernelSize;
  }

  public int padding() {
    return padding;
  }

  public int stride() {
    return stride;
  }

  public ConvBackend backend() {
    return backend;
  }

  /**
   * The backend the passes run on: {@link #backend()} specialised for this group and filter size
   * ({@link ConvBackend#specialisedFor}), e.g. the OpenCL kernels generated for the group's spec.
   */
  public ConvBackend specialisedBackend() {
    return specialised;
  }

  /** F, shape [C_out, C_in, S_in, n, n] (3D: n, n, n). */
  public Parameter weight() {
    return weight;
  }

  /** b, shape [C_out]. */
  public Parameter bias() {
    return bias;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }

  private int[] filterShape() {
    int d = group.dimension();
    int[] shape = new int[3 + d];
    shape[0] = outChannels;
    shape[1] = inChannels;
    shape[2] = inOrder;
    Arrays.fill(shape, 3, 3 + d, kernelSize);
    return shape;
  }

  @Override
  public int[] outputShape(int[] sampleShape) {
    int[] spatial = spatialOf(Shapes.withBatch(1, sampleShape), "N");
    int d = spatial.length;
    int[] out = new int[2 + d];
    out[0] = outChannels;
    out[1] = group.order();
    for (int a = 0; a < d; a++) {
      int span = spatial[a] + 2 * padding - kernelSize;
      if (span < 0) {
        throw new IllegalArgumentException("[GroupConv] spatial size " + spatial[a] + " with padding " + padding
            + " is smaller than the " + kernelSize + "-wide filter. Pad more, use a smaller filter, or pool less before this layer");
      }
      out[2 + a] = span / stride + 1;
    }
    return out;
  }

  /** Checks the input shape and returns its spatial sizes. */
  private int[] spatialOf(int[] shape, String batchName) {
    int d = group.dimension();
    int rank = 2 + (lifting ? 0 : 1) + d;
    boolean ok = shape.length == rank && shape[1] == inChannels && (lifting || shape[2] == group.order());
    if (!ok) {
      String want = "[" + batchName + ", " + inChannels + (lifting ? "" : ", " + group.order()) + (d == 3 ? ", D" : "") + ", H, W]";
      throw new IllegalArgumentException("[GroupConv] expected input " + want + ", got " + Arrays.toString(shape)
          + (lifting ? " (lifting layer over " : " (group layer over ") + group.name() + ")");
    }
    return Arrays.copyOfRange(shape, rank - d, rank);
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    int[] spatial = spatialOf(x.shape(), "N");
    int n = x.shape(0);
    int order = group.order();
    ConvGeometry g = new ConvGeometry(n, inChannels * inOrder, outChannels * order, spatial, kernelSize, padding, stride);
    float[] fPlus = new float[g.weightLength()];
    specialised.transformFilters(weight.value().data(), outChannels, inChannels, table, order, inOrder, tables.cells(), fPlus);
    float[] y = new float[g.outputLength()];
    specialised.correlate(g, x.data(), fPlus, y);
    float[] b = bias.value().data();
    int block = order * g.outPlane();
    Parallel.forEach(n * outChannels, (long) y.length, task -> {
      float v = b[task % outChannels];
      if (v != 0f) {
        int base = task * block;
        for (int i = 0; i < block; i++) {
          y[base + i] += v;
        }
      }
    });
    this.input = x;
    this.geometry = g;
    this.expanded = fPlus;
    int[] outShape = new int[3 + spatial.length];
    outShape[0] = n;
    outShape[1] = outChannels;
    outShape[2] = order;
    int[] outSize = g.outSize();
    System.arraycopy(outSize, 0, outShape, 3, outSize.length);
    return Tensor.of(y, outShape);
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    if (geometry == null) {
      throw new IllegalStateException("[GroupConv] backward needs a forward pass first. Call forward(input, true) before backward");
    }
    ConvGeometry g = geometry;
    int order = group.order();
    int[] want = new int[3 + g.dims()];
    want[0] = g.batch();
    want[1] = outChannels;
    want[2] = order;
    System.arraycopy(g.outSize(), 0, want, 3, g.dims());
    if (!Arrays.equals(want, gradOutput.shape())) {
      throw new IllegalArgumentException("[GroupConv] expected gradient " + Arrays.toString(want) + " (the last output's shape), got "
          + gradOutput.shapeString());
    }
    float[] gy = gradOutput.data();
    float[] gb = bias.grad().data();
    int block = order * g.outPlane();
    Parallel.forEach(outChannels, (long) gy.length, o -> {
      double sum = 0;
      for (int s = 0; s < g.batch(); s++) {
        int base = (s * outChannels + o) * block;
        for (int i = 0; i < block; i++) {
          sum += gy[base + i];
        }
      }
      gb[o] += (float) sum;
    });
    float[] gradFPlus = new float[g.weightLength()];
    specialised.correlateBackwardWeights(g, input.data(), gy, gradFPlus);
    float[] gradF = new float[weight.value().size()];
    specialised.transformFiltersBackward(gradFPlus, outChannels, inChannels, table, order, inOrder, tables.cells(), gradF);
    float[] gw = weight.grad().data();
    for (int i = 0; i < gw.length; i++) {
      gw[i] += gradF[i];
    }
    float[] gx = new float[g.inputLength()];
    specialised.correlateBackwardInput(g, gy, expanded, gx);
    return Tensor.of(gx, input.shape());
  }

  /**
   * The expanded filter bank F+ [C_out·S, C_in·S_in, n, n] (3D: n, n, n) of CONVENTIONS §4, by a
   * plain gather: F+[o·S + s', i·S_in + t, x] = F[o, i, source(s', t, x)], 0 where the source is −1.
   *
   * @param filters [C_out, C_in, S_in, n, n] (or [C_out, C_in, S_in, n^d])
   */
  public static Tensor expandedBank(Tensor filters, FilterTables tables, boolean lifting) {
    int order = tables.order();
    int inOrder = lifting ? 1 : order;
    int cells = tables.cells();
    int outC = filters.shape(0);
    int inC = filters.shape(1);
    if (filters.rank() < 4 || filters.shape(2) != inOrder || filters.size() != outC * inC * inOrder * cells) {
      throw new IllegalArgumentException("[GroupConv] expected filters [C_out, C_in, " + inOrder + ", " + tables.kernelSize()
          + (tables.dimension() == 3 ? ", n, n" : ", n") + "] for " + (lifting ? "a lifting" : "a group") + " layer, got "
          + filters.shapeString());
    }
    int[] tab = lifting ? tables.liftingFlat() : tables.groupFlat();
    int filterLen = inOrder * cells;
    float[] f = filters.data();
    float[] out = new float[outC * order * inC * filterLen];
    for (int o = 0; o < outC; o++) {
      for (int sp = 0; sp < order; sp++) {
        for (int i = 0; i < inC; i++) {
          int src = (o * inC + i) * filterLen;
          int dst = ((o * order + sp) * inC + i) * filterLen;
          for (int j = 0; j < filterLen; j++) {
            int idx = tab[sp * filterLen + j];
            out[dst + j] = idx < 0 ? 0f : f[src + idx];
          }
        }
      }
    }
    int d = tables.dimension();
    int[] shape = new int[2 + d];
    shape[0] = outC * order;
    shape[1] = inC * inOrder;
    Arrays.fill(shape, 2, 2 + d, tables.kernelSize());
    return Tensor.of(out, shape);
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder("GroupConv ").append(group.name()).append(lifting ? " lifting " : " ")
        .append(inChannels).append("->").append(outChannels).append(' ').append(kernelSize);
    for (int a = 1; a < group.dimension(); a++) {
      sb.append('x').append(kernelSize);
    }
    if (padding != 0) {
      sb.append(" pad ").append(padding);
    }
    if (stride != 1) {
      sb.append(" stride ").append(stride);
    }
    return sb.toString();
  }
}
