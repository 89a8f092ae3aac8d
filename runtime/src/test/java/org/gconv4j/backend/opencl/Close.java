package org.gconv4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Float results vs double references: |got − ref| ≤ rel · Σ|terms| per element (float rounding is relative to it). */
final class Close {
  static final double REL = 1e-5;

  private Close() {}

  /**
   * @param absRef the reference evaluated on |inputs|: the sum of absolute terms of each element
   */
  static void assertClose(String what, double[] ref, double[] absRef, float[] got) {
    assertEquals(ref.length, got.length, what + ": length");
    double worst = 0;
    int worstAt = -1;
    double maxRef = 0;
    for (int i = 0; i < ref.length; i++) {
      maxRef = Math.max(maxRef, Math.abs(ref[i]));
      double err = Math.abs(got[i] - ref[i]) / (absRef[i] + 1e-30);
      if (Math.abs(got[i] - ref[i]) > 0 && err > worst) {
        worst = err;
        worstAt = i;
      }
    }
    if (worst > REL) {
      fail(what + ": element " + worstAt + " is " + got[worstAt] + ", reference " + ref[worstAt] + " (error "
          + worst + " of the absolute sum " + absRef[worstAt] + ", tolerance " + REL + ")");
    }
    if (maxRef == 0) {
      fail(what + ": the reference is all zeros, the test cannot detect anything");
    }
  }
}
