package org.gconv4j.backend.opencl;

import com.aparapi.Kernel;

/** Test only: reads one element past its input ({@code in} and {@code out} the same length); the simulator must report it. */
public final class ReadsPastTheEndKernel extends Kernel {
  float[] in = new float[1];
  float[] out = new float[1];

  @Override
  public void run() {
    int i = getGlobalId();
    out[i] = in[i + 1];
  }
}
