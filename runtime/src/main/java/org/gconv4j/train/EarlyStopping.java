package org.gconv4j.train;

/**
 * A {@link TrainingListener} that stops training when the validation error has not improved for
 * {@code patience} epochs in a row (the trainer then restores the best model, as always).
 */
public final class EarlyStopping implements TrainingListener {
  private final int patience;
  private int sinceBest;

  public EarlyStopping(int patience) {
    if (patience < 1) {
      throw new IllegalArgumentException("[EarlyStopping] patience must be >= 1 epoch; got " + patience);
    }
    this.patience = patience;
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
