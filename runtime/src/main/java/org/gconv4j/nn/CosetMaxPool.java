package org.gconv4j.nn;

import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * Max over the stabilizer axis of a G-feature map: [N, C, S, ...spatial] → [N, C, ...spatial]
 * (the paper's coset pooling over the cosets of the stabilizer, "rotation pooling", §6.3). The
 * result transforms like a planar image: pool(L_h f) = L_h pool(f).
 *
 * <p>Ties: the lowest stabilizer index wins and receives the gradient.
 */
public final class CosetMaxPool implements ShapedLayer {
  private final ArgmaxRoute route = new ArgmaxRoute("CosetMaxPool");
  private final LayerBuffer output = new LayerBuffer();

  @Override
  public Tensor forward(Tensor input, boolean training) {
    int[] shape = input.shape();
    int[] outShape = pooledShape(shape, 1);
    int outer = shape[0] * shape[1];
    int order = shape[2];
    int inner = Shapes.product(shape, 3);
    float[] x = input.data();
    Tensor result = output.take(outShape);
    float[] y = result.data();
    int[] arg = route.argmaxFor(y.length);
    Parallel.forEach(outer, (long) outer * order * inner,
        b -> MaxPoolLoops.maxOverStridedSlices(x, b * order * inner, order, inner, y, arg, b * inner));
    route.record(shape, outShape, inner, order * inner);
    return result;
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    if (!route.recorded()) {
      throw Shapes.backwardBeforeForward("CosetMaxPool");
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

  private static int[] pooledShape(int[] shape, int leading) {
    int stabilizerAxis = leading + 1;
    if (shape.length < stabilizerAxis + 2 || shape[stabilizerAxis] < 1) {
      throw Checks.argument("CosetMaxPool", "input must be a G-feature map " + (leading == 1 ? "[N, " : "[")
          + "C, S, H, W] (3D: [" + (leading == 1 ? "N, " : "") + "C, S, D, H, W]); got " + Shapes.text(shape)
          + ". Apply it after a group convolution, before flattening");
    }
    int[] out = new int[shape.length - 1];
    for (int a = 0, j = 0; a < shape.length; a++) {
      if (a != stabilizerAxis) {
        out[j++] = shape[a];
      }
    }
    return out;
  }

  @Override
  public String describe() {
    return "CosetMaxPool";
  }
}
