package org.gconv4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gconv4j.data.Batch;
import org.gconv4j.data.Dataset;
import org.gconv4j.internal.Checks;
import org.gconv4j.nn.Layer;
import org.gconv4j.tensor.Tensor;

/**
 * Counts of (true class, predicted class) pairs of a classifier, the prediction being the largest logit
 * (the first on ties, as {@link Trainer#countCorrect}). {@link Trainer#evaluate} is its {@link #error()}.
 */
public final class ConfusionMatrix {
  private final long[][] counts;

  /** An empty matrix over {@code classes} classes. */
  public ConfusionMatrix(int classes) {
    Checks.positive("ConfusionMatrix", "classes", classes);
    counts = new long[classes][classes];
  }

  /** The matrix of {@code model} (inference mode) over {@code data}, in batches of {@code batchSize}. */
  public static ConfusionMatrix of(Layer model, Dataset data, int batchSize) {
    ConfusionMatrix m = new ConfusionMatrix(data.classes());
    for (Batch b : data.batchesReusing(batchSize)) {
      m.add(model.forward(b.images(), false), b.labels());
    }
    return m;
  }

  /** Adds one row per sample of {@code logits} [N, classes] with its label. */
  public void add(Tensor logits, int[] labels) {
    Trainer.requireLogits(logits);
    int n = logits.shape(0);
    if (logits.shape(1) != counts.length || labels.length < n) {
      throw Checks.argument("ConfusionMatrix", String.format(Locale.ROOT,
          "logits must be [N, %d] with N labels; got %d classes and %d labels for N = %d",
          counts.length, logits.shape(1), labels.length, n));
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= counts.length) {
        throw Checks.argument("ConfusionMatrix", "label " + labels[i] + " of sample " + i
            + " is not a class in [0, " + counts.length + ")");
      }
      counts[labels[i]][Trainer.argmax(logits, i)]++;
    }
  }

  public int classes() {
    return counts.length;
  }

  /** Samples of class {@code truth} predicted as {@code predicted}. */
  public long count(int truth, int predicted) {
    return counts[truth][predicted];
  }

  /** Samples of class {@code truth}. */
  public long support(int truth) {
    long s = 0;
    for (long c : counts[truth]) {
      s += c;
    }
    return s;
  }

  public long total() {
    long s = 0;
    for (int t = 0; t < counts.length; t++) {
      s += support(t);
    }
    return s;
  }

  /** Fraction misclassified (NaN when empty). */
  public double error() {
    long total = total();
    if (total == 0) {
      return Double.NaN;
    }
    long correct = 0;
    for (int t = 0; t < counts.length; t++) {
      correct += counts[t][t];
    }
    return 1 - (double) correct / total;
  }

  /** Fraction of class {@code truth} misclassified (NaN when it has no samples). */
  public double classError(int truth) {
    long s = support(truth);
    return s == 0 ? Double.NaN : 1 - (double) counts[truth][truth] / s;
  }

  /** {@code per-class error: 0 0.41%, 1 0.35%, ...}; a class without samples shows {@code -}. */
  public String perClassLine() {
    StringBuilder b = new StringBuilder("per-class error:");
    for (int t = 0; t < counts.length; t++) {
      b.append(t == 0 ? " " : ", ").append(t).append(' ');
      b.append(support(t) == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * classError(t)));
    }
    return b.toString();
  }

  /**
   * The {@code n} most frequent mistakes, largest first (ties: smaller true class, then smaller predicted
   * class), e.g. {@code most confused: 9 as 6 112, 6 as 9 98, 2 as 7 40}; "none" when there are none.
   */
  public String mostConfusedLine(int n) {
    List<int[]> pairs = new ArrayList<>();
    for (int t = 0; t < counts.length; t++) {
      for (int p = 0; p < counts.length; p++) {
        if (t != p && counts[t][p] > 0) {
          pairs.add(new int[] {t, p});
        }
      }
    }
    pairs.sort((a, b) -> {
      int c = Long.compare(counts[b[0]][b[1]], counts[a[0]][a[1]]);
      return c != 0 ? c : a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    });
    StringBuilder b = new StringBuilder("most confused:");
    if (pairs.isEmpty()) {
      return b.append(" none").toString();
    }
    for (int i = 0; i < Math.min(n, pairs.size()); i++) {
      int[] q = pairs.get(i);
      b.append(String.format(Locale.ROOT, "%s %d as %d %d", i == 0 ? "" : ",", q[0], q[1], counts[q[0]][q[1]]));
    }
    return b.toString();
  }
}
