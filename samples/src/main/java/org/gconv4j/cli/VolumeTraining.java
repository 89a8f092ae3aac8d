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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.gconv4j.data.Batch;
import org.gconv4j.data.CubeRotations;
import org.gconv4j.data.Splits;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.Sequential;
import org.gconv4j.samples.models.PaperModels;
import org.gconv4j.samples.models.VolumeModels;
import org.gconv4j.train.Adam;
import org.gconv4j.train.Checkpoint;
import org.gconv4j.train.EpochResult;
import org.gconv4j.train.JitWarmUp;
import org.gconv4j.train.LearningRateSchedule;
import org.gconv4j.train.LossFunction;
import org.gconv4j.train.ProgressBar;
import org.gconv4j.train.SequentialState;
import org.gconv4j.train.Trainer;
import org.gconv4j.train.TrainerConfig;
import org.gconv4j.train.TrainingReport;

/**
 * {@code ./gconv4j train --dataset adrenalmnist3d --model o-cnn3d|oh-cnn3d|z3-cnn3d}: the 3D half of
 * {@code train} (docs/3d.md). Adam with a cosine schedule, the model with the best validation AUC
 * kept; the last stdout line is {@code test auc: <auc> acc: <acc> (298 test volumes)}, three decimals each.
 */
final class VolumeTraining {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
  /** The default protocol: epochs, batch size, Adam learning rate (cosine to 0). */
  static final int EPOCHS = 20;
  static final int BATCH = 16;
  static final double LR = 0.001;
  /** Decoupled weight decay (AdamW) of the default protocol. */
  static final double WEIGHT_DECAY = 0;
  /** {@code --augment} values. */
  static final List<String> AUGMENTS = List.of("none", "rotations", "symmetries");

  static final List<String> USAGE = List.of(
      "   or: ./gconv4j train --dataset adrenalmnist3d [--model o-cnn3d|oh-cnn3d|z3-cnn3d] [--augment none|rotations|symmetries]",
      "                       [--epochs E] [--batch-size B] [--lr LR] [--schedule cosine|constant] [--seed S]",
      "                       [--data FILE] [--train-size N] [--test-size N] [--checkpoint FILE] [--curves FILE]",
      "                       [--weight-decay WD] [--backend B]",
      "  3D (docs/3d.md): default protocol " + EPOCHS + " epochs, batch " + BATCH + ", Adam " + LR
          + " cosine-annealed to 0, the model with",
      "                     the best validation AUC kept; last stdout line",
      "                     test auc: <auc> acc: <acc> (298 test volumes), three decimals each",
      "  --model M          o-cnn3d (default; O, 24 rotations), oh-cnn3d (OH, 48 elements) or z3-cnn3d (plain 3D CNN)",
      "  --weight-decay WD  decoupled weight decay (AdamW), default " + WEIGHT_DECAY + "",
      "  --augment A        rotations: each training volume turned by a random one of the cube's 24",
      "                     rotations (an exact voxel permutation); symmetries: by a random one of the cube's 48",
      "                     symmetries (OH: the rotations, and the rotations after a reflection); none (default)",
      Volumes.DATA_USAGE);

  private final Function<String, ConvLayerFactory> convFactories;
  private final PrintStream log;

  VolumeTraining(Function<String, ConvLayerFactory> convFactories, PrintStream log) {
    this.convFactories = convFactories;
    this.log = log;
  }

