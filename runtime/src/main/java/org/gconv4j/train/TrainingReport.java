package org.gconv4j.train;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of {@link Trainer#fit}: errors are fractions in [0, 1], measured with the kept model
 * (the best by validation error, or the last one) in inference mode.
 *
 * @param bestEpoch the epoch whose model was kept (1-based)
 * @param lastModelKept true when the last epoch's model was kept without model selection
 * @param imagesPerSecond training throughput (training images processed / training wall time)
 */
public record TrainingReport(
    List<EpochResult> epochs, int bestEpoch, boolean lastModelKept, double trainError, double validationError, double testError,
    int testImages, double wallSeconds, double imagesPerSecond) {

  /** The multi-line summary printed at the end of training. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(lastModelKept
        ? String.format(Locale.ROOT, "epochs: %d (last model kept)%n", epochs.size())
        : String.format(Locale.ROOT, "epochs: %d (best: %d by validation error)%n", epochs.size(), bestEpoch));
    s.append(String.format(Locale.ROOT, "train error: %.2f%%   validation error: %.2f%%%n", 100 * trainError,
        100 * validationError));
    s.append(String.format(Locale.ROOT, "wall time: %.1f s   throughput: %.0f images/s%n", wallSeconds, imagesPerSecond));
    s.append(testLine(testError, testImages));
    return s.toString();
  }

  /** {@code test error: X.XX% (N test images)}, the final line of {@code ./gconv4j train} and {@code eval}. */
  public static String testLine(double testError, int testImages) {
    return String.format(Locale.ROOT, "test error: %.2f%% (%d test images)", 100 * testError, testImages);
  }
}
