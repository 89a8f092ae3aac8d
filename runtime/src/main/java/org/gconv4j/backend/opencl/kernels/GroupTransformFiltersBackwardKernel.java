package org.gconv4j.backend.opencl.kernels;

import org.gconv4j.backend.opencl.InverseTable;
import org.gconv4j.group.FilterTables;

/**
 * Base of the generated backward filter-transformation kernels: the inverse (CSR) tables of the group's lifting and
 * group tables are computed once, at construction, and kept as array fields; a launch only says whether the layer
 * lifts. The generated subclass overrides {@code run()} to call {@link #transformBackward(int, int)} with constants.
 */
public abstract class GroupTransformFiltersBackwardKernel extends TransformFiltersBackwardKernel {
  protected final int[] liftingOffsets;
  protected final int[] liftingPositions;
  protected final int[] groupOffsets;
  protected final int[] groupPositions;
  /** 1 when the bound launch is a lifting layer, 0 for a group-to-group layer. */
  protected int lifting;
  private final FilterTables tables;

  protected GroupTransformFiltersBackwardKernel(FilterTables tables) {
    this.tables = tables;
    InverseTable l = InverseTable.of(tables.liftingFlat(), tables.cells());
    InverseTable g = InverseTable.of(tables.groupFlat(), tables.order() * tables.cells());
    this.liftingOffsets = l.offsets();
    this.liftingPositions = nonEmpty(l.positions());
    this.groupOffsets = g.offsets();
    this.groupPositions = nonEmpty(g.positions());
  }

  /** Aparapi cannot pass an empty array: a table with no source at all gets a one-entry dummy (never read). */
  private static int[] nonEmpty(int[] a) {
    return a.length == 0 ? new int[1] : a;
  }

  /** The tables this kernel was generated for. */
  public final FilterTables tables() {
    return tables;
  }

  /** Sets the arrays of the next launch (the inverse of the lifting or the group table). */
  public final void bindLayer(float[] gradFPlus, int outChannels, int inChannels, boolean liftingLayer, float[] gradF) {
    int order = tables.order();
    int cells = tables.cells();
    bind(gradFPlus, outChannels, inChannels, liftingLayer ? liftingOffsets : groupOffsets,
        liftingLayer ? liftingPositions : groupPositions, order, (liftingLayer ? 1 : order) * cells, gradF);
    this.lifting = liftingLayer ? 1 : 0;
  }

  /** The CSR arrays bound for the next launch (to {@code put} them before it). */
  public final int[][] boundInverse() {
    return new int[][] {offsets, positions};
  }
}
