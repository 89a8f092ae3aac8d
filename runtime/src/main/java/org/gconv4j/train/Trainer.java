package org.gconv4j.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.gconv4j.data.Batch;
import org.gconv4j.data.Dataset;
import org.gconv4j.data.Splits;
import org.gconv4j.nn.Layer;
import org.gconv4j.tensor.Tensor;

/**
 * Mini-batch training with validation-based model selection.
 *
 * <p>Each epoch visits the training set in a seeded random order ({@link TrainerConfig#epochSeed}),
 * then measures the validation error in inference mode. The model with the lowest validation error
 * (the earliest on ties) is kept in memory ({@link ModelState#snapshot}) and restored at the end;
 * the final report measures train, validation and test error with it. With the same seeds, data
 * and backend a run repeats bit for bit: batches are single-threaded in a fixed order and the
 * updater is deterministic.
 */
public final class Trainer {
  /** Called after every epoch; {@code best} when it produced a new best model (e.g. to write a checkpoint). */
  @FunctionalInterface
  public interface EpochListener {
    void onEpoch(EpochResult epoch, boolean best) throws Exception;
  }

  private final Layer model;
  private final ModelState state;
  private final LossFunction loss;
  private final ParameterUpdater updater;
  private final TrainerConfig config;
  private final PrintStream log;
  private final ProgressBar.Mode progressMode;
  private EpochListener listener = (e, best) -> { };
  private UnaryOperator<Batch> augmentation = UnaryOperator.identity();
  private boolean keepLast;
  private Consumer<Dataset> beforeFinalEvaluation = d -> { };

  /**
   * @param model maps images [B, C, H, W] to logits [B, K]
   * @param state the model's parameters and buffers (for keeping the best model)
   * @param updater updates the model's parameters (e.g. Adam)
   * @param log progress and epoch lines (stderr)
   */
  public Trainer(Layer model, ModelState state, LossFunction loss, ParameterUpdater updater, TrainerConfig config,
      PrintStream log, ProgressBar.Mode progressMode) {
    this.model = model;
    this.state = state;
    this.loss = loss;
    this.updater = updater;
    this.config = config;
    this.log = log;
    this.progressMode = progressMode;
  }

  /** Sets the callback run after each epoch (after the best model was updated). */
  public Trainer onEpoch(EpochListener l) {
    this.listener = l;
    return this;
  }

  /**
   * Transforms every training batch before it is used (data augmentation, e.g. {@code
   * org.gconv4j.data.RotationJitter}); identity by default. Evaluation batches are never transformed.
   */
  public Trainer augment(UnaryOperator<Batch> augmentation) {
    this.augmentation = augmentation;
    return this;
  }

  /**
   * Keeps the model of the last epoch instead of the best one by validation error (the authors'
   * protocol: no model selection on the final train+validation run). The listener then sees every
   * epoch as {@code best} (the kept model), and the report's best epoch is the last one.
   */
  public Trainer keepLastModel(boolean keepLast) {
    this.keepLast = keepLast;
    return this;
  }

  /**
   * Runs after the kept model is restored and before the final train/validation/test evaluation,
   * with the training set (e.g. {@link BatchNormRecalibration}: re-estimate batch-norm statistics).
   */
  public Trainer beforeFinalEvaluation(Consumer<Dataset> step) {
    this.beforeFinalEvaluation = step;
    return this;
  }

  /** Trains, restores the best model, and reports its errors. */
  public TrainingReport fit(Splits data) throws Exception {
    Dataset train = data.train();
    Dataset validation = data.validation();
    int steps = train.batchCount(config.batchSize());
    ProgressBar progress = new ProgressBar(log, progressMode, (long) steps * config.epochs());
    List<EpochResult> history = new ArrayList<>();
    Map<String, Tensor> best = null;
    double bestError = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    long start = System.nanoTime();
    double trainSeconds = 0;
    long trainImages = 0;
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      progress.startEpoch(epoch, config.epochs(), steps);
      long epochStart = System.nanoTime();
      double lossSum = 0;
      long correct = 0;
      long seen = 0;
      int step = 0;
      for (Batch batch : train.shuffledBatches(config.batchSize(), config.epochSeed(epoch))) {
        step++;
        Batch b = augmentation.apply(batch);
        updater.zeroGrad();
        Tensor logits = model.forward(b.images(), true);
        LossValue lv = loss.evaluate(logits, b.labels());
        if (!Double.isFinite(lv.loss())) {
          throw new IllegalStateException(String.format(Locale.ROOT,
              "[Trainer] the loss became %s at epoch %d step %d; training diverged. Lower --lr (e.g. by 10x)",
              lv.loss(), epoch, step));
        }
        model.backward(lv.gradient());
        updater.step();
        lossSum += lv.loss() * b.size();
        correct += countCorrect(logits, b.labels());
        seen += b.size();
        progress.step(step, lossSum / seen, (double) correct / seen, b.size());
      }
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      trainSeconds += seconds;
      trainImages += seen;
      double valError = validation.size() > 0 ? evaluate(model, validation, config.evalBatchSize()) : Double.NaN;
      EpochResult result = new EpochResult(epoch, lossSum / seen, 1 - (double) correct / seen, valError, seconds);
      history.add(result);
      boolean improved = keepLast || best == null || valError < bestError;
      if (improved) {
        bestError = valError;
        bestEpoch = epoch;
        best = state.snapshot();
      }
      progress.endEpoch(String.format(Locale.ROOT,
          "epoch %d/%d: loss %.4f, train error %.2f%%, validation error %.2f%%%s (%.1f s, %.0f images/s)", epoch,
          config.epochs(), result.trainLoss(), 100 * result.trainError(), 100 * valError, improved ? " (best)" : "",
          seconds, seen / seconds));
      listener.onEpoch(result, improved);
    }
    state.restore(best);
    beforeFinalEvaluation.accept(train);
    double trainError = evaluate(model, train, config.evalBatchSize());
    double valError = validation.size() > 0 ? evaluate(model, validation, config.evalBatchSize()) : Double.NaN;
    double testError = evaluate(model, data.test(), config.evalBatchSize());
    double wall = (System.nanoTime() - start) / 1e9;
    return new TrainingReport(history, bestEpoch, trainError, valError, testError, data.test().size(), wall,
        trainImages / trainSeconds);
  }

  /** Classification error (fraction misclassified) of {@code model} on {@code data}, inference mode. */
  public static double evaluate(Layer model, Dataset data, int batchSize) {
    if (data.size() == 0) {
      return Double.NaN;
    }
    long correct = 0;
    for (Batch b : data.batches(batchSize)) {
      correct += countCorrect(model.forward(b.images(), false), b.labels());
    }
    return 1 - (double) correct / data.size();
  }

  /** Number of rows of {@code logits} [N, K] whose largest entry (first on ties) is the label. */
  public static int countCorrect(Tensor logits, int[] labels) {
    int[] p = predictions(logits);
    int c = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] == labels[i]) {
        c++;
      }
    }
    return c;
  }

  /** Index of the largest logit per row of [N, K] (the first on ties). */
  public static int[] predictions(Tensor logits) {
    if (logits.rank() != 2) {
      throw new IllegalArgumentException("[Trainer] the model must output logits [N, K]; got " + logits.shapeString()
          + ". End the model with a flatten/dense layer");
    }
    int n = logits.shape(0);
    int k = logits.shape(1);
    float[] z = logits.data();
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      int arg = 0;
      for (int j = 1; j < k; j++) {
        if (z[i * k + j] > z[i * k + arg]) {
          arg = j;
        }
      }
      p[i] = arg;
    }
    return p;
  }
}
