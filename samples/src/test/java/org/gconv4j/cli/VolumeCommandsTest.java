package org.gconv4j.cli;

import static org.gconv4j.cli.CliTestSupport.lastLine;
import static org.gconv4j.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gconv4j.data.Dataset;
import org.gconv4j.data.MedMnist3d;
import org.gconv4j.data.Splits;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 3D commands on the shipped AdrenalMNIST3D: train (a few volumes, one epoch) → checkpoint →
 * eval → equivariance → export, and the exported model's AUC and ACC in ONNX Runtime.
 */
class VolumeCommandsTest {
  static final Function<String, ConvLayerFactory> CPU = backend -> ConvFactories.forBackend("cpu");
  static final Pattern LINE = Pattern.compile("test auc: (\\d\\.\\d{3}) acc: (\\d\\.\\d{3}) \\((\\d+) test volumes\\)");
  static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @TempDir
  Path dir;

  @Test
  void theShippedDataIsTheOfficialFile() throws Exception {
    Path file = Volumes.bundledFile();
    assertEquals(MedMnist3d.ADRENAL_MD5, MedMnist3d.md5(file));
    Splits s = Volumes.load("adrenalmnist3d", Optional.empty(), QUIET);
    int[] sizes = {1188, 98, 298};
    int[] positives = {259, 22, 69};
    Dataset[] sets = {s.train(), s.validation(), s.test()};
    for (int i = 0; i < 3; i++) {
      assertEquals(sizes[i], sets[i].size());
      assertEquals(positives[i], java.util.Arrays.stream(sets[i].labels()).sum());
      assertEquals(2, sets[i].classes());
      assertEquals(List.of(1, 28, 28, 28), java.util.Arrays.stream(sets[i].sampleShape()).boxed().toList());
    }
  }

  @Test
  void trainEvalEquivarianceAndExportAgree() throws Exception {
    Path ckpt = dir.resolve("o.npz");
    String train = run(new TrainCommand(CPU, QUIET), "--dataset", "adrenalmnist3d", "--model", "o-cnn3d", "--epochs",
        "2", "--train-size", "48", "--test-size", "40", "--checkpoint", ckpt.toString(), "--seed", "1");
    Matcher m = LINE.matcher(lastLine(train));
    assertTrue(m.matches(), train);
    assertEquals("40", m.group(3));
    assertTrue(Files.exists(ckpt) && Files.exists(dir.resolve("o-curves.png")), train);
    assertTrue(train.contains("validation auc: "), train);

    String eval = run(new EvalCommand(CPU, QUIET), "--checkpoint", ckpt.toString(), "--test-size", "40");
    assertEquals(lastLine(train), lastLine(eval), "eval reproduces the restored best model's test metrics");

    String eq = run(new EquivarianceCommand(CPU, QUIET), "--checkpoint", ckpt.toString(), "--count", "6");
    assertEquals(23, eq.lines().filter(l -> l.startsWith("O element")).count(), eq);
    Matcher all = Pattern.compile("all 23 elements of O: max relative logit change ([0-9.e+-]+), predictions changed 0 of 138")
        .matcher(lastLine(eq));
    assertTrue(all.matches(), eq);
    assertTrue(Double.parseDouble(all.group(1)) < 1e-4, eq);

    Path onnx = dir.resolve("o.onnx");
    String export = run(new ExportCommand(), "--checkpoint", ckpt.toString(), "--onnx", onnx.toString());
    assertTrue(export.contains("input input [N, 1, 28, 28, 28], output logits [N, 2]"), export);
    Splits s = Volumes.load("adrenalmnist3d", Optional.empty(), QUIET).withTestSize(40);
    Volumes.Scores ort = onnxScores(onnx, s.test());
    assertEquals(Double.parseDouble(m.group(1)), ort.auc(), 0.0015, "AUC in ONNX Runtime");
    assertEquals(Double.parseDouble(m.group(2)), ort.accuracy(), 0.0015, "ACC in ONNX Runtime");
  }

