package org.gconv4j.group;

import java.util.Arrays;
import org.gconv4j.annotations.Lattice;
import org.gconv4j.annotations.internal.CellGrid;
import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * The action L_h of a stabilizer element h on feature maps (CONVENTIONS §6), about the centre of
 * the spatial grid. Coordinates are doubled and centred per axis, 2i − (L − 1), so odd sizes
 * rotate about the centre cell and even sizes about the corner between the middle cells (the
 * output grid of an even filter):
 *
 * <ul>
 *   <li>planar [N, C, *spatial]: (L_h f)[n, c, x] = f[n, c, H_h^{-1} x];
 *   <li>G-map [N, C, S, *spatial]: (L_h f)[n, c, t, x] = f[n, c, t̄, H_h^{-1} x], H_t̄ = H_h^{-1} H_t.
 * </ul>
 *
 * Square and cubic grids must have equal sizes on every spatial axis; the action then permutes the
 * grid. A hexagonal grid (axial coordinates) must have equal, odd sizes; the action maps the
 * hexagon of hex distance (L − 1)/2 about the centre onto itself, and cells whose preimage falls
 * outside the array become 0. For an exact hexagonal action, use maps that are zero outside that
 * hexagon ({@link #hexMask}), or compare results only inside it.
 */
public final class GroupAction {
  private GroupAction() {}

  /** L_h on a planar map [N, C, *spatial] (any number of leading axes before the d spatial ones). */
  public static Tensor planar(Group group, int h, Tensor f) {
    return act(group, h, f, false);
  }

  /** L_h on a G-feature map [N, C, S, *spatial] (any number of leading axes before S). */
  public static Tensor gmap(Group group, int h, Tensor f) {
    return act(group, h, f, true);
  }

  /**
   * For each destination cell of a grid of side {@code size} (d axes, row-major), the source cell
   * H_h^{-1} x, or −1 where it falls outside the grid (hexagonal corners only).
   */
  public static int[] sourceCells(Group group, int h, int size) {
    boolean hex = group.lattice() == Lattice.HEXAGONAL;
    if (size >= 1 && !CellGrid.isValidSize(group.lattice(), size)) {
      throw Checks.argument("GroupAction", "a hexagonal grid must have an odd size so that its centre is a "
          + "lattice point; got " + size + ". Crop or pad the map to an odd size");
    }
    CellGrid grid = new CellGrid(group.lattice(), size);
    int[][] inv = group.matrix(group.inverse(h));
    int[] source = new int[grid.cells()];
    for (int cell = 0; cell < source.length; cell++) {
      int src = grid.map(inv, cell);
      if (src < 0 && !hex) {
        throw Checks.state("GroupAction", group.name() + " element " + h
            + " does not map the square grid onto itself: not a lattice automorphism");
      }
      source[cell] = src;
    }
    return source;
  }

  /**
   * A [size, size] 0/1 mask of the cells within hex distance (size − 1)/2 of the centre (axial
   * coordinates, CONVENTIONS §1): the region a hexagonal action maps onto itself, and the support
   * of a hexagonal filter of that size. {@code size} must be odd.
   */
  public static float[] hexMask(int size) {
    int[] support = new CellGrid(Lattice.HEXAGONAL, size).support();
    float[] mask = new float[support.length];
    for (int c = 0; c < mask.length; c++) {
      mask[c] = support[c];
    }
    return mask;
  }

  private static Tensor act(Group group, int h, Tensor f, boolean stabilizerAxis) {
    Checks.index("GroupAction", "element index", h, group.order());
    int d = group.dimension();
    int[] shape = f.shape();
    int rank = shape.length;
    int lead = stabilizerAxis ? 2 : 1;
    if (rank < d + lead) {
      throw Checks.argument("GroupAction", (stabilizerAxis ? "a G-map needs [..., S, " : "a planar map needs [..., ")
          + (d == 3 ? "D, " : "") + "H, W]; got " + Arrays.toString(shape));
    }
    int size = shape[rank - 1];
    for (int a = rank - d; a < rank; a++) {
      if (shape[a] != size) {
        throw Checks.argument("GroupAction", "the spatial axes must have equal sizes for " + group.name()
            + " to act; got " + Arrays.toString(shape) + ". Crop or pad to a square (cube)");
      }
    }
    int order = stabilizerAxis ? shape[rank - d - 1] : 1;
    if (stabilizerAxis && order != group.order()) {
      throw Checks.argument("GroupAction", "the stabilizer axis of a " + group.name() + " G-map has "
          + group.order() + " entries; got shape " + Arrays.toString(shape));
    }
    int[] source = sourceCells(group, h, size);
    int cells = source.length;
    int outer = f.size() / (order * cells);
    int hInv = group.inverse(h);
    float[] in = f.data();
    float[] out = new float[in.length];
    for (int o = 0; o < outer; o++) {
      for (int t = 0; t < order; t++) {
        int tBar = stabilizerAxis ? group.multiply(hInv, t) : 0;
        int dst = (o * order + t) * cells;
        int src = (o * order + tBar) * cells;
        for (int cell = 0; cell < cells; cell++) {
          int s = source[cell];
          out[dst + cell] = s < 0 ? 0f : in[src + s];
        }
      }
    }
    return Tensor.of(out, shape);
  }
}
