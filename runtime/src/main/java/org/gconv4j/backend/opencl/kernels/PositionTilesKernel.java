package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;

/**
 * gradY laid out for {@link Correlate3x3WeightsChunkKernel}: out [blocks of {@code outLanes} channels][flat tiles]
 * [outLanes][lanes] from gradY [N, C, rows, cols], where flat tile t holds positions q = (t mod tiles) · lanes + l of
 * sample t / tiles on a row grid of stride {@code sW} (q = oh · sW + ow). Entries at junk columns (ow ≥ cols), past the
 * last row, past the last channel or past the batch are 0. One work-item per row of {@code lanes} entries.
 */
public class PositionTilesKernel extends Kernel {
  protected float[] in = new float[1];
  protected float[] out = new float[1];
  protected int batch;
  protected int channels;
  protected int rows;
  protected int cols;
  protected int sW;
  protected int tiles;
  protected int flatTiles;
  protected int lanes;
  protected int outLanes;
  protected int total;

  /** Sets the arrays and sizes of the next launch; {@code out} has {@code blocks · flatTiles · outLanes · lanes} floats. */
  public void bind(float[] gradY, int batch, int channels, int rows, int cols, int sW, int tiles, int flatTiles, int lanes,
      int outLanes, float[] out) {
    this.in = gradY;
    this.out = out;
    this.batch = batch;
    this.channels = channels;
    this.rows = rows;
    this.cols = cols;
    this.sW = sW;
    this.tiles = tiles;
    this.flatTiles = flatTiles;
    this.lanes = lanes;
    this.outLanes = outLanes;
    this.total = (channels + outLanes - 1) / outLanes * flatTiles * outLanes;
  }

  /** Work-items needed by the bound launch: one per row of lanes. */
  public int workItems() {
    return total;
  }

  @Override
  public void run() {
    int gid = getGlobalId(0);
    if (gid < total) {
      int k = gid % outLanes;
      int t = gid / outLanes;
      int ft = t % flatTiles;
      int c = (t / flatTiles) * outLanes + k;
      int n = ft / tiles;
      int q0 = (ft % tiles) * lanes;
      int valid = (c < channels && n < batch) ? 1 : 0;
      int from = valid == 1 ? (n * channels + c) * rows * cols : 0;
      int to = gid * lanes;
      int oh = q0 / sW;
      int ow = q0 - oh * sW;
      for (int l = 0; l < lanes; l++) {
        out[to + l] = (valid == 1 && oh < rows && ow < cols) ? in[from + oh * cols + ow] : 0f;
        ow++;
        if (ow == sW) {
          ow = 0;
          oh++;
        }
      }
    }
  }
}
