package org.gconv4j.backend.opencl.kernels;

import java.util.Arrays;
import org.gconv4j.group.FilterTables;

/**
 * Base of the filter-transformation kernels the annotation processor generates per {@code @GroupSpec} and filter
 * size: the group's lifting and group tables (CONVENTIONS §4) are array fields set once, at construction, from its
 * {@link FilterTables}, and a launch only says whether the layer lifts. The generated subclass overrides
 * {@code run()} to call {@link #transform(int, int)} with the stabilizer size and the filter length as constants.
 */
public abstract class GroupTransformFiltersKernel extends TransformFiltersKernel {
  /** [S, cells]: sources of a lifting layer, −1 outside the support. */
  protected final int[] liftingTable;
  /** [S, S, cells]: sources of a group-to-group layer, −1 outside the support. */
  protected final int[] groupTable;
  /** 1 when the bound launch is a lifting layer (S_in = 1), 0 for a group-to-group layer (S_in = S). */
  protected int lifting;
  private final FilterTables tables;

  protected GroupTransformFiltersKernel(FilterTables tables) {
    this.tables = tables;
    this.liftingTable = tables.liftingFlat();
    this.groupTable = tables.groupFlat();
  }

  /** The tables this kernel was generated for. */
  public final FilterTables tables() {
    return tables;
  }

  /**
   * True when {@code table} is this kernel's lifting table ({@code inOrder == 1}) or group table
   * ({@code inOrder == S}) for S = {@code order} and {@code cells}: then {@link #bindLayer} computes the same F+.
   */
  public final boolean matches(int[] table, int order, int inOrder, int cells) {
    if (order != tables.order() || cells != tables.cells()) {
      return false;
    }
    int[] own = inOrder == 1 ? liftingTable : inOrder == order ? groupTable : null;
    return own != null && (own == table || Arrays.equals(own, table));
  }

  /** Sets the arrays of the next launch: a lifting layer reads {@link #liftingTable}, a group layer {@link #groupTable}. */
  public final void bindLayer(float[] f, int outChannels, int inChannels, boolean liftingLayer, float[] fPlus) {
    int order = tables.order();
    int cells = tables.cells();
    bind(f, outChannels, inChannels, liftingLayer ? liftingTable : groupTable, order, (liftingLayer ? 1 : order) * cells, fPlus);
    this.lifting = liftingLayer ? 1 : 0;
  }

  /** The table bound for the next launch (to {@code put} it before the launch). */
  public final int[] boundTable() {
    return table;
  }
}
