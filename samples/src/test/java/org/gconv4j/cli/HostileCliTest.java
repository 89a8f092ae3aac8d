package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gconv4j.group.GroupRegistry;
import org.gconv4j.io.Npy;
import org.gconv4j.io.NpyArray;
import org.gconv4j.io.Npz;
import org.gconv4j.samples.models.PaperModels;
import org.gconv4j.train.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9: one test per command-line fault a hostile user found. */
class HostileCliTest {
  @TempDir
  static Path dir;
  static Path checkpoint;
  static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @BeforeAll
  static void trainATinyModel() throws Exception {
    CliTestSupport.writeTinyFashionMnist(dir);
    checkpoint = dir.resolve("p4cnn.npz");
    CliTestSupport.run(new TrainCommand(TrainCommandsTest.NAIVE, QUIET), "--model", "p4cnn", "--epochs", "1",
        "--batch-size", "40", "--dataset", "fashion-mnist", "--data", dir.toString(), "--checkpoint",
        checkpoint.toString());
  }

  private static InspectCommandTest.Result main(String... args) {
    return InspectCommandTest.run(args);
  }

  private Path[] layerFiles(Path d) throws IOException {
    Path w = d.resolve("w.npy");
    Path x = d.resolve("x.npy");
    float[] wv = new float[2 * 1 * 1 * 9];
    for (int i = 0; i < wv.length; i++) {
      wv[i] = i;
    }
    Npy.write(w, NpyArray.ofFloats(wv, 2, 1, 1, 3, 3));
    Npy.write(x, NpyArray.ofFloats(new float[25], 1, 1, 5, 5));
    return new Path[] {w, x};
  }

  @Test
  void layerRefusesToOverwriteItsInputs(@TempDir Path d) throws IOException {
    Path[] f = layerFiles(d);
    for (Path victim : f) {
      byte[] before = Files.readAllBytes(victim);
      InspectCommandTest.Result r = main("layer", "--group", "P4", "--weights", f[0].toString(), "--input",
          f[1].toString(), "--output", victim.toString(), "--backend", "cpu");
      assertEquals(1, r.code(), r.err());
      assertTrue(r.err().contains("is the same file as --" + (victim == f[0] ? "weights" : "input")), r.err());
      assertArrayEquals(before, Files.readAllBytes(victim));
    }
  }

