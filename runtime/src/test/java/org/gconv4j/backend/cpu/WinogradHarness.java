package org.gconv4j.backend.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.exec.CpuExecutor;

/**
 * A measuring tool, not a test: one thread's CPU time per pass, the direct paths against Winograd on 2- and 4-output
 * tiles, for the 2D layers of docs/notes/2026-12-07-winograd-2d.md. Run with the test classpath:
 * {@code java --add-modules jdk.incubator.vector -cp ... org.gconv4j.backend.cpu.WinogradHarness [rounds] [case ...]}.
 */
final class WinogradHarness {
  private static final ThreadMXBean BEAN = ManagementFactory.getThreadMXBean();

  private WinogradHarness() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    String only = args.length > 1 ? String.join(",", java.util.Arrays.copyOfRange(args, 1, args.length)) : "";
    Object[][] cases = {
        {"o", new ConvGeometry(8, 48, 48, new int[] {12, 12, 12}, 3, 0, 1)},
        {"cifar32", ConvGeometry.of2d(32, 128, 128, 32, 32, 3, 1, 1)},
        {"cifar16", ConvGeometry.of2d(32, 128, 128, 16, 16, 3, 1, 1)},
        {"cifar8", ConvGeometry.of2d(32, 128, 128, 8, 8, 3, 1, 1)},
        {"c64", ConvGeometry.of2d(32, 64, 64, 16, 16, 3, 1, 1)},
        {"c96", ConvGeometry.of2d(32, 96, 96, 16, 16, 3, 1, 1)},
        {"reference", ConvGeometry.of2d(64, 40, 40, 26, 26, 3, 0, 1)},
        {"p4cnn26", ConvGeometry.of2d(32, 40, 40, 26, 26, 3, 0, 1)},
        {"p4cnn12", ConvGeometry.of2d(32, 40, 40, 12, 12, 3, 0, 1)},
        {"p4cnn10", ConvGeometry.of2d(32, 40, 40, 10, 10, 3, 0, 1)},
        {"p4cnn8", ConvGeometry.of2d(32, 40, 40, 8, 8, 3, 0, 1)},
        {"p4cnn6", ConvGeometry.of2d(32, 40, 40, 6, 6, 3, 0, 1)},
    };
    try (CpuExecutor one = new CpuExecutor(1)) {
      boolean wide = RegisterFile.DETECTED.wide();
      for (Object[] c : cases) {
        String name = (String) c[0];
        if (!only.isEmpty() && !("," + only + ",").contains("," + name + ",")) {
          continue;
        }
        ConvGeometry g = (ConvGeometry) c[1];
        Random rng = new Random(1);
        float[] x = random(rng, g.inputLength());
        float[] w = random(rng, g.weightLength());
        float[] gy = random(rng, g.outputLength());
        float[] y = new float[g.outputLength()];
        float[] gx = new float[g.inputLength()];
        float[] gw = new float[g.weightLength()];
        System.setProperty(WinogradCorrelation.PROPERTY, "false");
        CpuCorrelation direct = new CpuCorrelation(g, one);
        System.clearProperty(WinogradCorrelation.PROPERTY);
        CpuCorrelation auto = new CpuCorrelation(g, one);
        WinogradCorrelation f2 = WinogradCorrelation.forward(g, 2, one, wide);
        WinogradCorrelation f4 = WinogradCorrelation.forward(g, 4, one, wide);
        WinogradCorrelation b2 = g.padding() <= 2 ? WinogradCorrelation.backwardInput(g, 2, one, wide) : null;
        WinogradCorrelation b4 = g.padding() <= 2 ? WinogradCorrelation.backwardInput(g, 4, one, wide) : null;
        System.out.printf(Locale.ROOT, "%s %s direct: %s; auto: %s; savings f2 %.2f f4 %.2f b2 %.2f b4 %.2f, chunks f2 %d f4 %d%n", name, g,
            direct.paths(), auto.paths(), f2.savings(), f4.savings(), b2.savings(), b4.savings(), f2.chunks(), f4.chunks());
        if (Boolean.getBoolean("alloc")) {
          com.sun.management.ThreadMXBean tb = (com.sun.management.ThreadMXBean) BEAN;
          long id = Thread.currentThread().getId();
          Runnable[] passes = {() -> f4.run(x, w, y), () -> b4.run(gy, w, gx), () -> auto.backwardWeights(x, gy, gw), () -> auto.forward(x, w, y),
              () -> auto.backwardInput(gy, w, gx)};
          for (int p = 0; p < passes.length; p++) {
            for (int k = 0; k < 200; k++) {
              passes[p].run();
            }
            long a0 = tb.getThreadAllocatedBytes(id);
            for (int k = 0; k < 10; k++) {
              passes[p].run();
            }
            System.out.printf(Locale.ROOT, "%s pass %d allocates %.1f KB per call%n", name, p, (tb.getThreadAllocatedBytes(id) - a0) / 10 / 1024.0);
          }
        }
        for (int round = 0; round < rounds; round++) {
          double[] t = {
              time(() -> direct.forward(x, w, y)), time(() -> f2.run(x, w, y)), time(() -> f4.run(x, w, y)),
              time(() -> direct.backwardInput(gy, w, gx)), time(() -> b2.run(gy, w, gx)), time(() -> b4.run(gy, w, gx)),
              f4.inputOnTiles() ? time(() -> f4.runInput(gy, w, gx)) : 0,
              time(() -> direct.backwardWeights(x, gy, gw)), time(() -> f2.runWeights(x, gy, gw)), g.dims() == 3 ? 0 : time(() -> f4.runWeights(x, gy, gw)),
              time(() -> auto.forward(x, w, y)), time(() -> auto.backwardInput(gy, w, gx)), time(() -> auto.backwardWeights(x, gy, gw))};
          System.out.printf(Locale.ROOT,
              "%s round %d ms  fwd direct %.2f w2 %.2f w4 %.2f | gradX direct %.2f w2 %.2f w4 %.2f w4-on-fwd-tiles %.2f | gradW direct %.2f w2 %.2f w4 %.2f | auto %.2f %.2f %.2f%n",
              name, round, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12]);
        }
      }
    }
  }

  /** Min of 5 calls' thread CPU time (ms), after 2 warm-up calls. */
  private static double time(Runnable r) {
    for (int i = 0; i < 2; i++) {
      r.run();
    }
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long t0 = BEAN.getCurrentThreadCpuTime();
      r.run();
      best = Math.min(best, BEAN.getCurrentThreadCpuTime() - t0);
    }
    return best / 1e6;
  }

  private static float[] random(Random rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextGaussian();
    }
    return a;
  }
}
