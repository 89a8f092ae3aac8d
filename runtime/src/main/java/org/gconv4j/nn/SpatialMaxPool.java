package org.gconv4j.nn;

import org.gconv4j.tensor.Tensor;

/**
 * Max pooling over the trailing spatial axes (2 for [.., H, W], 3 for [.., D, H, W]) of a planar
 * map or a G-feature map; every leading axis (N, C and, for G-maps, S) is kept, so each stabilizer
 * plane is pooled separately. No padding; the output size per axis is {@code (L − window) / stride + 1}
 * (floor), and windows past the last full one are dropped.
 *
 * <p>Ties: the first maximum in row-major scan order of the window wins and receives the whole
 * gradient. NaN never replaces an earlier value (comparison is {@code >}).
 *
 * <p>Equivariance: pooling commutes with a rotation/flip about the centre when the pooling grid is
 * mapped onto itself, i.e. when {@code (L − window)} is divisible by {@code stride} on every axis
 * (e.g. even L with window 2 stride 2, or L = 9 with window 3 stride 2 or 3).
 */
public final class SpatialMaxPool implements ShapedLayer {
  private final ArgmaxRoute route = new ArgmaxRoute("SpatialMaxPool");
  private final LayerBuffer output = new LayerBuffer();
  private final int window;
  private final int stride;
  private final int spatialDims;
  /** Offsets of the last input shape: each output's window origin in its plane, and the window cells. */
  private int[] offsetsShape;
  private int[] outToIn;
  private int[] windowOffsets;

  /** 2D pooling with stride = window. */
  public SpatialMaxPool(int window) {
    this(window, window, 2);
  }

  /** 2D pooling. */
  public SpatialMaxPool(int window, int stride) {
    this(window, stride, 2);
  }

  /**
   * @param spatialDims 2 (pool H, W) or 3 (pool D, H, W)
   */
  public SpatialMaxPool(int window, int stride, int spatialDims) {
    Shapes.requirePoolArguments("SpatialMaxPool", window, stride, spatialDims);
    this.window = window;
    this.stride = stride;
    this.spatialDims = spatialDims;
  }

  public int window() {
    return window;
  }

  public int stride() {
    return stride;
  }

  public int spatialDims() {
    return spatialDims;
  }

  @Override
  public Tensor forward(Tensor input, boolean training) {
    int[] shape = input.shape();
    int[] outShape = pooledShape(shape, 1);
    int r = shape.length;
    int depth = spatialDims == 3 ? shape[r - 3] : 1;
    int height = shape[r - 2];
    int width = shape[r - 1];
    int od = spatialDims == 3 ? outShape[r - 3] : 1;
    int oh = outShape[r - 2];
    int ow = outShape[r - 1];
    int wd = spatialDims == 3 ? window : 1;
    int sd = spatialDims == 3 ? stride : 1;
    int planes = Shapes.product(shape, 0) / (depth * height * width);
    float[] x = input.data();
    Tensor result = output.take(outShape);
    float[] y = result.data();
    int[] arg = route.argmaxFor(y.length);
    int planeOut = od * oh * ow;
    int planeIn = depth * height * width;
    if (!java.util.Arrays.equals(offsetsShape, shape)) {
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
      offsetsShape = shape;
    }
    int[] outToIn = this.outToIn;
    int[] windowOffsets = this.windowOffsets;
    Parallel.forEach(planes, (long) planes * planeOut * windowOffsets.length,
        p -> MaxPoolLoops.maxOverWindows(x, p * planeIn, outToIn, windowOffsets, y, arg, p * planeOut));
    route.record(shape, outShape, planeOut, planeIn);
    return result;
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    if (!route.recorded()) {
      throw Shapes.backwardBeforeForward("SpatialMaxPool");
    }
    return route.backward(gradOutput);
  }

  @Override
  public void reuseBuffers(boolean reuse) {
    output.reuse(reuse);
    route.reuse(reuse);
  }

  @Override
  public int[] outputShape(int[] sampleShape) {
    return pooledShape(sampleShape, 0);
  }

  private int[] pooledShape(int[] shape, int leading) {
    return Shapes.pooledShape("SpatialMaxPool", shape, leading, spatialDims, window, stride);
  }

  @Override
  public String describe() {
    return "SpatialMaxPool " + window + (spatialDims == 3 ? "x" + window : "") + "x" + window + " stride " + stride;
  }
}
