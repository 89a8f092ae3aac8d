package org.gconv4j.train;

import org.gconv4j.tensor.Tensor;

/**
 * A classification loss for the {@link Trainer}: the mean loss of a batch and its gradient
 * w.r.t. the logits. Adapts e.g. {@code org.gconv4j.nn.SoftmaxCrossEntropy}:
 * {@code (z, y) -> new LossValue(ce.forward(z, y), ce.backward())}.
 */
@FunctionalInterface
public interface LossFunction {
  /**
   * @param logits [N, K]
   * @param labels N class indices
   */
  LossValue evaluate(Tensor logits, int[] labels);

  /** Mean softmax cross-entropy ({@link org.gconv4j.nn.SoftmaxCrossEntropy}). */
  static LossFunction softmaxCrossEntropy() {
    org.gconv4j.nn.SoftmaxCrossEntropy ce = new org.gconv4j.nn.SoftmaxCrossEntropy();
    return (logits, labels) -> {
      double loss = ce.forward(logits, labels);
      return new LossValue(loss, ce.backward());
    };
  }
}
