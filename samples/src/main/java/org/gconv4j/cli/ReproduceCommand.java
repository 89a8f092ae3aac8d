package org.gconv4j.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.gconv4j.io.AtomicFiles;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.WeightInit;
import org.gconv4j.samples.models.PaperModels;
import org.gconv4j.train.Checkpoint;
import org.gconv4j.train.EpochResult;

/**
 * {@code ./gconv4j reproduce table1}: trains the paper's MNIST-rot models over several seeds with
 * {@code train --protocol paper} and writes {@code table1.md} (mean ± std test error next to the
 * paper's Table 1) and {@code curves.png} (training loss and monitor error per epoch of every run).
 * Each run's checkpoint goes to {@code OUT/runs/MODEL-seedS.npz}; a run whose checkpoint already
 * holds a finished run with the same settings is reused, not retrained.
 */
final class ReproduceCommand implements Command {
  /** The paper's Table 1 (test error %, ± std over seeds), by model. */
  static final Map<String, String> PAPER = Map.of("z2cnn", "5.03 ± 0.20", "p4cnn-rp", "3.21 ± 0.12",
      "p4cnn", "2.28 ± 0.04", "p4mcnn", "— (not in the paper)");
  /** The rows, in the paper's order (p4mcnn is our extra row). */
  static final List<String> MODELS = List.of("z2cnn", "p4cnn-rp", "p4cnn", "p4mcnn");
  /** {@code --quick}: one seed, one epoch on the first 1,000 training and 2,000 test digits. */
  static final List<String> QUICK = List.of("--epochs", "1", "--train-size", "1000", "--test-size", "2000");

  private final Function<String, ConvLayerFactory> convFactories;
  private final PrintStream log;

  ReproduceCommand() {
    this(ConvFactories::forBackend, System.err);
  }

  ReproduceCommand(Function<String, ConvLayerFactory> convFactories, PrintStream log) {
    this.convFactories = convFactories;
    this.log = log;
  }

  @Override
  public String name() {
    return "reproduce";
  }

  @Override
  public String summary() {
    return "reproduce the paper's Table 1 (MNIST-rot), or the 3D AdrenalMNIST3D table, over several seeds";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: ./gconv4j reproduce table1 [--seeds N] [--quick] [--models z2cnn,p4cnn-rp,p4cnn,p4mcnn]",
        "                                  [--epochs E|MODEL=E,...] [--schedule constant|cosine] [--out DIR]",
        "                                  [--train-size N] [--test-size N] [--backend B] [--data DIR]",
        "                                  [--dataset D] [--data-seed S] [--init he|lecun]",
        "  --seeds N          seeds 0..N-1 per model (default 3)",
        "  --quick            a few-minute smoke run: 1 seed, 1 epoch, 1,000 training and 2,000 test digits",
        "                     (an explicit --seeds, --epochs, --train-size or --test-size wins)",
        "  --models LIST      comma-separated (default all four)",
        "  --epochs E         epochs of every model, or per model (z2cnn=30,p4cnn=20); default the",
        "                     paper's: 300 for z2cnn, 100 for the others",
        "  --schedule S       learning rate schedule (default the paper's: constant)",
        "  --init I           initial weights (default the paper's: lecun, N(0, 1/fan_in))",
        "  --out DIR          where table1.md, curves.png and runs/ go (default table1)",
        "Every run is ./gconv4j train --protocol paper (see train --help); finished runs found in",
        "OUT/runs with the same settings are reused.",
        String.join("\n", VolumeReproduction.USAGE));
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    if (!args.isEmpty() && args.get(0).equals("medmnist3d")) {
      return new VolumeReproduction(convFactories, log).run(args.subList(1, args.size()), out);
    }
    Args a = Args.parse(args, Set.of("seeds", "models", "epochs", "schedule", "out", "train-size", "test-size",
        "backend", "data", "dataset", "data-seed", "init"), Set.of("quick"));
    if (!a.positional().equals(List.of("table1"))) {
      throw new UsageException("the experiment to reproduce must be 'table1' or 'medmnist3d'; got " + a.positional());
    }
    boolean quick = a.has("quick");
    int seeds = a.getPositiveInt("seeds", quick ? 1 : 3);
    List<String> models = a.has("models") ? List.of(a.get("models", null).split(",")) : MODELS;
    for (String m : models) {
      if (!PaperModels.NAMES.contains(m)) {
        throw new UsageException("--models takes names from " + PaperModels.NAMES + "; got '" + m + "'");
      }
    }
    Map<String, Integer> epochs = epochsByModel(a, models);
    Path dir = Path.of(a.get("out", "table1"));
    Optional<Path> dataDir = a.has("data") ? Optional.of(Path.of(a.get("data", null))) : Optional.empty();
    Outputs.checkFolder("--out", dir); // every output, before the first run trains
    Outputs.checkFolder("--out", dir.resolve("runs"));
    Outputs.check(Map.of("--out (table1.md)", dir.resolve("table1.md"), "--out (curves.png)", dir.resolve("curves.png")),
        Outputs.dataFiles(dataDir));
    Files.createDirectories(dir.resolve("runs"));

