package org.gconv4j.train;

import java.util.List;
import java.util.Map;
import org.gconv4j.nn.Parameter;
import org.gconv4j.tensor.Tensor;

/**
 * Updates a fixed list of parameters from their accumulated gradients. Updates are element-wise
 * and sequential, so the same gradients give the same bits.
 *
 * <p>Typical step: {@code opt.zeroGrad(); loss = ...forward; model.backward(...); opt.step();}
 */
public interface Optimizer extends ParameterUpdater {
  /** Applies one update with the learning rate {@code schedule().rate(iterations())}, then counts it. */
  @Override
  void step();

  /** Zeroes the gradients of every parameter this optimizer updates. */
  @Override
  default void zeroGrad() {
    List<Parameter> params = parameters();
    for (int i = 0; i < params.size(); i++) {
      params.get(i).zeroGrad();
    }
  }

  /** The parameters updated, in a fixed order. */
  List<Parameter> parameters();

  /** Number of {@link #step()} calls so far (restored from checkpoints with {@link #setIterations}). */
  long iterations();

  void setIterations(long iterations);

  LearningRateSchedule schedule();

  /** The learning rate the next {@link #step()} will use. */
  default double currentLearningRate() {
    return schedule().rate(iterations());
  }

  /**
   * Per-parameter state (e.g. Adam's moments), keyed {@code "<kind>.<parameter index>"}; the
   * tensors are live, so writing into them restores a checkpoint.
   */
  Map<String, Tensor> state();
}
