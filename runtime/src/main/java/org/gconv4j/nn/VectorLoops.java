package org.gconv4j.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised inner loops of the element-wise layers ({@link BatchNorm}, {@link ReLU}, and the two
 * fused) over one contiguous range of a float array, on the preferred {@link FloatVector} species; the tail that
 * does not fill a vector runs the same operations in scalar code.
 *
 * <p>Sums are reproducible and accurate: each lane adds at most {@value #RUN_VECTORS} values in
 * float, every such run is then added into a per-lane double accumulator (vector registers, no
 * arrays), and the lanes and the scalar tail are added in a fixed order. The result depends only on the range, never on which
 * thread runs it.
 */
final class VectorLoops {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  /** Doubles of the same vector size: a float vector's lanes widen into two of them (parts 0 and 1). */
  private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, SPECIES.vectorShape());
  private static final int DOUBLE_LANES = DOUBLES.length();
  /** Vectors per float run before the lanes are flushed into double. */
  static final int RUN_VECTORS = 16;

  private VectorLoops() {}

  /** Σ a[k], k in [from, to), accumulated as described in the class comment. */
  static double sum(float[] a, int from, int to) {
    DoubleVector low = DoubleVector.zero(DOUBLES);
    DoubleVector high = DoubleVector.zero(DOUBLES);
    int k = from;
    while (to - k >= LANES) {
      int vectors = Math.min(RUN_VECTORS, (to - k) / LANES);
      FloatVector acc = FloatVector.fromArray(SPECIES, a, k);
      for (int v = 1; v < vectors; v++) {
        acc = acc.add(FloatVector.fromArray(SPECIES, a, k + v * LANES));
      }
      low = low.add(acc.convertShape(VectorOperators.F2D, DOUBLES, 0));
      high = high.add(acc.convertShape(VectorOperators.F2D, DOUBLES, 1));
      k += vectors * LANES;
    }
    double total = total(low, high);
    for (; k < to; k++) {
      total += a[k];
    }
    return total;
  }

  /** Σ (a[k] − mean)², k in [from, to); the difference is taken in float. */
  static double sumSquaredDeviation(float[] a, int from, int to, float mean) {
    DoubleVector low = DoubleVector.zero(DOUBLES);
    DoubleVector high = DoubleVector.zero(DOUBLES);
    FloatVector m = FloatVector.broadcast(SPECIES, mean);
    int k = from;
    while (to - k >= LANES) {
      int vectors = Math.min(RUN_VECTORS, (to - k) / LANES);
      FloatVector d = FloatVector.fromArray(SPECIES, a, k).sub(m);
      FloatVector acc = d.mul(d);
      for (int v = 1; v < vectors; v++) {
        FloatVector e = FloatVector.fromArray(SPECIES, a, k + v * LANES).sub(m);
        acc = acc.add(e.mul(e));
      }
      low = low.add(acc.convertShape(VectorOperators.F2D, DOUBLES, 0));
      high = high.add(acc.convertShape(VectorOperators.F2D, DOUBLES, 1));
      k += vectors * LANES;
    }
    double total = total(low, high);
    for (; k < to; k++) {
      float d = a[k] - mean;
      total += d * d;
    }
    return total;
  }

  /**
   * {@code sumG[at] = Σ g[k]}, {@code sumGH[at] = Σ g[k]·h[k]}, k in [from, to), with
   * {@code h[k] = (x[k] − mean)·invStd} (all products in float).
   */
  static void sumAndDot(float[] g, float[] x, float mean, float invStd, int from, int to, double[] sumG,
      double[] sumGH, int at) {
    sumAndDot(g, x, mean, invStd, from, to, sumG, sumGH, at, false, 0f, 0f);
  }

  /**
   * {@link #sumAndDot(float[], float[], float, float, int, int, double[], double[], int)} of the
   * gradient {@linkplain #gradientThroughRelu passed through a ReLU} when {@code relu} is set.
   */
  static void sumAndDot(float[] g, float[] x, float mean, float invStd, int from, int to, double[] sumG,
      double[] sumGH, int at, boolean relu, float reluScale, float reluShift) {
    FloatVector m = FloatVector.broadcast(SPECIES, mean);
    FloatVector s = FloatVector.broadcast(SPECIES, invStd);
    FloatVector rs = FloatVector.broadcast(SPECIES, reluScale);
    FloatVector rb = FloatVector.broadcast(SPECIES, reluShift);
    DoubleVector lowG = DoubleVector.zero(DOUBLES);
    DoubleVector highG = DoubleVector.zero(DOUBLES);
    DoubleVector lowGH = DoubleVector.zero(DOUBLES);
    DoubleVector highGH = DoubleVector.zero(DOUBLES);
    int k = from;
    while (to - k >= LANES) {
      int vectors = Math.min(RUN_VECTORS, (to - k) / LANES);
      FloatVector xv = FloatVector.fromArray(SPECIES, x, k);
      FloatVector gv = gradient(g, xv, k, relu, rs, rb);
      FloatVector accG = gv;
      FloatVector accGH = gv.mul(xv.sub(m).mul(s));
      for (int v = 1; v < vectors; v++) {
        int i = k + v * LANES;
        FloatVector xi = FloatVector.fromArray(SPECIES, x, i);
        FloatVector gi = gradient(g, xi, i, relu, rs, rb);
        accG = accG.add(gi);
        accGH = accGH.add(gi.mul(xi.sub(m).mul(s)));
      }
      lowG = lowG.add(accG.convertShape(VectorOperators.F2D, DOUBLES, 0));
      highG = highG.add(accG.convertShape(VectorOperators.F2D, DOUBLES, 1));
      lowGH = lowGH.add(accGH.convertShape(VectorOperators.F2D, DOUBLES, 0));
      highGH = highGH.add(accGH.convertShape(VectorOperators.F2D, DOUBLES, 1));
      k += vectors * LANES;
    }
    double totalG = total(lowG, highG);
    double totalGH = total(lowGH, highGH);
    for (; k < to; k++) {
      float h = (x[k] - mean) * invStd;
      float gk = gradientThroughRelu(g[k], x[k], relu, reluScale, reluShift);
      totalG += gk;
      totalGH += gk * h;
    }
    sumG[at] = totalG;
    sumGH[at] = totalGH;
  }

  /**
   * {@code out[k] = x[k]·scale + shift}, k in [from, to) (batch norm's forward as one multiply-add);
   * with {@code relu}, followed by ReLU as {@link #passWherePositive} computes it ({@code y > 0 ? y : 0}).
   */
  static void scaleAndShift(float[] x, float[] out, int from, int to, float scale, float shift, boolean relu) {
    FloatVector s = FloatVector.broadcast(SPECIES, scale);
    FloatVector b = FloatVector.broadcast(SPECIES, shift);
    FloatVector zero = FloatVector.zero(SPECIES);
    int k = from;
    for (int bound = from + SPECIES.loopBound(to - from); k < bound; k += LANES) {
      FloatVector y = FloatVector.fromArray(SPECIES, x, k).mul(s).add(b);
      if (relu) {
        y = zero.blend(y, y.compare(VectorOperators.GT, 0f));
      }
      y.intoArray(out, k);
    }
    for (; k < to; k++) {
      float y = x[k] * scale + shift;
      out[k] = relu && !(y > 0f) ? 0f : y;
    }
  }

  /**
   * The gradient g of a ReLU's output passed back through the ReLU that followed batch norm: g where
   * the batch norm's output x·reluScale + reluShift (recomputed exactly as the forward pass computed
   * it) is positive, else 0; g itself when {@code relu} is false.
   */
  static float gradientThroughRelu(float g, float x, boolean relu, float reluScale, float reluShift) {
    return relu && !(x * reluScale + reluShift > 0f) ? 0f : g;
  }

  /** The vector form of {@link #gradientThroughRelu}, for the lanes at {@code k} whose inputs are {@code xv}. */
  private static FloatVector gradient(float[] g, FloatVector xv, int k, boolean relu, FloatVector reluScale,
      FloatVector reluShift) {
    FloatVector gv = FloatVector.fromArray(SPECIES, g, k);
    if (!relu) {
      return gv;
    }
    VectorMask<Float> positive = xv.mul(reluScale).add(reluShift).compare(VectorOperators.GT, 0f);
    return FloatVector.zero(SPECIES).blend(gv, positive);
  }

  /**
   * {@code gx[k] = scale·((g[k] − meanG) − h·meanGH)} with {@code h = (x[k] − mean)·invStd}, k in
   * [from, to).
   */
  static void batchNormGradient(float[] g, float[] x, float mean, float invStd, float[] gx, int from, int to,
      float scale, float meanG, float meanGH, boolean relu, float reluScale, float reluShift) {
    FloatVector rs = FloatVector.broadcast(SPECIES, reluScale);
    FloatVector rb = FloatVector.broadcast(SPECIES, reluShift);
    FloatVector m = FloatVector.broadcast(SPECIES, mean);
    FloatVector s = FloatVector.broadcast(SPECIES, invStd);
    FloatVector sc = FloatVector.broadcast(SPECIES, scale);
    FloatVector mg = FloatVector.broadcast(SPECIES, meanG);
    FloatVector mgh = FloatVector.broadcast(SPECIES, meanGH);
    int k = from;
    for (int bound = from + SPECIES.loopBound(to - from); k < bound; k += LANES) {
      FloatVector xv = FloatVector.fromArray(SPECIES, x, k);
      FloatVector h = xv.sub(m).mul(s);
      FloatVector gv = gradient(g, xv, k, relu, rs, rb).sub(mg);
      gv.sub(h.mul(mgh)).mul(sc).intoArray(gx, k);
    }
    for (; k < to; k++) {
      float h = (x[k] - mean) * invStd;
      gx[k] = ((gradientThroughRelu(g[k], x[k], relu, reluScale, reluShift) - meanG) - h * meanGH) * scale;
    }
  }

  /**
   * {@code out[k] = g[k]·scale}, k in [from, to), with g {@linkplain #gradientThroughRelu passed back
   * through a ReLU} (whose input was x·reluScale + reluShift) when {@code relu} is set.
   */
  static void scale(float[] g, float[] x, float[] out, int from, int to, float scale, boolean relu, float reluScale,
      float reluShift) {
    FloatVector sc = FloatVector.broadcast(SPECIES, scale);
    FloatVector rs = FloatVector.broadcast(SPECIES, reluScale);
    FloatVector rb = FloatVector.broadcast(SPECIES, reluShift);
    int k = from;
    for (int bound = from + SPECIES.loopBound(to - from); k < bound; k += LANES) {
      FloatVector xv = relu ? FloatVector.fromArray(SPECIES, x, k) : null;
      gradient(g, xv, k, relu, rs, rb).mul(sc).intoArray(out, k);
    }
    for (; k < to; k++) {
      out[k] = gradientThroughRelu(g[k], x[k], relu, reluScale, reluShift) * scale;
    }
  }

  /**
   * {@code out[k] = key[k] > 0 ? value[k] : 0}, k in [from, to): ReLU forward with key = value = x,
   * ReLU backward with key = output, value = gradient. NaN and −0 keys give 0.
   */
  static void passWherePositive(float[] key, float[] value, float[] out, int from, int to) {
    FloatVector zero = FloatVector.zero(SPECIES);
    int k = from;
    for (int bound = from + SPECIES.loopBound(to - from); k < bound; k += LANES) {
      VectorMask<Float> positive = FloatVector.fromArray(SPECIES, key, k).compare(VectorOperators.GT, 0f);
      zero.blend(FloatVector.fromArray(SPECIES, value, k), positive).intoArray(out, k);
    }
    for (; k < to; k++) {
      out[k] = key[k] > 0f ? value[k] : 0f;
    }
  }

  /** The lanes of {@code low} then {@code high} (float lanes 0..L−1), added in lane order starting from 0. */
  private static double total(DoubleVector low, DoubleVector high) {
    double total = 0;
    for (int l = 0; l < DOUBLE_LANES; l++) {
      total += low.lane(l);
    }
    for (int l = 0; l < DOUBLE_LANES; l++) {
      total += high.lane(l);
    }
    return total;
  }
}
