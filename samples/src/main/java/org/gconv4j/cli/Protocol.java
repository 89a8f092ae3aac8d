package org.gconv4j.cli;

import java.util.List;
import java.util.Map;
import org.gconv4j.nn.WeightInit;

/**
 * A named set of training defaults for {@code ./gconv4j train --protocol NAME}. Explicit options
 * ({@code --epochs}, {@code --batch-size}, {@code --lr}, {@code --schedule}, {@code --augment-rotation})
 * still override them.
 *
 * <ul>
 *   <li>{@code default}: 20 epochs, batch 32, Adam 1e-3 cosine-annealed to 0, train on the 10,000
 *       training digits, keep the model with the best validation error, running batch-norm statistics.
 *   <li>{@code paper}: the authors' final runs ({@code gconv_experiments/MNIST_ROT/experiment.py}):
 *       Adam 1e-3 constant, batch 128, 100 epochs (300 for z2cnn), train on train+validation
 *       (12,000 digits), keep the last model, re-estimate batch-norm statistics over the training set
 *       before evaluating, rotation jitter of ±π degrees, initial weights N(0, 1/fanIn) (GrouPy's).
 *       See docs/data-and-training.md.
 * </ul>
 *
 * @param epochsByModel epochs per model name ({@code *} for any other)
 * @param augmentDegrees largest rotation jitter in degrees (0: none)
 * @param init the initial weights' distribution ({@code --init} overrides it)
 */
record Protocol(String name, Map<String, Integer> epochsByModel, int batchSize, String schedule,
    double augmentDegrees, boolean trainOnTrainAndValidation, boolean keepLastModel, boolean recalibrateBatchNorm,
    WeightInit init) {
  static final Protocol DEFAULT = new Protocol("default", Map.of("*", 20), 32, "cosine", 0, false, false, false,
      WeightInit.HE_NORMAL);
  static final Protocol PAPER = new Protocol("paper", Map.of("z2cnn", 300, "*", 100), 128, "constant", Math.PI,
      true, true, true, WeightInit.LECUN_NORMAL);
  static final List<String> NAMES = List.of(DEFAULT.name, PAPER.name);
  /** Size of the monitor set (the first test digits) when training on train+validation. */
  static final int MONITOR_SIZE = 2000;

  static Protocol named(String name) {
    for (Protocol p : List.of(DEFAULT, PAPER)) {
      if (p.name.equals(name)) {
        return p;
      }
    }
    throw new UsageException("--protocol must be one of " + NAMES + "; got '" + name + "'");
  }

  int epochs(String model) {
    return epochsByModel.getOrDefault(model, epochsByModel.get("*"));
  }
}
