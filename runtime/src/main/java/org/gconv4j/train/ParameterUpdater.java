package org.gconv4j.train;

/**
 * What the {@link Trainer} needs from an optimizer: zero the gradients before a batch and apply
 * one update after its backward pass. {@code org.gconv4j.train.Optimizer} (Adam, Sgd) has exactly
 * these two methods; learning-rate schedules stay inside the optimizer.
 */
public interface ParameterUpdater {
  /** Zeroes the gradient of every parameter this updater owns. */
  void zeroGrad();

  /** Applies one update from the accumulated gradients. */
  void step();
}
