package org.gconv4j.nn;

import java.util.Arrays;

/**
 * The windows of a square (2D) or cubic (3D) pooling over one input shape: each output's window origin in its plane and
 * the window's cells as offsets from it. One home for {@link SpatialMaxPool} and {@link SpatialAvgPool}; made again
 * only when the input shape changes ({@link #fits}).
 */
final class PoolWindows {
  private final int[] shape;
  /** Each output's window origin, as an offset in the input plane. */
  final int[] outToIn;
  /** The window's cells, as offsets from its origin. */
  final int[] windowOffsets;
  /** Cells of one input plane (D·H·W or H·W) and of one output plane. */
  final int planeIn;
  final int planeOut;
  /** Planes (every leading axis together). */
  final int planes;

  PoolWindows(int[] shape, int[] outShape, int window, int stride, int spatialDims) {
    int r = shape.length;
    int depth = spatialDims == 3 ? shape[r - 3] : 1;
    int height = shape[r - 2];
    int width = shape[r - 1];
    int od = spatialDims == 3 ? outShape[r - 3] : 1;
    int oh = outShape[r - 2];
    int ow = outShape[r - 1];
    int wd = spatialDims == 3 ? window : 1;
    int sd = spatialDims == 3 ? stride : 1;
    this.shape = shape.clone();
    planeIn = depth * height * width;
    planeOut = od * oh * ow;
    planes = Shapes.product(shape, 0) / planeIn;
    outToIn = new int[planeOut];
    for (int zd = 0, o = 0; zd < od; zd++) {
      for (int zh = 0; zh < oh; zh++) {
        for (int zw = 0; zw < ow; zw++) {
          outToIn[o++] = ((zd * sd) * height + zh * stride) * width + zw * stride;
        }
      }
    }
    windowOffsets = new int[wd * window * window];
    for (int kd = 0, w = 0; kd < wd; kd++) {
      for (int kh = 0; kh < window; kh++) {
        for (int kw = 0; kw < window; kw++) {
          windowOffsets[w++] = (kd * height + kh) * width + kw;
        }
      }
    }
  }

  /** Whether these are the windows of input {@code shape}. */
  boolean fits(int[] shape) {
    return Arrays.equals(this.shape, shape);
  }
}