    Map<String, List<JsonObject>> results = new LinkedHashMap<>();
    Map<String, List<EpochResult>> curves = new LinkedHashMap<>();
    for (String model : models) {
      List<JsonObject> runs = new ArrayList<>();
      for (int seed = 0; seed < seeds; seed++) {
        List<String> trainArgs = trainArgs(a, quick, model, seed, epochs.get(model));
        Path ckpt = dir.resolve("runs").resolve(model + "-seed" + seed + ".npz");
        JsonObject training = finishedRun(ckpt, trainArgs);
        if (training == null) {
          if (Files.isRegularFile(ckpt)) {
            log.println("reproduce: " + ckpt + " holds an unfinished run or one with other settings; training again replaces it");
          }
          log.println("reproduce: training " + model + " seed " + seed + ": train " + String.join(" ", trainArgs));
          List<String> full = new ArrayList<>(trainArgs);
          full.addAll(List.of("--checkpoint", ckpt.toString()));
          new TrainCommand(convFactories, log).run(full, log);
          training = finishedRun(ckpt, trainArgs);
          if (training == null) {
            throw new IOException("[reproduce] " + ckpt + " holds no finished run after training " + model);
          }
        } else {
          log.println("reproduce: reusing " + ckpt);
        }
        runs.add(training);
        curves.put(model + " seed " + seed, CheckpointJson.history(training));
        out.printf(Locale.ROOT, "%s seed %d: test error %.2f%% (%d epochs, %.0f s)%n", model, seed,
            100 * training.get("testError").getAsDouble(), training.get("epochs").getAsInt(),
            training.get("wallSeconds").getAsDouble());
      }
      results.put(model, runs);
    }
    Path table = dir.resolve("table1.md");
    String md = Table1.markdown(results, quick);
    AtomicFiles.write(table, o -> o.write(md.getBytes(StandardCharsets.UTF_8)));
    Path png = dir.resolve("curves.png");
    boolean chart = true;
    try { // a lesser write: the table and the runs are kept when it fails
      TrainingCurves.write(png, "MNIST-rot, paper protocol" + (quick ? " (quick)" : ""), curves);
    } catch (IOException | RuntimeException e) {
      chart = false;
      log.println("gconv4j reproduce: warning: the curves were not written: " + Main.message(e));
    }
    out.print(md);
    out.println("wrote " + table + (chart ? " and " + png : ""));
    return 0;
  }

  private static Map<String, Integer> epochsByModel(Args a, List<String> models) {
    Map<String, Integer> e = new LinkedHashMap<>();
    for (String m : models) {
      e.put(m, Protocol.PAPER.epochs(m));
    }
    if (a.has("epochs")) {
      String spec = a.get("epochs", null);
      try {
        if (!spec.contains("=")) {
          int all = Integer.parseInt(spec);
          e.replaceAll((m, v) -> all);
        } else {
          for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (!e.containsKey(kv[0])) {
              throw new UsageException("--epochs names model '" + kv[0] + "', which is not among " + models);
            }
            e.put(kv[0], Integer.parseInt(kv[1]));
          }
        }
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException ex) {
        throw new UsageException("--epochs takes a number or MODEL=E,MODEL=E; got '" + spec + "'");
      }
      for (int v : e.values()) {
        if (v < 1) {
          throw new UsageException("--epochs must be >= 1; got '" + spec + "'");
        }
      }
    }
    return e;
  }

  /** The {@code train} options of one run (without the checkpoint). */
  private static List<String> trainArgs(Args a, boolean quick, String model, int seed, int epochs) {
    List<String> t = new ArrayList<>(List.of("--protocol", "paper", "--model", model, "--seed", String.valueOf(seed)));
    // --quick sets defaults; an explicit --epochs, --train-size or --test-size wins over them
    t.addAll(List.of("--epochs", quick && !a.has("epochs") ? QUICK.get(1) : String.valueOf(epochs)));
    passOptions(a, quick, QUICK, List.of("schedule", "train-size", "test-size", "backend", "data", "dataset", "data-seed",
        "init"), t);
    return t;
  }

  /**
   * Appends to {@code into} each option of {@code names} as the user gave it, else, with {@code --quick}, its value
   * in {@code quick} ({@code --name value} pairs): an explicit option always wins over a quick default.
   */
  static void passOptions(Args a, boolean quickRun, List<String> quick, List<String> names, List<String> into) {
    for (String pass : names) {
      if (a.has(pass)) {
        into.addAll(List.of("--" + pass, a.get(pass, null)));
      } else if (quickRun && quick.contains("--" + pass)) {
        into.addAll(List.of("--" + pass, quick.get(quick.indexOf("--" + pass) + 1)));
      }
    }
  }

  /**
   * The checkpoint's training document when it holds a finished run of {@code train} with the
   * options {@code trainArgs} (for checkpoints that predate the recorded options: the same protocol,
   * seed, epochs, schedule, and training and test set sizes when they are limited), else null. The
   * initial weights must match too: a checkpoint that records none was trained He-normal (the only
   * initialisation before {@code --init}), so it is not a run of the paper protocol's lecun default,
   * but {@code --init he} reuses it.
   */
  static JsonObject finishedRun(Path ckpt, List<String> trainArgs) throws IOException {
    if (!Files.isRegularFile(ckpt)) {
      return null;
    }
    CheckpointJson j = CheckpointJson.parse(ckpt, "training.json", Checkpoint.read(ckpt).trainingJson(), "[reproduce]",
        "Delete " + ckpt + " to train that run again");
    checkSettings(j);
    JsonObject t = j.object();
    t.entrySet().removeIf(e -> e.getValue().isJsonNull()); // null reads as absent (required keys: checkResults)
    if (!sameRun(t, trainArgs)) {
      return null;
    }
    checkResults(j);
    return t;
  }

  private static final long INT_MIN = Integer.MIN_VALUE;
  private static final long INT_MAX = Integer.MAX_VALUE;

  /** The types of the keys that decide whether a recorded run is the run asked for (see {@link #sameRun}). */
  static void checkSettings(CheckpointJson j) throws IOException {
    j.strings("arguments");
    j.string("command", "");
    j.string("weightInit", "");
    j.string("protocol", "");
    j.string("schedule", "");
    j.integer("seed", INT_MIN, INT_MAX, 0L);
    j.integer("epochs", 1, INT_MAX, 1L);
    j.integer("trainImages", 1, INT_MAX, 1L);
    j.integer("testImages", 1, INT_MAX, 1L);
    j.number("testError", 0, 1, Double.NaN);
  }

  /** Every key of a finished run that {@code reproduce} and {@link Table1} read: type and range, else an error naming the file and the key. */
  static void checkResults(CheckpointJson j) throws IOException {
    j.number("testError", 0, 1, null);
    j.integer("seed", INT_MIN, INT_MAX, null);
    j.integer("epochs", 1, INT_MAX, null);
    j.integer("testImages", 1, INT_MAX, null);
    j.number("wallSeconds", 0, Double.MAX_VALUE, null);
    j.integer("parameters", 0, Long.MAX_VALUE, 0L);
    j.number("learningRate", Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN);
    j.integer("batchSize", 1, INT_MAX, 1L);
    j.number("augmentRotationDegrees", 0, 180, 0.0);
    for (String key : List.of("trainedOn", "modelKept", "batchNormStatistics")) {
      j.string(key, "");
    }
    for (CheckpointJson e : j.objects("history")) {
      e.integer("epoch", 1, INT_MAX, null);
      e.number("trainLoss", 0, Double.MAX_VALUE, null);
      e.number("trainError", 0, 1, null);
      e.number("validationError", 0, 1, Double.NaN);
      e.number("seconds", 0, Double.MAX_VALUE, null);
    }
  }

  /** Whether the training document {@code t} records a finished run of {@code train trainArgs} (see {@link #finishedRun}). */
  static boolean sameRun(JsonObject t, List<String> trainArgs) {
    if (!t.has("testError") || !t.has("protocol")) {
      return false;
    }
    String recordedInit = recordedInit(t);
    String wantInit = option(trainArgs, "init", Protocol.named(option(trainArgs, "protocol", "paper")).init().optionName());
    if (!recordedInit.equals(wantInit)) {
      return false;
    }
    if (t.has("arguments")) {
      List<String> recorded = new ArrayList<>();
      t.getAsJsonArray("arguments").forEach(e -> recorded.add(e.getAsString()));
      return options(recorded).equals(options(trainArgs));
    }
    if (t.has("command")) { // written before the arguments were recorded one by one
      return options(List.of(t.get("command").getAsString().split(" "))).equals(options(trainArgs));
    }
    // written before train recorded its options: compare the settings it did record
    Map<String, String> want = new LinkedHashMap<>();
    want.put("protocol", option(trainArgs, "protocol", "paper"));
    want.put("seed", option(trainArgs, "seed", "0"));
    want.put("epochs", option(trainArgs, "epochs", null));
    want.put("schedule", option(trainArgs, "schedule", Protocol.PAPER.schedule()));
    want.put("trainImages", option(trainArgs, "train-size", null));
    want.put("testImages", option(trainArgs, "test-size", null));
    for (Map.Entry<String, String> w : want.entrySet()) {
      if (w.getValue() != null && !(t.has(w.getKey()) && t.get(w.getKey()).getAsString().equals(w.getValue()))) {
        return false;
      }
    }
    return true;
  }

  /** The initial weights a training document records; none recorded means He (the only kind before {@code --init}). */
  static String recordedInit(JsonObject t) {
    return t.has("weightInit") ? t.get("weightInit").getAsString() : WeightInit.HE_NORMAL.optionName();
  }

  /**
   * {@code --name value} pairs as a map (order does not matter), without {@code --init}: the
   * initial weights are compared through the recorded {@code weightInit}, which older runs lack.
   */
  private static Map<String, String> options(List<String> args) {
    Map<String, String> m = new java.util.TreeMap<>();
    for (int i = 0; i + 1 < args.size(); i += 2) {
      m.put(args.get(i), args.get(i + 1));
    }
    m.remove("--init");
    return m;
  }

  private static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf("--" + name);
    return i >= 0 ? args.get(i + 1) : fallback;
  }

}
