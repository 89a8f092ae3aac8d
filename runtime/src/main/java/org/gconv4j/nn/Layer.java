package org.gconv4j.nn;

import java.util.List;
import org.gconv4j.tensor.Tensor;

/**
 * A differentiable layer. {@link #forward} caches what {@link #backward} needs; {@code backward}
 * returns the gradient w.r.t. the last forward input and adds parameter gradients into
 * {@link Parameter#grad()} (callers zero them between steps).
 */
public interface Layer {
  Tensor forward(Tensor input, boolean training);

  Tensor backward(Tensor gradOutput);

  default List<Parameter> parameters() {
    return List.of();
  }

  /** One line for model summaries, e.g. {@code "GroupConv P4 10->10 3x3"}. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
