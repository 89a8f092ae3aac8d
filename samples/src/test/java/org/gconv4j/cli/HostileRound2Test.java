package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.gconv4j.exec.CpuExecutor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 23: classes 6 (divergence) and 8 (environment: threads, locale) through the command line. */
class HostileRound2Test {
  @TempDir
  Path dir;

  @Test
  void aHugeLearningRateStopsNamingItAndWritesNoNonFiniteModel() throws Exception {
    CliTestSupport.writeTinyFashionMnist(dir);
    Path ckpt = dir.resolve("m.npz");
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Main.run(new TrainCommand(TrainCommandsTest.NAIVE, new PrintStream(new ByteArrayOutputStream())),
        List.of("--model", "z2cnn", "--epochs", "2", "--batch-size", "16", "--lr", "1e30", "--dataset", "fashion-mnist",
            "--data", dir.toString(), "--checkpoint", ckpt.toString()), new PrintStream(o, true), new PrintStream(e, true));
    String err = e.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, err);
    assertTrue(err.startsWith("gconv4j train: error: [Divergence] training diverged with learning rate --lr 1.0E30"),
        err);
    assertTrue(err.contains("Lower --lr"), err);
    assertFalse(err.contains("Range[") || err.contains("\tat "), err);
    if (Files.exists(ckpt)) { // written only after an epoch whose weights were all finite: it must read back
      org.gconv4j.train.Checkpoint.read(ckpt);
      assertTrue(err.contains("keeps the model of epoch"), err);
    } else {
      assertTrue(err.contains("Nothing was written to " + ckpt), err);
    }
  }

  @Test
  void aHugeLearningRateStopsThe3dTrainingToo() throws Exception {
    Path ckpt = dir.resolve("m3.npz");
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Main.run(new TrainCommand(VolumeCommandsTest.CPU, new PrintStream(new ByteArrayOutputStream())),
        List.of("--dataset", "adrenalmnist3d", "--model", "z3-cnn3d", "--epochs", "2", "--batch-size", "4", "--lr",
            "1e30", "--train-size", "8", "--test-size", "8", "--checkpoint", ckpt.toString()), new PrintStream(o, true),
        new PrintStream(e, true));
    String err = e.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, err);
    assertTrue(err.startsWith("gconv4j train: error: [Divergence] training diverged with learning rate --lr 1.0E30"),
        err);
    assertTrue(err.contains("Lower --lr (the default is 0.001"), err);
    assertFalse(err.contains("\tat "), err);
    if (Files.exists(ckpt)) {
      org.gconv4j.train.Checkpoint.read(ckpt);
      assertTrue(err.contains("keeps the model of epoch"), err);
    } else {
      assertTrue(err.contains("Nothing was written to " + ckpt), err);
    }
  }

  @Test
  void anOutputNamedLikeAFolderOrEmptyIsAUsageError() throws Exception {
    CliTestSupport.writeTinyFashionMnist(dir);
    for (String bad : List.of(dir.resolve("new") + "/", "")) {
      InspectCommandTest.Result r = InspectCommandTest.run("train", "--model", "z2cnn", "--epochs", "1", "--dataset",
          "fashion-mnist", "--data", dir.toString(), "--backend", "cpu", "--checkpoint", bad);
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().startsWith("gconv4j train: --checkpoint "), r.err());
      assertFalse(Files.exists(dir.resolve("new")), "Path.of(\"new/\") once wrote a file named new");
    }
  }

  @Test
  void hexagonalModelsRefuseAMissingDataFolderAsTheOthersDo() {
    for (String model : List.of("p6cnn", "p6mcnn", "p4cnn")) {
      InspectCommandTest.Result r = InspectCommandTest.run("train", "--model", model, "--epochs", "1", "--data",
          dir.resolve("missing").toString(), "--backend", "cpu");
      assertEquals(2, r.code(), model + ": " + r.err());
      assertTrue(r.err().startsWith("gconv4j train: --data " + dir.resolve("missing") + ": no such folder"), r.err());
    }
  }

  @Test
  void aThreadCountFarBeyondTheCoresIsAClearErrorAtOnce() {
    String old = System.getProperty(CpuExecutor.THREADS_PROPERTY);
    try {
      System.setProperty(CpuExecutor.THREADS_PROPERTY, "100000");
      InspectCommandTest.Result r = InspectCommandTest.run("inspect", "P4");
      assertEquals(1, r.code(), r.err());
      assertTrue(r.err().startsWith("gconv4j inspect: error: [CpuExecutor] gconv4j.cpu.threads=100000 is more than the "
          + CpuExecutor.maxThreads() + " threads allowed"), r.err());
      System.setProperty(CpuExecutor.THREADS_PROPERTY, "2"); // negative control
      assertEquals(0, InspectCommandTest.run("inspect", "P4").code());
    } finally {
      if (old == null) {
        System.clearProperty(CpuExecutor.THREADS_PROPERTY);
      } else {
        System.setProperty(CpuExecutor.THREADS_PROPERTY, old);
      }
    }
  }

  /** The 3D side (issue 20) under the same rule: train, eval, equivariance and reproduce medmnist3d's table. */
  @Test
  void the3dCommandsPrintAsciiDigitsInAnArabicLocale(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Locale old = Locale.getDefault();
    Locale oldFormat = Locale.getDefault(Locale.Category.FORMAT);
    try {
      Locale arabic = Locale.forLanguageTag("ar-EG");
      Assumptions.assumeTrue(!String.format(arabic, "%d", 5).equals("5"), "this JDK formats ar-EG with ASCII digits");
      Locale.setDefault(arabic);
      java.io.PrintStream quiet = new java.io.PrintStream(new java.io.ByteArrayOutputStream());
      java.nio.file.Path ckpt = dir.resolve("z3.npz");
      java.nio.file.Path out = dir.resolve("r");
      List<String> printed = List.of(
          CliTestSupport.run(new TrainCommand(VolumeCommandsTest.CPU, quiet), "--dataset", "adrenalmnist3d", "--model",
              "z3-cnn3d", "--epochs", "1", "--train-size", "8", "--test-size", "16", "--checkpoint", ckpt.toString()),
          CliTestSupport.run(new EvalCommand(VolumeCommandsTest.CPU, quiet), "--checkpoint", ckpt.toString(),
              "--test-size", "16"),
          CliTestSupport.run(new EquivarianceCommand(VolumeCommandsTest.CPU, quiet), "--checkpoint", ckpt.toString(),
              "--count", "2"),
          CliTestSupport.run(new ReproduceCommand(VolumeCommandsTest.CPU, quiet), "medmnist3d", "--quick", "--models",
              "z3-cnn3d", "--train-size", "8", "--test-size", "16", "--out", out.toString()));
      for (String p : printed) {
        assertTrue(p.chars().noneMatch(c -> Character.isDigit(c) && (c < '0' || c > '9')), "non-ASCII digits:\n" + p);
      }
      assertTrue(CliTestSupport.lastLine(printed.get(0)).startsWith("test auc: "), printed.get(0));
      String table = java.nio.file.Files.readString(out.resolve("medmnist3d.md"));
      assertTrue(table.chars().noneMatch(c -> Character.isDigit(c) && (c < '0' || c > '9')), table);
    } finally {
      Locale.setDefault(old);
      Locale.setDefault(Locale.Category.FORMAT, oldFormat);
    }
  }

  @Test
  void machineReadableOutputHasAsciiDigitsInAnArabicLocale() {
    Locale old = Locale.getDefault();
    Locale oldFormat = Locale.getDefault(Locale.Category.FORMAT);
    try {
      Locale arabic = Locale.forLanguageTag("ar-EG");
      Assumptions.assumeTrue(!String.format(arabic, "%d", 5).equals("5"), "this JDK formats ar-EG with ASCII digits");
      Locale.setDefault(arabic);
      for (String[] args : List.of(new String[] {"inspect", "P4M", "--kernel-size", "3"},
          new String[] {"inspect", "P4", "--json"}, new String[] {"help"})) {
        InspectCommandTest.Result r = InspectCommandTest.run(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().chars().noneMatch(c -> Character.isDigit(c) && (c < '0' || c > '9')),
            String.join(" ", args) + " printed non-ASCII digits:\n" + r.out());
      }
    } finally {
      Locale.setDefault(old);
      Locale.setDefault(Locale.Category.FORMAT, oldFormat);
    }
  }
}
