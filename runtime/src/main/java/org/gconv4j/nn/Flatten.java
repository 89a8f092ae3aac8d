package org.gconv4j.nn;

import org.gconv4j.tensor.Tensor;

/** [N, d1, d2, ...] → [N, d1·d2·...] in C order (shares the data array; no copy). */
public final class Flatten implements ShapedLayer {
  private int[] inputShape;

  @Override
  public Tensor forward(Tensor input, boolean training) {
    Shapes.requireMinRank("Flatten", input, 2, "[N, ...]");
    inputShape = input.shape();
    return input.reshape(inputShape[0], Shapes.product(inputShape, 1));
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    if (inputShape == null) {
      throw Shapes.backwardBeforeForward("Flatten");
    }
    if (gradOutput.size() != Shapes.product(inputShape, 0)) {
      throw new IllegalArgumentException("[Flatten] gradOutput must have " + Shapes.product(inputShape, 0)
          + " values (forward input " + Shapes.text(inputShape) + "); got " + gradOutput.shapeString());
    }
    return gradOutput.reshape(inputShape);
  }

  @Override
  public int[] outputShape(int[] sampleShape) {
    if (sampleShape.length < 1) {
      throw new IllegalArgumentException("[Flatten] input must have at least one axis per sample; got []");
    }
    return new int[] {Shapes.product(sampleShape, 0)};
  }

  @Override
  public String describe() {
    return "Flatten";
  }
}
