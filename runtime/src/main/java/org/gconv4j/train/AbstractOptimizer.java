package org.gconv4j.train;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.gconv4j.internal.Checks;
import org.gconv4j.nn.Parameter;

/** Parameter bookkeeping, iteration counter and schedule shared by the optimizers. */
abstract class AbstractOptimizer implements Optimizer {
  protected final List<Parameter> params;
  private final LearningRateSchedule schedule;
  private long iterations;

  AbstractOptimizer(String tag, List<Parameter> params, LearningRateSchedule schedule) {
    Checks.notNull(tag, "parameters", params);
    Checks.notNull(tag, "schedule", schedule);
    Map<Parameter, Boolean> seen = new IdentityHashMap<>();
    for (Parameter p : params) {
      if (seen.put(p, Boolean.TRUE) != null) {
        throw Checks.argument(tag, "parameter '" + p.name()
            + "' is listed twice; it would be updated twice per step. Pass each parameter once");
      }
    }
    this.params = List.copyOf(new ArrayList<>(params));
    this.schedule = schedule;
  }

  @Override
  public final void step() {
    double lr = schedule.rate(iterations);
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw Checks.state("Optimizer", "the schedule gave learning rate " + lr + " at step " + iterations
          + ". Use a schedule with finite non-negative rates");
    }
    iterations++;
    update(lr, iterations);
  }

  /** One update; {@code t} is the 1-based count including this step. */
  protected abstract void update(double lr, long t);

  @Override
  public final List<Parameter> parameters() {
    return params;
  }

  @Override
  public final long iterations() {
    return iterations;
  }

  @Override
  public final void setIterations(long iterations) {
    Checks.nonNegative("Optimizer", "iterations", iterations);
    this.iterations = iterations;
  }

  @Override
  public final LearningRateSchedule schedule() {
    return schedule;
  }
}
