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
  /** The windows of the last input shape. */
  private PoolWindows windows;

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
    if (windows == null || !windows.fits(shape)) {
      windows = new PoolWindows(shape, outShape, window, stride, spatialDims);
    }
    float[] x = input.data();
    Tensor result = output.take(outShape);
    float[] y = result.data();
    int[] arg = route.argmaxFor(y.length);
    int planeIn = windows.planeIn;
    int planeOut = windows.planeOut;
    int planes = windows.planes;
    int[] outToIn = windows.outToIn;
    int[] windowOffsets = windows.windowOffsets;
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
