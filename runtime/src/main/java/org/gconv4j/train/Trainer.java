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
import org.gconv4j.internal.Checks;
import org.gconv4j.internal.TrainStep;
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
  private final List<TrainingListener> listeners = new ArrayList<>();
  private UnaryOperator<Batch> augmentation = UnaryOperator.identity();
  private boolean keepLast;
  private Consumer<Dataset> beforeFinalEvaluation = d -> { };
  private String validationName = "validation error";
  private java.util.function.ToDoubleFunction<Dataset> validationMeasure;

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

  /**
   * A trainer for a model built with {@link org.gconv4j.nn.Model#builder}: softmax cross-entropy on
   * its logits, progress on stderr (a bar on a terminal, lines otherwise).
   */
  public Trainer(org.gconv4j.nn.Sequential model, ParameterUpdater updater, TrainerConfig config) {
    this(model, SequentialState.of(model), LossFunction.softmaxCrossEntropy(), updater, config, System.err,
        ProgressBar.detectMode());
  }

  /** Adds a listener, called after each epoch in the order added (after {@link #onEpoch}'s callback). */
  public Trainer addListener(TrainingListener l) {
    listeners.add(java.util.Objects.requireNonNull(l, "listener"));
    return this;
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

  /**
   * Selects the model by {@code measure} of the validation set (lower is better, a fraction shown as
   * %; e.g. 1 − AUC) instead of the classification error; {@code name} labels it in the epoch lines.
   * The report's validation error stays the classification error.
   */
  public Trainer validationMeasure(String name, java.util.function.ToDoubleFunction<Dataset> measure) {
    this.validationName = java.util.Objects.requireNonNull(name, "name");
    this.validationMeasure = java.util.Objects.requireNonNull(measure, "measure");
    return this;
  }

  /** Trains, restores the best model, and reports its errors. */
  public TrainingReport fit(Splits data) throws Exception {
    Dataset train = data.train();
    Dataset validation = data.validation();
    int steps = train.batchCount(config.batchSize());
    ProgressBar progress = new ProgressBar(log, progressMode, (long) steps * config.epochs());
    TrainStep trainStep = new TrainStep(model, loss, updater);
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
      for (Batch batch : train.shuffledBatchesReusing(config.batchSize(), config.epochSeed(epoch))) {
        step++;
        Batch b = augmentation.apply(batch);
        double batchLoss = trainStep.run(b.images(), b.labels());
        if (!Double.isFinite(batchLoss)) {
          throw new TrainingDivergedException(epoch, step, "the loss became " + batchLoss);
        }
        String nonFinite = nonFiniteParameter(model);
        if (nonFinite != null) {
          throw new TrainingDivergedException(epoch, step, nonFinite);
        }
        lossSum += batchLoss * b.size();
        correct += trainStep.correct();
        seen += b.size();
        progress.step(step, lossSum / seen, (double) correct / seen, b.size());
      }
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      trainSeconds += seconds;
      trainImages += seen;
      double valError = validation.size() == 0 ? Double.NaN : validationMeasure != null
          ? validationMeasure.applyAsDouble(validation) : evaluate(model, validation, config.evalBatchSize());
      EpochResult result = new EpochResult(epoch, lossSum / seen, 1 - (double) correct / seen, valError, seconds);
      history.add(result);
      boolean improved = keepLast || best == null || valError < bestError;
      if (improved) {
        bestError = valError;
        bestEpoch = epoch;
        best = state.snapshot();
      }
      progress.endEpoch(String.format(Locale.ROOT,
          "epoch %d/%d: loss %.4f, train error %.2f%%, %s %.2f%%%s (%.1f s, %.0f images/s)", epoch,
          config.epochs(), result.trainLoss(), 100 * result.trainError(), validationName, 100 * valError, keepLast ? "" : improved ? " (best)" : "",
          seconds, seen / seconds));
      listener.onEpoch(result, improved);
      if (notifyListeners(result, improved)) {
        log.printf(Locale.ROOT, "stopping after epoch %d: a listener asked to stop (best epoch %d)%n", epoch, bestEpoch);
        break;
      }
    }
    state.restore(best);
    beforeFinalEvaluation.accept(train);
    double trainError = evaluate(model, train, config.evalBatchSize());
    double valError = validation.size() > 0 ? evaluate(model, validation, config.evalBatchSize()) : Double.NaN;
    double testError = evaluate(model, data.test(), config.evalBatchSize());
    double wall = (System.nanoTime() - start) / 1e9;
    return new TrainingReport(history, bestEpoch, keepLast, trainError, valError, testError, data.test().size(), wall,
        trainImages / trainSeconds);
  }

  /**
   * The first parameter holding NaN or an infinity, described ({@code "parameter 'conv1.weight' became
   * NaN"}), else null. A huge step can leave the loss finite and the weights not; the check costs one
   * pass over the parameters per step, small next to the step itself.
   */
  static String nonFiniteParameter(Layer model) {
    for (org.gconv4j.nn.Parameter p : model.parameters()) {
      for (float v : p.value().data()) {
        if (!Float.isFinite(v)) {
          return "parameter '" + p.name() + "' became " + v;
        }
      }
    }
    return null;
  }

  /** Tells every listener about the epoch; true when one of them asks to stop. */
  private boolean notifyListeners(EpochResult result, boolean improved) throws Exception {
    boolean stop = false;
    for (TrainingListener l : listeners) {
      l.onEpoch(result, improved);
      stop |= l.stopRequested();
    }
    return stop;
  }

  /** Classification error (fraction misclassified) of {@code model} on {@code data}, inference mode. */
  public static double evaluate(Layer model, Dataset data, int batchSize) {
    return ConfusionMatrix.of(model, data, batchSize).error();
  }

  /** Number of rows of {@code logits} [N, K] whose largest entry (first on ties) is the label. */
  public static int countCorrect(Tensor logits, int[] labels) {
    requireLogits(logits);
    int n = logits.shape(0);
    int c = 0;
    for (int i = 0; i < n; i++) {
      if (argmax(logits, i) == labels[i]) {
        c++;
      }
    }
    return c;
  }

  /** Index of the largest logit per row of [N, K] (the first on ties). */
  public static int[] predictions(Tensor logits) {
    requireLogits(logits);
    int[] p = new int[logits.shape(0)];
    for (int i = 0; i < p.length; i++) {
      p[i] = argmax(logits, i);
    }
    return p;
  }

  /** The index of the largest entry (the first on ties) of row {@code i} of logits [N, K]. */
  static int argmax(Tensor logits, int i) {
    int k = logits.shape(1);
    float[] z = logits.data();
    int arg = 0;
    for (int j = 1; j < k; j++) {
      if (z[i * k + j] > z[i * k + arg]) {
        arg = j;
      }
    }
    return arg;
  }

  static void requireLogits(Tensor logits) {
    if (logits.rank() != 2) {
      throw Checks.argument("Trainer", "the model must output logits [N, K]; got " + logits.shapeString()
          + ". End the model with a flatten/dense layer");
    }
  }
}
