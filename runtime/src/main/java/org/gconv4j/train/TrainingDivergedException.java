package org.gconv4j.train;

/**
 * Training stopped because it diverged: a batch's loss or a parameter became NaN or infinite. The
 * model then holds non-finite numbers; what was saved before (e.g. the last checkpoint, written only
 * after an epoch whose parameters were all finite) is the last finite model.
 */
public final class TrainingDivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;
  private final int epoch;
  private final int step;
  private final String what;

  public TrainingDivergedException(int epoch, int step, String what) {
    super("[Trainer] training diverged at epoch " + epoch + " step " + step + ": " + what
        + ". Lower the learning rate (--lr, e.g. by 10x)");
    this.epoch = epoch;
    this.step = step;
    this.what = what;
  }

  /** The epoch (from 1) in which it diverged. */
  public int epoch() {
    return epoch;
  }

  /** The step (from 1) of that epoch after which it diverged. */
  public int step() {
    return step;
  }

  /** What became non-finite, e.g. {@code "the loss became NaN"}. */
  public String what() {
    return what;
  }
}