  @Test
  void thePlainBaselineWithRotationAugmentationTrainsAndIsNotInvariant() throws Exception {
    Path ckpt = dir.resolve("z3.npz");
    String train = run(new TrainCommand(CPU, QUIET), "--dataset", "adrenalmnist3d", "--model", "z3-cnn3d", "--augment",
        "rotations", "--epochs", "1", "--train-size", "32", "--test-size", "16", "--checkpoint", ckpt.toString());
    assertTrue(LINE.matcher(lastLine(train)).matches(), train);
    assertTrue(train.contains("augment rotations"), train);
    String eq = run(new EquivarianceCommand(CPU, QUIET), "--checkpoint", ckpt.toString(), "--count", "8");
    Matcher all = Pattern.compile("all 23 elements of O: max relative logit change ([0-9.e+-]+), .*").matcher(lastLine(eq));
    assertTrue(all.matches(), eq);
    assertTrue(Double.parseDouble(all.group(1)) > 1e-3, "z3-cnn3d is not invariant: " + eq);
  }

  @Test
  void reproduceQuickWritesTheTableAndReusesFinishedRuns() throws Exception {
    Path out = dir.resolve("r");
    String first = run(new ReproduceCommand(CPU, QUIET), "medmnist3d", "--quick", "--models", "o-cnn3d,z3-cnn3d-rot",
        "--out", out.toString());
    assertTrue(first.contains("| o-cnn3d | ") && first.contains("| 64 |\n"), first); // --quick: 64 test volumes
    assertTrue(first.contains("| z3-cnn3d --augment rotations | "), first);
    assertTrue(first.contains("MedMNIST v2"), first);
    assertTrue(Files.exists(out.resolve("medmnist3d.md")) && Files.exists(out.resolve("curves.png")));
    assertTrue(Files.exists(out.resolve("runs/o-cnn3d-seed0.npz")) && Files.exists(out.resolve("runs/z3-cnn3d-rot-seed0.npz")));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    String second = run(new ReproduceCommand(CPU, new PrintStream(log, true)), "medmnist3d", "--quick", "--models",
        "o-cnn3d,z3-cnn3d-rot", "--out", out.toString());
    assertEquals(2, log.toString().lines().filter(l -> l.startsWith("reproduce: reusing")).count(), log.toString());
    assertEquals(first, second);
  }

