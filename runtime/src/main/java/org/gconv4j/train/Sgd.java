package org.gconv4j.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gconv4j.internal.Checks;
import org.gconv4j.nn.Parameter;
import org.gconv4j.tensor.Tensor;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, with
 * PyTorch's {@code SGD} semantics (the paper's ResNets: lr 0.05, momentum 0.9):
 * g ← g + wd·p; b ← μ·b + g; d = nesterov ? g + μ·b : b; p ← p − lr·d.
 */
public final class Sgd extends AbstractOptimizer {
  private final double momentum;
  private final boolean nesterov;
  private final double weightDecay;
  private final Tensor[] velocity;

  /** Plain SGD with a constant learning rate. */
  public Sgd(List<Parameter> params, double lr) {
    this(params, LearningRateSchedule.constant(lr), 0, false, 0);
  }

  public Sgd(List<Parameter> params, LearningRateSchedule schedule, double momentum, boolean nesterov, double weightDecay) {
    super("Sgd", params, schedule);
    if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0) || (nesterov && momentum == 0)) {
      throw Checks.argument("Sgd", "need 0 <= momentum < 1 (> 0 for Nesterov) and weightDecay >= 0; got momentum="
          + momentum + ", nesterov=" + nesterov + ", weightDecay=" + weightDecay);
    }
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
    this.velocity = new Tensor[this.params.size()];
    for (int i = 0; i < velocity.length; i++) {
      velocity[i] = Tensor.zeros(this.params.get(i).value().shape());
    }
  }

  @Override
  protected void update(double lr, long t) {
    for (int i = 0; i < params.size(); i++) {
      float[] p = params.get(i).value().data();
      float[] g = params.get(i).grad().data();
      float[] b = velocity[i].data();
      for (int j = 0; j < p.length; j++) {
        double grad = g[j] + weightDecay * p[j];
        double d = grad;
        if (momentum != 0) {
          double bj = momentum * b[j] + grad;
          b[j] = (float) bj;
          d = nesterov ? grad + momentum * bj : bj;
        }
        p[j] = (float) (p[j] - lr * d);
      }
    }
  }

  @Override
  public Map<String, Tensor> state() {
    Map<String, Tensor> s = new LinkedHashMap<>();
    for (int i = 0; i < velocity.length; i++) {
      s.put("velocity." + i, velocity[i]);
    }
    return s;
  }
}
