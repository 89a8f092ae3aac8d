package org.gconv4j.nn;

import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * What a max pooling's forward pass remembers: for every output, the flat index of the input that
 * was the maximum. The backward pass routes each output gradient to that input. The argmax array
 * and the input gradient are reused while the shapes stay the same.
 *
 * <p>{@code block} is the number of outputs per independent block (the last may be shorter): the
 * maxima of one block lie in an input range no other block touches, so blocks run in parallel and
 * the result does not depend on the thread count (within a block, overlapping windows accumulate
 * in output order). When the layer also names that input range ({@code inputBlock} inputs per
 * block, block t owning [t·inputBlock, (t+1)·inputBlock)), each block zeroes its own range right
 * before routing into it, in parallel and while it is in cache, instead of a serial zero fill of the
 * whole input gradient first.
 */
final class ArgmaxRoute {
  private final String layer;
  private final LayerBuffer inputGradient = new LayerBuffer();
  private int[] argmax;
  private int[] inputShape;
  private int[] outputShape;
  private int block;
  private int inputBlock;

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
    record(inputShape, outputShape, block, 0);
  }

  /**
   * As {@link #record(int[], int[], int)}, where block t's maxima lie in the inputs
   * [t·inputBlock, (t+1)·inputBlock) and these ranges cover the input ({@code inputBlock} 0: not known).
   */
  void record(int[] inputShape, int[] outputShape, int block, int inputBlock) {
    this.inputShape = inputShape;
    this.outputShape = outputShape;
    this.block = block;
    this.inputBlock = inputBlock;
  }

  boolean recorded() {
    return inputShape != null;
  }

  void reuse(boolean on) {
    inputGradient.reuse(on);
  }

  /** The gradient w.r.t. the input of the last recorded forward pass. */
  Tensor backward(Tensor gradOutput) {
    Checks.sameShape(layer, "gradOutput", outputShape, gradOutput.shape());
    float[] g = gradOutput.data();
    int b = block;
    int ib = inputBlock;
    Tensor result = ib > 0 ? inputGradient.take(inputShape) : inputGradient.takeZeroed(inputShape);
    float[] gx = result.data();
    int[] arg = argmax;
    Parallel.forEach((g.length + b - 1) / b, g.length + (ib > 0 ? (long) gx.length : 0), t -> {
      if (ib > 0) {
        java.util.Arrays.fill(gx, t * ib, Math.min(gx.length, (t + 1) * ib), 0f);
      }
      for (int o = t * b, end = Math.min(g.length, (t + 1) * b); o < end; o++) {
        gx[arg[o]] += g[o];
      }
    });
    return result;
  }
}
