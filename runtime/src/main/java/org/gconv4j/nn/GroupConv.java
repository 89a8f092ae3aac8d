package org.gconv4j.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.PreparedConv;
import org.gconv4j.backend.cpu.CpuBackend;
import org.gconv4j.group.FilterTables;
import org.gconv4j.group.Group;
import org.gconv4j.internal.Checks;
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
 * <p>Initialisation: {@link ConvSpec#init()}, He-normal F ~ N(0, 2 / fanIn) unless the spec says
 * otherwise ({@link WeightInit#LECUN_NORMAL}: N(0, 1 / fanIn), GrouPy's), with fanIn = C_in · S_in · |support|
 * (|support| = n^d, or the hexagon's cell count on the hexagonal lattice); cells outside the
 * support are 0 and stay 0 (they are never read, so their gradient is 0). Bias starts at 0.
 *
 * <p>Padding is symmetric zero padding; the layer is exactly equivariant about the grid centre
 * for stride 1 (CONVENTIONS §6); a stride > 1 keeps it only on grids where the sampled lattice is
 * itself symmetric about the centre.
 */
public final class GroupConv implements ShapedLayer {
  private final ConvSpec spec;
  private final ConvBackend backend;
  /** The layer prepared on the backend: tables, kernel choice, checks, F+ and the other workspaces. */
  private final PreparedConv prepared;
  private final Parameter weight;
  private final Parameter bias;

  private Tensor input;
  /**
   * Output and input-gradient buffers (training mode), reused while the batch shape stays the same;
   * the buffers of the previous shape are kept too, for a smaller last batch.
   */
  private final Tensor[] output = new Tensor[2];
  private final Tensor[] gradInput = new Tensor[2];
  /** Set by a {@link Sequential}: evaluation forwards reuse the output buffer too. */
  private boolean reuseBuffers;
  private boolean needsInputGradient = true;
  /** Block sums of the next gradOutput, when the BatchNorm after this layer computes them ({@link BlockSums}). */
  private final BlockSums gradientSums = new BlockSums();

  /**
   * @param group the group G; {@code group.tables(kernelSize)} must exist
   * @param lifting true for planar input (first layer), false for G-map input
   * @param rng draws the initial weights (He-normal)
   */
  public GroupConv(Group group, int inChannels, int outChannels, int kernelSize, boolean lifting, int padding, int stride,
      ConvBackend backend, Random rng) {
    this(spec(group, inChannels, outChannels, kernelSize, lifting, padding, stride, rng), backend);
  }

  /** The layer a {@link ConvSpec} describes, running on {@code backend}. */
  public GroupConv(ConvSpec spec, ConvBackend backend) {
    this.spec = Checks.notNull("GroupConv", "spec", spec);
    this.backend = Checks.notNull("GroupConv", "backend", backend);
    FilterTables tables = spec.tables();
    this.prepared = backend.prepare(spec);
    int cells = tables.cells();
    int support = tables.supportCells();
    double std = spec.init().std((double) spec.inChannels() * spec.inOrder() * support);
    float[] f = new float[spec.outChannels() * spec.inChannels() * spec.inOrder() * cells];
    Random rng = spec.rng();
    for (int i = 0; i < f.length; i++) {
      if (tables.inSupport(i % cells)) {
        f[i] = (float) (rng.nextGaussian() * std);
      }
    }
    this.weight = new Parameter("weight", Tensor.of(f, spec.filterShape()));
    this.bias = new Parameter("bias", Tensor.zeros(spec.outChannels()));
  }

  private static ConvSpec spec(Group group, int inChannels, int outChannels, int kernelSize, boolean lifting, int padding,
      int stride, Random rng) {
    // ConvSpec checks the group, rng, channels, kernel size, padding and stride (one home for the rule)
    return new ConvSpec(group, inChannels, outChannels, kernelSize, lifting, padding, stride, rng);
  }

  /** Lifting layer, valid (no padding), stride 1. */
  public static GroupConv lifting(Group group, int inChannels, int outChannels, int kernelSize, ConvBackend backend, Random rng) {
    return new GroupConv(group, inChannels, outChannels, kernelSize, true, 0, 1, backend, rng);
  }

  /** Group-to-group layer, valid (no padding), stride 1. */
  public static GroupConv groupToGroup(Group group, int inChannels, int outChannels, int kernelSize, ConvBackend backend, Random rng) {
    return new GroupConv(group, inChannels, outChannels, kernelSize, false, 0, 1, backend, rng);
  }

  /** The shapes of this layer. */
  public ConvSpec spec() {
    return spec;
  }

  public Group group() {
    return spec.group();
  }

  public boolean isLifting() {
    return spec.lifting();
  }

  public int inChannels() {
    return spec.inChannels();
  }

  public int outChannels() {
    return spec.outChannels();
  }

  public int kernelSize() {
    return spec.kernelSize();
  }

  public int padding() {
    return spec.padding();
  }

  public int stride() {
    return spec.stride();
  }

  public ConvBackend backend() {
    return backend;
  }

  /** The layer as prepared on its backend (kernel choice, workspaces). */
  public PreparedConv prepared() {
    return prepared;
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

  @Override
  public int[] outputShape(int[] sampleShape) {
    int[] batched = spec.batchOutputShape(Shapes.withBatch(1, sampleShape), "GroupConv");
    return Arrays.copyOfRange(batched, 1, batched.length);
  }

  /**
   * y = x ⋆ F + b. In training mode (and in every mode after {@link #reuseBuffers reuseBuffers(true)})
   * the returned tensor is this layer's own buffer, overwritten by the next forward (reused while the
   * batch shape stays the same); otherwise it is new.
   */
  @Override
  public Tensor forward(Tensor x, boolean training) {
    return forward(x, training, null);
  }

  /**
   * {@link #forward(Tensor, boolean)}; with {@code statistics} non-null, also the sums a
   * {@link BatchNorm} right after this layer needs ({@link BlockSums}: per (sample, channel) block,
   * its sum and its squares around its own mean), computed while each block is in cache after the
   * bias add, and published for the output.
   */
  Tensor forward(Tensor x, boolean training, BlockSums statistics) {
    ConvGeometry g = prepared.geometry(x.shape());
    int[] outShape = spec.outputShapeOf(g);
    Tensor out = training || reuseBuffers ? reuse(output, outShape) : Tensor.zeros(outShape);
    float[] y = out.data();
    prepared.forward(weight.value().data(), x.data(), x.shape(), y);
    int outChannels = spec.outChannels();
    float[] b = bias.value().data();
    int block = spec.order() * g.outPlane();
    int blocks = g.batch() * outChannels;
    if (statistics != null) {
      statistics.prepare(blocks, true);
    }
    double[] sums = statistics == null ? null : statistics.sum;
    double[] squares = statistics == null ? null : statistics.squares;
    Parallel.forEach(blocks, (statistics == null ? 1L : 4L) * y.length, task -> {
      float v = b[task % outChannels];
      int base = task * block;
      if (v != 0f) {
        for (int i = 0; i < block; i++) {
          y[base + i] += v;
        }
      }
      if (sums != null) { // as BatchNorm's own statistics pass computes them
        double sum = VectorLoops.sum(y, base, base + block);
        sums[task] = sum;
        squares[task] = VectorLoops.sumSquaredDeviation(y, base, base + block, (float) (sum / block));
      }
    });
    if (statistics != null) {
      statistics.publish(out, block);
    }
    this.input = x;
    return out;
  }

  @Override
  public void reuseBuffers(boolean reuse) {
    this.reuseBuffers = reuse;
  }

  /**
   * The buffer of {@code shape}: buffers[0] when it has it, else buffers[1] (the previous shape's),
   * else a new zero tensor; it becomes buffers[0] and the other one buffers[1].
   */
  private static Tensor reuse(Tensor[] buffers, int[] shape) {
    Tensor current = buffers[0];
    if (current != null && Arrays.equals(current.shape(), shape)) {
      return current;
    }
    Tensor other = buffers[1];
    Tensor t = other != null && Arrays.equals(other.shape(), shape) ? other : Tensor.zeros(shape);
    buffers[1] = current;
    buffers[0] = t;
    return t;
  }

  /** Where a {@link BatchNorm} right after this layer puts the block sums of the gradient it hands back. */
  BlockSums gradientSums() {
    return gradientSums;
  }

  /** See {@link Layer#needsInputGradient}: when false, {@link #backward} skips the input-gradient correlation and returns null. */
  @Override
  public void needsInputGradient(boolean needed) {
    this.needsInputGradient = needed;
  }

  /**
   * ∂L/∂x (null after {@code needsInputGradient(false)}); adds ∂L/∂F and ∂L/∂b to the parameters'
   * gradients. The returned tensor is reused by the next backward.
   */
  @Override
  public Tensor backward(Tensor gradOutput) {
    ConvGeometry g = prepared.lastGeometry();
    if (g == null || input == null) {
      throw Checks.state("GroupConv", "backward needs a forward pass first. Call forward(input, true) before backward");
    }
    int[] want = spec.outputShapeOf(g);
    if (!Arrays.equals(want, gradOutput.shape())) {
      throw Checks.argument("GroupConv", "expected gradient " + Arrays.toString(want) + " (the last output's shape), got "
          + gradOutput.shapeString());
    }
    int outChannels = spec.outChannels();
    float[] gy = gradOutput.data();
    float[] gb = bias.grad().data();
    int block = spec.order() * g.outPlane();
    int batch = g.batch();
    // ∂L/∂b[o] = Σ over samples (in order) of the block sums of ∂L/∂y; a BatchNorm right after this
    // layer may have computed those sums while writing ∂L/∂y (BlockSums), else they are computed here.
    double[] blockSums = gradientSums.take(gradOutput, block) ? gradientSums.sum : null;
    Parallel.forEach(outChannels, blockSums != null ? (long) batch * outChannels : (long) gy.length, o -> {
      double sum = 0;
      for (int s = 0; s < batch; s++) {
        int j = s * outChannels + o;
        sum += blockSums != null ? blockSums[j] : VectorLoops.sum(gy, j * block, (j + 1) * block);
      }
      gb[o] += (float) sum;
    });
    if (!needsInputGradient) {
      prepared.backward(input.data(), gy, weight.grad().data(), null);
      return null;
    }
    Tensor gx = reuse(gradInput, input.shape());
    prepared.backward(input.data(), gy, weight.grad().data(), gx.data());
    return gx;
  }

  /**
   * The expanded filter bank F+ [C_out·S, C_in·S_in, n, n] (3D: n, n, n) of CONVENTIONS §4:
   * F+[o·S + s', i·S_in + t, x] = F[o, i, source(s', t, x)], 0 where the source is −1. Computed by the
   * CPU backend's filter gather, the one home of this rule on the host (the layer's passes use the same
   * gather; the OpenCL backend's {@code TransformFiltersKernel} is its device copy, checked against it by
   * the OpenCL tests). For export and checks: it allocates the bank.
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
      throw Checks.argument("GroupConv", "expected filters [C_out, C_in, " + inOrder + ", " + tables.kernelSize()
          + (tables.dimension() == 3 ? ", n, n" : ", n") + "] for " + (lifting ? "a lifting" : "a group") + " layer, got "
          + filters.shapeString());
    }
    int[] tab = lifting ? tables.liftingFlat() : tables.groupFlat();
    float[] out = new float[outC * order * inC * inOrder * cells];
    new CpuBackend().transformFilters(filters.data(), outC, inC, tab, order, inOrder, cells, out);
    int d = tables.dimension();
    int[] shape = new int[2 + d];
    shape[0] = outC * order;
    shape[1] = inC * inOrder;
    Arrays.fill(shape, 2, 2 + d, tables.kernelSize());
    return Tensor.of(out, shape);
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder("GroupConv ").append(group().name()).append(isLifting() ? " lifting " : " ")
        .append(inChannels()).append("->").append(outChannels()).append(' ').append(kernelSize());
    for (int a = 1; a < group().dimension(); a++) {
      sb.append('x').append(kernelSize());
    }
    if (padding() != 0) {
      sb.append(" pad ").append(padding());
    }
    if (stride() != 1) {
      sb.append(" stride ").append(stride());
    }
    return sb.toString();
  }
}
