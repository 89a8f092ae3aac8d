package org.gconv4j.backend.cpu;

import java.util.Random;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.exec.CpuExecutor;

/**
 * Child-JVM main of {@link RegisterSpillTest}: runs the CPU backend's passes with the tiles of a 16-register file until
 * C2 has compiled the kernels (the parent JVM starts it with {@code -XX:UseAVX=2} and prints their machine code), or,
 * with the argument {@code wide}, the 8 × 3 forward tile itself (the negative control: it cannot fit 16 registers).
 */
final class SpillProbe {
  private SpillProbe() {}

  public static void main(String[] args) {
    boolean wide = args.length > 0 && args[0].equals("wide");
    CpuExecutor executor = new CpuExecutor(1);
    RegisterFile registers = RegisterFile.of(wide ? 32 : 16);
    // the extended path (a 26² layer: forward, input gradient), its weight gradient with one input channel (the
    // channel path takes it otherwise), and the channel path (a 6² layer: every pass)
    ConvGeometry[] extended = {ConvGeometry.of2d(2, 16, 16, 26, 26, 3, 0, 1), ConvGeometry.of2d(2, 1, 16, 28, 28, 3, 0, 1)};
    ConvGeometry small = ConvGeometry.of2d(4, 16, 16, 6, 6, 3, 0, 1);
    Random rng = new Random(1);
    for (int round = 0; round < 60; round++) {
      for (ConvGeometry g : extended) {
        run(new CpuCorrelation(g, executor, false, registers), g, rng, !wide);
      }
      if (!wide) {
        run(new CpuCorrelation(small, executor, true, registers), small, rng, true);
      }
    }
    executor.close();
  }

  private static void run(CpuCorrelation c, ConvGeometry g, Random rng, boolean backward) {
    float[] x = random(rng, g.inputLength());
    float[] w = random(rng, g.weightLength());
    float[] y = new float[g.outputLength()];
    c.forward(x, w, y);
    if (backward) {
      c.backwardInput(y, w, new float[g.inputLength()]);
      c.backwardWeights(x, y, new float[g.weightLength()]);
    }
  }

  private static float[] random(Random rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextGaussian();
    }
    return a;
  }
}
