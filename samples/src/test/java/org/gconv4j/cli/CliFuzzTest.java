package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gconv4j.data.MnistFiles;
import org.gconv4j.fuzz.Fuzz;
import org.gconv4j.group.GroupRegistry;
import org.gconv4j.io.Npy;
import org.gconv4j.io.NpyArray;
import org.gconv4j.nn.ReferenceGCorrelation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line part of the fuzz battery (docs/reliability.md): random argument vectors, made from a
 * valid call of each command by dropping, repeating, reordering and replacing arguments with hostile
 * values, run through {@link Main#run} in-process. Every outcome must be exit 0 with a correct result
 * (layer: Y equal to {@link ReferenceGCorrelation}; train/eval: the test-error line; equivariance: a
 * p4cnn invariant to quarter turns) or exit 1/2 with a clean message; never a stack trace, an escaped
 * exception, a hang or a changed input file. {@code --data} is always present (its value may be hostile):
 * the battery never downloads anything or uses the user's cache of MNIST-rot data.
 */
class CliFuzzTest {
  @TempDir
  static Path dir;
  static Path data;
  static Path checkpoint;
  static Path w;
  static Path wGroup;
  static Path x;
  static Path xGroup;
  static Path b;
  static Path fifo;
  static Map<Path, String> fixtures = new LinkedHashMap<>();
  static Map<Path, byte[]> originals = new LinkedHashMap<>();
  static Map<String, Integer> outcomes = new java.util.TreeMap<>();

  @BeforeAll
  static void fixtures() throws Exception {
    data = Files.createDirectories(dir.resolve("data"));
    CliTestSupport.writeTinyFashionMnist(data);
    checkpoint = dir.resolve("p4cnn.npz");
    CliTestSupport.run(new TrainCommand(TrainCommandsTest.NAIVE, new PrintStream(new ByteArrayOutputStream())),
        "--model", "p4cnn", "--epochs", "1", "--batch-size", "40", "--dataset", "fashion-mnist", "--data",
        data.toString(), "--checkpoint", checkpoint.toString());
    Random r = new Random(5);
    w = write("w.npy", r, 2, 1, 1, 3, 3);
    wGroup = write("w4.npy", r, 2, 2, 4, 3, 3);
    x = write("x.npy", r, 1, 1, 6, 5);
    xGroup = write("x4.npy", r, 1, 2, 4, 5, 5);
    b = write("b.npy", r, 2);
    fifo = dir.resolve("fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    try (var files = Files.list(data)) {
      for (Path p : files.toList()) {
        fixtures.put(p, null);
      }
    }
    for (Path p : List.of(checkpoint, w, wGroup, x, xGroup, b)) {
      fixtures.put(p, null);
    }
    fixtures.replaceAll((p, h) -> hash(p));
    for (Path p : fixtures.keySet()) {
      originals.put(p, Files.readAllBytes(p));
    }
  }

  private static Path write(String name, Random r, int... shape) throws IOException {
    float[] v = new float[Math.toIntExact(org.gconv4j.tensor.Tensor.size(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    Path p = dir.resolve(name);
    Npy.write(p, NpyArray.ofFloats(v, shape));
    return p;
  }

  static String hash(Path p) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static final String[] HOSTILE = {"", "-1", "0", "1", "2", "3", "1e30", "NaN", "Infinity", "-Infinity", "2147483648",
      "99999999999999999999", "0x10", "abc", "--", "-", " ", "é∘\u202e", "P4", "p4cnn", "--data", "=", "--epochs=1"};

  /** Values for options that name files to read. */
  static String readPath(Random r) {
    return Fuzz.pick(r, w.toString(), wGroup.toString(), x.toString(), xGroup.toString(), b.toString(),
        checkpoint.toString(), data.toString(), dir.resolve("missing.npy").toString(), fifo.toString(), "",
        data.resolve(MnistFiles.NAMES.get(0)).toString(), dir.toString());
  }

  /** Values for options that name files to write: fresh files, inputs, a pipe, folders; all in the temp folder. */
  static String writePath(Random r, long seed, boolean layer) {
    String common = Fuzz.pick(r, fifo.toString(), dir.toString(), "", dir.resolve("new/dir/o" + seed).toString());
    if (layer) { // layer's inputs are the .npy files
      return Fuzz.pick(r, dir.resolve("out" + seed + ".npy").toString(), w.toString(), x.toString(), b.toString(),
          wGroup.toString(), xGroup.toString(), common);
    }
    return Fuzz.pick(r, dir.resolve("ck" + seed + ".npz").toString(), data.resolve(MnistFiles.NAMES.get(1)).toString(),
        data.resolve(MnistFiles.NAMES.get(2)).toString(), common);
  }

  static String value(Random r, String option, long seed) {
    switch (option) {
      case "output":
        return writePath(r, seed, true);
      case "checkpoint-out":
        return writePath(r, seed, false);
      case "weights":
      case "input":
      case "bias":
      case "checkpoint":
        return readPath(r);
      case "data":
        return Fuzz.pick(r, data.toString(), data.toString(), dir.resolve("missing").toString(), x.toString(),
            dir.toString(), "");
      case "dataset":
        return Fuzz.pick(r, "fashion-mnist", "fashion-mnist", "mnist-rot", "cifar", "");
      case "group":
        return Fuzz.pick(r, "P4", "P4M", "Z2", "P6", "O", "p4", "org.gconv4j.samples.groups.P4", "Nope", "");
      case "backend":
        return Fuzz.pick(r, "cpu", "auto", "gpu", "");
      case "model":
        return Fuzz.pick(r, "p4cnn", "z2cnn", "p4cnn-rp", "resnet", "");
      case "epochs":
        return Fuzz.pick(r, "1", "0", "-1", "abc", "1e30", "2147483648", "");
      case "batch-size":
        return Fuzz.pick(r, "1", "40", "0", "-5", "100000", "2147483647", "1e3", "");
      case "kernel-size":
        return Fuzz.pick(r, "3", "4", "5", "-3", "0", "2147483647", "x");
      default:
        return r.nextInt(3) == 0 ? Integer.toString(r.nextInt(2000) - 1000) : Fuzz.pick(r, HOSTILE);
    }
  }

  /** A valid call of one command, as (option, value) pairs; "" option = positional. */
  static List<String[]> valid(String command, Random r, long seed) {
    List<String[]> a = new ArrayList<>();
    switch (command) {
      case "inspect":
        a.add(new String[] {"", Fuzz.pick(r, "P4", "P4M", "P6", "O")});
        if (r.nextBoolean()) {
          a.add(new String[] {"json", null});
        }
        break;
      case "layer":
        boolean lifting = r.nextBoolean();
        a.add(new String[] {"group", "P4"});
        a.add(new String[] {"weights", (lifting ? w : wGroup).toString()});
        a.add(new String[] {"input", (lifting ? x : xGroup).toString()});
        a.add(new String[] {"output", dir.resolve("y" + seed + ".npy").toString()});
        if (r.nextBoolean()) {
          a.add(new String[] {"bias", b.toString()});
        }
        a.add(new String[] {"backend", "cpu"});
        break;
      case "train":
        a.add(new String[] {"model", Fuzz.pick(r, "p4cnn", "z2cnn")});
        a.add(new String[] {"epochs", "1"});
        a.add(new String[] {"batch-size", "40"});
        a.add(new String[] {"train-size", Fuzz.pick(r, "8", "40")});
        a.add(new String[] {"backend", "cpu"});
        if (r.nextBoolean()) {
          a.add(new String[] {"checkpoint-out", dir.resolve("ck" + seed + ".npz").toString()});
        }
        // without --checkpoint, train draws its curves into the working directory (the source tree here)
        a.add(new String[] {"curves", dir.resolve("curves" + seed + ".png").toString()});
        break;
      case "eval":
        a.add(new String[] {"checkpoint", checkpoint.toString()});
        a.add(new String[] {"backend", "cpu"});
        break;
      case "equivariance":
        a.add(new String[] {"checkpoint", checkpoint.toString()});
        a.add(new String[] {"count", "4"});
        a.add(new String[] {"backend", "cpu"});
        break;
      default:
        break;
    }
    if (List.of("train", "eval", "equivariance").contains(command)) {
      if (command.equals("train")) {
        a.add(new String[] {"dataset", "fashion-mnist"});
      }
      a.add(new String[] {"data", data.toString()});
    }
    return a;
  }

  static final Map<String, List<String>> OPTIONS = Map.of(
      "inspect", List.of("kernel-size", "json"),
      "layer", List.of("group", "weights", "input", "output", "bias", "backend"),
      "train", List.of("model", "epochs", "backend", "seed", "train-size", "batch-size", "lr", "dataset", "data-seed",
          "checkpoint-out", "schedule"),
      "eval", List.of("checkpoint", "backend", "batch-size"),
      "equivariance", List.of("checkpoint", "count", "backend"));

  /**
   * Mutates a valid call; {@code --data} and {@code --dataset} may change value but never go away, and
   * {@code --curves} (a file in the temporary folder) stays as it is.
   */
  static List<String> mutate(String command, List<String[]> call, Random r, long seed) {
    List<String[]> a = new ArrayList<>(call);
    int edits = r.nextInt(4);
    List<String> options = OPTIONS.getOrDefault(command, List.of("x"));
    for (int i = 0; i < edits; i++) {
      int k = a.isEmpty() ? -1 : r.nextInt(a.size());
      switch (r.nextInt(6)) {
        case 0:
          if (k >= 0 && !a.get(k)[0].startsWith("data") && !a.get(k)[0].equals("curves")) {
            a.remove(k);
          }
          break;
        case 1:
          if (k >= 0) {
            a.add(r.nextInt(a.size() + 1), a.get(k).clone());
          }
          break;
        case 2:
          if (k >= 0 && a.get(k)[1] != null && !a.get(k)[0].equals("curves")) {
            a.set(k, new String[] {a.get(k)[0], value(r, a.get(k)[0], seed)});
          }
          break;
        case 3: {
          String o = Fuzz.pick(r, options.toArray(new String[0]));
          a.add(r.nextInt(a.size() + 1), new String[] {o, o.equals("json") ? null : value(r, o, seed)});
          break;
        }
        case 4:
          a.add(r.nextInt(a.size() + 1), new String[] {"", Fuzz.pick(r, HOSTILE)});
          break;
        default:
          java.util.Collections.shuffle(a, r);
          break;
      }
    }
    List<String> argv = new ArrayList<>();
    argv.add(command);
    for (String[] o : a) {
      if (!o[0].isEmpty()) {
        String name = o[0].equals("checkpoint-out") ? "checkpoint" : o[0];
        if (o[1] != null && r.nextInt(8) == 0) {
          argv.add("--" + name + "=" + o[1]);
          continue;
        }
        argv.add("--" + name);
      }
      if (o[1] != null) {
        argv.add(o[1]);
      }
    }
    return argv;
  }

  /** The value of the last {@code --name} in argv (as Args reads it), or null. */
  static String last(List<String> argv, String name) {
    String v = null;
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("--" + name) && i + 1 < argv.size()) {
        v = argv.get(++i);
      } else if (a.startsWith("--" + name + "=")) {
        v = a.substring(name.length() + 3);
      }
    }
    return v;
  }

  static void checkOutcome(List<String> argv, int code, String out, String err) throws Exception {
    String all = out + err;
    String what = argv + " -> exit " + code + "\nstdout: " + out + "\nstderr: " + err;
    assertTrue(code == 0 || code == 1 || code == 2, what);
    for (String bad : List.of("\tat ", "Exception in thread", "Caused by", "java.lang.", "OutOfMemoryError")) {
      assertTrue(!all.contains(bad), "no stack trace or raw exception: " + what);
    }
    if (code != 0) {
      String first = err.lines().findFirst().orElse("");
      assertTrue(first.startsWith("gconv4j"), what);
      assertTrue(!first.endsWith("null") && !first.contains(": null"), what);
      return;
    }
    String command = argv.get(0);
    switch (command) {
      case "layer": {
        String group = last(argv, "group");
        Path wFile = Path.of(last(argv, "weights"));
        Path xFile = Path.of(last(argv, "input"));
        String bias = last(argv, "bias");
        NpyArray wa = Npy.read(wFile);
        NpyArray xa = Npy.read(xFile);
        float[] bv = bias == null ? null : Npy.read(Path.of(bias)).toFloats();
        double[] ref = ReferenceGCorrelation.apply(GroupRegistry.load().find(group), wa.toFloats(), wa.shape(),
            xa.toFloats(), xa.shape(), bv);
        float[] y = Npy.read(Path.of(last(argv, "output"))).toFloats();
        assertEquals(ref.length, y.length, what);
        for (int i = 0; i < y.length; i++) {
          assertEquals(ref[i], y[i], 1e-4 * (1 + Math.abs(ref[i])), what);
        }
        break;
      }
      case "train":
      case "eval":
        assertTrue(CliTestSupport.TEST_LINE.matcher(CliTestSupport.lastLine(out)).matches(), what);
        break;
      case "equivariance":
        for (String l : out.lines().filter(l -> l.startsWith("rot90")).toList()) {
          assertTrue(l.contains("predictions changed  0.00%"), what);
        }
        break;
      default:
        assertTrue(!out.isBlank(), what);
    }
  }

  @Test
  void randomArgumentVectorsGiveACorrectResultOrACleanError() {
    String[] commands = {"layer", "layer", "layer", "inspect", "inspect", "train", "eval", "equivariance", "help",
        "nonsense", ""};
    PrintStream stdErr = System.err;
    long[] regressions = {616004477455675431L, 620907317926384608L, 2569782527054090191L, -6891542986727260559L};
    Fuzz.run("cli", 4001, regressions, 1000, Duration.ofSeconds(70), Duration.ofSeconds(120), (seed, r) -> {
      String command = Fuzz.pick(r, commands);
      List<String> argv = mutate(command, valid(command, r, seed), r, seed);
      if (command.isEmpty()) {
        argv = argv.subList(1, argv.size());
      }
      Fuzz.note(argv.toString());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream errStream = new PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
      System.setErr(errStream); // train's progress goes to System.err: keep it with the case
      int code;
      try {
        code = Main.run(argv, new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), errStream);
      } finally {
        System.setErr(stdErr);
      }
      outcomes.merge((argv.isEmpty() ? "help" : argv.get(0)) + " exit " + code, 1, Integer::sum);
      checkOutcome(argv.isEmpty() ? List.of("help") : argv, code, out.toString(java.nio.charset.StandardCharsets.UTF_8),
          err.toString(java.nio.charset.StandardCharsets.UTF_8));
      List<String> args = argv;
      String written = args.isEmpty() ? null : args.get(0).equals("layer") ? last(args, "output")
          : args.get(0).equals("train") ? last(args, "checkpoint") : null;
      boolean readsData = data.toString().equals(last(args, "data"));
      for (Map.Entry<Path, String> f : fixtures.entrySet()) {
        String p = f.getKey().toString();
        boolean input = !p.equals(written) && (args.stream().anyMatch(a -> a.equals(p) || a.endsWith("=" + p))
            || (readsData && f.getKey().startsWith(data)));
        if (input) {
          assertEquals(f.getValue(), hash(f.getKey()), "input " + f.getKey() + " unchanged by " + argv);
        }
        if (!f.getValue().equals(hash(f.getKey()))) { // an output that was a fixture: put it back
          Files.write(f.getKey(), originals.get(f.getKey()));
        }
      }
      assertTrue(!Files.isRegularFile(fifo), "the pipe is still a pipe after " + argv);
    });
    System.out.println("fuzz cli outcomes: " + outcomes);
  }
}
