package org.gconv4j.nn;

import org.gconv4j.tensor.Tensor;

/**
 * Rectified linear unit max(x, 0), element-wise on any shape. Pointwise, so it commutes with every
 * group action on feature maps (paper §6.2). The gradient at exactly 0 is taken as 0.
 */
public final class ReLU implements ShapedLayer {
  private Tensor output;
  private final LayerBuffer outputBuffer = new LayerBuffer();
  private final LayerBuffer inputGradient = new LayerBuffer();

  @Override
  public Tensor forward(Tensor input, boolean training) {
    float[] x = input.data();
    Tensor result = outputBuffer.take(input.shape());
    float[] y = result.data();
    Parallel.forChunks(x.length, (from, to) -> VectorLoops.passWherePositive(x, x, y, from, to));
    output = result;
    return result;
  }

  /** The buffer this layer's next output goes into; {@link BatchNorm#forwardRelu} writes it. */
  Tensor outputBuffer(int[] shape) {
    return outputBuffer.take(shape);
  }

  /** Records {@code y}, computed by a fused pass ({@link BatchNorm#forwardRelu}), as this layer's last output. */
  void adoptOutput(Tensor y) {
    output = y;
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    if (output == null) {
      throw Shapes.backwardBeforeForward("ReLU");
    }
    Shapes.requireSameShape("ReLU", output, gradOutput, "gradOutput");
    float[] y = output.data();
    float[] g = gradOutput.data();
    Tensor result = inputGradient.take(gradOutput.shape());
    float[] gx = result.data();
    Parallel.forChunks(g.length, (from, to) -> VectorLoops.passWherePositive(y, g, gx, from, to));
    return result;
  }

  @Override
  public void reuseBuffers(boolean reuse) {
    outputBuffer.reuse(reuse);
    inputGradient.reuse(reuse);
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
