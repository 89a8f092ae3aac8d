package org.gconv4j.train;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.gconv4j.internal.Checks;

/**
 * Area under the ROC curve, MedMNIST's main metric. {@link #binary} is the Mann–Whitney statistic:
 * the probability that a random positive scores above a random negative, ties counting ½ — the same
 * number as {@code sklearn.metrics.roc_auc_score} (trapezoidal ROC area). {@link #medmnist} applies
 * MedMNIST v2's {@code getAUC}: two classes, the AUC of the class-1 probability; more classes, the
 * mean one-vs-rest AUC over the classes.
 */
public final class RocAuc {
  private RocAuc() {}

  /**
   * AUC of {@code scores} for the positives {@code positive[i]}: (Σ ranks of the positives − P(P+1)/2) / (P·N)
   * with average ranks for tied scores. NaN when there are no positives or no negatives.
   */
  public static double binary(double[] scores, boolean[] positive) {
    if (scores.length != positive.length) {
      throw Checks.argument("RocAuc", scores.length + " scores but " + positive.length + " labels");
    }
    int n = scores.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double rankSumPositive = 0;
    long positives = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1; // ranks i+1 .. j+1
      for (int k = i; k <= j; k++) {
        if (positive[order[k]]) {
          rankSumPositive += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * MedMNIST v2's AUC of class probabilities {@code probs} [N, K] (row-major) for labels in [0, K):
   * K = 2, the AUC of column 1; K > 2, the mean over the classes of the one-vs-rest AUC of their column.
   */
  public static double medmnist(double[] probs, int[] labels, int classes) {
    int n = labels.length;
    if (probs.length != (long) n * classes || classes < 2) {
      throw Checks.argument("RocAuc", "need probabilities [" + n + ", K >= 2]; got " + probs.length
          + " values for K = " + classes);
    }
    double sum = 0;
    for (int c = classes == 2 ? 1 : 0; c < classes; c++) {
      double[] s = new double[n];
      boolean[] pos = new boolean[n];
      for (int i = 0; i < n; i++) {
        s[i] = probs[i * classes + c];
        pos[i] = labels[i] == c;
      }
      sum += binary(s, pos);
    }
    return classes == 2 ? sum : sum / classes;
  }

  /** Row-wise softmax of logits [N, K], in double. */
  public static double[] softmax(float[] logits, int classes) {
    double[] p = new double[logits.length];
    for (int r = 0; r < logits.length / classes; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, logits[r * classes + c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        p[r * classes + c] = Math.exp(logits[r * classes + c] - max);
        sum += p[r * classes + c];
      }
      for (int c = 0; c < classes; c++) {
        p[r * classes + c] /= sum;
      }
    }
    return p;
  }
}
