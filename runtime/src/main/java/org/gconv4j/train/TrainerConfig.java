package org.gconv4j.train;

/**
 * Settings of one training run.
 *
 * @param epochs passes over the training set
 * @param batchSize images per step (the last batch of an epoch may be smaller)
 * @param seed seeds the per-epoch shuffles ({@code seed * 1_000_003 + epoch}); the model's
 *     initialisation and dropout masks are seeded by whoever builds the model
 * @param evalBatchSize images per forward pass when evaluating
 */
public record TrainerConfig(int epochs, int batchSize, long seed, int evalBatchSize) {
  public TrainerConfig {
    if (epochs < 1 || batchSize < 1 || evalBatchSize < 1) {
      throw new IllegalArgumentException("[TrainerConfig] epochs, batch size and eval batch size must be >= 1; got "
          + epochs + ", " + batchSize + ", " + evalBatchSize);
    }
  }

  /**
   * Evaluates with the training batch size: the layers then keep one set of buffers for both, and
   * on the CPU small batches stay in cache (P4CNN inference measured 3-4x faster at 32 than at 256).
   */
  public TrainerConfig(int epochs, int batchSize, long seed) {
    this(epochs, batchSize, seed, batchSize);
  }

  /** The shuffle seed of epoch {@code epoch} (1-based). */
  public long epochSeed(int epoch) {
    return seed * 1_000_003L + epoch;
  }
}
