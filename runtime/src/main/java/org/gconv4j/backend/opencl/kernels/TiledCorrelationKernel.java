package org.gconv4j.backend.opencl.kernels;

/**
 * A correlation pass in which each work-item writes a register tile of {@value #TILE} channels × {@value #TILE}
 * adjacent columns of a tensor [N, C, D, H, W] (the forward pass writes y, the input gradient gradX), so that every
 * value it loads serves several multiply-adds. Two-dimensional launch: dimension 0 is (depth, row, column block),
 * columns fastest; dimension 1 is (sample, channel block), so a work-group shares its filters.
 */
public abstract class TiledCorrelationKernel extends CorrelationKernel {
  /** Channels and columns per work-item. */
  public static final int TILE = 4;

  /** D·H·W of the written tensor. */
  protected int plane;
  /** ceil(C / TILE) of the written tensor. */
  protected int channelBlocks;
  /** ceil(W / TILE) of the written tensor. */
  protected int columnBlocks;
  /** D·H·columnBlocks: work-items along dimension 0. */
  protected int tiles;

  /**
   * Copies the geometry and sizes the tiles of the written tensor [N, channels, depth, height, width], whose
   * array is {@code result}; call after {@code bindGeometry}.
   */
  protected final void bindTiles(int channels, int depth, int height, int width, float[] result) {
    this.result = result;
    this.plane = depth * height * width;
    this.channelBlocks = (channels + TILE - 1) / TILE;
    this.columnBlocks = (width + TILE - 1) / TILE;
    this.tiles = depth * height * columnBlocks;
  }

  /** Work-items along dimension 0: (row, column block) pairs of the written tensor. */
  public int width() {
    return tiles;
  }

  /** Work-items along dimension 1: (sample, channel block) pairs. */
  public int height() {
    return batch * channelBlocks;
  }
}