  @Test
  void reproduceReusesARunTrainedByHandWithTheSameOptionsInAnyOrder() throws Exception {
    org.gconv4j.nn.Sequential model = org.gconv4j.samples.models.VolumeModels.build("z3-cnn3d",
        CPU.apply("cpu"), 0, 28, 2);
    Path ckpt = dir.resolve("hand.npz");
    com.google.gson.JsonObject t = new com.google.gson.JsonObject();
    t.addProperty("testAuc", 0.8);
    // the other keys a finished run holds (reproduce validates every key it reads back, issue 23)
    t.addProperty("testAccuracy", 0.75);
    t.addProperty("seed", 0);
    t.addProperty("epochs", 20);
    t.addProperty("testVolumes", 298);
    t.addProperty("trainVolumes", 1188);
    t.addProperty("batchSize", 16);
    t.addProperty("parameters", 1000);
    t.addProperty("wallSeconds", 60.0);
    t.addProperty("learningRate", 0.001);
    t.addProperty("schedule", "cosine");
    com.google.gson.JsonArray history = new com.google.gson.JsonArray();
    com.google.gson.JsonObject epoch = new com.google.gson.JsonObject();
    epoch.addProperty("epoch", 1);
    epoch.addProperty("trainLoss", 0.5);
    epoch.addProperty("trainError", 0.2);
    epoch.addProperty("validationError", 0.3);
    epoch.addProperty("seconds", 3.0);
    history.add(epoch);
    t.add("history", history);
    com.google.gson.JsonArray recorded = new com.google.gson.JsonArray();
    // as `train --model z3-cnn3d --augment rotations --dataset adrenalmnist3d --curves c.png` recorded it (seed 0 by default)
    for (String arg : List.of("--model", "z3-cnn3d", "--augment", "rotations", "--dataset", "adrenalmnist3d", "--curves",
        "c.png")) {
      recorded.add(arg);
    }
    t.add("arguments", recorded);
    org.gconv4j.train.Checkpoint.save(ckpt, new org.gconv4j.train.SequentialState(model, 2), "{}", t.toString());
    Args none = Args.parse(List.of(), java.util.Set.of(), java.util.Set.of());
    java.util.function.Function<com.google.gson.JsonObject, String> same = arch -> null;
    assertTrue(VolumeReproduction.finishedRun(ckpt, VolumeReproduction.trainArgs(none, false, "z3-cnn3d-rot", 0), same)
        != null);
    assertEquals(null, VolumeReproduction.finishedRun(ckpt, VolumeReproduction.trainArgs(none, false, "z3-cnn3d-rot", 1),
        same));
    assertEquals(null, VolumeReproduction.finishedRun(ckpt, VolumeReproduction.trainArgs(none, false, "z3-cnn3d", 0), same));
    assertEquals(null, VolumeReproduction.finishedRun(ckpt, VolumeReproduction.trainArgs(none, true, "z3-cnn3d-rot", 0),
        same));
    // the same options but another architecture (an older gconv4j's model): trained again, not reused
    assertEquals(null, VolumeReproduction.finishedRun(ckpt, VolumeReproduction.trainArgs(none, false, "z3-cnn3d-rot", 0),
        arch -> "layers differ"));
  }

  /**
   * A checkpoint whose recorded layers are not the ones this gconv4j builds (here: the max-pooling first
   * layer of the 3D models before the mean replaced it; the arrays have the same shapes) is refused by
   * {@code eval} and not reused by {@code reproduce}; a negative control loads the unmodified one.
   */
  @Test
  void aCheckpointOfAnOlderArchitectureIsRefused() throws Exception {
    org.gconv4j.nn.Sequential model = org.gconv4j.samples.models.VolumeModels.build("z3-cnn3d", CPU.apply("cpu"), 0, 28, 2);
    com.google.gson.JsonObject arch = VolumeTraining.architecture("z3-cnn3d", model, "adrenalmnist3d", 2, Optional.empty());
    Path current = dir.resolve("current.npz");
    org.gconv4j.train.Checkpoint.save(current, new org.gconv4j.train.SequentialState(model, 2), arch.toString(), "{}");
    assertEquals("z3-cnn3d", CheckpointModels.load(current, CPU.apply("cpu")).modelName());
    assertEquals(null, CheckpointModels.layersDiffer(arch, model));
    arch.getAsJsonArray("layers").set(0, new com.google.gson.JsonPrimitive("SpatialMaxPool 2x2x2 stride 2"));
    Path older = dir.resolve("older.npz");
    org.gconv4j.train.Checkpoint.save(older, new org.gconv4j.train.SequentialState(model, 2), arch.toString(), "{}");
    IOException e = assertThrows(IOException.class, () -> CheckpointModels.load(older, CPU.apply("cpu")));
    assertTrue(e.getMessage().contains("first at layer 0: recorded 'SpatialMaxPool 2x2x2 stride 2', built "
        + "'SpatialAvgPool 2x2x2 stride 2'") && e.getMessage().contains("train it again"), e.getMessage());
    assertTrue(CheckpointModels.layersDiffer(arch, model) != null);
  }

