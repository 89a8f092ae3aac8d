package org.gconv4j.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
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
 * ({@link ParameterChunks}), so its bits do not depend on the thread count. Each element is read and
 * written once per step: the moments and the new value are computed in double, lane by lane on the
 * preferred double vector species (the floats widened exactly, the same operations in the same order
 * as the scalar form {@link #updateScalar}, which also does the tail), so the vector and scalar
 * forms give the same bits.
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

  /** Doubles of the preferred vector size, and floats of as many lanes (half the bits), widened into them exactly. */
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> FLOATS =
      VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

  /** The update of elements [from, to) of parameter i: vectors, then the scalar tail. */
  private void update(int i, int from, int to, double lr, double stepSize, double sqrtC2) {
    float[] p = params.get(i).value().data();
    float[] g = params.get(i).grad().data();
    float[] mi = m[i].data();
    float[] vi = v[i].data();
    int j = from;
    boolean l2 = weightDecay != 0 && !decoupled;
    boolean decay = weightDecay != 0 && decoupled;
    DoubleVector b1 = DoubleVector.broadcast(DOUBLES, beta1);
    DoubleVector c1 = DoubleVector.broadcast(DOUBLES, 1 - beta1);
    DoubleVector b2 = DoubleVector.broadcast(DOUBLES, beta2);
    DoubleVector c2 = DoubleVector.broadcast(DOUBLES, 1 - beta2);
    DoubleVector step = DoubleVector.broadcast(DOUBLES, stepSize);
    DoubleVector root = DoubleVector.broadcast(DOUBLES, sqrtC2);
    DoubleVector epsilon = DoubleVector.broadcast(DOUBLES, eps);
    DoubleVector wd = DoubleVector.broadcast(DOUBLES, weightDecay);
    DoubleVector lrWd = DoubleVector.broadcast(DOUBLES, lr * weightDecay);
    for (int bound = from + FLOATS.loopBound(to - from); j < bound; j += FLOATS.length()) {
      DoubleVector value = widen(p, j);
      DoubleVector grad = widen(g, j);
      if (l2) {
        grad = grad.add(wd.mul(value));
      }
      DoubleVector mj = b1.mul(widen(mi, j)).add(c1.mul(grad));
      DoubleVector vj = b2.mul(widen(vi, j)).add(c2.mul(grad).mul(grad));
      narrow(mj).intoArray(mi, j);
      narrow(vj).intoArray(vi, j);
      if (decay) {
        value = value.sub(lrWd.mul(value));
      }
      narrow(value.sub(step.mul(mj).div(vj.sqrt().div(root).add(epsilon)))).intoArray(p, j);
    }
    updateScalar(p, g, mi, vi, j, to, lr, stepSize, sqrtC2);
  }

  private static DoubleVector widen(float[] a, int at) {
    return (DoubleVector) FloatVector.fromArray(FLOATS, a, at).convertShape(VectorOperators.F2D, DOUBLES, 0);
  }

  private static FloatVector narrow(DoubleVector d) {
    return (FloatVector) d.convertShape(VectorOperators.D2F, FLOATS, 0);
  }

  /** The update of elements [from, to), one at a time (the definition the vector loop follows). */
  private void updateScalar(float[] p, float[] g, float[] mi, float[] vi, int from, int to, double lr, double stepSize,
      double sqrtC2) {
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
