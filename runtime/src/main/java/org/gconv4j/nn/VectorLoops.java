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
    FloatVector m = FloatVector.broadcast(SPECIES, mean);
    FloatVector s = FloatVector.broadcast(SPECIES, invStd);
    DoubleVector lowG = DoubleVector.zero(DOUBLES);
    DoubleVector highG = DoubleVector.zero(DOUBLES);
    DoubleVector lowGH = DoubleVector.zero(DOUBLES);
    DoubleVector highGH = DoubleVector.zero(DOUBLES);
    int k = from;
    while (to - k >= LANES) {
      int vectors = Math.min(RUN_VECTORS, (to - k) / LANES);
      FloatVector gv = FloatVector.fromArray(SPECIES, g, k);
      FloatVector accG = gv;
      FloatVector accGH = gv.mul(FloatVector.fromArray(SPECIES, x, k).sub(m).mul(s));
      for (int v = 1; v < vectors; v++) {
        int i = k + v * LANES;
        FloatVector gi = FloatVector.fromArray(SPECIES, g, i);
        accG = accG.add(gi);
        accGH = accGH.add(gi.mul(FloatVector.fromArray(SPECIES, x, i).sub(m).mul(s)));
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
      totalG += g[k];
      totalGH += g[k] * h;
    }
    sumG[at] = totalG;
    sumGH[at] = totalGH;
  }

  /** {@code out[k] = x[k]·scale + shift}, k in [from, to) (batch norm's forward as one multiply-add). */
  static void scaleAndShift(float[] x, float[] out, int from, int to, float scale, float shift) {
    FloatVector s = FloatVector.broadcast(SPECIES, scale);
    FloatVector b = FloatVector.broadcast(SPECIES, shift);
    int k = from;
    for (int bound = from + SPECIES.loopBound(to - from); k < bound; k += LANES) {
      FloatVector.fromArray(SPECIES, x, k).mul(s).add(b).intoArray(out, k);
    }
    for (; k < to; k++) {
      out[k] = x[k] * scale + shift;
    }
  }

  /**
   * {@code gx[k] = scale·((g[k] − meanG) − h·meanGH)} with {@code h = (x[k] − mean)·invStd}, k in
   * [from, to).
   */
  static void batchNormGradient(float[] g, float[] x, float mean, float invStd, float[] gx, int from, int to,
      float scale, float meanG, float meanGH) {
    FloatVector m = FloatVector.broadcast(SPECIES, mean);
    FloatVector s = FloatVector.broadcast(SPECIES, invStd);
    FloatVector sc = FloatVector.broadcast(SPECIES, scale);
    FloatVector mg = FloatVector.broadcast(SPECIES, meanG);
    FloatVector mgh = FloatVector.broadcast(SPECIES, meanGH);
    int k = from;
    for (int bound = from + SPECIES.loopBound(to - from); k < bound; k += LANES) {
      FloatVector h = FloatVector.fromArray(SPECIES, x, k).sub(m).mul(s);
      FloatVector gv = FloatVector.fromArray(SPECIES, g, k).sub(mg);
      gv.sub(h.mul(mgh)).mul(sc).intoArray(gx, k);
    }
    for (; k < to; k++) {
      float h = (x[k] - mean) * invStd;
      gx[k] = ((g[k] - meanG) - h * meanGH) * scale;
    }
  }

  /** {@code out[k] = a[k]·scale}, k in [from, to). */
  static void scale(float[] a, float[] out, int from, int to, float scale) {
    FloatVector sc = FloatVector.broadcast(SPECIES, scale);
    int k = from;
    for (int bound = from + SPECIES.loopBound(to - from); k < bound; k += LANES) {
      FloatVector.fromArray(SPECIES, a, k).mul(sc).intoArray(out, k);
    }
    for (; k < to; k++) {
      out[k] = a[k] * scale;
    }
  }

  /**
   * {@code out[k] = max(x[k]·scale + shift, 0)} as {@link #scaleAndShift} then
   * {@link #passWherePositive} compute it ({@code y > 0 ? y : 0}: NaN and −0 give +0), in one pass.
   */
  static void scaleShiftRelu(float[] x, float[] out, int from, int to, float scale, float shift) {
    FloatVector s = FloatVector.broadcast(SPECIES, scale);
    FloatVector b = FloatVector.broadcast(SPECIES, shift);
    FloatVector zero = FloatVector.zero(SPECIES);
    int k = from;
    for (int bound = from + SPECIES.loopBound(to - from); k < bound; k += LANES) {
      FloatVector y = FloatVector.fromArray(SPECIES, x, k).mul(s).add(b);
      zero.blend(y, y.compare(VectorOperators.GT, 0f)).intoArray(out, k);
    }
    for (; k < to; k++) {
      float y = x[k] * scale + shift;
      out[k] = y > 0f ? y : 0f;
    }
  }

  /*
   * The backward passes of batch norm followed by ReLU: the gradient g of the ReLU's output counts
   * where the batch norm's output x·reluScale + reluShift (recomputed exactly as the forward pass
   * computed it) is positive, else it is 0, as ReLU's backward makes it. They are separate copies of
   * sumAndDot, batchNormGradient and scale on purpose: one method with a flag choosing between the
   * plain and the masked gradient vector made C2 box vectors (0.1-0.5 MB per call), and so did a
   * branch-free version with a precomputed all-true mask, and a helper method returning the masked
   * vector (not inlined into these larger loops: its result was boxed), so the mask is written out
   * in each loop. In sumAndDotThroughRelu the float runs start from a zero vector made inside the
   * loop (0 + v = v, so the sums keep their bits): starting them from the first masked vector, or
   * from one zero vector made before the loop, also made C2 box (measured with
   * ThreadMXBean#getCurrentThreadAllocatedBytes; now 0 bytes per call).
   */

  /** {@code g[k]} passed back through the ReLU, scalar: 0 where x·reluScale + reluShift is not > 0. */
  private static float throughRelu(float g, float x, float reluScale, float reluShift) {
    return x * reluScale + reluShift > 0f ? g : 0f;
  }

  /** {@link #sumAndDot} of the gradient passed back through the ReLU (see above). */
  static void sumAndDotThroughRelu(float[] g, float[] x, float mean, float invStd, int from, int to, double[] sumG,
      double[] sumGH, int at, float reluScale, float reluShift) {
    FloatVector m = FloatVector.broadcast(SPECIES, mean);
    FloatVector s = FloatVector.broadcast(SPECIES, invStd);
    FloatVector rs = FloatVector.broadcast(SPECIES, reluScale);
    FloatVector rb = FloatVector.broadcast(SPECIES, reluShift);
    FloatVector zero = FloatVector.zero(SPECIES);
    DoubleVector lowG = DoubleVector.zero(DOUBLES);
    DoubleVector highG = DoubleVector.zero(DOUBLES);
    DoubleVector lowGH = DoubleVector.zero(DOUBLES);
    DoubleVector highGH = DoubleVector.zero(DOUBLES);
    int k = from;
    while (to - k >= LANES) {
      int vectors = Math.min(RUN_VECTORS, (to - k) / LANES);
      FloatVector accG = FloatVector.zero(SPECIES);
      FloatVector accGH = FloatVector.zero(SPECIES);
      for (int v = 0; v < vectors; v++) {
        int i = k + v * LANES;
        FloatVector xi = FloatVector.fromArray(SPECIES, x, i);
        FloatVector gi = zero.blend(FloatVector.fromArray(SPECIES, g, i), xi.mul(rs).add(rb).compare(VectorOperators.GT, 0f));
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
      float gk = throughRelu(g[k], x[k], reluScale, reluShift);
      totalG += gk;
      totalGH += gk * h;
    }
    sumG[at] = totalG;
    sumGH[at] = totalGH;
  }

  /** {@link #batchNormGradient} of the gradient passed back through the ReLU (see above). */
  static void batchNormGradientThroughRelu(float[] g, float[] x, float mean, float invStd, float[] gx, int from, int to,
      float scale, float meanG, float meanGH, float reluScale, float reluShift) {
    FloatVector m = FloatVector.broadcast(SPECIES, mean);
    FloatVector s = FloatVector.broadcast(SPECIES, invStd);
    FloatVector sc = FloatVector.broadcast(SPECIES, scale);
    FloatVector mg = FloatVector.broadcast(SPECIES, meanG);
    FloatVector mgh = FloatVector.broadcast(SPECIES, meanGH);
    FloatVector rs = FloatVector.broadcast(SPECIES, reluScale);
    FloatVector rb = FloatVector.broadcast(SPECIES, reluShift);
    FloatVector zero = FloatVector.zero(SPECIES);
    int k = from;
    for (int bound = from + SPECIES.loopBound(to - from); k < bound; k += LANES) {
      FloatVector xv = FloatVector.fromArray(SPECIES, x, k);
      FloatVector h = xv.sub(m).mul(s);
      FloatVector gv = zero.blend(FloatVector.fromArray(SPECIES, g, k), xv.mul(rs).add(rb).compare(VectorOperators.GT, 0f))
          .sub(mg);
      gv.sub(h.mul(mgh)).mul(sc).intoArray(gx, k);
    }
    for (; k < to; k++) {
      float h = (x[k] - mean) * invStd;
      gx[k] = ((throughRelu(g[k], x[k], reluScale, reluShift) - meanG) - h * meanGH) * scale;
    }
  }

  /** {@link #scale} of the gradient passed back through the ReLU (see above). */
  static void scaleThroughRelu(float[] g, float[] x, float[] out, int from, int to, float scale, float reluScale,
      float reluShift) {
    FloatVector sc = FloatVector.broadcast(SPECIES, scale);
    FloatVector rs = FloatVector.broadcast(SPECIES, reluScale);
    FloatVector rb = FloatVector.broadcast(SPECIES, reluShift);
    FloatVector zero = FloatVector.zero(SPECIES);
    int k = from;
    for (int bound = from + SPECIES.loopBound(to - from); k < bound; k += LANES) {
      FloatVector xv = FloatVector.fromArray(SPECIES, x, k);
      zero.blend(FloatVector.fromArray(SPECIES, g, k), xv.mul(rs).add(rb).compare(VectorOperators.GT, 0f)).mul(sc)
          .intoArray(out, k);
    }
    for (; k < to; k++) {
      out[k] = throughRelu(g[k], x[k], reluScale, reluShift) * scale;
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
