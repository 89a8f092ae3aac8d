package org.gconv4j.nn;

import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * Max over trailing axes. {@code new GlobalMaxPool()} reduces every axis after the channel axis:
 * [N, C, S, H, W] → [N, C] (invariant to the group, translations included, for maps whose pooled
 * region is the whole domain), [N, C, H, W] → [N, C]. {@code new GlobalMaxPool(2)} reduces only
 * the two spatial axes: [N, C, S, H, W] → [N, C, S].
 *
 * <p>Ties: the first maximum in row-major order wins and receives the gradient.
 */
public final class GlobalMaxPool implements ShapedLayer {
  private final ArgmaxRoute route = new ArgmaxRoute("GlobalMaxPool");
  private final LayerBuffer output = new LayerBuffer();
  private final int trailingAxes;

  /** Pools every axis after the channel axis. */
  public GlobalMaxPool() {
    this.trailingAxes = GlobalPoolShape.ALL_AFTER_CHANNEL;
  }

  /** Pools the last {@code trailingAxes} axes (e.g. 2 for H, W; 3 for S, H, W). */
  public GlobalMaxPool(int trailingAxes) {
    Checks.positive("GlobalMaxPool", "trailingAxes", trailingAxes);
    this.trailingAxes = trailingAxes;
  }

  @Override
  public Tensor forward(Tensor input, boolean training) {
    int[] shape = input.shape();
    int k = GlobalPoolShape.reducedAxes("GlobalMaxPool", trailingAxes, shape, 1);
    int[] outShape = GlobalPoolShape.pooled(shape, k);
    int outer = Shapes.product(outShape, 0);
    int inner = Shapes.product(shape, shape.length - k);
    float[] x = input.data();
    Tensor result = output.take(outShape);
    float[] y = result.data();
    int[] arg = route.argmaxFor(outer);
    Parallel.forEach(outer, (long) outer * inner, o -> {
      int base = o * inner;
      int best = base;
      float bestValue = x[base];
      for (int j = 1; j < inner; j++) {
        if (x[base + j] > bestValue) {
          bestValue = x[base + j];
          best = base + j;
        }
      }
      y[o] = bestValue;
      arg[o] = best;
    });
    route.record(shape, outShape, Parallel.CHUNK);
    return result;
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    if (!route.recorded()) {
      throw Shapes.backwardBeforeForward("GlobalMaxPool");
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
    int k = GlobalPoolShape.reducedAxes("GlobalMaxPool", trailingAxes, sampleShape, 0);
    return GlobalPoolShape.pooled(sampleShape, k);
  }

  @Override
  public String describe() {
    return "GlobalMaxPool (" + GlobalPoolShape.what(trailingAxes) + ")";
  }
}
