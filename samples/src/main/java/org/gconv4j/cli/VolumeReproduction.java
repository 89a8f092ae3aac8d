package org.gconv4j.cli;

import com.google.gson.JsonElement;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.gconv4j.backend.Backends;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.io.AtomicFiles;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.samples.models.VolumeModels;
import org.gconv4j.train.Checkpoint;
import org.gconv4j.train.EpochResult;

/**
 * {@code ./gconv4j reproduce medmnist3d}: trains o-cnn3d, oh-cnn3d, z3-cnn3d and z3-cnn3d with
 * rotation augmentation on AdrenalMNIST3D over several seeds with the default 3D protocol
 * ({@link VolumeTraining}) and writes {@code medmnist3d.md} (mean ± std of test AUC and ACC, next to
 * MedMNIST v2's published baselines) and {@code curves.png}. Each run's checkpoint goes to
 * {@code OUT/runs/ROW-seedS.npz}; a checkpoint that already holds a finished run with the same
 * options is reused, so the runs may also be trained one by one with {@code train ... --checkpoint}.
 */
final class VolumeReproduction {
  /** The rows: name → the {@code train} options that make it (besides seed and dataset). */
  static final Map<String, List<String>> ROWS = rows();
  /** {@code --quick}: one seed, one epoch on the first 64 training and 64 test volumes. */
  static final List<String> QUICK = List.of("--epochs", "1", "--train-size", "64", "--test-size", "64");
  static final String CITATION = "Yang, J., Shi, R., Wei, D., Liu, Z., Zhao, L., Ke, B., Pfister, H., Ni, B.: "
      + "MedMNIST v2 - A large-scale lightweight benchmark for 2D and 3D biomedical image classification. "
      + "Scientific Data 10, 41 (2023). https://doi.org/10.1038/s41597-022-01721-8";
  /**
   * MedMNIST v2's AdrenalMNIST3D baselines, by method: {test AUC, test ACC} as printed in the paper,
   * or null where this repository has not verified the number against the paper (then the table
   * says so instead of quoting).
   */
  static final Map<String, String[]> PUBLISHED = published();

  static final List<String> USAGE = List.of(
      "   or: ./gconv4j reproduce medmnist3d [--seeds N] [--quick] [--models LIST] [--epochs E] [--out DIR]",
      "                                      [--backend B] [--data FILE] [--train-size N] [--test-size N]",
      "  medmnist3d         o-cnn3d, oh-cnn3d, z3-cnn3d and z3-cnn3d-rot (z3-cnn3d --augment rotations) on",
      "                     AdrenalMNIST3D with the default 3D protocol (docs/3d.md); writes OUT/medmnist3d.md",
      "                     (mean +- std of test AUC and ACC, parameters, time, MedMNIST v2's baselines),",
      "                     OUT/curves.png and OUT/runs/ROW-seedS.npz (default OUT: medmnist3d); --quick: 1 seed,",
      "                     1 epoch, 64 training and 64 test volumes (an explicit --seeds, --epochs, --train-size",
      "                     or --test-size wins); --models from " + String.join(",", ROWS.keySet()));

  private final Function<String, ConvLayerFactory> convFactories;
  private final PrintStream log;
  /** Builds the models whose layers a checkpoint's are compared with ({@link #layersDiffer}). */
  private ConvLayerFactory describing;

  VolumeReproduction(Function<String, ConvLayerFactory> convFactories, PrintStream log) {
    this.convFactories = convFactories;
    this.log = log;
  }

  private static Map<String, List<String>> rows() {
    Map<String, List<String>> r = new LinkedHashMap<>();
    r.put("o-cnn3d", List.of("--model", "o-cnn3d"));
    r.put("oh-cnn3d", List.of("--model", "oh-cnn3d"));
    r.put("z3-cnn3d", List.of("--model", "z3-cnn3d"));
    r.put("z3-cnn3d-rot", List.of("--model", "z3-cnn3d", "--augment", "rotations"));
    return r;
  }

  private static Map<String, String[]> published() {
    Map<String, String[]> p = new LinkedHashMap<>();
    for (String m : List.of("ResNet-18 + 2.5D", "ResNet-18 + 3D", "ResNet-18 + ACS", "ResNet-50 + 2.5D",
        "ResNet-50 + 3D", "ResNet-50 + ACS", "auto-sklearn", "AutoKeras")) {
      p.put(m, null);
    }
    return p;
  }

