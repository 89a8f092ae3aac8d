package org.gconv4j.train;

import java.nio.file.Path;
import java.util.Map;
import org.gconv4j.io.NpyArray;
import org.gconv4j.io.NpyFormatException;

/**
 * The value checks a loaded checkpoint must pass (names as {@link SequentialState} writes them): every
 * number finite, every batch-norm {@code running_var} non-negative, and no {@code weight} array of
 * more than one value constant: training never leaves all filters or weights equal, so such a file is
 * damaged or hand-made, and a model built from it would, e.g., look perfectly invariant while ignoring
 * its input.
 */
final class CheckpointValues {
  private CheckpointValues() {}

  static void check(Path file, Map<String, NpyArray> arrays) throws NpyFormatException {
    for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
      String name = e.getKey();
      float[] v = e.getValue().toFloats();
      for (int i = 0; i < v.length; i++) {
        if (!Float.isFinite(v[i])) {
          throw bad(file, name, e.getValue(), "element " + i + " is " + v[i] + "; every value must be finite");
        }
        if (name.endsWith("running_var") && v[i] < 0) {
          throw bad(file, name, e.getValue(), "element " + i + " is " + v[i] + "; a variance cannot be negative");
        }
      }
      if (name.endsWith(".weight") && v.length > 1 && constant(v)) {
        throw bad(file, name, e.getValue(), "all " + v.length + " values are " + v[0]
            + "; trained weights are never all equal, so the model would be degenerate");
      }
    }
  }

  private static boolean constant(float[] v) {
    for (float x : v) {
      if (Float.compare(x, v[0]) != 0) {
        return false;
      }
    }
    return true;
  }

  private static NpyFormatException bad(Path file, String name, NpyArray a, String facts) {
    return new NpyFormatException("[Checkpoint] " + file + ": array '" + name + "' " + a.shapeString()
        + " holds impossible values: " + facts + ". The file is damaged or was not written by ./gconv4j train; "
        + "train the model again");
  }
}
