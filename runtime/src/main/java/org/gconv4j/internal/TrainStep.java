package org.gconv4j.internal;

import org.gconv4j.nn.Layer;
import org.gconv4j.tensor.Tensor;
import org.gconv4j.train.LossFunction;
import org.gconv4j.train.LossValue;
import org.gconv4j.train.ParameterUpdater;
import org.gconv4j.train.Trainer;

/**
 * One optimisation step on a batch, as the {@link Trainer} runs it: zero the gradients, forward in
 * training mode, loss, count the correct predictions, backward, update.
 */
public final class TrainStep {
  private final Layer model;
  private final LossFunction loss;
  private final ParameterUpdater updater;
  private int correct;

  public TrainStep(Layer model, LossFunction loss, ParameterUpdater updater) {
    this.model = model;
    model.needsInputGradient(false);
    this.loss = loss;
    this.updater = updater;
  }

  /**
   * Runs the step and returns the batch's mean loss. When the loss is not finite the step stops
   * before backward (the parameters are unchanged) and the loss is returned.
   */
  public double run(Tensor images, int[] labels) {
    updater.zeroGrad();
    Tensor logits = model.forward(images, true);
    LossValue lv = loss.evaluate(logits, labels);
    if (!Double.isFinite(lv.loss())) {
      correct = 0;
      return lv.loss();
    }
    correct = Trainer.countCorrect(logits, labels);
    model.backward(lv.gradient());
    updater.step();
    return lv.loss();
  }

  /** Correct predictions (before the update) of the last {@link #run}. */
  public int correct() {
    return correct;
  }
}
