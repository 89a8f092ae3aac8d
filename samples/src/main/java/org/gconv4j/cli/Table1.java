package org.gconv4j.cli;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The Markdown of {@code table1.md}: our MNIST-rot test errors over seeds next to the paper's Table 1. */
final class Table1 {
  private Table1() {}

  /**
   * @param runs per model, the training documents of its finished runs (checkpoint {@code training.json})
   * @param quick whether these are {@code --quick} smoke runs (then the numbers mean nothing)
   */
  static String markdown(Map<String, List<JsonObject>> runs, boolean quick) {
    StringBuilder s = new StringBuilder();
    s.append("# Table 1 (MNIST-rot), reproduced").append(quick ? " — QUICK SMOKE RUN, not a result" : "")
        .append("\n\n");
    s.append("| model | test error (%) | runs (seed: error %) | epochs | wall time per run | parameters | test images "
        + "| paper (Table 1) |\n");
    s.append("|---|---|---|---|---|---|---|---|\n");
    for (Map.Entry<String, List<JsonObject>> e : runs.entrySet()) {
      List<JsonObject> r = e.getValue();
      double[] err = r.stream().mapToDouble(t -> 100 * t.get("testError").getAsDouble()).toArray();
      String perSeed = r.stream()
          .map(t -> String.format(Locale.ROOT, "%d: %.2f", t.get("seed").getAsLong(),
              100 * t.get("testError").getAsDouble()))
          .collect(Collectors.joining(", "));
      String epochs = r.stream().map(t -> t.get("epochs").getAsString()).distinct().collect(Collectors.joining("/"));
      double wall = r.stream().mapToDouble(t -> t.get("wallSeconds").getAsDouble()).average().orElse(Double.NaN);
      String params = r.get(0).has("parameters") ? String.format(Locale.ROOT, "%,d", r.get(0).get("parameters").getAsLong())
          : "?";
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.0f s | %s | %,d | %s |%n", e.getKey(),
          meanStd(err), perSeed, epochs, wall, params, r.get(0).get("testImages").getAsInt(),
          ReproduceCommand.PAPER.getOrDefault(e.getKey(), "—")));
    }
    JsonObject first = runs.values().iterator().next().get(0);
    s.append(String.format(Locale.ROOT, "%nProtocol: `train --protocol %s`: Adam (lr %s, %s schedule), batch %s, "
            + "trained on %s (%s images), rotation jitter ±%.2f°, initial weights: %s, model kept: %s, batch-norm statistics: %s. "
            + "± is the standard deviation over seeds (numpy's std, as the authors' script), 0 for one run. "
            + "Wall time on a shared machine; see docs/data-and-training.md.%n",
        str(first, "protocol"), str(first, "learningRate"), str(first, "schedule"), str(first, "batchSize"),
        str(first, "trainedOn"), str(first, "trainImages"), first.has("augmentRotationDegrees")
            ? first.get("augmentRotationDegrees").getAsDouble() : 0.0,
        ReproduceCommand.recordedInit(first),
        str(first, "modelKept"), str(first, "batchNormStatistics")));
    return s.toString();
  }

  /** {@code "2.31 ± 0.05 (3)"}: mean and population standard deviation of the values, and how many. */
  static String meanStd(double[] v) {
    return meanStd(v, 2);
  }

  /** Mean ± population standard deviation with {@code decimals} digits, and how many values (2D and 3D tables). */
  static String meanStd(double[] v, int decimals) {
    double mean = 0;
    for (double x : v) {
      mean += x / v.length;
    }
    double var = 0;
    for (double x : v) {
      var += (x - mean) * (x - mean) / v.length;
    }
    String f = "%." + decimals + "f";
    return String.format(Locale.ROOT, f + " ± " + f + " (%d)", mean, Math.sqrt(var), v.length);
  }

  private static String str(JsonObject o, String key) {
    return o.has(key) ? o.get(key).getAsString() : "?";
  }
}