  int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("seeds", "models", "epochs", "out", "train-size", "test-size", "backend", "data"),
        Set.of("quick"));
    boolean quick = a.has("quick");
    int seeds = a.getInt("seeds", quick ? 1 : 3);
    if (seeds < 1) {
      throw new UsageException("--seeds must be >= 1; got " + seeds);
    }
    List<String> rows = a.has("models") ? List.of(a.get("models", null).split(",")) : List.copyOf(ROWS.keySet());
    for (String m : rows) {
      if (!ROWS.containsKey(m)) {
        throw new UsageException("--models takes names from " + ROWS.keySet() + "; got '" + m + "'");
      }
    }
    if (a.has("epochs") && a.getInt("epochs", 0) < 1) {
      throw new UsageException("--epochs must be >= 1; got " + a.get("epochs", ""));
    }
    Path dir = Path.of(a.get("out", "medmnist3d"));
    Path dataFile = a.has("data") ? Path.of(a.get("data", null)) : null;
    Outputs.checkFolder("--out", dir); // every output, before the first run trains
    Outputs.checkFolder("--out", dir.resolve("runs"));
    Outputs.check(Map.of("--out (medmnist3d.md)", dir.resolve("medmnist3d.md"), "--out (curves.png)",
        dir.resolve("curves.png")), Outputs.inputs("--data", dataFile));
    Files.createDirectories(dir.resolve("runs"));
    Map<String, List<JsonObject>> results = new LinkedHashMap<>();
    Map<String, List<EpochResult>> curves = new LinkedHashMap<>();
    for (String row : rows) {
      List<JsonObject> runs = new ArrayList<>();
      for (int seed = 0; seed < seeds; seed++) {
        List<String> trainArgs = trainArgs(a, quick, row, seed);
        Path ckpt = dir.resolve("runs").resolve(row + "-seed" + seed + ".npz");
        JsonObject training = finishedRun(ckpt, trainArgs, this::layersDiffer);
        if (training == null) {
          if (Files.isRegularFile(ckpt)) {
            log.println("reproduce: " + ckpt + " holds an unfinished run or one with other settings; training again replaces it");
          }
          log.println("reproduce: training " + row + " seed " + seed + ": train " + String.join(" ", trainArgs));
          List<String> full = new ArrayList<>(trainArgs);
          full.addAll(List.of("--checkpoint", ckpt.toString(), "--curves",
              dir.resolve("runs").resolve(row + "-seed" + seed + "-curves.png").toString()));
          new VolumeTraining(convFactories, log).run(full, log);
          training = finishedRun(ckpt, trainArgs, this::layersDiffer);
          if (training == null) {
            throw new IOException("[reproduce] " + ckpt + " holds no finished run after training " + row);
          }
        } else {
          log.println("reproduce: reusing " + ckpt);
        }
        runs.add(training);
        curves.put(row + " seed " + seed, history(training));
        out.printf(Locale.ROOT, "%s seed %d: test auc %.3f acc %.3f (%d epochs, %.0f s)%n", row, seed,
            number(training, "testAuc"), training.get("testAccuracy").getAsDouble(),
            training.get("epochs").getAsInt(), training.get("wallSeconds").getAsDouble());
      }
      results.put(row, runs);
    }
    Path table = dir.resolve("medmnist3d.md");
    String md = markdown(results, quick);
    AtomicFiles.write(table, o -> o.write(md.getBytes(StandardCharsets.UTF_8)));
    Path png = dir.resolve("curves.png");
    boolean chart = true;
    try { // a lesser write: the table and the runs are kept when it fails
      TrainingCurves.write(png, "AdrenalMNIST3D, default 3D protocol" + (quick ? " (quick)" : ""), curves,
          TrainingCurves.ONE_MINUS_AUC);
    } catch (IOException | RuntimeException e) {
      chart = false;
      log.println("gconv4j reproduce: warning: the curves were not written: " + Main.message(e));
    }
    out.print(md);
    out.println("wrote " + table + (chart ? " and " + png : ""));
    return 0;
  }

  /** The {@code train} options of one run (without checkpoint and curves). */
  static List<String> trainArgs(Args a, boolean quick, String row, int seed) {
    List<String> t = new ArrayList<>(List.of("--dataset", "adrenalmnist3d"));
    t.addAll(ROWS.get(row));
    t.addAll(List.of("--seed", String.valueOf(seed)));
    // --quick sets defaults; an explicit --epochs, --train-size or --test-size wins over them (as for table1)
    ReproduceCommand.passOptions(a, quick, QUICK, List.of("epochs", "train-size", "test-size", "backend", "data"), t);
    return t;
  }

  /**
   * Null when a 3D checkpoint's architecture document describes the layers this gconv4j builds for its
   * model, else where they differ (a run of an older model is trained again, not reused).
   */
  private String layersDiffer(JsonObject arch) {
    try {
      JsonElement input = arch.get("input");
      int side = input.getAsJsonArray().get(3).getAsInt();
      int classes = arch.get("classes").getAsInt();
      if (describing == null) { // the layers only: not the backend a training would pick (and announce)
        ConvBackend cpu = Backends.create("cpu");
        describing = spec -> new GroupConv(spec, cpu);
      }
      return CheckpointModels.layersDiffer(arch,
          VolumeModels.build(arch.get("model").getAsString(), describing, 0, side, classes));
    } catch (RuntimeException e) { // absent or malformed keys: not a run of this gconv4j's models
      return "is not the architecture of a 3D model (" + e.getMessage() + ")";
    }
  }

  /**
   * The checkpoint's training document when it holds a finished 3D run of {@code train trainArgs} whose
   * architecture {@code layersDiffer} accepts (returns null for), else null.
   */
  static JsonObject finishedRun(Path ckpt, List<String> trainArgs, Function<JsonObject, String> layersDiffer)
      throws IOException {
    if (!Files.isRegularFile(ckpt)) {
      return null;
    }
    Checkpoint.Contents contents = Checkpoint.read(ckpt);
    CheckpointJson j = CheckpointJson.parse(ckpt, "training.json", contents.trainingJson(), "[reproduce]",
        "Delete " + ckpt + " to train that run again");
    CheckpointJson arch = CheckpointJson.parse(ckpt, Checkpoint.ARCHITECTURE, contents.architectureJson(), "[reproduce]",
        "Delete " + ckpt + " to train that run again");
    List<String> recorded = j.strings("arguments"); // the key that decides whether it is the run asked for
    j.number("testAuc", 0, 1, Double.NaN);
    JsonObject t = j.object();
    t.entrySet().removeIf(e -> e.getValue().isJsonNull()); // null reads as absent (required keys: checkResults)
    if (!t.has("testAuc") || recorded == null || !options(recorded).equals(options(trainArgs))
        || layersDiffer.apply(arch.object()) != null) {
      return null;
    }
    checkResults(j);
    return t;
  }

  private static final long INT_MAX = Integer.MAX_VALUE;

  /**
   * Every key of a finished 3D run that {@code reproduce medmnist3d} and its table read: type and
   * range, else an error naming the file and the key (as {@link ReproduceCommand#checkResults} for table1).
   * A test AUC may be NaN (a test set of one class); everything else is required.
   */
  static void checkResults(CheckpointJson j) throws IOException {
    j.number("testAuc", 0, 1, Double.NaN);
    j.number("testAccuracy", 0, 1, null);
    j.integer("seed", Integer.MIN_VALUE, INT_MAX, null);
    j.integer("epochs", 1, INT_MAX, null);
    j.integer("testVolumes", 1, INT_MAX, null);
    j.integer("trainVolumes", 1, INT_MAX, null);
    j.integer("batchSize", 1, INT_MAX, null);
    j.integer("parameters", 0, Long.MAX_VALUE, null);
    j.number("wallSeconds", 0, Double.MAX_VALUE, null);
    j.number("learningRate", Double.MIN_VALUE, Double.MAX_VALUE, null);
    j.oneOf("schedule", List.of("constant", "cosine"));
    for (CheckpointJson e : j.objects("history")) {
      e.integer("epoch", 1, INT_MAX, null);
      e.number("trainLoss", 0, Double.MAX_VALUE, null);
      e.number("trainError", 0, 1, null);
      e.number("validationError", 0, 1, Double.NaN); // 1 - validation AUC
      e.number("seconds", 0, Double.MAX_VALUE, null);
    }
  }

  /** {@code --name value} pairs as a map (order does not matter), without {@code --curves}. */
  private static Map<String, String> options(List<String> args) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < args.size(); i++) {
      String s = args.get(i);
      if (!s.startsWith("--")) {
        continue;
      }
      int eq = s.indexOf('=');
      if (eq > 0) {
        m.put(s.substring(0, eq), s.substring(eq + 1));
      } else if (i + 1 < args.size()) {
        m.put(s, args.get(++i));
      }
    }
    m.remove("--curves");
    m.putIfAbsent("--dataset", "adrenalmnist3d");
    m.putIfAbsent("--augment", "none");
    m.putIfAbsent("--model", "o-cnn3d");
    m.putIfAbsent("--seed", "0");
    return m;
  }

  private static List<EpochResult> history(JsonObject training) {
    List<EpochResult> h = new ArrayList<>();
    for (JsonElement el : training.getAsJsonArray("history")) {
      JsonObject e = el.getAsJsonObject();
      h.add(new EpochResult(e.get("epoch").getAsInt(), e.get("trainLoss").getAsDouble(),
          e.get("trainError").getAsDouble(), number(e, "validationError"), e.get("seconds").getAsDouble()));
    }
    return h;
  }

  /** A validated number that may be NaN (written as NaN, "NaN" or absent). */
  private static double number(JsonObject o, String key) {
    JsonElement v = o.get(key);
    return v == null || v.isJsonNull() ? Double.NaN : v.getAsDouble();
  }

  /** The Markdown of {@code medmnist3d.md}. */
  static String markdown(Map<String, List<JsonObject>> runs, boolean quick) {
    StringBuilder s = new StringBuilder();
    s.append("# AdrenalMNIST3D (MedMNIST v2), reproduced").append(quick ? " — QUICK SMOKE RUN, not a result" : "")
        .append("\n\n");
    s.append("| model | test AUC | test ACC | runs (seed: AUC / ACC) | parameters | epochs | wall time per run | test volumes |\n");
    s.append("|---|---|---|---|---|---|---|---|\n");
    for (Map.Entry<String, List<JsonObject>> e : runs.entrySet()) {
      List<JsonObject> r = e.getValue();
      double[] auc = r.stream().mapToDouble(t -> number(t, "testAuc")).toArray();
      double[] acc = r.stream().mapToDouble(t -> t.get("testAccuracy").getAsDouble()).toArray();
      String perSeed = r.stream().map(t -> String.format(Locale.ROOT, "%d: %.3f / %.3f", t.get("seed").getAsLong(),
          number(t, "testAuc"), t.get("testAccuracy").getAsDouble())).collect(Collectors.joining(", "));
      String epochs = r.stream().map(t -> t.get("epochs").getAsString()).distinct().collect(Collectors.joining("/"));
      double wall = r.stream().mapToDouble(t -> t.get("wallSeconds").getAsDouble()).average().orElse(Double.NaN);
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %,d | %s | %.0f s | %d |%n", label(e.getKey()),
          meanStd(auc), meanStd(acc), perSeed, r.get(0).get("parameters").getAsLong(), epochs, wall,
          r.get(0).get("testVolumes").getAsInt()));
    }
    JsonObject first = runs.values().iterator().next().get(0);
    s.append(String.format(Locale.ROOT, "%nProtocol (docs/3d.md): `train --dataset adrenalmnist3d`: Adam (lr %s, %s "
            + "schedule to 0), batch %s, trained on the %s training volumes, the model with the best validation AUC "
            + "(98 volumes) kept; AUC of the softmax probability of class 1 and accuracy of the argmax on the test "
            + "volumes, as MedMNIST's evaluator. ± is the standard deviation over seeds (population, numpy's std). "
            + "Wall time includes the evaluations; say which machine ran it.%n",
        first.get("learningRate").getAsString(), first.get("schedule").getAsString(),
        first.get("batchSize").getAsString(), first.get("trainVolumes").getAsString()));
    s.append("\n## MedMNIST v2's published AdrenalMNIST3D baselines\n\n");
    s.append("| method | test AUC | test ACC |\n|---|---|---|\n");
    boolean missing = false;
    for (Map.Entry<String, String[]> p : PUBLISHED.entrySet()) {
      String[] v = p.getValue();
      missing |= v == null;
      s.append("| ").append(p.getKey()).append(" | ").append(v == null ? "not verified" : v[0]).append(" | ")
          .append(v == null ? "not verified" : v[1]).append(" |\n");
    }
    s.append("\nSource: ").append(CITATION).append(" (its table of 3D results, column Adrenal).");
    if (missing) {
      s.append(" The numbers marked \"not verified\" could not be checked against the paper when this table's code "
          + "was written, so they are not quoted here; read them in the paper.");
    }
    s.append("\n");
    return s.toString();
  }

  static String label(String row) {
    return row.equals("z3-cnn3d-rot") ? "z3-cnn3d --augment rotations" : row;
  }

  /** {@code "0.812 ± 0.010 (3)"}. */
  static String meanStd(double[] v) {
    double mean = 0;
    for (double x : v) {
      mean += x / v.length;
    }
    double var = 0;
    for (double x : v) {
      var += (x - mean) * (x - mean) / v.length;
    }
    return String.format(Locale.ROOT, "%.3f ± %.3f (%d)", mean, Math.sqrt(var), v.length);
  }
}
