package org.gconv4j.nn;

import java.util.Arrays;
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
 * float, every such run is then added into a per-lane double accumulator, and the lanes and the scalar tail are added
 * in a fixed order. The result depends only on the range, never on which thread runs it.
 *
 * <p>The double accumulators are arrays of a per-thread {@link Scratch}, not {@code DoubleVector}s: JDK 17's C2 does not
 * always keep a loop-carried {@code DoubleVector} (widened by {@code convertShape}) in registers: once, in a fresh JVM,
 * it compiled {@link #sumAndDotThroughRelu} with every {@code DoubleVector} boxed, 2.3 MB a training step of
 * o-cnn3d and slow. The float runs stay vectors; a run's lanes go through {@link Scratch#run} to the doubles, the same
 * additions as before, so the same bits.
 */
final class VectorLoops {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  /** Vectors per float run before the lanes are flushed into double. */
  static final int RUN_VECTORS = 16;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private VectorLoops() {}

  /** A thread's lanes of one float run, and two rows of per-lane double accumulators. */
  private static final class Scratch {
    final float[] run = new float[LANES];
    final double[] a = new double[LANES];
    final double[] b = new double[LANES];

    /** The accumulators zeroed for a new sum. */
    Scratch reset() {
      Arrays.fill(a, 0);
      Arrays.fill(b, 0);
      return this;
    }
  }

  /** Adds the float lanes of a run (in {@code run}) into the double accumulators {@code lanes}, lane by lane. */
  private static void widenInto(float[] run, double[] lanes) {
    for (int l = 0; l < LANES; l++) {
      lanes[l] += run[l];
    }
  }

  /** Σ a[k], k in [from, to), accumulated as described in the class comment. */
  static double sum(float[] a, int from, int to) {
    Scratch sc = SCRATCH.get().reset();
    int k = from;
    while (to - k >= LANES) {
      int vectors = Math.min(RUN_VECTORS, (to - k) / LANES);
      FloatVector acc = FloatVector.fromArray(SPECIES, a, k);
      for (int v = 1; v < vectors; v++) {
        acc = acc.add(FloatVector.fromArray(SPECIES, a, k + v * LANES));
      }
      acc.intoArray(sc.run, 0);
      widenInto(sc.run, sc.a);
      k += vectors * LANES;
    }
    double total = total(sc.a);
    for (; k < to; k++) {
      total += a[k];
    }
    return total;
  }

  /** Σ (a[k] − mean)², k in [from, to); the difference is taken in float. */
  static double sumSquaredDeviation(float[] a, int from, int to, float mean) {
    Scratch sc = SCRATCH.get().reset();
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
      acc.intoArray(sc.run, 0);
      widenInto(sc.run, sc.a);
      k += vectors * LANES;
    }
    double total = total(sc.a);
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
    Scratch sc = SCRATCH.get().reset();
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
      accG.intoArray(sc.run, 0);
      widenInto(sc.run, sc.a);
      accGH.intoArray(sc.run, 0);
      widenInto(sc.run, sc.b);
      k += vectors * LANES;
    }
    double totalG = total(sc.a);
    double totalGH = total(sc.b);
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
    Scratch sc = SCRATCH.get().reset();
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
      accG.intoArray(sc.run, 0);
      widenInto(sc.run, sc.a);
      accGH.intoArray(sc.run, 0);
      widenInto(sc.run, sc.b);
      k += vectors * LANES;
    }
    double totalG = total(sc.a);
    double totalGH = total(sc.b);
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

  /** The lanes of {@code lanes}, added in lane order starting from 0. */
  private static double total(double[] lanes) {
    double total = 0;
    for (int l = 0; l < LANES; l++) {
      total += lanes[l];
    }
    return total;
  }

}
