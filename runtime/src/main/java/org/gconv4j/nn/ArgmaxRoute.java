package org.gconv4j.nn;

import java.util.Arrays;
import org.gconv4j.tensor.Tensor;

/**
 * What a max pooling's forward pass remembers: for every output, the flat index of the input that
 * was the maximum. The backward pass routes each output gradient to that input.
 *
 * @param block outputs per independent block (the last may be shorter): the maxima of one block
 *     lie in an input range no other block touches, so blocks run in parallel and the result does not depend on the thread
 *     count (within a block, overlapping windows accumulate in output order)
 */
record ArgmaxRoute(String layer, int[] inputShape, int[] outputShape, int[] argmax, int block) {

  /** The gradient w.r.t. the input of the forward pass that made this route. */
  Tensor backward(Tensor gradOutput) {
    if (!Arrays.equals(outputShape, gradOutput.shape())) {
      throw new IllegalArgumentException("[" + layer + "] gradOutput must have the forward output's shape "
          + Shapes.text(outputShape) + "; got " + gradOutput.shapeString());
    }
    float[] g = gradOutput.data();
    float[] gx = new float[Shapes.product(inputShape, 0)];
    Parallel.forEach((g.length + block - 1) / block, g.length, b -> {
      for (int o = b * block, end = Math.min(g.length, (b + 1) * block); o < end; o++) {
        gx[argmax[o]] += g[o];
      }
    });
    return Tensor.of(gx, inputShape);
  }
}
