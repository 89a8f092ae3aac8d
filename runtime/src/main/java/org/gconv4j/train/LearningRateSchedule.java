package org.gconv4j.train;

import org.gconv4j.internal.Checks;

/**
 * Learning rate as a function of the optimizer step (0 for the first update). All schedules are
 * pure functions, so a resumed run reproduces the same rates. For epoch-based schedules (the
 * paper's ResNets: ÷10 at epochs 50, 100, 150) pass milestones in steps: {@code epoch · stepsPerEpoch}.
 */
@FunctionalInterface
public interface LearningRateSchedule {
  /** The learning rate for update number {@code step} (0-based). */
  double rate(long step);

  /** Always {@code lr}. */
  static LearningRateSchedule constant(double lr) {
    requirePositive("constant", lr);
    return step -> lr;
  }

  /** {@code lr · gamma^⌊step / everySteps⌋}. */
  static LearningRateSchedule stepDecay(double lr, double gamma, long everySteps) {
    requirePositive("stepDecay", lr);
    if (everySteps < 1 || !(gamma > 0)) {
      throw Checks.argument("LearningRateSchedule", "stepDecay needs everySteps >= 1 and gamma > 0; got everySteps="
          + everySteps + ", gamma=" + gamma);
    }
    return step -> lr * Math.pow(gamma, step / everySteps);
  }

  /** {@code lr · gamma^k}, k = number of milestones ≤ step (milestones ascending). */
  static LearningRateSchedule multiStep(double lr, double gamma, long... milestones) {
    requirePositive("multiStep", lr);
    long[] m = milestones.clone();
    for (int i = 1; i < m.length; i++) {
      if (m[i] <= m[i - 1]) {
        throw Checks.argument("LearningRateSchedule", "multiStep milestones must be strictly ascending; got "
            + java.util.Arrays.toString(m));
      }
    }
    return step -> {
      int k = 0;
      while (k < m.length && step >= m[k]) {
        k++;
      }
      return lr * Math.pow(gamma, k);
    };
  }

  /** {@code lr · gamma^step}. */
  static LearningRateSchedule exponential(double lr, double gamma) {
    requirePositive("exponential", lr);
    Checks.require(gamma > 0, "LearningRateSchedule", "exponential needs gamma > 0", gamma);
    return step -> lr * Math.pow(gamma, step);
  }

  /**
   * Cosine annealing from {@code lr} at step 0 to {@code minLr} at {@code totalSteps}, then
   * {@code minLr}: {@code minLr + (lr − minLr)·(1 + cos(π·step / totalSteps)) / 2}.
   */
  static LearningRateSchedule cosine(double lr, double minLr, long totalSteps) {
    requirePositive("cosine", lr);
    if (totalSteps < 1 || minLr < 0 || minLr > lr) {
      throw Checks.argument("LearningRateSchedule", "cosine needs totalSteps >= 1 and 0 <= minLr <= lr; got totalSteps="
          + totalSteps + ", minLr=" + minLr + ", lr=" + lr);
    }
    return step -> step >= totalSteps
        ? minLr
        : minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * step / totalSteps));
  }

  /** Linear warm-up from {@code rate(0)/warmupSteps} to this schedule over the first {@code warmupSteps}. */
  default LearningRateSchedule withWarmup(long warmupSteps) {
    Checks.positive("LearningRateSchedule", "warmupSteps", warmupSteps);
    return step -> step < warmupSteps ? rate(step) * (step + 1) / warmupSteps : rate(step);
  }

  private static void requirePositive(String name, double lr) {
    Checks.require(lr > 0 && !Double.isInfinite(lr), "LearningRateSchedule", name + " needs a finite learning rate > 0", lr);
  }
}
