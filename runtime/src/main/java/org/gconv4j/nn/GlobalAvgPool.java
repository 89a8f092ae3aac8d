package org.gconv4j.nn;

import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * Mean over trailing axes. {@code new GlobalAvgPool()} reduces every axis after the channel axis
 * ([N, C, S, H, W] → [N, C]); {@code new GlobalAvgPool(2)} reduces only H, W ([N, C, S, H, W] →
 * [N, C, S]). Sums are accumulated in double, in a fixed order.
 */
public final class GlobalAvgPool implements ShapedLayer {
  private final int trailingAxes;
  private int[] inputShape;
  private int[] outputShape;
  private final LayerBuffer output = new LayerBuffer();
  private final LayerBuffer inputGradient = new LayerBuffer();

  /** Pools every axis after the channel axis. */
  public GlobalAvgPool() {
    this.trailingAxes = GlobalPoolShape.ALL_AFTER_CHANNEL;
  }

  /** Pools the last {@code trailingAxes} axes. */
  public GlobalAvgPool(int trailingAxes) {
    Checks.positive("GlobalAvgPool", "trailingAxes", trailingAxes);
    this.trailingAxes = trailingAxes;
  }

  @Override
  public Tensor forward(Tensor input, boolean training) {
    int[] shape = input.shape();
    int k = GlobalPoolShape.reducedAxes("GlobalAvgPool", trailingAxes, shape, 1);
    int[] outShape = GlobalPoolShape.pooled(shape, k);
    int outer = Shapes.product(outShape, 0);
    int inner = Shapes.product(shape, shape.length - k);
    float[] x = input.data();
    Tensor result = output.take(outShape);
    float[] y = result.data();
    Parallel.forEach(outer, (long) outer * inner, o -> {
      double sum = 0;
      int base = o * inner;
      for (int j = 0; j < inner; j++) {
        sum += x[base + j];
      }
      y[o] = (float) (sum / inner);
    });
    this.inputShape = shape;
    this.outputShape = outShape;
    return result;
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    if (inputShape == null) {
      throw Shapes.backwardBeforeForward("GlobalAvgPool");
    }
    Checks.sameShape("GlobalAvgPool", "gradOutput", outputShape, gradOutput.shape());
    float[] g = gradOutput.data();
    int inner = Shapes.product(inputShape, outputShape.length);
    Tensor result = inputGradient.take(inputShape);
    float[] gx = result.data();
    for (int o = 0; o < g.length; o++) {
      float v = g[o] / inner;
      java.util.Arrays.fill(gx, o * inner, (o + 1) * inner, v);
    }
    return result;
  }

  @Override
  public void reuseBuffers(boolean reuse) {
    output.reuse(reuse);
    inputGradient.reuse(reuse);
  }

  @Override
  public int[] outputShape(int[] sampleShape) {
    int k = GlobalPoolShape.reducedAxes("GlobalAvgPool", trailingAxes, sampleShape, 0);
    return GlobalPoolShape.pooled(sampleShape, k);
  }

  @Override
  public String describe() {
    return "GlobalAvgPool (" + GlobalPoolShape.what(trailingAxes) + ")";
  }
}
