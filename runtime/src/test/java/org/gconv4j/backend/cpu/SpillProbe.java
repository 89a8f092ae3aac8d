package org.gconv4j.backend.cpu;

import java.util.Random;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.exec.CpuExecutor;

/**
 * Child-JVM main of {@link RegisterSpillTest}: runs the CPU backend's passes with the tiles of a 16-register file until
 * C2 has compiled the kernels (the parent JVM starts it with {@code -XX:UseAVX=2} and prints their machine code), or,
 * with the argument {@code wide}, the 8-row tiles themselves (the negative controls: they cannot fit 16 registers):
 * the 8 × 3 forward tile of {@link VectorKernels} and the Winograd products' {@code gemm8}.
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
    // the Winograd path's products (F(4×4, 3×3)): a valid layer's forward, input gradient on the forward's tiles and
    // weight gradient, and a padded layer's input gradient (a correlation of the padded output gradient)
    ConvGeometry valid = ConvGeometry.of2d(2, 40, 40, 26, 26, 3, 0, 1);
    ConvGeometry padded = ConvGeometry.of2d(2, 40, 40, 12, 12, 3, 1, 1);
    WinogradCorrelation winograd = WinogradCorrelation.forward(valid, 4, executor, registers.wide());
    WinogradCorrelation winogradInput = WinogradCorrelation.backwardInput(padded, 4, executor, registers.wide());
    Random rng = new Random(1);
    for (int round = 0; round < 60; round++) {
      for (ConvGeometry g : extended) {
        run(new CpuCorrelation(g, executor, false, registers), g, rng, !wide);
      }
      if (!wide) {
        run(new CpuCorrelation(small, executor, true, registers), small, rng, true);
      }
    }
    // a round calls gemm4 (gemm8) some 5,000 times, up to 40 steps each: C2 compiles it within the first round
    for (int round = 0; round < 3; round++) {
      runWinograd(winograd, winogradInput, valid, padded, rng);
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

  private static void runWinograd(WinogradCorrelation f, WinogradCorrelation b, ConvGeometry g, ConvGeometry padded, Random rng) {
    float[] x = random(rng, g.inputLength());
    float[] w = random(rng, g.weightLength());
    float[] y = new float[g.outputLength()];
    f.run(x, w, y);
    f.runInput(y, w, new float[g.inputLength()]);
    f.runWeights(x, y, new float[g.weightLength()]);
    b.run(random(rng, padded.outputLength()), random(rng, padded.weightLength()), new float[padded.inputLength()]);
  }

  private static float[] random(Random rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextGaussian();
    }
    return a;
  }
}
