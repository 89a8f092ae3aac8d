package org.gconv4j.nn;

import java.util.List;
import org.gconv4j.tensor.Tensor;

/**
 * A differentiable layer. {@link #forward} caches what {@link #backward} needs; {@code backward}
 * returns the gradient w.r.t. the last forward input and adds parameter gradients into
 * {@link Parameter#grad()} (callers zero them between steps).
 *
 * <p>By default every call returns a fresh tensor. After {@link #reuseBuffers reuseBuffers(true)}
 * (which {@link Sequential} does for its layers) a layer may return the same array again: the
 * result of {@code forward} is valid until the layer's next {@code forward}, the result of
 * {@code backward} until its next {@code backward}; a different input shape (e.g. the last,
 * smaller batch) gets new arrays. Steady-state training then allocates nothing per step.
 */
public interface Layer {
  Tensor forward(Tensor input, boolean training);

  Tensor backward(Tensor gradOutput);

  /**
   * Whether {@code forward} and {@code backward} may overwrite and return the arrays of earlier
   * calls (see the class comment). Layers without such arrays ignore it.
   */
  default void reuseBuffers(boolean reuse) {}

  /**
   * Whether the caller needs ∂L/∂x from {@code backward} (default: yes). A network's first layer
   * reads the data, whose gradient nobody uses: {@link Sequential#needsInputGradient} tells its
   * first layer {@code false}, and a layer may then skip that work and return {@code null} from
   * {@code backward} (it still adds its parameter gradients). Layers that compute it cheaply ignore it.
   */
  default void needsInputGradient(boolean needed) {}

  default List<Parameter> parameters() {
    return List.of();
  }

  /** One line for model summaries, e.g. {@code "GroupConv P4 10->10 3x3"}. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