  @Test
  void layerRefusesToReplaceADevice(@TempDir Path d) throws Exception {
    Path[] f = layerFiles(d);
    Path pipe = d.resolve("pipe"); // a FIFO stands in for /dev/null, which a root test run must never risk
    assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
    InspectCommandTest.Result r = main("layer", "--group", "P4", "--weights", f[0].toString(), "--input",
        f[1].toString(), "--output", pipe.toString(), "--backend", "cpu");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("exists and is not a regular file"), r.err());
    assertFalse(Files.isRegularFile(pipe));
  }

  @Test
  void aHugeLayerIsAClearErrorNotAnOverflow() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerPlan.of(
        GroupRegistry.load().find("P4"), new int[] {64, 1, 1, 3, 3}, new int[] {60000, 1, 100, 100}, null));
    assertTrue(e.getMessage().contains("the output Y [60000, 64, 4, 98, 98] would have 147517440000 elements"),
        e.getMessage());
  }

  @Test
  void aNonexistentDataFolderIsAnError() {
    InspectCommandTest.Result r = main("eval", "--checkpoint", checkpoint.toString(), "--data",
        dir.resolve("missing").toString(), "--backend", "cpu");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--data " + dir.resolve("missing") + ": no such folder"), r.err());
  }

  @Test
  void anInfiniteLearningRateIsRejectedBeforeTheDataLoad() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    InspectCommandTest.Result r = main("train", "--lr", "Infinity", "--dataset", "fashion-mnist", "--data",
        empty.toString(), "--backend", "cpu");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("gconv4j train: --lr must be a positive finite number; got Infinity"), r.err());
  }

  @Test
  void aNegativeKernelSizeIsAUsageErrorWithoutBadAdvice() {
    InspectCommandTest.Result r = main("inspect", "P4", "--kernel-size", "-3");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--kernel-size must be >= 1; got -3"), r.err());
    assertFalse(r.err().contains("Add -3"), r.err());
  }

  @Test
  void anUnreadableFileSaysPermissionDenied() {
    assertEquals("permission denied: /data/x.npy. Check the file's permissions (ls -l) or choose another file",
        Main.message(new AccessDeniedException("/data/x.npy")));
  }

  @Test
  void aHugeBatchIsAClearErrorNamingTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchMemory.check(
        PaperModels.build("p4cnn", TrainCommandsTest.NAIVE.apply("cpu"), 0), new int[] {1, 28, 28}, 100_000, 100_000,
        "--batch-size"));
    assertTrue(e.getMessage().startsWith("[Memory] a batch of 100000 images (--batch-size 100000"), e.getMessage());
    assertTrue(e.getMessage().contains("Lower --batch-size"), e.getMessage());
  }

  private Path rewrite(String name, Map<String, NpyArray> changes) throws IOException {
    Map<String, NpyArray> arrays = Npz.read(checkpoint);
    arrays.putAll(changes);
    Path f = dir.resolve(name);
    Npz.write(f, arrays, false);
    return f;
  }

  private static String architecture() throws IOException {
    return Npz.read(checkpoint).get(Checkpoint.ARCHITECTURE).toText();
  }

  @Test
  void anOutOfRangeDataSeedInTheCheckpointIsAnError() throws IOException {
    Path f = rewrite("seed.npz", Map.of(Checkpoint.ARCHITECTURE,
        NpyArray.ofText(architecture().replaceFirst("\"dataSeed\": 0", "\"dataSeed\": 1e30"))));
    IOException e = assertThrows(IOException.class, () -> CheckpointModels.load(f, TrainCommandsTest.NAIVE.apply("cpu")));
    assertEquals("[Checkpoint] " + f + ": \"dataSeed\" in architecture.json must be an integer from -2147483648 to "
        + "2147483647; it is 1e30; the file is damaged. Pass a checkpoint written by ./gconv4j train --checkpoint",
        e.getMessage());
  }

  @Test
  void jsonProblemsNameTheFileAndTheKey() throws IOException {
    Path wrongType = rewrite("type.npz", Map.of(Checkpoint.ARCHITECTURE,
        NpyArray.ofText(architecture().replaceFirst("\"model\": \"p4cnn\"", "\"model\": {}"))));
    IOException e = assertThrows(IOException.class,
        () -> CheckpointModels.load(wrongType, TrainCommandsTest.NAIVE.apply("cpu")));
    assertTrue(e.getMessage().startsWith("[Checkpoint] " + wrongType + ": \"model\" in architecture.json must be a "
        + "string; it is {}"), e.getMessage());
    Path broken = rewrite("broken.npz", Map.of(Checkpoint.TRAINING, NpyArray.ofText("{\"epochs\": ")));
    IOException b = assertThrows(IOException.class,
        () -> CheckpointModels.load(broken, TrainCommandsTest.NAIVE.apply("cpu")));
    assertTrue(b.getMessage().startsWith("[Checkpoint] " + broken + ": training.json is not valid JSON"), b.getMessage());
  }

  @Test
  void equivarianceSaysWhenTheLogitsIgnoreTheInput() throws Exception {
    Map<String, NpyArray> arrays = Npz.read(checkpoint);
    Map<String, NpyArray> zeroScales = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, NpyArray> a : arrays.entrySet()) {
      if (a.getKey().endsWith(".bn.scale")) {
        zeroScales.put(a.getKey(), NpyArray.ofFloats(new float[a.getValue().size()], a.getValue().shape()));
      }
    }
    Path f = rewrite("flat.npz", zeroScales);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new EquivarianceCommand(
        TrainCommandsTest.NAIVE, QUIET).run(List.of("--checkpoint", f.toString(), "--data", dir.toString(), "--count",
            "4"), QUIET));
    assertTrue(e.getMessage().contains("are the same for all 4 test digits"), e.getMessage());
    assertTrue(e.getMessage().contains("the output does not depend on the input"), e.getMessage());
  }
}
