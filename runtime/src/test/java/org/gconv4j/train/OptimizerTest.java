package org.gconv4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.gconv4j.nn.Parameter;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Optimizers minimise f(p) = Σ a_i (p_i − c_i)² (an ill-conditioned quadratic, a from 0.5 to 8) and
 * reproduce hand-computed first steps.
 */
class OptimizerTest {
  static final float[] A = {0.5f, 1f, 2f, 4f, 8f};
  static final float[] C = {1f, -2f, 0.5f, 3f, -1f};

  static Parameter quadraticStart() {
    return new Parameter("p", Tensor.of(new float[] {0f, 0f, 0f, 0f, 0f}, 5));
  }

  static void gradient(Parameter p) {
    float[] v = p.value().data();
    float[] g = p.grad().data();
    for (int i = 0; i < v.length; i++) {
      g[i] = 2 * A[i] * (v[i] - C[i]);
    }
  }

  static float[] minimise(Function<List<Parameter>, Optimizer> make, int steps) {
    Parameter p = quadraticStart();
    Optimizer opt = make.apply(List.of(p));
    for (int s = 0; s < steps; s++) {
      opt.zeroGrad();
      gradient(p);
      opt.step();
    }
    assertEquals(steps, opt.iterations());
    return p.value().data().clone();
  }

  @Test
  void adamMinimisesAQuadratic() {
    float[] p = minimise(ps -> new Adam(ps, LearningRateSchedule.exponential(0.1, 0.995)), 1500);
    assertArrayEquals(C, p, 1e-3f);
  }

  @Test
  void sgdVariantsMinimiseAQuadratic() {
    assertArrayEquals(C, minimise(ps -> new Sgd(ps, 0.05), 400), 1e-3f);
    assertArrayEquals(C, minimise(ps -> new Sgd(ps, LearningRateSchedule.constant(0.02), 0.9, false, 0), 400), 1e-3f);
    assertArrayEquals(C, minimise(ps -> new Sgd(ps, LearningRateSchedule.constant(0.02), 0.9, true, 0), 400), 1e-3f);
  }

  @Test
  void weightDecayShrinksTheMinimum() {
    // minimum of a(p − c)² + (wd/2)p²: p = 2ac / (2a + wd)
    float wd = 1f;
    float[] p = minimise(ps -> new Sgd(ps, LearningRateSchedule.constant(0.02), 0.9, false, wd), 600);
    for (int i = 0; i < C.length; i++) {
      assertEquals(2 * A[i] * C[i] / (2 * A[i] + wd), p[i], 1e-3f, "element " + i);
    }
    float[] adamW = minimise(ps -> new Adam(ps, LearningRateSchedule.cosine(0.1, 1e-4, 3000), 0.9, 0.999, 1e-8, wd, false), 3000);
    for (int i = 0; i < C.length; i++) {
      assertEquals(2 * A[i] * C[i] / (2 * A[i] + wd), adamW[i], 1e-3f, "Adam L2 element " + i);
    }
  }

  @Test
  void firstStepsMatchHandComputation() {
    // Adam's first step moves every coordinate by lr·sign(g) (bias correction), up to eps
    Parameter p = quadraticStart();
    Adam adam = new Adam(List.of(p), 0.01);
    gradient(p);
    adam.step();
    for (int i = 0; i < C.length; i++) {
      assertEquals(0.01f * Math.signum(C[i]), p.value().data()[i], 1e-6f);
    }
    // SGD momentum 0.9, lr 0.1: step 1 b = g1; step 2 b = 0.9 g1 + g2; Nesterov uses g + 0.9 b
    Parameter q = new Parameter("q", Tensor.of(new float[] {1f}, 1));
    Sgd sgd = new Sgd(List.of(q), LearningRateSchedule.constant(0.1), 0.9, true, 0);
    q.grad().data()[0] = 1f;
    sgd.step(); // b = 1, d = 1 + 0.9 = 1.9
    assertEquals(1f - 0.19f, q.value().data()[0], 1e-7f);
    q.grad().data()[0] = 2f;
    sgd.step(); // b = 0.9 + 2 = 2.9, d = 2 + 2.61 = 4.61
    assertEquals(1f - 0.19f - 0.461f, q.value().data()[0], 1e-6f);
    assertEquals(2.9f, sgd.state().get("velocity.0").data()[0], 1e-6f);
  }

  @Test
  void sameInputsSameBits() {
    Function<List<Parameter>, Optimizer> adam =
        ps -> new Adam(ps, LearningRateSchedule.stepDecay(0.05, 0.5, 100), 0.9, 0.99, 1e-7, 0.01, true);
    assertArrayEquals(minimise(adam, 300), minimise(adam, 300));
    Function<List<Parameter>, Optimizer> sgd = ps -> new Sgd(ps, LearningRateSchedule.constant(0.01), 0.9, true, 1e-3);
    assertArrayEquals(minimise(sgd, 300), minimise(sgd, 300));
  }

