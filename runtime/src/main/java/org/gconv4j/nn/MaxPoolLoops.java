package org.gconv4j.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised inner loops of {@link SpatialMaxPool} and {@link CosetMaxPool}: a max with argmax over
 * candidates given in a fixed order. The first candidate is taken, and a later one replaces the
 * current best only when it is strictly greater, so the first maximum wins ties and NaN never
 * replaces an earlier value; the scalar tail follows the same rule.
 */
final class MaxPoolLoops {
  private static final VectorSpecies<Float> FLOATS = VectorLoops.SPECIES;
  private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
  private static final int LANES = FLOATS.length();

  private MaxPoolLoops() {}

  /**
   * For k in [0, inner): {@code y[outBase + k] = max_t x[inBase + t·inner + k]}, t in [0, order)
   * in increasing order, and {@code arg[outBase + k]} = the flat input index of that maximum.
   */
  static void maxOverStridedSlices(float[] x, int inBase, int order, int inner, float[] y, int[] arg, int outBase) {
    IntVector iota = IntVector.zero(INTS).addIndex(1);
    int k = 0;
    for (int bound = FLOATS.loopBound(inner); k < bound; k += LANES) {
      int first = inBase + k;
      FloatVector best = FloatVector.fromArray(FLOATS, x, first);
      IntVector bestIndex = iota.add(first);
      for (int t = 1; t < order; t++) {
        int at = first + t * inner;
        FloatVector v = FloatVector.fromArray(FLOATS, x, at);
        VectorMask<Float> greater = v.compare(VectorOperators.GT, best);
        best = best.blend(v, greater);
        bestIndex = bestIndex.blend(iota.add(at), greater.cast(INTS));
      }
      best.intoArray(y, outBase + k);
      bestIndex.intoArray(arg, outBase + k);
    }
    for (; k < inner; k++) {
      int best = inBase + k;
      float bestValue = x[best];
      for (int t = 1; t < order; t++) {
        int at = inBase + t * inner + k;
        float v = x[at];
        if (v > bestValue) {
          bestValue = v;
          best = at;
        }
      }
      y[outBase + k] = bestValue;
      arg[outBase + k] = best;
    }
  }

  /**
   * Window pooling of one plane: for o in [0, outToIn.length), the candidates are
   * {@code x[planeBase + outToIn[o] + windowOffsets[w]]}, w in [0, windowOffsets.length) in order;
   * writes the maximum to {@code y[outBase + o]} and its flat input index to {@code arg[outBase + o]}.
   */
  static void maxOverWindows(float[] x, int planeBase, int[] outToIn, int[] windowOffsets,
      float[] y, int[] arg, int outBase) {
    int outputs = outToIn.length;
    int o = 0;
    for (int bound = FLOATS.loopBound(outputs); o < bound; o += LANES) {
      IntVector origin = IntVector.fromArray(INTS, outToIn, o).add(planeBase);
      int first = planeBase + windowOffsets[0];
      FloatVector best = FloatVector.fromArray(FLOATS, x, first, outToIn, o);
      IntVector bestIndex = origin.add(windowOffsets[0]);
      for (int w = 1; w < windowOffsets.length; w++) {
        FloatVector v = FloatVector.fromArray(FLOATS, x, planeBase + windowOffsets[w], outToIn, o);
        VectorMask<Float> greater = v.compare(VectorOperators.GT, best);
        best = best.blend(v, greater);
        bestIndex = bestIndex.blend(origin.add(windowOffsets[w]), greater.cast(INTS));
      }
      best.intoArray(y, outBase + o);
      bestIndex.intoArray(arg, outBase + o);
    }
    for (; o < outputs; o++) {
      int origin = planeBase + outToIn[o];
      int best = origin + windowOffsets[0];
      float bestValue = x[best];
      for (int w = 1; w < windowOffsets.length; w++) {
        float v = x[origin + windowOffsets[w]];
        if (v > bestValue) {
          bestValue = v;
          best = origin + windowOffsets[w];
        }
      }
      y[outBase + o] = bestValue;
      arg[outBase + o] = best;
    }
  }
}
