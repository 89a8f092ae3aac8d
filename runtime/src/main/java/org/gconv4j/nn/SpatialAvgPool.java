package org.gconv4j.nn;

import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * Average pooling over the trailing spatial axes (2 for [.., H, W], 3 for [.., D, H, W]) of a
 * planar map or a G-feature map; every leading axis (N, C and, for G-maps, S) is kept. No padding:
 * each output is the mean of its full {@code window}ⁿ cells, the output size per axis is
 * {@code (L − window) / stride + 1} (floor), as {@link SpatialMaxPool}'s and ONNX's
 * {@code AveragePool} without pads. Sums are accumulated in float in the window's row-major order.
 *
 * <p>Unlike max pooling of a binary mask (which dilates it), the mean keeps the fraction of each
 * window that is set: a 2×2×2 mean of a 0/1 volume has nine levels.
 *
 * <p>Equivariance: as for {@link SpatialMaxPool}, pooling commutes with a rotation/flip about the
 * centre when {@code (L − window)} is divisible by {@code stride} on every axis.
 */
public final class SpatialAvgPool implements ShapedLayer {
  private final LayerBuffer output = new LayerBuffer();
  private final LayerBuffer inputGradient = new LayerBuffer();
  private final int window;
  private final int stride;
  private final int spatialDims;
  /** The windows of the last input shape. */
  private PoolWindows windows;
  private int[] inputShape;
  private int[] outputShape;

  /**
   * @param spatialDims 2 (pool H, W) or 3 (pool D, H, W)
   */
  public SpatialAvgPool(int window, int stride, int spatialDims) {
    Shapes.requirePoolArguments("SpatialAvgPool", window, stride, spatialDims);
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
    int planeIn = windows.planeIn;
    int planeOut = windows.planeOut;
    int planes = windows.planes;
    float[] x = input.data();
    Tensor result = output.take(outShape);
    float[] y = result.data();
    int[] outToIn = windows.outToIn;
    int[] windowOffsets = windows.windowOffsets;
    float scale = 1f / windowOffsets.length;
    Parallel.forEach(planes, (long) planes * planeOut * windowOffsets.length, p -> {
      int inBase = p * planeIn;
      int outBase = p * planeOut;
      for (int o = 0; o < planeOut; o++) {
        int origin = inBase + outToIn[o];
        float sum = 0;
        for (int w = 0; w < windowOffsets.length; w++) {
          sum += x[origin + windowOffsets[w]];
        }
        y[outBase + o] = sum * scale;
      }
    });
    this.inputShape = shape;
    this.outputShape = outShape;
    return result;
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    if (inputShape == null) {
      throw Shapes.backwardBeforeForward("SpatialAvgPool");
    }
    Checks.sameShape("SpatialAvgPool", "gradOutput", outputShape, gradOutput.shape());
    PoolWindows windows = this.windows; // those of inputShape, the last forward's
    int planeIn = windows.planeIn;
    int planeOut = windows.planeOut;
    int planes = windows.planes;
    float[] g = gradOutput.data();
    Tensor result = inputGradient.take(inputShape);
    float[] gx = result.data();
    int[] outToIn = windows.outToIn;
    int[] windowOffsets = windows.windowOffsets;
    float scale = 1f / windowOffsets.length;
    Parallel.forEach(planes, (long) planes * planeOut * windowOffsets.length, p -> {
      int inBase = p * planeIn;
      java.util.Arrays.fill(gx, inBase, inBase + planeIn, 0f);
      int outBase = p * planeOut;
      for (int o = 0; o < planeOut; o++) {
        int origin = inBase + outToIn[o];
        float v = g[outBase + o] * scale;
        for (int w = 0; w < windowOffsets.length; w++) {
          gx[origin + windowOffsets[w]] += v;
        }
      }
    });
    return result;
  }

  @Override
  public void reuseBuffers(boolean reuse) {
    output.reuse(reuse);
    inputGradient.reuse(reuse);
  }

  @Override
  public int[] outputShape(int[] sampleShape) {
    return pooledShape(sampleShape, 0);
  }

  private int[] pooledShape(int[] shape, int leading) {
    return Shapes.pooledShape("SpatialAvgPool", shape, leading, spatialDims, window, stride);
  }

  @Override
  public String describe() {
    return "SpatialAvgPool " + window + (spatialDims == 3 ? "x" + window : "") + "x" + window + " stride " + stride;
  }
}
