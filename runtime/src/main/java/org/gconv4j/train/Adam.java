package org.gconv4j.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gconv4j.nn.Parameter;
import org.gconv4j.tensor.Tensor;

/**
 * Adam (Kingma &amp; Ba 2015), the optimizer of the paper's rotated-MNIST experiments, with bias
 * correction: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p − lr·m̂ / (√v̂ + eps).
 *
 * <p>Weight decay, when non-zero, is either classic L2 (g ← g + wd·p before the moments, PyTorch
 * {@code Adam}) or decoupled (p ← p − lr·wd·p, PyTorch {@code AdamW}).
 *
 * <p>The update is element-wise and runs on the CPU executor over fixed chunks of the parameters
 * ({@link ParameterChunks}), so its bits do not depend on the thread count.
 */
public final class Adam extends AbstractOptimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final boolean decoupled;
  private final Tensor[] m;
  private final Tensor[] v;
  private final ParameterChunks chunks;
  /** Scalar operations per element of an update (for the executor's inline threshold). */
  private static final int UPDATE_COST = 20;

  /** β1 = 0.9, β2 = 0.999, eps = 1e-8, no weight decay. */
  public Adam(List<Parameter> params, LearningRateSchedule schedule) {
    this(params, schedule, 0.9, 0.999, 1e-8, 0, false);
  }

  /** Constant learning rate with the defaults. */
  public Adam(List<Parameter> params, double lr) {
    this(params, LearningRateSchedule.constant(lr));
  }

  public Adam(List<Parameter> params, LearningRateSchedule schedule, double beta1, double beta2, double eps,
      double weightDecay, boolean decoupledWeightDecay) {
    super("Adam", params, schedule);
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException("[Adam] need 0 <= beta1, beta2 < 1, eps > 0, weightDecay >= 0; got beta1="
          + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ", weightDecay=" + weightDecay);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.decoupled = decoupledWeightDecay;
    this.m = new Tensor[this.params.size()];
    this.v = new Tensor[this.params.size()];
    for (int i = 0; i < m.length; i++) {
      m[i] = Tensor.zeros(this.params.get(i).value().shape());
      v[i] = Tensor.zeros(this.params.get(i).value().shape());
    }
    this.chunks = new ParameterChunks(this.params);
  }

  @Override
  protected void update(double lr, long t) {
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    double stepSize = lr / c1;
    double sqrtC2 = Math.sqrt(c2);
    chunks.run(UPDATE_COST, (i, from, to) -> update(i, from, to, lr, stepSize, sqrtC2));
  }

  /** The update of elements [from, to) of parameter i. */
  private void update(int i, int from, int to, double lr, double stepSize, double sqrtC2) {
    float[] p = params.get(i).value().data();
    float[] g = params.get(i).grad().data();
    float[] mi = m[i].data();
    float[] vi = v[i].data();
    for (int j = from; j < to; j++) {
      double grad = g[j];
      if (weightDecay != 0 && !decoupled) {
        grad += weightDecay * p[j];
      }
      double mj = beta1 * mi[j] + (1 - beta1) * grad;
      double vj = beta2 * vi[j] + (1 - beta2) * grad * grad;
      mi[j] = (float) mj;
      vi[j] = (float) vj;
      double value = p[j];
      if (weightDecay != 0 && decoupled) {
        value -= lr * weightDecay * value;
      }
      p[j] = (float) (value - stepSize * mj / (Math.sqrt(vj) / sqrtC2 + eps));
    }
  }

  @Override
  public Map<String, Tensor> state() {
    Map<String, Tensor> s = new LinkedHashMap<>();
    for (int i = 0; i < m.length; i++) {
      s.put("m." + i, m[i]);
      s.put("v." + i, v[i]);
    }
    return s;
  }
}
