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
   * One of MedMNIST v2's published AdrenalMNIST3D baselines: test AUC and ACC exactly as printed (three
   * decimals, kept as text so that nothing is re-rounded), and the model's parameter count, or 0 where none
   * applies (the AutoML tools).
   */
  record Baseline(String method, String auc, String acc, long parameters) {}

  /**
   * MedMNIST v2's AdrenalMNIST3D baselines, in the paper's row order: the AdrenalMNIST3D column of its
   * MedMNIST3D benchmark table, quoted from the authors' own copy of that table ("Benchmarking Performance on
   * MedMNIST3D", https://medmnist.com/v2, repository MedMNIST/medmnist.github.io, v2.html and index.html,
   * unchanged in this column from 2021-08-22 to 2024-11-28, commit 74c5d44). The paper's own text could not be
   * read where this was written; a second, independent copy (configs/benchmark-references.json of
   * habib-analyst/MedMNIST_v2_Reproducibility_Benchmark, and other reproductions) agrees for ResNet-50 + 3D
   * (0.828 / 0.745).
   *
   * <p>No parameter counts are quoted from the paper. These are counted from the authors' model code
   * (MedMNIST/experiments, MedMNIST3D/models.py: the CIFAR-style ResNet, one input channel, two classes,
   * batch-norm scales and shifts included): 2.5D and ACS convolutions keep the 2D kernels' weights, 3D
   * convolutions have k³ weights per kernel instead of k².
   */
  static final List<Baseline> PUBLISHED = List.of(
      new Baseline("ResNet-18 + 2.5D", "0.718", "0.772", 11_168_706),
      new Baseline("ResNet-18 + 3D", "0.827", "0.721", 33_140_802),
      new Baseline("ResNet-18 + ACS", "0.839", "0.754", 11_168_706),
      new Baseline("ResNet-50 + 2.5D", "0.732", "0.763", 23_503_298),
      new Baseline("ResNet-50 + 3D", "0.828", "0.745", 46_138_946),
      new Baseline("ResNet-50 + ACS", "0.828", "0.758", 23_503_298),
      new Baseline("auto-sklearn", "0.828", "0.802", 0),
      new Baseline("AutoKeras", "0.804", "0.705", 0));

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


  int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("seeds", "models", "epochs", "out", "train-size", "test-size", "backend", "data"),
        Set.of("quick"));
    boolean quick = a.has("quick");
    int seeds = a.getPositiveInt("seeds", quick ? 1 : 3);
    List<String> rows = a.has("models") ? List.of(a.get("models", null).split(",")) : List.copyOf(ROWS.keySet());
    for (String m : rows) {
      if (!ROWS.containsKey(m)) {
        throw new UsageException("--models takes names from " + ROWS.keySet() + "; got '" + m + "'");
      }
    }
    if (a.has("epochs")) {
      a.getPositiveInt("epochs", 0);
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
        curves.put(row + " seed " + seed, CheckpointJson.history(training));
        out.printf(Locale.ROOT, "%s seed %d: test auc %.3f acc %.3f (%d epochs, %.0f s)%n", row, seed,
            CheckpointJson.number(training, "testAuc"), training.get("testAccuracy").getAsDouble(),
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


  /** The Markdown of {@code medmnist3d.md}. */
  static String markdown(Map<String, List<JsonObject>> runs, boolean quick) {
    StringBuilder s = new StringBuilder();
    s.append("# AdrenalMNIST3D (MedMNIST v2), reproduced").append(quick ? " — QUICK SMOKE RUN, not a result" : "")
        .append("\n\n");
    s.append("| model | test AUC | test ACC | runs (seed: AUC / ACC) | parameters | epochs | wall time per run | test volumes |\n");
    s.append("|---|---|---|---|---|---|---|---|\n");
    for (Map.Entry<String, List<JsonObject>> e : runs.entrySet()) {
      List<JsonObject> r = e.getValue();
      double[] auc = r.stream().mapToDouble(t -> CheckpointJson.number(t, "testAuc")).toArray();
      double[] acc = r.stream().mapToDouble(t -> t.get("testAccuracy").getAsDouble()).toArray();
      String perSeed = r.stream().map(t -> String.format(Locale.ROOT, "%d: %.3f / %.3f", t.get("seed").getAsLong(),
          CheckpointJson.number(t, "testAuc"), t.get("testAccuracy").getAsDouble())).collect(Collectors.joining(", "));
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
    s.append("| method | test AUC | test ACC | parameters |\n|---|---|---|---|\n");
    for (Baseline b : PUBLISHED) {
      s.append("| ").append(b.method()).append(" | ").append(b.auc()).append(" | ").append(b.acc()).append(" | ")
          .append(b.parameters() == 0 ? "—" : String.format(Locale.ROOT, "%,d", b.parameters())).append(" |\n");
    }
    s.append("\nSource: ").append(CITATION).append(", its MedMNIST3D benchmark table, column AdrenalMNIST3D, as the "
        + "authors publish it at https://medmnist.com/v2. Parameter counts are not quoted from the paper: they "
        + "are counted from the authors' model code (MedMNIST/experiments, MedMNIST3D/models.py; 2.5D and ACS keep 2D kernels).\n");
    s.append("\n").append(comparison(runs)).append("\n");
    return s.toString();
  }

  /** The published baseline with the highest test AUC (the first such, in the paper's order). */
  static Baseline bestPublished() {
    Baseline best = PUBLISHED.get(0);
    for (Baseline b : PUBLISHED) {
      if (Double.parseDouble(b.auc()) > Double.parseDouble(best.auc())) {
        best = b;
      }
    }
    return best;
  }

  /**
   * One sentence: the row with the best mean test AUC here against the best published AUC, the difference
   * and the ratio of parameter counts.
   */
  static String comparison(Map<String, List<JsonObject>> runs) {
    String bestRow = null;
    double bestAuc = Double.NEGATIVE_INFINITY;
    long params = 0;
    for (Map.Entry<String, List<JsonObject>> e : runs.entrySet()) {
      double mean = e.getValue().stream().mapToDouble(t -> CheckpointJson.number(t, "testAuc")).average().orElse(Double.NaN);
      if (mean > bestAuc) {
        bestRow = e.getKey();
        bestAuc = mean;
        params = e.getValue().get(0).get("parameters").getAsLong();
      }
    }
    Baseline b = bestPublished();
    if (bestRow == null) {
      return "Best published AUC: " + b.method() + ", " + b.auc() + ". No run here has a test AUC to compare.";
    }
    double diff = Math.round((bestAuc - Double.parseDouble(b.auc())) * 1000) / 1000.0;
    String by = diff == 0 ? "equal to it" : String.format(Locale.ROOT, "%.3f %s it", Math.abs(diff),
        diff > 0 ? "above" : "below");
    String size = params <= 0 ? "" : b.parameters() >= params
        ? String.format(Locale.ROOT, ", with %.0f× fewer parameters", (double) b.parameters() / params)
        : String.format(Locale.ROOT, ", with %.1f× more parameters", (double) params / b.parameters());
    return String.format(Locale.ROOT, "Best mean test AUC here: %s, %.3f with %,d parameters; best published: %s, %s "
        + "with %,d parameters: %s%s.", label(bestRow), bestAuc, params, b.method(), b.auc(), b.parameters(), by, size);
  }

  static String label(String row) {
    return row.equals("z3-cnn3d-rot") ? "z3-cnn3d --augment rotations" : row;
  }

  /** {@code "0.812 ± 0.010 (3)"}. */
  static String meanStd(double[] v) {
    return Table1.meanStd(v, 3);
  }
}
