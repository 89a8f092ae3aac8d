package org.gconv4j.train;

import org.gconv4j.internal.Checks;

/**
 * Settings of one training run, made with {@link #builder()}:
 *
 * <pre>{@code
 * TrainerConfig config = TrainerConfig.builder().epochs(4).batchSize(16).seed(7).build();
 * }</pre>
 *
 * @param epochs passes over the training set
 * @param batchSize images per step (the last batch of an epoch may be smaller)
 * @param seed seeds the per-epoch shuffles ({@code seed * 1_000_003 + epoch}); the model's
 *     initialisation and dropout masks are seeded by whoever builds the model
 * @param evalBatchSize images per forward pass when evaluating
 */
public record TrainerConfig(int epochs, int batchSize, long seed, int evalBatchSize) {
  /** Default of {@link Builder#epochs}. */
  public static final int DEFAULT_EPOCHS = 10;
  /** Default of {@link Builder#batchSize}. */
  public static final int DEFAULT_BATCH_SIZE = 32;
  /** Default of {@link Builder#seed}. */
  public static final long DEFAULT_SEED = 0;

  public TrainerConfig {
    check("epochs", epochs);
    check("batch size", batchSize);
    check("eval batch size", evalBatchSize);
  }

  /**
   * Evaluates with the training batch size: the layers then keep one set of buffers for both, and
   * on the CPU small batches stay in cache (P4CNN inference measured 3-4x faster at 32 than at 256).
   *
   * @deprecated positional arguments are easy to swap; use {@code builder().epochs(e).batchSize(b).seed(s).build()}
   */
  @Deprecated
  public TrainerConfig(int epochs, int batchSize, long seed) {
    this(epochs, batchSize, seed, batchSize);
  }

  /**
   * A builder with the defaults: {@value #DEFAULT_EPOCHS} epochs, batches of
   * {@value #DEFAULT_BATCH_SIZE}, seed {@value #DEFAULT_SEED}, evaluation with the training batch size.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from this configuration's values, to change one of them.
   *
   * @return a new builder holding these values
   */
  public Builder toBuilder() {
    Builder b = new Builder().epochs(epochs).batchSize(batchSize).seed(seed);
    return evalBatchSize == batchSize ? b : b.evalBatchSize(evalBatchSize);
  }

  /** The shuffle seed of epoch {@code epoch} (1-based). */
  public long epochSeed(int epoch) {
    return seed * 1_000_003L + epoch;
  }

  private static void check(String what, int value) {
    Checks.require(value >= 1, "TrainerConfig", what + " must be >= 1", value, "Set " + what + " to 1 or more");
  }

  /**
   * Builds a {@link TrainerConfig}; each setter checks its value at once (a value below 1 fails with
   * the setting's name), so a wrong setting fails where it is written.
   */
  public static final class Builder {
    private int epochs = DEFAULT_EPOCHS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private long seed = DEFAULT_SEED;
    /** 0: the training batch size. */
    private int evalBatchSize;

    private Builder() {}

    /**
     * Passes over the training set (default {@value TrainerConfig#DEFAULT_EPOCHS}).
     *
     * @param epochs at least 1
     * @return this builder
     * @throws IllegalArgumentException when {@code epochs} is below 1
     */
    public Builder epochs(int epochs) {
      check("epochs", epochs);
      this.epochs = epochs;
      return this;
    }

    /**
     * Images per training step (default {@value TrainerConfig#DEFAULT_BATCH_SIZE}).
     *
     * @param batchSize at least 1
     * @return this builder
     * @throws IllegalArgumentException when {@code batchSize} is below 1
     */
    public Builder batchSize(int batchSize) {
      check("batch size", batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Seed of the per-epoch shuffles (default {@value TrainerConfig#DEFAULT_SEED}).
     *
     * @param seed any value
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Images per forward pass when evaluating; at least 1. Default: the training batch size, which
     * lets the layers keep one set of buffers for both and keeps small batches in cache on the CPU.
     *
     * @param evalBatchSize at least 1
     * @return this builder
     * @throws IllegalArgumentException when {@code evalBatchSize} is below 1
     */
    public Builder evalBatchSize(int evalBatchSize) {
      check("eval batch size", evalBatchSize);
      this.evalBatchSize = evalBatchSize;
      return this;
    }

    /**
     * The configuration; the builder may be used again.
     *
     * @return a configuration with the values set so far and the defaults for the rest
     */
    public TrainerConfig build() {
      return new TrainerConfig(epochs, batchSize, seed, evalBatchSize == 0 ? batchSize : evalBatchSize);
    }
  }
}
