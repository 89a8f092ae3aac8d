package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;

/**
 * The result of {@link Correlate3x3ChunkKernel}: out [N, C, rows, cols] from in [N, paddedC, positions], where row r of
 * channel c starts at {@code in[(n · paddedC + c) · positions + r · stride]} (the source's row stride; the columns past
 * {@code cols} are junk). One work-item per output row (PoCL pays a fixed cost per work-group, see {@link PadKernel}).
 */
public class CropColumnsKernel extends Kernel {
  protected float[] in = new float[1];
  protected float[] out = new float[1];
  protected int channels;
  protected int paddedC;
  protected int positions;
  protected int rows;
  protected int cols;
  protected int stride;
  protected int total;

  /** Sets the arrays and sizes of the next launch. */
  public void bind(float[] in, int batch, int channels, int paddedC, int positions, int rows, int cols, int stride, float[] out) {
    this.in = in;
    this.out = out;
    this.channels = channels;
    this.paddedC = paddedC;
    this.positions = positions;
    this.rows = rows;
    this.cols = cols;
    this.stride = stride;
    this.total = batch * channels * rows;
  }

  /** Work-items needed by the bound launch: one per output row. */
  public int workItems() {
    return total;
  }

  @Override
  public void run() {
    int gid = getGlobalId(0);
    if (gid < total) {
      int r = gid % rows;
      int nc = gid / rows;
      int c = nc % channels;
      int n = nc / channels;
      int from = (n * paddedC + c) * positions + r * stride;
      int to = gid * cols;
      for (int x = 0; x < cols; x++) {
        out[to + x] = in[from + x];
      }
    }
  }
}
