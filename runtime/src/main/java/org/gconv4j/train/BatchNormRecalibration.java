package org.gconv4j.train;

import java.util.List;
import java.util.function.UnaryOperator;
import org.gconv4j.data.Batch;
import org.gconv4j.data.Dataset;
import org.gconv4j.internal.Checks;
import org.gconv4j.nn.BatchNorm;
import org.gconv4j.nn.Layer;

/**
 * Replaces every batch-norm layer's running statistics by the plain average of its batch
 * statistics over one pass through a dataset in training mode (no parameter update): what
 * Chainer's {@code BatchNormalization(finetune=True)} does in the authors' code before each
 * evaluation, instead of an exponential average that weighs the last few batches most.
 *
 * <p>{@link BatchNorm} keeps {@code running = (1 − m)·running + m·batch}; each batch's statistic is
 * recovered exactly from two consecutive running values, {@code batch = (after − (1 − m)·before) / m},
 * so the layer itself needs no special mode.
 */
public final class BatchNormRecalibration {
  private BatchNormRecalibration() {}

  /**
   * @param model the network (run forward in training mode; dropout, if any, is active as in the authors' pass)
   * @param norms its batch-norm layers
   * @param augmentation applied to each batch first (the authors' pass uses the training augmentation)
   */
  public static void run(Layer model, List<BatchNorm> norms, Dataset data, int batchSize,
      UnaryOperator<Batch> augmentation) {
    if (norms.isEmpty() || data.size() == 0) {
      return;
    }
    double[][] meanSum = new double[norms.size()][];
    double[][] varSum = new double[norms.size()][];
    for (int k = 0; k < norms.size(); k++) {
      if (!(norms.get(k).momentum() > 0)) {
        throw Checks.argument("BatchNormRecalibration", "batch norm " + k
            + " has momentum 0: its running statistics never change, so batch statistics cannot be recovered");
      }
      meanSum[k] = new double[norms.get(k).channels()];
      varSum[k] = new double[norms.get(k).channels()];
    }
    int batches = 0;
    for (Batch b : data.batches(batchSize)) {
      if (b.size() < 2) {
        continue;
      }
      float[][] meanBefore = new float[norms.size()][];
      float[][] varBefore = new float[norms.size()][];
      for (int k = 0; k < norms.size(); k++) {
        meanBefore[k] = norms.get(k).runningMean().data().clone();
        varBefore[k] = norms.get(k).runningVar().data().clone();
      }
      model.forward(augmentation.apply(b).images(), true);
      for (int k = 0; k < norms.size(); k++) {
        double m = norms.get(k).momentum();
        accumulate(meanSum[k], meanBefore[k], norms.get(k).runningMean().data(), m);
        accumulate(varSum[k], varBefore[k], norms.get(k).runningVar().data(), m);
      }
      batches++;
    }
    for (int k = 0; k < norms.size(); k++) {
      write(meanSum[k], batches, norms.get(k).runningMean().data());
      write(varSum[k], batches, norms.get(k).runningVar().data());
    }
  }

  private static void accumulate(double[] sum, float[] before, float[] after, double m) {
    for (int c = 0; c < sum.length; c++) {
      sum[c] += (after[c] - (1 - m) * before[c]) / m;
    }
  }

  private static void write(double[] sum, int count, float[] target) {
    if (count == 0) {
      return;
    }
    for (int c = 0; c < sum.length; c++) {
      target[c] = (float) (sum[c] / count);
    }
  }
}
