package org.gconv4j.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.gconv4j.nn.Sequential;

/**
 * Hears what a {@link Trainer} does, one call per epoch (after validation and after the best model
 * was updated), and may ask it to stop. Add any number with {@link Trainer#addListener}:
 *
 * <pre>{@code
 * trainer.addListener(TrainingListener.progress(System.out))
 *        .addListener(TrainingListener.checkpointOnBest(Path.of("best.npz"), model))
 *        .addListener(new EarlyStopping(3))
 *        .addListener((epoch, best) -> curve.add(epoch.validationError()));
 * }</pre>
 */
@FunctionalInterface
public interface TrainingListener {
  /** After each epoch; {@code best} when this epoch gave the lowest validation error so far. */
  void onEpoch(EpochResult epoch, boolean best) throws Exception;

  /** Asked after each epoch's {@link #onEpoch}; true ends training (the best model is still restored). */
  default boolean stopRequested() {
    return false;
  }

  /** Prints one line per epoch: loss, train and validation error, seconds. */
  static TrainingListener progress(PrintStream out) {
    return (e, best) -> out.printf(Locale.ROOT, "epoch %d: loss %.4f, train error %.2f%%, validation error %.2f%%%s (%.1f s)%n",
        e.epoch(), e.trainLoss(), 100 * e.trainError(), 100 * e.validationError(), best ? " (best)" : "", e.seconds());
  }

  /** Saves {@code model} to {@code file} ({@link Checkpoint#save(Path, Sequential)}) whenever an epoch is the best so far. */
  static TrainingListener checkpointOnBest(Path file, Sequential model) {
    return (e, best) -> {
      if (best) {
        Checkpoint.save(file, model);
      }
    };
  }
}