  /**
   * Adam gives the bits of its definition (written out here in double, one element at a time, state
   * rounded to float) for lengths across a chunk border, with each kind of weight decay, so a faster
   * update loop must keep them; a negative control shows the check can fail.
   */
  @Test
  void adamMatchesItsDefinitionBitForBit() {
    for (double wd : new double[] {0, 0.01}) {
      for (boolean decoupled : new boolean[] {false, true}) {
        for (int n : new int[] {1, 3, 7, 8, 15, 16, 17, 33, 70, ParameterChunks.CHUNK + 5}) {
          java.util.Random rng = new java.util.Random(n * 31L + (decoupled ? 1 : 0));
          float[] start = new float[n];
          for (int i = 0; i < n; i++) {
            start[i] = (float) rng.nextGaussian();
          }
          Parameter p = new Parameter("p", Tensor.of(start.clone(), n));
          Adam adam = new Adam(List.of(p), LearningRateSchedule.constant(0.003), 0.9, 0.999, 1e-8, wd, decoupled);
          float[] ref = start.clone();
          float[] m = new float[n];
          float[] v = new float[n];
          for (int t = 1; t <= 5; t++) {
            float[] g = p.grad().data();
            for (int i = 0; i < n; i++) {
              g[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(7) - 3));
            }
            float[] gRef = g.clone();
            adam.step();
            adamReference(ref, gRef, m, v, t, 0.003, 0.9, 0.999, 1e-8, wd, decoupled);
            String where = "n=" + n + " wd=" + wd + " decoupled=" + decoupled + " step " + t;
            assertArrayEquals(ref, p.value().data(), where);
            assertArrayEquals(m, adam.state().get("m.0").data(), where);
            assertArrayEquals(v, adam.state().get("v.0").data(), where);
          }
          // negative control: the bit comparison notices a change as small as eps 1e-8 -> 1e-7
          if (n > 8 && wd == 0) {
            float[] g = new float[n];
            java.util.Arrays.fill(g, 1e-9f);
            float[] a = start.clone();
            float[] b = start.clone();
            adamReference(a, g, new float[n], new float[n], 1, 0.003, 0.9, 0.999, 1e-8, 0, false);
            adamReference(b, g, new float[n], new float[n], 1, 0.003, 0.9, 0.999, 1e-7, 0, false);
            assertTrue(!java.util.Arrays.equals(a, b), "the reference notices a different eps");
          }
        }
      }
    }
  }

  /** Adam's definition, element by element in double, state rounded to float after every step. */
  static void adamReference(float[] p, float[] g, float[] m, float[] v, long t, double lr, double b1, double b2,
      double eps, double wd, boolean decoupled) {
    double stepSize = lr / (1 - Math.pow(b1, t));
    double sqrtC2 = Math.sqrt(1 - Math.pow(b2, t));
    for (int j = 0; j < p.length; j++) {
      double grad = g[j];
      if (wd != 0 && !decoupled) {
        grad += wd * p[j];
      }
      double mj = b1 * m[j] + (1 - b1) * grad;
      double vj = b2 * v[j] + (1 - b2) * grad * grad;
      m[j] = (float) mj;
      v[j] = (float) vj;
      double value = p[j];
      if (wd != 0 && decoupled) {
        value -= lr * wd * value;
      }
      p[j] = (float) (value - stepSize * mj / (Math.sqrt(vj) / sqrtC2 + eps));
    }
  }

  @Test
  void schedules() {
    assertEquals(0.1, LearningRateSchedule.constant(0.1).rate(12345));
    LearningRateSchedule step = LearningRateSchedule.stepDecay(1, 0.1, 10);
    assertEquals(1, step.rate(9));
    assertEquals(0.1, step.rate(10), 1e-15);
    assertEquals(0.01, step.rate(25), 1e-15);
    // the paper's ResNet schedule: 0.05, ÷10 at epochs 50, 100, 150 (here 1 step per epoch)
    LearningRateSchedule paper = LearningRateSchedule.multiStep(0.05, 0.1, 50, 100, 150);
    assertEquals(0.05, paper.rate(49), 1e-15);
    assertEquals(0.005, paper.rate(50), 1e-15);
    assertEquals(0.0005, paper.rate(149), 1e-15);
    assertEquals(0.00005, paper.rate(299), 1e-15);
    assertEquals(0.5 * 0.9 * 0.9, LearningRateSchedule.exponential(0.5, 0.9).rate(2), 1e-15);
    LearningRateSchedule cos = LearningRateSchedule.cosine(1, 0.1, 100);
    assertEquals(1, cos.rate(0), 1e-15);
    assertEquals(0.55, cos.rate(50), 1e-12);
    assertEquals(0.1, cos.rate(100), 1e-15);
    assertEquals(0.1, cos.rate(1000), 1e-15);
    LearningRateSchedule warm = LearningRateSchedule.constant(1).withWarmup(4);
    assertEquals(0.25, warm.rate(0));
    assertEquals(1, warm.rate(3));
    assertEquals(1, warm.rate(4));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.multiStep(0.1, 0.1, 10, 5));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(-1));
  }

  @Test
  void optimizerUsesTheScheduleAndCanResume() {
    Parameter p = new Parameter("p", Tensor.of(new float[] {0f}, 1));
    Sgd sgd = new Sgd(List.of(p), LearningRateSchedule.stepDecay(1, 0.5, 2), 0, false, 0);
    float[] seen = new float[4];
    for (int s = 0; s < 4; s++) {
      p.grad().data()[0] = -1f;
      float before = p.value().data()[0];
      assertEquals(sgd.currentLearningRate(), s < 2 ? 1 : 0.5, 1e-15);
      sgd.step();
      seen[s] = p.value().data()[0] - before;
    }
    assertArrayEquals(new float[] {1f, 1f, 0.5f, 0.5f}, seen);
    sgd.setIterations(0);
    assertEquals(1, sgd.currentLearningRate());
    assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p, p), 0.1));
    assertTrue(new Adam(List.of(p), 0.1).state().containsKey("m.0"));
  }
}