  int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("model", "epochs", "backend", "seed", "train-size", "batch-size", "lr", "data",
        "dataset", "checkpoint", "schedule", "test-size", "curves", "augment", "weight-decay"), Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException("unexpected arguments " + a.positional());
    }
    String dataset = a.get("dataset", "adrenalmnist3d").toLowerCase(Locale.ROOT);
    String modelName = a.get("model", "o-cnn3d").toLowerCase(Locale.ROOT);
    if (!VolumeModels.known(modelName)) {
      throw new UsageException("--model must be one of " + VolumeModels.NAMES + " for --dataset " + dataset + "; got '"
          + modelName + "'");
    }
    int epochs = TrainCommand.positive(a, "epochs", EPOCHS);
    int batchSize = TrainCommand.positive(a, "batch-size", BATCH);
    double lr = a.getDouble("lr", LR);
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new UsageException("--lr must be a positive finite number; got " + a.get("lr", ""));
    }
    double weightDecay = a.getDouble("weight-decay", WEIGHT_DECAY);
    if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
      throw new UsageException("--weight-decay must be a finite number >= 0; got " + a.get("weight-decay", ""));
    }
    String augment = a.get("augment", "none");
    if (!AUGMENTS.contains(augment)) {
      throw new UsageException("--augment must be one of " + AUGMENTS + "; got '" + augment + "'");
    }
    String scheduleName = a.get("schedule", "cosine");
    if (!List.of("constant", "cosine").contains(scheduleName)) {
      throw new UsageException("--schedule must be constant or cosine; got '" + scheduleName + "'");
    }
    long seed = a.getInt("seed", 0);
    String backend = a.get("backend", "auto");
    Optional<Path> dataFile = a.has("data") ? Optional.of(Path.of(a.get("data", null))) : Optional.empty();
    Optional<Path> checkpoint = a.has("checkpoint") ? Optional.of(Outputs.file("checkpoint", a.get("checkpoint", null)))
        : Optional.empty();
    Path curvesFile = TrainCommand.curvesPath(a, checkpoint);
    Map<String, Path> outputs = new LinkedHashMap<>();
    outputs.put("--checkpoint", checkpoint.orElse(null));
    outputs.put(a.has("curves") ? "--curves" : "the default --curves", curvesFile);
    // every output, before the data load and the training, not after them
    Outputs.check(outputs, Outputs.inputs("--data", dataFile.orElse(null)));
    int testSize = a.has("test-size") ? TrainCommand.positive(a, "test-size", 0) : 0; // usage errors before the data load
    int trainSize = a.has("train-size") ? TrainCommand.positive(a, "train-size", 0) : 0;
    Splits splits = Volumes.load(dataset, dataFile, log);
    if (testSize > 0) {
      splits = splits.withTestSize(testSize);
    }
    if (trainSize > 0) {
      splits = splits.withTrainSize(trainSize);
    }
    int side = splits.train().height();
    int classes = splits.train().classes();
    ConvLayerFactory conv = convFactories.apply(backend);
    Sequential model = VolumeModels.build(modelName, conv, seed, side, classes);
    BatchMemory.check(model, BatchMemory.sampleShape(splits.train()), batchSize, splits.train().size(), "--batch-size");
    long totalSteps = (long) epochs * splits.train().batchCount(batchSize);
    // the models are built for the data's side and classes, so the warm-up starts after the (small) data load
    JitWarmUp warmUp = TrainCommand.startWarmUp(model, () -> VolumeModels.build(modelName, conv, seed, side, classes),
        batchSize, totalSteps);
    try { // a failure (memory, divergence) must not leave the warm-up running
      SequentialState state = new SequentialState(model, 2);
      long params = PaperModels.trainableParameters(model);
      out.println("data: " + splits.provenance() + ": " + splits.train().size() + " train, " + splits.validation().size()
          + " validation, " + splits.test().size() + " test volumes, " + classes + " classes");
      out.println("model: " + modelName + ", " + params + " parameters, backend " + backend + ", seed " + seed);
      out.println(String.format(Locale.ROOT, "protocol: %d epochs, batch %d, Adam %s %s, weight decay %s, augment %s, best model "
          + "by validation AUC kept", epochs, batchSize, lr, scheduleName, weightDecay, augment));
      out.print(model.summary());
      out.flush();

      LearningRateSchedule schedule = scheduleName.equals("cosine") ? LearningRateSchedule.cosine(lr, 0, totalSteps)
          : LearningRateSchedule.constant(lr);
      Adam adam = new Adam(model.parameters(), schedule, 0.9, 0.999, 1e-8, weightDecay, true);
      TrainerConfig config = TrainerConfig.builder().epochs(epochs).batchSize(batchSize).seed(seed).build();
      JsonObject architecture = architecture(modelName, model, dataset, classes, dataFile);
      JsonObject training = new JsonObject();
      training.addProperty("seed", seed);
      training.addProperty("epochs", epochs);
      training.addProperty("batchSize", batchSize);
      training.addProperty("optimizer", "adam");
      training.addProperty("learningRate", lr);
      training.addProperty("weightDecay", weightDecay);
      training.addProperty("schedule", scheduleName);
      training.addProperty("backend", backend);
      training.addProperty("data", splits.provenance());
      training.addProperty("trainVolumes", splits.train().size());
      training.addProperty("model", modelName);
      training.addProperty("augment", augment);
      JsonArray arguments = new JsonArray();
      TrainCommand.argumentsWithoutCheckpoint(args).forEach(arguments::add);
      training.add("arguments", arguments);
      training.addProperty("protocol", "3d-default");
      training.addProperty("modelKept", "best-validation-auc");
      training.addProperty("parameters", params);
      JsonArray history = new JsonArray();
      training.add("history", history);
      Trainer trainer = new Trainer(model, state, LossFunction.softmaxCrossEntropy(), adam, config, log,
          ProgressBar.detectMode());
      UnaryOperator<Batch> augmentation = augment.equals("none") ? UnaryOperator.identity()
          : new CubeRotations(PaperModels.group(augment.equals("rotations") ? "O" : "OH"), side, seed * 7_919L + 1);
      trainer.augment(augmentation);
      trainer.validationMeasure("validation 1-AUC", d -> {
        double auc = Volumes.evaluate(model, d, config.evalBatchSize()).auc();
        return Double.isNaN(auc) ? Trainer.evaluate(model, d, config.evalBatchSize()) : 1 - auc;
      });
      List<EpochResult> curve = new ArrayList<>();
      TrainCommand.awaitWarmUp(warmUp, log);
      // history entries as in 2D; validationError is 1 - validation AUC here
      TrainingReport report = TrainCommand.fitRecording(trainer, splits, curve, training, checkpoint, state, architecture,
          lr, scheduleName, LR);
      Volumes.Scores val = Volumes.evaluate(model, splits.validation(), config.evalBatchSize());
      Volumes.Scores test = Volumes.evaluate(model, splits.test(), config.evalBatchSize());
      training.addProperty("bestEpoch", report.bestEpoch());
      training.addProperty("trainError", report.trainError());
      training.addProperty("validationAuc", val.auc());
      training.addProperty("validationAccuracy", val.accuracy());
      training.addProperty("testAuc", test.auc());
      training.addProperty("testAccuracy", test.accuracy());
      training.addProperty("testVolumes", test.count());
      training.addProperty("wallSeconds", report.wallSeconds());
      training.addProperty("volumesPerSecond", report.imagesPerSecond());
      if (checkpoint.isPresent()) {
        Checkpoint.save(checkpoint.get(), state, GSON.toJson(architecture), GSON.toJson(training));
        out.println("checkpoint: " + checkpoint.get() + " (epoch " + report.bestEpoch() + ")");
      }
      try { // a lesser write: its failure never costs the trained model
        TrainingCurves.write(curvesFile, modelName + " on " + dataset + " (seed " + seed + (augment.equals("none") ? ""
            : ", augment " + augment) + ")", Map.of(modelName + " seed " + seed, curve), TrainingCurves.ONE_MINUS_AUC);
        out.println("curves: " + curvesFile);
      } catch (java.io.IOException | RuntimeException e) {
        log.println("gconv4j train: warning: the curves were not written: " + Main.message(e)
            + (checkpoint.isPresent() ? "; the model is safe in " + checkpoint.get() : ""));
        out.println("curves: not written (" + curvesFile + ")");
      }
      out.printf(Locale.ROOT, "best epoch %d of %d, %.0f s; %s%n", report.bestEpoch(), epochs, report.wallSeconds(),
          val.line("validation"));
      out.println(test.line("test"));
      return 0;
    } finally {
      if (warmUp != null) {
        warmUp.stop();
      }
    }
  }

  static JsonObject architecture(String modelName, Sequential model, String dataset, int classes, Optional<Path> dataFile) {
    JsonObject arch = TrainCommand.architectureHead(modelName, model, classes, dataset);
    dataFile.ifPresent(f -> arch.addProperty("dataFile", f.toAbsolutePath().normalize().toString()));
    return TrainCommand.architectureTail(arch, model, "[C_out, C_in, S_in, n, n, n] (CONVENTIONS section 5)");
  }
}
