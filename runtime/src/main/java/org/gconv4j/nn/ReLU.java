package org.gconv4j.nn;

import org.gconv4j.tensor.Tensor;

/**
 * Rectified linear unit max(x, 0), element-wise on any shape. Pointwise, so it commutes with every
 * group action on feature maps (paper §6.2). The gradient at exactly 0 is taken as 0.
 */
public final class ReLU implements ShapedLayer {
  private Tensor output;

  @Override
  public Tensor forward(Tensor input, boolean training) {
    float[] x = input.data();
    float[] y = new float[x.length];
    Parallel.forChunks(x.length, (from, to) -> VectorLoops.passWherePositive(x, x, y, from, to));
    output = Tensor.of(y, input.shape());
    return output;
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    if (output == null) {
      throw Shapes.backwardBeforeForward("ReLU");
    }
    Shapes.requireSameShape("ReLU", output, gradOutput, "gradOutput");
    float[] y = output.data();
    float[] g = gradOutput.data();
    float[] gx = new float[g.length];
    Parallel.forChunks(g.length, (from, to) -> VectorLoops.passWherePositive(y, g, gx, from, to));
    return Tensor.of(gx, gradOutput.shape());
  }

  @Override
  public int[] outputShape(int[] sampleShape) {
    return sampleShape.clone();
  }

  @Override
  public String describe() {
    return "ReLU";
  }
}
