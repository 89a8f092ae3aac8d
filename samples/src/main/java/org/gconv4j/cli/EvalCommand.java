package org.gconv4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.gconv4j.data.Splits;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.train.ConfusionMatrix;
import org.gconv4j.train.Trainer;
import org.gconv4j.train.TrainingReport;

/** {@code ./gconv4j eval --checkpoint FILE}: the test error of a trained model. */
final class EvalCommand implements Command {
  private final Function<String, ConvLayerFactory> convFactories;
  private final PrintStream log;

  EvalCommand() {
    this(ConvFactories::forBackend, System.err);
  }

  EvalCommand(Function<String, ConvLayerFactory> convFactories, PrintStream log) {
    this.convFactories = convFactories;
    this.log = log;
  }

  @Override
  public String name() {
    return "eval";
  }

  @Override
  public String summary() {
    return "test error of a checkpoint written by train";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: ./gconv4j eval --checkpoint FILE|--pretrained p4cnn|o-cnn3d [--backend cpu|opencl|auto] [--batch-size B] [--data DIR]",
        "                     [--test-size N]",
        "  --checkpoint FILE  a .npz written by ./gconv4j train --checkpoint",
        Pretrained.USAGE,
        "  --backend B        where G-correlations run (default auto)",
        "  --batch-size B     images per forward pass (default 32)",
        "  --data DIR         folder with the raw IDX files, as for train",
        "  --test-size N      only the first N test images (default all; a quick look, not the reported error)",
        "The dataset and its seed are those recorded in the checkpoint. Before the last line, the test set's",
        "per-class error and its five most frequent mistakes (true class as predicted class, count). Last line:",
        "  test error: X.XX% (N test images)",
        "3D checkpoints (o-cnn3d, oh-cnn3d, z3-cnn3d; docs/3d.md): the data set recorded in the checkpoint (the",
        "shipped AdrenalMNIST3D, or --data FILE, a MedMNIST 3D .npz); MedMNIST's metrics, last line",
        "  test auc: <auc> acc: <acc> (<n> test volumes), three decimals each");
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("checkpoint", "pretrained", "backend", "batch-size", "data", "test-size"),
        Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException("unexpected arguments " + a.positional());
    }
    Path file = Pretrained.checkpoint(a);
    int batch = a.getPositiveInt("batch-size", 32);
    CheckpointModels.Loaded m = CheckpointModels.load(file, convFactories.apply(a.get("backend", "auto")));
    Optional<Path> dataDir = a.has("data") ? Optional.of(Path.of(a.get("data", null))) : Optional.empty();
    if (CheckpointModels.isVolume(m)) {
      return evalVolumes(a, m, file, dataDir, batch, out);
    }
    Splits splits = DataOptions.loadFor(m.modelName(), m.dataset(), dataDir, m.dataSeed(), log);
    splits = prepared(a, m, splits, file, batch, out);
    long start = System.nanoTime();
    double val = Trainer.evaluate(m.model(), splits.validation(), batch);
    ConfusionMatrix confusion = ConfusionMatrix.of(m.model(), splits.test(), batch);
    double test = confusion.error();
    double seconds = (System.nanoTime() - start) / 1e9;
    boolean trainedOnValidation = m.training().has("trainedOn")
        && m.training().get("trainedOn").getAsString().endsWith("+validation");
    out.printf(Locale.ROOT, "validation error: %.2f%% (%d images%s)%n", 100 * val, splits.validation().size(),
        trainedOnValidation ? "; part of this model's training data" : "");
    out.printf(Locale.ROOT, "evaluated %d images in %.1f s (%.0f images/s)%n",
        splits.validation().size() + splits.test().size(), seconds,
        (splits.validation().size() + splits.test().size()) / seconds);
    out.println(confusion.perClassLine());
    out.println(confusion.mostConfusedLine(5));
    out.println(TrainingReport.testLine(test, splits.test().size()));
    return 0;
  }

  /** {@code --test-size}, the batch-memory check and the checkpoint line: the same for 2D and 3D. */
  private static Splits prepared(Args a, CheckpointModels.Loaded m, Splits splits, Path file, int batch, PrintStream out) {
    if (a.has("test-size")) {
      splits = splits.withTestSize(a.getPositiveInt("test-size", 0));
    }
    BatchMemory.check(m.model(), BatchMemory.sampleShape(splits.test()), batch,
        Math.max(splits.validation().size(), splits.test().size()), "--batch-size");
    out.println("checkpoint: " + file + " (" + m.modelName() + ", " + splits.provenance() + ")");
    return splits;
  }

  /** The 3D half: MedMNIST's AUC and accuracy on the validation and test volumes. */
  private int evalVolumes(Args a, CheckpointModels.Loaded m, Path file, Optional<Path> dataFile, int batch,
      PrintStream out) throws Exception {
    if (dataFile.isEmpty() && m.architecture().has("dataFile")) {
      dataFile = Optional.of(Path.of(m.architecture().get("dataFile").getAsString()));
    }
    Splits splits = Volumes.load(m.dataset(), dataFile, log);
    splits = prepared(a, m, splits, file, batch, out);
    long start = System.nanoTime();
    Volumes.Scores val = Volumes.evaluate(m.model(), splits.validation(), batch);
    Volumes.Scores test = Volumes.evaluate(m.model(), splits.test(), batch);
    double seconds = (System.nanoTime() - start) / 1e9;
    out.println(val.line("validation"));
    out.printf(Locale.ROOT, "evaluated %d volumes in %.1f s (%.0f volumes/s)%n",
        splits.validation().size() + splits.test().size(), seconds,
        (splits.validation().size() + splits.test().size()) / seconds);
    out.println(test.line("test"));
    return 0;
  }
}
