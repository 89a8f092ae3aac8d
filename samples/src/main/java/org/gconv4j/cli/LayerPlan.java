package org.gconv4j.cli;

import java.util.Arrays;
import java.util.Collections;
import java.util.Random;
import java.util.stream.Collectors;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.group.FilterTables;
import org.gconv4j.group.Group;
import org.gconv4j.internal.Checks;
import org.gconv4j.nn.ConvSpec;
import org.gconv4j.internal.ShapeMath;

/**
 * The checked shapes of one {@code ./gconv4j layer} call: which kind of G-correlation the input
 * X, the filters W and the optional bias B describe for a group (CONVENTIONS §4, §5, §7). Every
 * inconsistency is an {@link IllegalArgumentException} that names the shape the command expects.
 *
 * @param lifting true when X is a planar map [N, C_in, (D,) H, W]; false for a G-feature map
 *     [N, C_in, S, (D,) H, W]
 * @param outputShape Y's shape [N, C_out, S, (D',) H', W'] (valid correlation, stride 1)
 */
record LayerPlan(Group group, boolean lifting, int batch, int inChannels, int outChannels, int kernelSize,
    int[] outputShape) {

  /**
   * Checks the shapes of W, X and B (null when there is no bias) against each other and against
   * {@code group}.
   */
  static LayerPlan of(Group group, int[] w, int[] x, int[] bias) {
    int d = group.dimension();
    int order = group.order();
    String name = group.name();
    for (int[] shape : new int[][] {w, x, bias}) {
      if (shape != null && Arrays.stream(shape).anyMatch(v -> v < 1)) {
        String which = shape == w ? "W" : shape == x ? "X" : "B";
        throw Checks.argument("layer", which + " has an empty axis: " + Arrays.toString(shape)
            + ". Every axis must have length >= 1");
      }
    }
    if (w.length != 3 + d) {
      throw Checks.argument("layer", "W must be [C_out, C_in, S_in, " + spatial(d, "n") + "] (rank " + (3 + d)
          + ") for " + name + " (" + d + "D); got " + Arrays.toString(w) + " (rank " + w.length + ")");
    }
    int n = w[3];
    for (int a = 4; a < w.length; a++) {
      if (w[a] != n) {
        throw Checks.argument("layer", "W's filter must be " + String.join("x", Collections.nCopies(d, "n"))
            + " with equal sides; got " + Arrays.stream(w, 3, w.length).mapToObj(Integer::toString)
                .collect(Collectors.joining("x")) + " (W " + Arrays.toString(w) + ")");
      }
    }
    if (!group.hasTables(n)) {
      throw Checks.argument("layer", name + " has filter tables for sizes " + Arrays.toString(group.filterSizes())
          + ", not " + n + " (W " + Arrays.toString(w) + "). Use one of those sizes, or add " + n + " to filterSizes of "
          + group.specClassName() + " and rebuild");
    }
    int inOrder = w[2];
    if (inOrder != 1 && inOrder != order) {
      throw Checks.argument("layer", "W has S_in = " + inOrder + " but " + name + " has " + order
          + " stabilizer elements; W must be [C_out, C_in, " + order + ", " + spatial(d, "n") + "] for a group-to-group layer, "
          + "or [C_out, C_in, 1, " + spatial(d, "n") + "] for lifting");
    }
    String planar = "[N, C_in, " + spatial(d, "H") + "]";
    String gmap = "[N, C_in, " + order + ", " + spatial(d, "H") + "]";
    boolean lifting;
    if (x.length == 2 + d) {
      lifting = true;
    } else if (x.length == 3 + d) {
      lifting = false;
    } else {
      throw Checks.argument("layer", "X must be " + planar + " (a planar input, lifting layer) or " + gmap
          + " (a G-feature map, group-to-group layer) for " + name + "; got " + Arrays.toString(x) + " (rank " + x.length + ")");
    }
    if (lifting && inOrder != 1) {
      throw Checks.argument("layer", "X " + Arrays.toString(x) + " is a planar input " + planar
          + ", so the layer lifts and W must be [C_out, C_in, 1, " + spatial(d, "n") + "]; W " + Arrays.toString(w)
          + " has S_in = " + inOrder + ". Pass a G-feature map X " + gmap + " for a group-to-group layer");
    }
    if (!lifting && x[2] != order) {
      throw Checks.argument("layer", "X has " + x[2] + " stabilizer elements on axis 2 but " + name + " has "
          + order + "; a G-feature map X must be " + gmap + ", got " + Arrays.toString(x));
    }
    if (!lifting && inOrder != order) {
      throw Checks.argument("layer", "X " + Arrays.toString(x) + " is a G-feature map " + gmap
          + ", so the layer is group-to-group and W must be [C_out, C_in, " + order + ", " + spatial(d, "n") + "]; W "
          + Arrays.toString(w) + " has S_in = 1 (a lifting filter). Pass a planar X " + planar + " to lift");
    }
    if (x[1] != w[1]) {
      throw Checks.argument("layer", "X has C_in = " + x[1] + " channels (axis 1) but W has C_in = " + w[1]
          + " (axis 1); X " + Arrays.toString(x) + ", W " + Arrays.toString(w) + ". They must agree");
    }
    int[] space = Arrays.copyOfRange(x, x.length - d, x.length);
    ConvGeometry.requireFits("layer", space, n, 0,
        "The valid correlation needs every spatial axis >= " + n + " (X " + Arrays.toString(x) + ")");
    int outChannels = w[0];
    if (bias != null && (bias.length != 1 || bias[0] != outChannels)) {
      throw Checks.argument("layer", "B must be [C_out] = [" + outChannels + "], one value per output "
          + "G-feature map; got " + Arrays.toString(bias));
    }
    int[] out = spec(group, lifting, x[1], outChannels, n).batchOutputShape(x, "layer");
    ShapeMath.elements("the output Y", out);
    return new LayerPlan(group, lifting, x[0], x[1], outChannels, n, out);
  }

  /** Bytes of Y as float32 (checked: {@link #of} refuses shapes beyond one Java array). */
  long outputBytes() {
    return ShapeMath.bytes(ShapeMath.size(outputShape), 4);
  }

  /** The valid, stride-1 G-correlation the command runs (weights come from W, not from the seed). */
  static ConvSpec spec(Group group, boolean lifting, int inChannels, int outChannels, int kernelSize) {
    return new ConvSpec(group, inChannels, outChannels, kernelSize, lifting, 0, 1, new Random(0));
  }

  /** The layer's spec. */
  ConvSpec spec() {
    return spec(group, lifting, inChannels, outChannels, kernelSize);
  }

  /** "n, n" or "n, n, n" (H → "H, W" / "D, H, W"). */
  private static String spatial(int d, String symbol) {
    if (symbol.equals("H")) {
      return d == 3 ? "D, H, W" : "H, W";
    }
    return String.join(", ", Collections.nCopies(d, symbol));
  }

  /** Number of W entries outside the group's filter support that are not 0 (they are ignored). */
  static int nonzeroOutsideSupport(float[] w, FilterTables tables) {
    int cells = tables.cells();
    int count = 0;
    for (int i = 0; i < w.length; i++) {
      if (w[i] != 0f && !tables.inSupport(i % cells)) {
        count++;
      }
    }
    return count;
  }

  /** e.g. "P4 group-to-group 10->10 3x3". */
  String describe() {
    String size = String.join("x", Collections.nCopies(group.dimension(), Integer.toString(kernelSize)));
    return group.name() + (lifting ? " lifting " : " group-to-group ") + inChannels + "->" + outChannels + " " + size;
  }
}
