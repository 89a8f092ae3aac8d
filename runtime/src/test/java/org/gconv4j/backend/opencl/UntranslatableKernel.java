package org.gconv4j.backend.opencl;

import com.aparapi.Kernel;

/**
 * A kernel Aparapi cannot translate to OpenCL ({@code break} in run()), for the tests that prove a translation
 * failure is reported instead of silently running in Java. Subclasses give fresh kernel classes: Aparapi records
 * failures per class.
 */
public class UntranslatableKernel extends Kernel {
  float[] in = new float[1];
  float[] out = new float[1];
  int n;

  @Override
  public void run() {
    int i = getGlobalId(0);
    if (i < n) {
      float s = 0f;
      for (int j = 0; j < 4; j++) {
        if (in[i] < -100f) {
          break;
        }
        s += in[i];
      }
      out[i] = s;
    }
  }

  /** For the compile-time check. */
  public static final class ForCompile extends UntranslatableKernel {}

  /** For the run-time check (launched without compiling first). */
  public static final class ForLaunch extends UntranslatableKernel {}

  /** For the allowed fallback. */
  public static final class ForFallback extends UntranslatableKernel {}
}
