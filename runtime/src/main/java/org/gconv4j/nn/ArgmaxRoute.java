package org.gconv4j.nn;

import org.gconv4j.tensor.Tensor;

/**
 * What a max pooling's forward pass remembers: for every output, the flat index of the input that
 * was the maximum. The backward pass routes each output gradient to that input. The argmax array
 * and the input gradient are reused while the shapes stay the same.
 *
 * <p>{@code block} is the number of outputs per independent block (the last may be shorter): the
 * maxima of one block lie in an input range no other block touches, so blocks run in parallel and
 * the result does not depend on the thread count (within a block, overlapping windows accumulate
 * in output order).
 */
final class ArgmaxRoute {
  private final String layer;
  private final LayerBuffer inputGradient = new LayerBuffer();
  private int[] argmax;
  private int[] inputShape;
  private int[] outputShape;
  private int block;

  ArgmaxRoute(String layer) {
    this.layer = layer;
  }

  /** The argmax array the next forward pass fills, one entry per output. */
  int[] argmaxFor(int outputs) {
    argmax = Workspace.ints(argmax, outputs);
    return argmax;
  }

  /** Records the shapes of the forward pass that filled {@link #argmaxFor}. */
  void record(int[] inputShape, int[] outputShape, int block) {
    this.inputShape = inputShape;
    this.outputShape = outputShape;
    this.block = block;
  }

  boolean recorded() {
    return inputShape != null;
  }

  void reuse(boolean on) {
    inputGradient.reuse(on);
  }

  /** The gradient w.r.t. the input of the last recorded forward pass. */
  Tensor backward(Tensor gradOutput) {
    if (!gradOutput.hasShape(outputShape)) {
      throw new IllegalArgumentException("[" + layer + "] gradOutput must have the forward output's shape "
          + Shapes.text(outputShape) + "; got " + gradOutput.shapeString());
    }
    float[] g = gradOutput.data();
    Tensor result = inputGradient.takeZeroed(inputShape);
    float[] gx = result.data();
    int[] arg = argmax;
    int b = block;
    Parallel.forEach((g.length + b - 1) / b, g.length, t -> {
      for (int o = t * b, end = Math.min(g.length, (t + 1) * b); o < end; o++) {
        gx[arg[o]] += g[o];
      }
    });
    return result;
  }
}
