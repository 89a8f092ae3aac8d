package org.gconv4j.train;

import org.gconv4j.internal.Checks;

/**
 * A {@link TrainingListener} that stops training when the validation error has not improved for
 * {@code patience} epochs in a row (the trainer then restores the best model, as always).
 */
public final class EarlyStopping implements TrainingListener {
  private final int patience;
  private int sinceBest;

  public EarlyStopping(int patience) {
    this.patience = Checks.positive("EarlyStopping", "patience (epochs)", patience);
  }

  @Override
  public void onEpoch(EpochResult epoch, boolean best) {
    sinceBest = best ? 0 : sinceBest + 1;
  }

  @Override
  public boolean stopRequested() {
    return sinceBest >= patience;
  }

  /** Epochs since the last improvement. */
  public int epochsSinceBest() {
    return sinceBest;
  }
}