  @Test
  void badOptionsAndFilesSayWhatIsWrong() throws Exception {
    UsageException e = assertThrows(UsageException.class, () -> new TrainCommand(CPU, QUIET).run(
        List.of("--dataset", "adrenalmnist3d", "--augment", "flips"), QUIET));
    assertTrue(e.getMessage().contains("--augment must be one of [none, rotations, symmetries]"), e.getMessage());
    e = assertThrows(UsageException.class, () -> new TrainCommand(CPU, QUIET).run(
        List.of("--dataset", "adrenalmnist3d", "--model", "p4cnn"), QUIET));
    assertTrue(e.getMessage().contains("--model must be one of [o-cnn3d, oh-cnn3d, z3-cnn3d]"), e.getMessage());
    IOException io = assertThrows(IOException.class, () -> new TrainCommand(CPU, QUIET).run(
        List.of("--dataset", "adrenalmnist3d", "--data", dir.resolve("absent.npz").toString()), QUIET));
    assertTrue(io.getMessage().contains("does not exist"), io.getMessage());
    e = assertThrows(UsageException.class, () -> new TrainCommand(CPU, QUIET).run(
        List.of("--dataset", "adrenalmnist3d", "--data", dir.toString()), QUIET));
    assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    e = assertThrows(UsageException.class, () -> new ReproduceCommand(CPU, QUIET).run(
        List.of("medmnist3d", "--models", "p4cnn"), QUIET));
    assertTrue(e.getMessage().contains("--models takes names from [o-cnn3d, oh-cnn3d, z3-cnn3d, z3-cnn3d-rot]"),
        e.getMessage());
  }

