package org.gconv4j.nn;

import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/** [N, d1, d2, ...] → [N, d1·d2·...] in C order (shares the data array; no copy). */
public final class Flatten implements ShapedLayer {
  private int[] inputShape;
  // the last views made, returned again for the same tensor (layers that reuse their buffers pass the same one)
  private Tensor lastInput;
  private Tensor lastOutput;
  private Tensor lastGradOutput;
  private Tensor lastGradInput;

  @Override
  public Tensor forward(Tensor input, boolean training) {
    if (input == lastInput) {
      return lastOutput;
    }
    Shapes.requireMinRank("Flatten", input, 2, "[N, ...]");
    inputShape = input.shape();
    lastGradOutput = null;
    lastOutput = input.reshape(inputShape[0], Shapes.product(inputShape, 1));
    lastInput = input;
    return lastOutput;
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    if (inputShape == null) {
      throw Shapes.backwardBeforeForward("Flatten");
    }
    if (gradOutput.size() != Shapes.product(inputShape, 0)) {
      throw Checks.argument("Flatten", "gradOutput must have " + Shapes.product(inputShape, 0)
          + " values (forward input " + Shapes.text(inputShape) + "); got " + gradOutput.shapeString());
    }
    if (gradOutput != lastGradOutput) {
      lastGradInput = gradOutput.reshape(inputShape);
      lastGradOutput = gradOutput;
    }
    return lastGradInput;
  }

  @Override
  public int[] outputShape(int[] sampleShape) {
    if (sampleShape.length < 1) {
      throw Checks.argument("Flatten", "input must have at least one axis per sample; got []");
    }
    return new int[] {Shapes.product(sampleShape, 0)};
  }

  @Override
  public String describe() {
    return "Flatten";
  }
}
