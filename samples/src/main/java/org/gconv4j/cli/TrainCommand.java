package org.gconv4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.gconv4j.data.Batch;
import org.gconv4j.data.RotationJitter;
import org.gconv4j.data.Splits;
import org.gconv4j.internal.Checks;
import org.gconv4j.nn.BatchNorm;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.Sequential;
import org.gconv4j.nn.WeightInit;
import org.gconv4j.samples.models.PaperModels;
import org.gconv4j.train.Adam;
import org.gconv4j.train.BatchNormRecalibration;
import org.gconv4j.train.Checkpoint;
import org.gconv4j.train.ModelState;
import org.gconv4j.train.EpochResult;
import org.gconv4j.train.JitWarmUp;
import org.gconv4j.train.LearningRateSchedule;
import org.gconv4j.train.LossFunction;
import org.gconv4j.train.ProgressBar;
import org.gconv4j.train.SequentialState;
import org.gconv4j.train.Trainer;
import org.gconv4j.train.TrainerConfig;
import org.gconv4j.train.TrainingDivergedException;
import org.gconv4j.train.TrainingReport;

/**
 * {@code ./gconv4j train}: trains one of the paper's networks (§8.1) with Adam, keeps the model
 * with the best validation error, and prints {@code test error: X.XX% (N test images)} last.
 */
final class TrainCommand implements Command {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
  private final Function<String, ConvLayerFactory> convFactories;
  private final PrintStream log;

  TrainCommand() {
    this(ConvFactories::forBackend, System.err);
  }

