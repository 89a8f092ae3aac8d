package org.gconv4j.nn;

import java.util.Arrays;
import java.util.Random;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.group.FilterTables;
import org.gconv4j.group.Group;
import org.gconv4j.internal.Checks;

/**
 * Everything needed to create one G-correlation layer (paper §6.1), as the model builder derives it
 * from the current feature shape. {@code lifting} is true when the input is a planar map
 * [N, C, H, W] (first layer, eq. 10) and false for a G-feature map [N, C, S, H, W] (eq. 11).
 *
 * <p>The single source of a G-correlation's shapes: input checks, output shape, filter shape and
 * the planar correlation ({@link ConvGeometry}) it runs. {@link GroupConv}, the backends'
 * prepared correlations ({@link org.gconv4j.backend.PreparedConv}) and the command line use it.
 *
 * @param rng the model's initialisation stream; a layer draws its initial weights from it
 * @param init the distribution of the initial weights
 */
public record ConvSpec(
    Group group, int inChannels, int outChannels, int kernelSize, boolean lifting, int padding, int stride,
    Random rng, WeightInit init) {

  public ConvSpec {
    Checks.notNull("ConvSpec", "group", group);
    Checks.notNull("ConvSpec", "rng", rng);
    Checks.notNull("ConvSpec", "init", init);
    if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || padding < 0 || stride < 1) {
      throw Checks.argument("ConvSpec", "need inChannels, outChannels, kernelSize, stride >= 1 and padding >= 0; got in="
          + inChannels + ", out=" + outChannels + ", n=" + kernelSize + ", padding=" + padding + ", stride=" + stride);
    }
  }

  /** A spec whose weights are drawn He-normal ({@link WeightInit#HE_NORMAL}). */
  public ConvSpec(Group group, int inChannels, int outChannels, int kernelSize, boolean lifting, int padding, int stride,
      Random rng) {
    this(group, inChannels, outChannels, kernelSize, lifting, padding, stride, rng, WeightInit.HE_NORMAL);
  }

  /** S, the number of stabilizer elements (output G-map axis). */
  public int order() {
    return group.order();
  }

  /** S_in: 1 when lifting, S otherwise. */
  public int inOrder() {
    return lifting ? 1 : group.order();
  }

  /** d, the number of spatial axes. */
  public int dimension() {
    return group.dimension();
  }

  /** The group's filter tables for this filter size. */
  public FilterTables tables() {
    return group.tables(kernelSize);
  }

  /** The flattened table [S, S_in, n^d] of CONVENTIONS §4: the lifting table or the group table. */
  public int[] table() {
    FilterTables t = tables();
    return lifting ? t.liftingFlat() : t.groupFlat();
  }

  /** F's shape [C_out, C_in, S_in, n, n] (3D: n, n, n). */
  public int[] filterShape() {
    int d = dimension();
    int[] shape = new int[3 + d];
    shape[0] = outChannels;
    shape[1] = inChannels;
    shape[2] = inOrder();
    Arrays.fill(shape, 3, 3 + d, kernelSize);
    return shape;
  }

  /** Output length of one spatial axis of length {@code length}: (L + 2p − n) / stride + 1. */
  public int outputLength(int length) {
    ConvGeometry.requireFits("ConvSpec", new int[] {length}, kernelSize, padding,
        "Pad more, use a smaller filter, or pool less before this layer");
    return ConvGeometry.outLength(length, kernelSize, padding, stride);
  }

  /**
   * Per-sample output shape [C_out, S, ...spatial'] for a per-sample input shape ([C_in, ...spatial]
   * when lifting, [C_in, S, ...spatial] otherwise).
   */
  public int[] outputShape(int[] sampleShape) {
    int d = dimension();
    if (!accepts(sampleShape, 0)) {
      String want = "[" + inChannels + (lifting ? "" : ", " + group.order()) + (d == 3 ? ", D" : "") + ", H, W]";
      throw Checks.argument("ConvSpec", (lifting ? "lifting" : "group") + " correlation over "
          + group.name() + " expects input " + want + "; got " + Shapes.text(sampleShape));
    }
    int[] out = new int[2 + d];
    out[0] = outChannels;
    out[1] = group.order();
    for (int a = 0; a < d; a++) {
      out[2 + a] = outputLength(sampleShape[sampleShape.length - d + a]);
    }
    return out;
  }

  /**
   * Checks a batched input shape [N, C_in, (S,) ...spatial] and returns its spatial sizes; the error
   * names {@code who} (e.g. "GroupConv") and the shape it expects.
   */
  public int[] inputSpatial(int[] batchShape, String who) {
    int d = dimension();
    if (!accepts(batchShape, 1) || batchShape[0] < 1) {
      String want = "[N, " + inChannels + (lifting ? "" : ", " + group.order()) + (d == 3 ? ", D" : "") + ", H, W]";
      throw Checks.argument(who, "expected input " + want + ", got " + Arrays.toString(batchShape)
          + (lifting ? " (lifting layer over " : " (group layer over ") + group.name() + ")");
    }
    int[] spatial = Arrays.copyOfRange(batchShape, batchShape.length - d, batchShape.length);
    for (int s : spatial) {
      outputLength(s);
    }
    return spatial;
  }

  /** The output shape [N, C_out, S, ...spatial'] of a batched input shape (checked as {@link #inputSpatial}). */
  public int[] batchOutputShape(int[] batchShape, String who) {
    return outputShapeOf(geometry(batchShape[0], inputSpatial(batchShape, who)));
  }

  /** [N, C_out, S, ...spatial'] of the planar correlation {@code g}. */
  public int[] outputShapeOf(ConvGeometry g) {
    int[] out = new int[3 + g.dims()];
    out[0] = g.batch();
    out[1] = outChannels;
    out[2] = group.order();
    for (int a = 0; a < g.dims(); a++) {
      out[3 + a] = g.outSize(a);
    }
    return out;
  }

  /**
   * The planar correlation this layer runs on a batch of {@code batch} inputs with these spatial
   * sizes: C_in·S_in → C_out·S channels (CONVENTIONS §4).
   */
  public ConvGeometry geometry(int batch, int[] spatial) {
    return new ConvGeometry(batch, inChannels * inOrder(), outChannels * group.order(), spatial, kernelSize, padding, stride);
  }

  private boolean accepts(int[] shape, int lead) {
    int rank = lead + 1 + (lifting ? 0 : 1) + dimension();
    return shape.length == rank && shape[lead] == inChannels && (lifting || shape[lead + 1] == group.order());
  }
}
