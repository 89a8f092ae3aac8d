package org.gconv4j.nn;

import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * Softmax followed by cross-entropy with integer class labels, averaged over the batch. Computed
 * in double with the row maximum subtracted (log-sum-exp), so large logits do not overflow.
 *
 * <pre>{@code
 * SoftmaxCrossEntropy lossFn = new SoftmaxCrossEntropy();
 * double loss = lossFn.forward(logits, labels);
 * Tensor grad = lossFn.backward();            // (softmax − onehot) / N, shape of logits
 * }</pre>
 *
 * <p>Its arrays are reused while the logits' shape is unchanged: the tensor {@link #backward()}
 * returns is overwritten by the next {@code backward()}.
 */
public final class SoftmaxCrossEntropy {
  private float[] probabilities;
  private int[] labels;
  private int[] shape;
  private Tensor gradient;

  /**
   * Mean cross-entropy of {@code logits} [N, K] against {@code labels} (N values in 0..K−1).
   * Caches the softmax for {@link #backward()}.
   */
  public double forward(Tensor logits, int[] labels) {
    int n = checkedRows(logits, labels);
    int k = logits.shape(1);
    float[] z = logits.data();
    float[] p = Workspace.floats(probabilities, z.length);
    double total = 0;
    for (int s = 0; s < n; s++) {
      int base = s * k;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, z[base + j]);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.exp(z[base + j] - max);
      }
      double logSum = Math.log(sum);
      for (int j = 0; j < k; j++) {
        p[base + j] = (float) Math.exp(z[base + j] - max - logSum);
      }
      total += logSum + max - z[base + labels[s]];
    }
    this.probabilities = p;
    this.labels = Workspace.ints(this.labels, n);
    System.arraycopy(labels, 0, this.labels, 0, n);
    if (shape == null || !logits.hasShape(shape)) {
      this.shape = logits.shape();
    }
    return total / n;
  }

  /** ∂(mean loss)/∂logits = (softmax − onehot(label)) / N, shape [N, K]. */
  public Tensor backward() {
    if (probabilities == null) {
      throw Checks.state("SoftmaxCrossEntropy", "backward called before forward; call forward(logits, labels) first");
    }
    int n = shape[0];
    int k = shape[1];
    if (gradient == null || !gradient.hasShape(shape)) {
      gradient = Tensor.zeros(shape);
    }
    float[] g = gradient.data();
    float inv = 1f / n;
    for (int s = 0; s < n; s++) {
      for (int j = 0; j < k; j++) {
        float v = probabilities[s * k + j];
        if (j == labels[s]) {
          v -= 1f;
        }
        g[s * k + j] = v * inv;
      }
    }
    return gradient;
  }

  /** Softmax of the last forward call, shape [N, K] (a copy). */
  public Tensor probabilities() {
    if (probabilities == null) {
      throw Checks.state("SoftmaxCrossEntropy", "no probabilities yet; call forward(logits, labels) first");
    }
    return Tensor.of(probabilities.clone(), shape.clone());
  }

  /** Index of the largest logit per row; ties go to the lowest index. */
  public static int[] predictions(Tensor logits) {
    if (logits.rank() != 2 || logits.shape(1) < 1) {
      throw Checks.argument("SoftmaxCrossEntropy", "logits must be [N, K]; got " + logits.shapeString());
    }
    int n = logits.shape(0);
    int k = logits.shape(1);
    float[] z = logits.data();
    int[] out = new int[n];
    for (int s = 0; s < n; s++) {
      int best = 0;
      for (int j = 1; j < k; j++) {
        if (z[s * k + j] > z[s * k + best]) {
          best = j;
        }
      }
      out[s] = best;
    }
    return out;
  }

  /** Number of rows whose prediction equals the label. */
  public static int countCorrect(Tensor logits, int[] labels) {
    checkedRows(logits, labels);
    int[] pred = predictions(logits);
    int correct = 0;
    for (int s = 0; s < pred.length; s++) {
      if (pred[s] == labels[s]) {
        correct++;
      }
    }
    return correct;
  }

  /** Fraction of rows whose prediction equals the label, in [0, 1]. */
  public static double accuracy(Tensor logits, int[] labels) {
    return (double) countCorrect(logits, labels) / logits.shape(0);
  }

  private static int checkedRows(Tensor logits, int[] labels) {
    if (logits.rank() != 2 || logits.shape(0) < 1 || logits.shape(1) < 1) {
      throw Checks.argument("SoftmaxCrossEntropy", "logits must be [N, K] with N, K >= 1; got "
          + logits.shapeString() + ". Flatten and end the model with a Dense layer");
    }
    int n = logits.shape(0);
    int k = logits.shape(1);
    if (labels.length != n) {
      throw Checks.argument("SoftmaxCrossEntropy", "need one label per row; got " + labels.length
          + " labels for logits " + logits.shapeString());
    }
    for (int s = 0; s < n; s++) {
      if (labels[s] < 0 || labels[s] >= k) {
        throw Checks.argument("SoftmaxCrossEntropy", "labels must be in 0.." + (k - 1) + "; label["
            + s + "] = " + labels[s] + ". Check the data set's class count against the final Dense layer");
      }
    }
    return n;
  }
}
