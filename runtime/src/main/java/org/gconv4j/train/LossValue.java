package org.gconv4j.train;

import org.gconv4j.tensor.Tensor;

/**
 * @param loss mean loss over the batch
 * @param gradient ∂loss/∂logits, shaped like the logits
 */
public record LossValue(double loss, Tensor gradient) {}
