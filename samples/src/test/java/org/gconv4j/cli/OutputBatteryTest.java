package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.gconv4j.internal.CacheDirs;
import org.gconv4j.io.Npy;
import org.gconv4j.io.NpyArray;
import org.gconv4j.nn.ConvLayerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, the output-path battery: every command that writes, against every kind of bad output
 * path. Each case must fail with one clean line BEFORE any work (no model built, nothing printed on
 * stdout: train's "data:" line comes after the data load) and leave the victim exactly as it was;
 * a valid 250-byte file name must work (our temporary-name suffix once made it "File name too long").
 */
class OutputBatteryTest {
  @TempDir
  static Path dir;
  static Path data;
  static Path checkpoint;
  static Path volumes;
  static Path checkpoint3d;
  static Path weights;
  static Path input;
  static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
  static final AtomicInteger WORK = new AtomicInteger();
  /** Counts every model built: a command that got that far did work before checking its outputs. */
  static final Function<String, ConvLayerFactory> SPY = backend -> {
    WORK.incrementAndGet();
    return NaiveGroupConv::new;
  };
  static final Function<String, ConvLayerFactory> CPU = backend -> ConvFactories.forBackend("cpu");
  /** As {@link #SPY}, for the 3D models (which NaiveGroupConv does not run). */
  static final Function<String, ConvLayerFactory> SPY3D = backend -> {
    WORK.incrementAndGet();
    return ConvFactories.forBackend("cpu");
  };

  @BeforeAll
  static void fixtures() throws Exception {
    data = Files.createDirectories(dir.resolve("data"));
    CliTestSupport.writeTinyFashionMnist(data);
    checkpoint = dir.resolve("p4cnn.npz");
    CliTestSupport.run(new TrainCommand(TrainCommandsTest.NAIVE, QUIET), "--model", "p4cnn", "--epochs", "1",
        "--batch-size", "40", "--dataset", "fashion-mnist", "--data", data.toString(), "--checkpoint",
        checkpoint.toString());
    volumes = dir.resolve("adrenal-copy.npz"); // a --data file of the 3D commands (an input no output may replace)
    Files.copy(Volumes.bundledFile(), volumes);
    checkpoint3d = dir.resolve("z3.npz");
    CliTestSupport.run(new TrainCommand(CPU, QUIET), "--dataset", "adrenalmnist3d", "--model", "z3-cnn3d", "--epochs",
        "1", "--train-size", "8", "--test-size", "8", "--data", volumes.toString(), "--checkpoint",
        checkpoint3d.toString());
    weights = dir.resolve("w.npy");
    input = dir.resolve("x.npy");
    Npy.write(weights, NpyArray.ofFloats(new float[2 * 9], 2, 1, 1, 3, 3));
    Npy.write(input, NpyArray.ofFloats(new float[25], 1, 1, 5, 5));
  }

  /** A command that writes, its file extension, how to call it with an output, and one of its inputs. */
  record Writer(String name, String ext, Function<Path, Command> command, Function<Path, List<String>> args,
      Path input, boolean spied) {}

  static List<Writer> writers(Path scratch) {
    List<Writer> w = new ArrayList<>();
    Path trainInput = data.resolve("train-images-idx3-ubyte");
    w.add(new Writer("train --checkpoint", ".npz", o -> new TrainCommand(SPY, QUIET), o -> List.of("--model", "z2cnn",
        "--epochs", "1", "--batch-size", "40", "--dataset", "fashion-mnist", "--data", data.toString(),
        "--checkpoint", o.toString(), "--curves", scratch.resolve("c.png").toString()), trainInput, true));
    w.add(new Writer("train --curves", ".png", o -> new TrainCommand(SPY, QUIET), o -> List.of("--model", "z2cnn",
        "--epochs", "1", "--batch-size", "40", "--dataset", "fashion-mnist", "--data", data.toString(),
        "--checkpoint", scratch.resolve("m.npz").toString(), "--curves", o.toString()), trainInput, true));
    w.add(new Writer("show --out", ".png", o -> new ShowCommand(SPY, QUIET), o -> List.of("--checkpoint",
        checkpoint.toString(), "--out", o.toString(), "--data", data.toString()), checkpoint, true));
    w.add(new Writer("export --onnx", ".onnx", o -> new ExportCommand(), o -> List.of("--checkpoint",
        checkpoint.toString(), "--onnx", o.toString()), checkpoint, false));
    w.add(new Writer("layer --output", ".npy", o -> new LayerCommand(), o -> List.of("--group", "P4", "--weights",
        weights.toString(), "--input", input.toString(), "--output", o.toString(), "--backend", "cpu"), weights, false));
    w.add(new Writer("reproduce --out", "", o -> new ReproduceCommand(SPY, QUIET), o -> List.of("table1", "--quick",
        "--models", "z2cnn", "--dataset", "fashion-mnist", "--data", data.toString(), "--out", o.toString()), null,
        true));
    // the 3D commands (issue 20): the tiny options, so that a case that slipped through would still end quickly
    List<String> tiny3d = List.of("--dataset", "adrenalmnist3d", "--model", "z3-cnn3d", "--epochs", "1", "--train-size",
        "8", "--test-size", "8", "--data", volumes.toString());
    w.add(new Writer("train 3d --checkpoint", ".npz", o -> new TrainCommand(SPY3D, QUIET), o -> concat(tiny3d,
        "--checkpoint", o.toString(), "--curves", scratch.resolve("c3.png").toString()), volumes, true));
    w.add(new Writer("train 3d --curves", ".png", o -> new TrainCommand(SPY3D, QUIET), o -> concat(tiny3d,
        "--checkpoint", scratch.resolve("m3.npz").toString(), "--curves", o.toString()), volumes, true));
    w.add(new Writer("show 3d --out", ".png", o -> new ShowCommand(SPY3D, QUIET), o -> List.of("--checkpoint",
        checkpoint3d.toString(), "--out", o.toString(), "--data", volumes.toString()), volumes, true));
    w.add(new Writer("export 3d --onnx", ".onnx", o -> new ExportCommand(), o -> List.of("--checkpoint",
        checkpoint3d.toString(), "--onnx", o.toString()), checkpoint3d, false));
    w.add(new Writer("reproduce medmnist3d --out", "", o -> new ReproduceCommand(SPY3D, QUIET), o -> List.of(
        "medmnist3d", "--quick", "--models", "z3-cnn3d", "--train-size", "8", "--test-size", "8", "--data",
        volumes.toString(), "--out", o.toString()), null, true));
    return w;
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  /** What a victim looked like: kind, permissions, bytes or link target. */
  static String snapshot(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return "absent";
    }
    if (Files.isSymbolicLink(p)) {
      return "link -> " + Files.readSymbolicLink(p) + " holding " + snapshot(Files.readSymbolicLink(p));
    }
    String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    if (Files.isDirectory(p)) {
      try (var s = Files.list(p)) {
        return "folder " + perms + " " + s.map(f -> f.getFileName().toString()).sorted().toList();
      }
    }
    if (!Files.isRegularFile(p)) {
      return "special " + perms;
    }
    return "file " + perms + " " + java.util.Arrays.hashCode(Files.readAllBytes(p)) + "/" + Files.size(p);
  }

  /** A kind of bad output path; {@code make} builds it in a fresh folder and returns the path to pass. */
  interface Victim {
    Path make(Path fresh, Writer w) throws Exception;
  }

  static final List<String> VICTIMS = List.of("folder", "under-a-file", "read-only-file", "symlink", "pipe",
      "unwritable-folder", "an-input", "in-the-cache", "too-long-name");

  static Path victim(String kind, Path fresh, Writer w) throws Exception {
    String name = "victim" + w.ext();
    switch (kind) {
      case "folder":
        return w.ext().isEmpty() ? null : Files.createDirectories(fresh.resolve(name)); // reproduce --out takes a folder
      case "under-a-file":
        Files.writeString(fresh.resolve("plain"), "keep me");
        return fresh.resolve("plain").resolve(name);
      case "read-only-file": {
        Path f = fresh.resolve(name);
        Files.writeString(f, "the user's protected file");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        return f;
      }
      case "symlink": {
        Path target = fresh.resolve("real" + w.ext());
        Files.writeString(target, "the link's target");
        return Files.createSymbolicLink(fresh.resolve(name), target);
      }
      case "pipe": {
        Path pipe = fresh.resolve(name);
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
        return pipe;
      }
      case "unwritable-folder": {
        Path ro = Files.createDirectories(fresh.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!probeFails(ro)) { // root ignores permissions: make the folder immutable instead
          new ProcessBuilder("chattr", "+i", ro.toString()).start().waitFor();
          if (!probeFails(ro)) {
            return null; // cannot make an unwritable folder here: the case is skipped (counted)
          }
        }
        return ro.resolve(name);
      }
      case "an-input":
        return w.input();
      case "in-the-cache":
        return CacheDirs.root().resolve("mnist-rot").resolve(name);
      case "too-long-name":
        return fresh.resolve("x".repeat(260) + w.ext());
      default:
        throw new IllegalArgumentException(kind);
    }
  }

  private static boolean probeFails(Path dir) {
    try {
      Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static void release(Path fresh) throws Exception {
    Path ro = fresh.resolve("ro");
    if (Files.isDirectory(ro)) {
      new ProcessBuilder("chattr", "-i", ro.toString()).start().waitFor();
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void everyCommandThatWritesRefusesEveryBadOutputBeforeItWorks() throws Exception {
    int tries = 0;
    int skipped = 0;
    List<String> failures = new ArrayList<>();
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    for (Writer w : writers(scratch)) {
      for (String kind : VICTIMS) {
        Path fresh = Files.createTempDirectory(dir, "case");
        try {
          Path out = victim(kind, fresh, w);
          if (out == null) {
            skipped++;
            continue;
          }
          tries++;
          String before = snapshot(out);
          WORK.set(0);
          ByteArrayOutputStream o = new ByteArrayOutputStream();
          ByteArrayOutputStream e = new ByteArrayOutputStream();
          int code = Main.run(w.command().apply(out), w.args().apply(out), new PrintStream(o, true),
              new PrintStream(e, true));
          String err = e.toString(StandardCharsets.UTF_8);
          String first = err.lines().findFirst().orElse("");
          String what = w.name() + " / " + kind + ": ";
          if (code == 0) {
            failures.add(what + "accepted " + out);
          } else if (!(code == 1 && first.startsWith("gconv4j " + w.command().apply(out).name() + ": error: [OutputGuard]")
              || code == 2 && first.startsWith("gconv4j " + w.command().apply(out).name() + ": --"))) { // or a usage error
            failures.add(what + "unclear first line: " + first);
          } else if (err.contains("\tat ") || err.contains("Exception")) {
            failures.add(what + "stack trace or exception name: " + err);
          } else if (w.spied() && WORK.get() > 0 || !o.toString().isEmpty()) {
            failures.add(what + "worked before refusing (stdout '" + o + "')");
          } else if (!before.equals(snapshot(out))) {
            failures.add(what + "victim changed: " + before + " -> " + snapshot(out));
          }
        } finally {
          release(fresh);
        }
      }
    }
    assertTrue(failures.isEmpty(), tries + " tries, " + skipped + " skipped:\n" + String.join("\n", failures));
    assertTrue(tries >= 85, "tries " + tries + ", skipped " + skipped);
  }

  @Test
  void aValid250ByteFileNameIsWritten() throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("long"));
    for (Writer w : writers(scratch)) {
      if (w.ext().isEmpty() || w.name().startsWith("train") && w.name().endsWith("--checkpoint")) {
        continue; // reproduce names its own files; train is covered by --curves (same write path, shorter run)
      }
      Path out = scratch.resolve("y".repeat(250 - w.ext().length()) + w.ext());
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      int code = Main.run(w.command().apply(out), w.args().apply(out), QUIET, new PrintStream(e, true));
      assertEquals(0, code, w.name() + ": " + e);
      assertTrue(Files.size(out) > 0, w.name());
      try (var s = Files.list(scratch)) {
        assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
      }
    }
  }

  @Test
  void curvesAndCheckpointMayNotBeOneFile() throws Exception {
    Path same = dir.resolve("same.npz");
    InspectCommandTest.Result r = InspectCommandTest.run("train", "--model", "z2cnn", "--epochs", "1", "--dataset",
        "fashion-mnist", "--data", data.toString(), "--checkpoint", same.toString(), "--curves", same.toString(),
        "--backend", "cpu");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("--curves " + same + " is the same file as --checkpoint"), r.err());
    assertFalse(Files.exists(same));
  }

  @Test
  void aFailedCurvesWriteKeepsThe3dModelAndWarns() throws Exception {
    Path ckpt = dir.resolve("kept3d.npz");
    Path curves = dir.resolve("kept3d-curves.png");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Function<String, ConvLayerFactory> sabotage = backend -> { // as below: the target becomes a folder mid-run
      try {
        Files.createDirectories(curves);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return ConvFactories.forBackend("cpu");
    };
    String printed = CliTestSupport.run(new TrainCommand(sabotage, new PrintStream(log, true)), "--dataset",
        "adrenalmnist3d", "--model", "z3-cnn3d", "--epochs", "1", "--train-size", "8", "--test-size", "8", "--data",
        volumes.toString(), "--checkpoint", ckpt.toString());
    assertTrue(CliTestSupport.lastLine(printed).startsWith("test auc: "), printed);
    assertTrue(printed.contains("curves: not written (" + curves + ")"), printed);
    assertTrue(log.toString().contains("warning: the curves were not written"), log.toString());
    assertTrue(log.toString().contains("the model is safe in " + ckpt), log.toString());
    assertTrue(Files.size(ckpt) > 1000);
  }

  @Test
  void aFailedCurvesWriteKeepsTheModelAndWarns() throws Exception {
    Path ckpt = dir.resolve("kept.npz");
    Path curves = dir.resolve("kept-curves.png");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    // the curves' target turns into a folder while training runs: the later, lesser write fails
    Function<String, ConvLayerFactory> sabotage = backend -> {
      try {
        Files.createDirectories(curves);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return NaiveGroupConv::new;
    };
    String printed = CliTestSupport.run(new TrainCommand(sabotage, new PrintStream(log, true)), "--model", "z2cnn",
        "--epochs", "1", "--batch-size", "40", "--dataset", "fashion-mnist", "--data", data.toString(), "--checkpoint",
        ckpt.toString());
    assertTrue(CliTestSupport.TEST_LINE.matcher(CliTestSupport.lastLine(printed)).matches(), printed);
    assertTrue(log.toString().contains("warning: the curves were not written"), log.toString());
    assertTrue(log.toString().contains("the model is safe in " + ckpt), log.toString());
    assertTrue(Files.size(ckpt) > 1000);
  }
}