  /** For tests: how G-correlation layers are made, and where progress goes. */
  TrainCommand(Function<String, ConvLayerFactory> convFactories, PrintStream log) {
    this.convFactories = convFactories;
    this.log = log;
  }

  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "train a G-CNN of the paper (p4cnn, z2cnn, ...) on rotated MNIST, or a 3D one on AdrenalMNIST3D";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: ./gconv4j train [--model p4cnn|z2cnn|p4cnn-rp|p4mcnn|p6cnn|p6mcnn] [--epochs E] [--backend cpu|opencl|auto]",
        "                       [--seed S] [--train-size N] [--test-size N] [--batch-size B] [--lr LR] [--data DIR]",
        "                       [--schedule constant|cosine] [--dataset mnist-rot|fashion-mnist] [--data-seed S]",
        "                       [--checkpoint FILE] [--protocol default|paper] [--augment-rotation DEG]",
        "                       [--init he|lecun] [--curves FILE]",
        "  --protocol P       default (20 epochs, batch 32, cosine, best validation model kept) or paper",
        "                     (the authors' runs: 100 epochs, 300 for z2cnn, batch 128, constant Adam 1e-3,",
        "                     train on train+validation, last model kept, batch-norm statistics re-estimated",
        "                     on the training set, rotation jitter +-pi degrees, lecun initial weights);",
        "                     options below override it",
        "  --model NAME       network of paper §8.1 (default p4cnn); p6cnn and p6mcnn run on the digits",
        "                     resampled onto a hexagonal 31x31 grid (docs/hexagonal.md)",
        "  --epochs E         passes over the training set (default 20; paper: 100, z2cnn 300)",
        "  --backend B        where G-correlations run: auto (default), cpu, opencl",
        "  --seed S           seeds initialisation, dropout and batch order (default 0): same seed,",
        "                     same backend -> same numbers",
        "  --train-size N     use only the first N training images (default: all 10,000)",
        "  --batch-size B     images per Adam step (default 32; paper: 128)",
        "  --lr LR            Adam learning rate (default 0.001)",
        "  --schedule S       learning rate over the run: cosine (default; to 0 at the end) or constant",
        "  --augment-rotation DEG  rotate each training image by a uniform angle in [-DEG, DEG] (default 0;",
        "                     paper: 3.14, the authors' radians-as-degrees jitter)",
        "  --init I           initial G-correlation weights: he, N(0, 2/fan_in) (default), or lecun,",
        "                     N(0, 1/fan_in) (GrouPy's; paper protocol)",
        "  --test-size N      evaluate on the first N test images only (quick runs)",
        "  --curves FILE      training-loss / validation-error chart (PNG); default: next to the",
        "                     checkpoint (X.npz -> X-curves.png), else ./curves.png",
        DataOptions.USAGE,
        "  --checkpoint FILE  write the best model (by validation error) to FILE (.npz) after every",
        "                     improvement; ./gconv4j eval and equivariance read it",
        "On the CPU backend a copy of the model warms the JIT up while the data loads (GCONV4J_WARMUP=off skips it).",
        "Progress goes to stderr (GCONV4J_PROGRESS=bar|lines|off); the last stdout line is",
        "  test error: X.XX% (N test images)",
        String.join("\n", VolumeTraining.USAGE));
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    if (Volumes.isVolumeDataset(Args.valueOf(args, "dataset"))) {
      return new VolumeTraining(convFactories, log).run(args, out);
    }
    Args a = Args.parse(args, Set.of("model", "epochs", "backend", "seed", "train-size", "batch-size", "lr", "data",
        "dataset", "data-seed", "checkpoint", "schedule", "protocol", "augment-rotation", "test-size", "curves", "init"),
        Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException("unexpected arguments " + a.positional());
    }
    String modelName = a.get("model", "p4cnn").toLowerCase(Locale.ROOT);
    if (!PaperModels.NAMES.contains(modelName)) {
      throw new UsageException("--model must be one of " + PaperModels.NAMES + "; got '" + modelName + "'");
    }
    Protocol protocol = Protocol.named(a.get("protocol", Protocol.DEFAULT.name()));
    int epochs = positive(a, "epochs", protocol.epochs(modelName));
    int batchSize = positive(a, "batch-size", protocol.batchSize());
    double augmentDegrees = a.getDouble("augment-rotation", protocol.augmentDegrees());
    if (!(augmentDegrees >= 0 && augmentDegrees <= 180)) {
      throw new UsageException("--augment-rotation must be in [0, 180] degrees; got " + augmentDegrees);
    }
    WeightInit init = protocol.init();
    if (a.has("init")) {
      try {
        init = WeightInit.ofOptionName(a.get("init", null));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--init must be he or lecun; got '" + a.get("init", "") + "'");
      }
    }
    double lr = a.getDouble("lr", 0.001);
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new UsageException("--lr must be a positive finite number; got " + a.get("lr", ""));
    }
    int trainSize = a.has("train-size") ? positive(a, "train-size", 0) : 0;
    long seed = a.getInt("seed", 0);
    long dataSeed = a.getInt("data-seed", 0);
    String backend = a.get("backend", "auto");
    String scheduleName = a.get("schedule", protocol.schedule());
    if (!List.of("constant", "cosine").contains(scheduleName)) {
      throw new UsageException("--schedule must be constant or cosine; got '" + scheduleName + "'");
    }
    String dataset = a.get("dataset", "mnist-rot");
    Optional<Path> dataDir = a.has("data") ? Optional.of(Path.of(a.get("data", null))) : Optional.empty();
    Optional<Path> checkpoint = a.has("checkpoint") ? Optional.of(Outputs.file("checkpoint", a.get("checkpoint", null))) : Optional.empty();
    Path curvesFile = curvesPath(a, checkpoint);
    Map<String, Path> outputs = new LinkedHashMap<>();
    outputs.put("--checkpoint", checkpoint.orElse(null));
    outputs.put(a.has("curves") ? "--curves" : "the default --curves", curvesFile);
    Outputs.check(outputs, Outputs.dataFiles(dataDir)); // before the data load and the training, not after them

    ConvLayerFactory conv = convFactories.apply(backend);
    Sequential model = PaperModels.build(modelName, conv, seed, init);
    WeightInit copyInit = init;
    long knownSteps = trainSize > 0 ? (long) epochs * ((trainSize + batchSize - 1) / batchSize) : Long.MAX_VALUE;
    JitWarmUp warmUp = startWarmUp(model, () -> PaperModels.build(modelName, conv, seed, copyInit), batchSize, knownSteps);
    try { // a failure (data, memory, divergence) must not leave the warm-up running
      Splits splits = DataOptions.loadFor(modelName, dataset, dataDir, dataSeed, log);
      if (protocol.trainOnTrainAndValidation()) {
        splits = splits.trainOnTrainAndValidation(Protocol.MONITOR_SIZE);
      }
      if (a.has("test-size")) {
        splits = splits.withTestSize(positive(a, "test-size", 0));
      }
      if (a.has("train-size")) {
        int n = trainSize;
        if (n > splits.train().size()) {
          log.println("gconv4j: --train-size " + n + " is more than the " + splits.train().size()
              + " training images; using all of them");
        }
        splits = splits.withTrainSize(n);
      }
      BatchMemory.check(model, BatchMemory.sampleShape(splits.train()), batchSize, splits.train().size(), "--batch-size");
      SequentialState state = new SequentialState(model, 2);
      out.println("data: " + splits.provenance() + ": " + splits.train().size() + " train, " + splits.validation().size()
          + " validation, " + splits.test().size() + " test");
      out.println("model: " + modelName + ", " + parameterCount(model) + " parameters, backend " + backend + ", seed " + seed);
      out.println(String.format(Locale.ROOT, "protocol: %s (%d epochs, batch %d, Adam %s %s, rotation jitter +-%.2f deg, %s init, %s, %s)",
          protocol.name(), epochs, batchSize, lr, scheduleName, augmentDegrees, init.optionName(),
          protocol.keepLastModel() ? "last model kept" : "best model by validation kept",
          protocol.recalibrateBatchNorm() ? "batch-norm statistics re-estimated on the training set" : "running batch-norm statistics"));
      out.print(model.summary());
      out.flush();

      long totalSteps = (long) epochs * splits.train().batchCount(batchSize);
      LearningRateSchedule schedule;
      switch (scheduleName) {
        case "constant":
          schedule = LearningRateSchedule.constant(lr);
          break;
        case "cosine":
          schedule = LearningRateSchedule.cosine(lr, 0, totalSteps);
          break;
        default:
          throw new UsageException("--schedule must be constant or cosine; got '" + scheduleName + "'");
      }
      Adam adam = new Adam(model.parameters(), schedule);
      TrainerConfig config = TrainerConfig.builder().epochs(epochs).batchSize(batchSize).seed(seed).build();
      JsonObject architecture = architecture(modelName, model, dataset, dataSeed);
      JsonObject training = training(seed, epochs, batchSize, lr, backend, splits);
      training.addProperty("schedule", scheduleName);
      training.addProperty("model", modelName);
      training.addProperty("command", commandWithoutCheckpoint(args));
      JsonArray arguments = new JsonArray(); // the same, one element per argument (paths may hold spaces)
      argumentsWithoutCheckpoint(args).forEach(arguments::add);
      training.add("arguments", arguments);
      training.addProperty("protocol", protocol.name());
      training.addProperty("augmentRotationDegrees", augmentDegrees);
      training.addProperty("weightInit", init.optionName());
      training.addProperty("trainedOn", splits.train().name());
      training.addProperty("modelKept", protocol.keepLastModel() ? "last" : "best-validation");
      training.addProperty("batchNormStatistics", protocol.recalibrateBatchNorm()
          ? "average over one training-mode pass through the training set" : "running average, momentum 0.1");
      training.addProperty("parameters", parameterCount(model));
      JsonArray history = new JsonArray();
      training.add("history", history);
      Trainer trainer = new Trainer(model, state, LossFunction.softmaxCrossEntropy(), adam, config, log,
          ProgressBar.detectMode());
      UnaryOperator<Batch> augmentation = augmentDegrees > 0
          ? new RotationJitter(augmentDegrees, seed * 7_919L + 1) : UnaryOperator.identity();
      trainer.augment(augmentation).keepLastModel(protocol.keepLastModel());
      if (protocol.recalibrateBatchNorm()) {
        List<BatchNorm> norms = SequentialState.leaves(model).stream()
            .filter(l -> l instanceof BatchNorm).map(l -> (BatchNorm) l).toList();
        trainer.beforeFinalEvaluation(train -> BatchNormRecalibration.run(model, norms, train, batchSize, augmentation));
      }
      List<EpochResult> curve = new ArrayList<>();
      awaitWarmUp(warmUp, log);
      TrainingReport report = fitRecording(trainer, splits, curve, training, checkpoint, state, architecture, lr, scheduleName,
          0.001);
      if (checkpoint.isPresent()) {
        training.addProperty("bestEpoch", report.bestEpoch());
        training.addProperty("trainError", report.trainError());
        training.addProperty("validationError", report.validationError());
        training.addProperty("testError", report.testError());
        training.addProperty("testImages", report.testImages());
        training.addProperty("wallSeconds", report.wallSeconds());
        training.addProperty("imagesPerSecond", report.imagesPerSecond());
        Checkpoint.save(checkpoint.get(), state, GSON.toJson(architecture), GSON.toJson(training));
        out.println("checkpoint: " + checkpoint.get() + " (epoch " + report.bestEpoch() + ")");
      }
      try { // a lesser write: its failure never costs the trained model
        TrainingCurves.write(curvesFile, modelName + " (" + protocol.name() + " protocol, seed " + seed + ")",
            Map.of(modelName + " seed " + seed, curve));
        out.println("curves: " + curvesFile);
      } catch (java.io.IOException | RuntimeException e) {
        log.println("gconv4j train: warning: the curves were not written: " + Main.message(e)
            + (checkpoint.isPresent() ? "; the model is safe in " + checkpoint.get() : ""));
        out.println("curves: not written (" + curvesFile + ")");
      }
      out.print(report.summary());
      out.println();
    } finally {
      if (warmUp != null) {
        warmUp.stop();
      }
    }
    return 0;
  }

  /**
   * Environment variable (and system property {@code gconv4j.warmup}) that switches the JIT warm-up
   * off with {@code off}; anything else, or unset, leaves it on.
   */
  static final String WARM_UP_ENV = "GCONV4J_WARMUP";
  /** Runs shorter than this many training steps skip the warm-up: it would cost more than it saves. */
  static final long WARM_UP_MIN_STEPS = 600;

  /**
   * Starts the JIT warm-up ({@link JitWarmUp}) on a copy of the model while the data loads, when the
   * model's G-correlations are {@link GroupConv}s on the CPU backend (on OpenCL a copy would compile its
   * kernels twice),
   * the run has at least {@value #WARM_UP_MIN_STEPS} steps ({@code knownSteps}: what the options say,
   * {@code Long.MAX_VALUE} when they do not bound it) and {@value #WARM_UP_ENV} is not {@code off};
   * else null.
   */
  static JitWarmUp startWarmUp(Sequential model, java.util.function.Supplier<Sequential> copy, int batchSize, long knownSteps) {
    if ("off".equals(System.getenv(WARM_UP_ENV)) || "off".equals(System.getProperty("gconv4j.warmup")) || batchSize < 2
        || knownSteps < WARM_UP_MIN_STEPS) {
      return null;
    }
    boolean cpu = false;
    for (Layer l : SequentialState.leaves(model)) {
      if (l instanceof GroupConv g) {
        if (!g.backend().name().equals("cpu")) {
          return null;
        }
        cpu = true;
      }
    }
    if (!cpu) { // no Vector API correlation to compile (e.g. a test's own layers)
      return null;
    }
    return JitWarmUp.start(copy.get(), batchSize, batchSize, 200, 120);
  }

  /** Waits for the warm-up and says what it took (one line on stderr). */
  static void awaitWarmUp(JitWarmUp warmUp, PrintStream log) throws InterruptedException {
    if (warmUp == null) {
      return;
    }
    double waited = warmUp.await();
    if (warmUp.failure() != null) {
      log.println("gconv4j: JIT warm-up failed (" + warmUp.failure() + "); training goes on without it");
      return;
    }
    log.println(String.format(Locale.ROOT, "gconv4j: JIT warm-up: %d training steps on a copy of the model, %.1f s"
        + " (%.1f s of it while the data loaded; %s=off skips it)", warmUp.steps(), warmUp.elapsedSeconds(),
        warmUp.elapsedSeconds() - waited, WARM_UP_ENV));
  }

  /**
   * The error of a run whose loss became non-finite (the trainer's divergence stop): names the
   * learning rate and what the checkpoint keeps. One home for {@code train} in 2D and 3D.
   */
  static IllegalStateException diverged(TrainingDivergedException e, double lr, String scheduleName, double defaultLr,
      Optional<Path> checkpoint, JsonObject training) {
    return Checks.state("Divergence", String.format(Locale.ROOT, "training diverged with learning rate"
        + " --lr %s (%s schedule) at epoch %d step %d: %s. %s. Lower --lr (the default is %s; try %s)", lr,
        scheduleName, e.epoch(), e.step(), e.what(), checkpoint.isEmpty() ? "No checkpoint was asked for"
            : training.has("bestEpoch") ? "The checkpoint " + checkpoint.get() + " keeps the model of epoch "
                + training.get("bestEpoch").getAsInt() + ", the last finite one written"
            : "Nothing was written to " + checkpoint.get() + ": no epoch ended with finite weights",
        defaultLr, lr / 10), e);
  }

  /** {@code --curves FILE}, else next to the checkpoint ({@code p4cnn.npz} → {@code p4cnn-curves.png}), else {@code curves.png}. */
  static Path curvesPath(Args a, Optional<Path> checkpoint) {
    if (a.has("curves")) {
      return Outputs.file("curves", a.get("curves", null));
    }
    if (checkpoint.isEmpty()) {
      return Path.of("curves.png");
    }
    String name = checkpoint.get().getFileName().toString();
    String stem = name.endsWith(".npz") ? name.substring(0, name.length() - 4) : name;
    return checkpoint.get().resolveSibling(stem + "-curves.png");
  }

  /** The options of this run without {@code --checkpoint FILE} (how {@code reproduce} recognises a finished run). */
  static String commandWithoutCheckpoint(List<String> args) {
    return String.join(" ", argumentsWithoutCheckpoint(args));
  }

  /** The arguments of {@code train} without {@code --checkpoint FILE}: what makes a run the same run. */
  static List<String> argumentsWithoutCheckpoint(List<String> args) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--checkpoint")) {
        i++;
      } else if (!args.get(i).startsWith("--checkpoint=")) {
        kept.add(args.get(i));
      }
    }
    return kept;
  }

  static int positive(Args a, String name, int fallback) {
    return a.getPositiveInt(name, fallback);
  }

  static long parameterCount(Layer model) {
    return PaperModels.trainableParameters(model);
  }

  static JsonObject architecture(String modelName, Sequential model, String dataset, long dataSeed) {
    JsonObject arch = architectureHead(modelName, model, 10, dataset);
    arch.addProperty("dataSeed", dataSeed);
    return architectureTail(arch, model, "[C_out, C_in, S_in, n, n] (CONVENTIONS section 5)");
  }

  /** The checkpoint's architecture document up to the data set (2D and 3D): format, version, model, input, classes. */
  static JsonObject architectureHead(String modelName, Sequential model, int classes, String dataset) {
    JsonObject arch = new JsonObject();
    arch.addProperty("format", "gconv4j-checkpoint");
    arch.addProperty("version", 1);
    arch.addProperty("model", modelName);
    JsonArray input = new JsonArray();
    for (int d : model.inputShape()) {
      input.add(d);
    }
    arch.add("input", input);
    arch.addProperty("classes", classes);
    arch.addProperty("dataset", dataset);
    return arch;
  }

  /** Ends the architecture document: every layer's description and the filter layout. */
  static JsonObject architectureTail(JsonObject arch, Sequential model, String filterLayout) {
    JsonArray layers = new JsonArray();
    for (Layer l : SequentialState.leaves(model)) {
      layers.add(l.describe());
    }
    arch.add("layers", layers);
    arch.addProperty("filterLayout", filterLayout);
    return arch;
  }

  private static JsonObject training(long seed, int epochs, int batchSize, double lr, String backend, Splits splits) {
    JsonObject t = new JsonObject();
    t.addProperty("seed", seed);
    t.addProperty("epochs", epochs);
    t.addProperty("batchSize", batchSize);
    t.addProperty("optimizer", "adam");
    t.addProperty("learningRate", lr);
    t.addProperty("backend", backend);
    t.addProperty("data", splits.provenance());
    t.addProperty("trainImages", splits.train().size());
    return t;
  }

  /**
   * Fits {@code trainer} on {@code splits}: each epoch goes into {@code training}'s {@code history} array
   * and {@code curve}, and every new best model is saved to the checkpoint with both documents; a divergence
   * becomes the {@link #diverged} message (the 2D and 3D commands' one training loop).
   */
  static TrainingReport fitRecording(Trainer trainer, Splits splits, List<EpochResult> curve, JsonObject training,
      Optional<Path> checkpoint, ModelState state, JsonObject architecture, double lr, String scheduleName,
      double defaultLr) throws Exception {
    JsonArray history = training.getAsJsonArray("history");
    trainer.onEpoch((e, best) -> {
      history.add(epochJson(e));
      curve.add(e);
      if (best) {
        training.addProperty("bestEpoch", e.epoch());
        if (checkpoint.isPresent()) {
          Checkpoint.save(checkpoint.get(), state, GSON.toJson(architecture), GSON.toJson(training));
        }
      }
    });
    try {
      return trainer.fit(splits);
    } catch (TrainingDivergedException e) {
      throw diverged(e, lr, scheduleName, defaultLr, checkpoint, training);
    }
  }

  private static JsonObject epochJson(EpochResult e) {
    JsonObject o = new JsonObject();
    o.addProperty("epoch", e.epoch());
    o.addProperty("trainLoss", e.trainLoss());
    o.addProperty("trainError", e.trainError());
    o.addProperty("validationError", e.validationError());
    o.addProperty("seconds", e.seconds());
    return o;
  }
}
