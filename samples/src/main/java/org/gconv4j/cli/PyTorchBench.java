package org.gconv4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code scripts/bench-pytorch.py} (PyTorch/oneDNN conv2d/conv3d of the same expanded banks,
 * same timing protocol) so that {@code ./gconv4j bench} can print gconv4j's speed relative to it
 * in the same run. Python: {@code $GCONV4J_PYTHON}, else the first of {@code python3} and
 * {@code /usr/bin/python3} that can {@code import torch}.
 */
final class PyTorchBench {
  private static final Pattern LINE = Pattern.compile(
      "^bench (\\S+) pytorch fwd ([0-9.]+) ms ([0-9.]+) GFLOP/s bwd ([0-9.]+) ms ([0-9.]+) GFLOP/s.*$");

  private static final Pattern MODEL_LINE = Pattern.compile(
      "^bench model (\\S+) pytorch batch \\d+ train ([0-9.]+) img/s \\(min [0-9.]+, max [0-9.]+\\) eval ([0-9.]+) img/s$");

  /** Medians of one case: forward and backward GFLOP/s, and the line the script printed. */
  record Rate(double forwardGflops, double backwardGflops, String line) {}

  /** Medians of the PyTorch peer of a whole network: training and inference images/s, and the line the script printed. */
  record ModelRate(double trainImagesPerSecond, double evalImagesPerSecond, String line) {}

  /** The networks the script builds GrouPy-style (filter gather + conv2d). */
  static final List<String> MODELS = List.of("p4cnn", "z2cnn");

  private final String python;
  private final Path script;

  private PyTorchBench(String python, Path script) {
    this.python = python;
    this.script = script;
  }

  /** The runner, or null after printing one line that says why PyTorch is skipped and how to enable it. */
  static PyTorchBench find() {
    String home = System.getProperty("gconv4j.home", ".");
    Path script = Path.of(home, "scripts", "bench-pytorch.py");
    if (!Files.isRegularFile(script)) {
      System.err.println("gconv4j bench: PyTorch comparison skipped: " + script + " not found (run ./gconv4j bench from a clone)");
      return null;
    }
    List<String> candidates = new ArrayList<>();
    String env = System.getenv("GCONV4J_PYTHON");
    if (env != null && !env.isBlank()) {
      candidates.add(env);
    }
    candidates.add("python3");
    candidates.add("/usr/bin/python3");
    for (String p : candidates) {
      if (importsTorch(p)) {
        return new PyTorchBench(p, script);
      }
    }
    System.err.println("gconv4j bench: PyTorch comparison skipped: no python3 can 'import torch'. Enable it with "
        + "'apt-get install python3-torch' (or set GCONV4J_PYTHON to a python with torch)");
    return null;
  }

  private static boolean importsTorch(String python) {
    try {
      Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  String python() {
    return python;
  }

  /**
   * Times the script's PyTorch peer of {@code model} (one of {@link #MODELS}) with the same protocol as {@code bench
   * --model}; null (with a note) when the script failed.
   */
  ModelRate runModel(String model, int batch, int warmup, int runs, int steps, int threads) {
    List<String> cmd = List.of(python, script.toString(), "--model", model, "--batch", Integer.toString(batch), "--warmup",
        Integer.toString(warmup), "--runs", Integer.toString(runs), "--steps", Integer.toString(steps), "--threads",
        Integer.toString(threads));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      List<String> output = new ArrayList<>();
      ModelRate rate = null;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          output.add(line);
          ModelRate parsed = parseModelLine(line);
          if (parsed != null) {
            rate = parsed;
          }
        }
      }
      if (p.waitFor() != 0 || rate == null) {
        System.err.println("gconv4j bench: " + String.join(" ", cmd) + " failed: " + String.join(" | ", output));
        return null;
      }
      return rate;
    } catch (IOException e) {
      System.err.println("gconv4j bench: could not run " + String.join(" ", cmd) + ": " + e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The script's {@code bench model <m> pytorch ...} line as rates, or null for any other line. */
  static ModelRate parseModelLine(String line) {
    Matcher m = MODEL_LINE.matcher(line);
    return m.matches() ? new ModelRate(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), line) : null;
  }

  /** Runs the script for {@code cases} ({@code batch} 0: each case's own); returns the medians by case name (missing cases: the script failed). */
  Map<String, Rate> run(List<String> cases, int batch, int warmup, int runs, int threads) {
    Map<String, Rate> rates = new LinkedHashMap<>();
    for (String c : cases) {
      List<String> cmd = List.of(python, script.toString(), "--case", c, "--warmup", Integer.toString(warmup), "--runs",
          Integer.toString(runs), "--threads", Integer.toString(threads), "--batch", Integer.toString(batch));
      try {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            output.add(line);
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
              rates.put(m.group(1), new Rate(Double.parseDouble(m.group(3)), Double.parseDouble(m.group(5)), line));
            }
          }
        }
        if (p.waitFor() != 0) {
          System.err.println("gconv4j bench: " + String.join(" ", cmd) + " failed: " + String.join(" | ", output));
        }
      } catch (IOException e) {
        System.err.println("gconv4j bench: could not run " + String.join(" ", cmd) + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return rates;
  }
}