  @Test
  void showDrawsTheVolumeAndOrientationPlanesThatMoveWithIt() throws Exception {
    java.util.Random rng = new java.util.Random(2);
    org.gconv4j.nn.Sequential model = org.gconv4j.samples.models.VolumeModels.build("o-cnn3d", spec -> {
      org.gconv4j.nn.GroupConv c = (org.gconv4j.nn.GroupConv) CPU.apply("cpu").create(spec);
      float[] b = c.bias().value().data();
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) (0.1 * rng.nextGaussian());
      }
      return c;
    }, 3, 28, 2);
    Path ckpt = dir.resolve("show.npz");
    org.gconv4j.train.Checkpoint.save(ckpt, new org.gconv4j.train.SequentialState(model, 2),
        VolumeTraining.architecture("o-cnn3d", model, "adrenalmnist3d", 2, Optional.empty()).toString(), "{}");
    Path png = dir.resolve("fig3d.png");
    String out = run(new ShowCommand(CPU, QUIET), "--checkpoint", ckpt.toString(), "--digit", "5", "--out",
        png.toString());
    assertTrue(out.startsWith("wrote " + png) && out.contains("4 rows (elements of O) x 24 orientation planes of 12³"), out);
    java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
    FeatureMapFigure fig = new FeatureMapFigure(4, 27, false);
    assertEquals(fig.width(), img.getWidth());
    assertEquals(fig.height(), img.getHeight());
    // row 1 is A, a quarter turn about axis 0: the axis-0 slices turn in their plane as P4's R does,
    // and plane t of row A is plane A^-1 t of row e
    org.gconv4j.group.Group o = org.gconv4j.samples.models.PaperModels.group("O");
    org.gconv4j.group.Group p4 = org.gconv4j.samples.models.PaperModels.group("P4");
    assertEquals(List.of(0, 1, 4, 12), VolumeFigure.rows(o));
    assertEquals("A", o.elementName(1));
    int coloured = 0;
    for (int[] panel : new int[][] {{0, 28, 0}, {3, 12, -1}}) {
      int size = panel[1];
      int[] source = org.gconv4j.group.GroupAction.sourceCells(p4, 1, size);
      int planes = panel[2] < 0 ? 24 : 1;
      for (int t = 0; t < planes; t++) {
        int from = panel[2] < 0 ? panel[0] + o.multiply(o.inverse(1), t) : panel[0];
        int to = panel[0] + (panel[2] < 0 ? t : 0);
        for (int cell = 0; cell < size * size; cell++) {
          double[] a = fig.cellCentre(0, from, size, source[cell] / size, source[cell] % size);
          double[] b = fig.cellCentre(1, to, size, cell / size, cell % size);
          int ca = img.getRGB((int) Math.floor(a[0]), (int) Math.floor(a[1]));
          int cb = img.getRGB((int) Math.floor(b[0]), (int) Math.floor(b[1]));
          for (int shift = 0; shift <= 16; shift += 8) {
            assertTrue(Math.abs(((ca >> shift) & 0xFF) - ((cb >> shift) & 0xFF)) <= 2,
                "column " + to + " cell " + cell + ": " + Integer.toHexString(ca) + " vs " + Integer.toHexString(cb));
          }
          coloured += (cb & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
        }
      }
    }
    assertTrue(coloured > 100, "the panels must not be blank: " + coloured);
    Path folder = Files.createDirectories(dir.resolve("folder.png"));
    assertThrows(org.gconv4j.io.UnsafeOutputException.class, () -> new ShowCommand(CPU, QUIET).run(
        List.of("--checkpoint", ckpt.toString(), "--out", folder.toString()), QUIET));
  }

  /**
   * The shipped {@code pretrained/o-cnn3d-adrenalmnist3d.npz} (or any checkpoint given with {@code
   * -Dgconv4j.onnxCheck=CHECKPOINT.npz}): exported to ONNX, ONNX Runtime's test AUC and ACC on all 298 test
   * volumes equal eval's to 0.001 (docs/export.md); the shipped model's eval line is the one recorded when it
   * was trained.
   */
  @Test
  void aRealCheckpointGivesTheSameMetricsInOnnxRuntime() throws Exception {
    String given = System.getProperty("gconv4j.onnxCheck", "");
    Path shipped = Path.of("..", "pretrained", "o-cnn3d-adrenalmnist3d.npz");
    Path ckpt = given.isEmpty() ? shipped : Path.of(given);
    String eval = run(new EvalCommand(CPU, QUIET), "--checkpoint", ckpt.toString());
    Matcher m = LINE.matcher(lastLine(eval));
    assertTrue(m.matches(), eval);
    Path onnx = dir.resolve("check.onnx");
    run(new ExportCommand(), "--checkpoint", ckpt.toString(), "--onnx", onnx.toString());
    Volumes.Scores ort = onnxScores(onnx, Volumes.load("adrenalmnist3d", Optional.empty(), QUIET).test());
    System.out.printf("eval: %s%nONNX Runtime: %s%n", lastLine(eval), ort.line("test"));
    if (given.isEmpty()) {
      assertEquals("test auc: 0.864 acc: 0.819 (298 test volumes)", lastLine(eval));
    }
    assertEquals(Double.parseDouble(m.group(1)), ort.auc(), 0.001, "AUC");
    assertEquals(Double.parseDouble(m.group(2)), ort.accuracy(), 0.001, "ACC");
  }

  /** MedMNIST's metrics of the ONNX model's logits on {@code data}, in batches of 32. */
  static Volumes.Scores onnxScores(Path onnx, Dataset data) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int per = data.imageSize();
    float[] logits = new float[data.size() * 2];
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(2);
    try (OrtSession s = env.createSession(onnx.toString(), options)) {
      for (int from = 0; from < data.size(); from += 32) {
        int n = Math.min(32, data.size() - from);
        float[] x = java.util.Arrays.copyOfRange(data.images(), from * per, (from + n) * per);
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n, 1, 28, 28, 28});
            OrtSession.Result r = s.run(Map.of("input", in))) {
          ((OnnxTensor) r.get(0)).getFloatBuffer().get(logits, from * 2, n * 2);
        }
      }
    }
    return Volumes.scores(Tensor.of(logits, data.size(), 2), data.labels());
  }
}
