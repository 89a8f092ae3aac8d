package org.gconv4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.PreparedConv;
import org.gconv4j.group.Group;
import org.gconv4j.nn.ConvSpec;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.tensor.Tensor;

/**
 * Times one {@link GroupConv} layer, forward and backward, on a backend: warm-up runs, then
 * min/median/max of repeated runs. FLOPs are 2 · MACs of the planar correlation with the expanded
 * bank; backward counts both gradients (input and weights), i.e. twice the forward FLOPs. The timed
 * forward includes the filter transformation and the bias, the timed backward the bias gradient
 * and the transformation's backward (both negligible). The two gradients are also timed on their
 * own, through the layer's prepared correlation ({@link GroupConv#prepared()}).
 */
public final class ConvBench {
  private ConvBench() {}

  /** One benchmarked layer: {@code size} is every spatial axis of the input; zero padding {@code padding}, stride 1. */
  public record Case(String name, Group group, boolean lifting, int batch, int inChannels, int outChannels, int size,
      int kernelSize, int padding) {
    /** A layer without padding. */
    public Case(String name, Group group, boolean lifting, int batch, int inChannels, int outChannels, int size, int kernelSize) {
      this(name, group, lifting, batch, inChannels, outChannels, size, kernelSize, 0);
    }

    /** The same layer at another batch size. */
    public Case withBatch(int newBatch) {
      return new Case(name, group, lifting, newBatch, inChannels, outChannels, size, kernelSize, padding);
    }

    /** The layer's shapes. */
    public ConvSpec spec() {
      return new ConvSpec(group, inChannels, outChannels, kernelSize, lifting, padding, 1, new Random(42));
    }

    /** The planar correlation the layer runs: C_in·S_in → C_out·S channels. */
    public ConvGeometry geometry() {
      int[] spatial = new int[group.dimension()];
      Arrays.fill(spatial, size);
      return spec().geometry(batch, spatial);
    }

    /** Forward FLOPs: 2 · MACs of the planar correlation. */
    public double forwardFlops() {
      return 2.0 * geometry().macs();
    }

    int[] inputShape() {
      int d = group.dimension();
      int[] shape = new int[2 + (lifting ? 0 : 1) + d];
      shape[0] = batch;
      shape[1] = inChannels;
      if (!lifting) {
        shape[2] = group.order();
      }
      Arrays.fill(shape, shape.length - d, shape.length, size);
      return shape;
    }
  }

  /** Times in milliseconds of every timed run: forward, backward, and the two gradients alone. */
  public record Result(Case benchCase, String backend, double[] forwardMs, double[] backwardMs, double[] inputGradMs,
      double[] weightGradMs) {
    public double forwardGflops() {
      return benchCase.forwardFlops() / median(forwardMs) / 1e6;
    }

    public double backwardGflops() {
      return 2 * benchCase.forwardFlops() / median(backwardMs) / 1e6;
    }

    public double inputGradGflops() {
      return benchCase.forwardFlops() / median(inputGradMs) / 1e6;
    }

    public double weightGradGflops() {
      return benchCase.forwardFlops() / median(weightGradMs) / 1e6;
    }

    /**
     * {@code bench <case> <backend> fwd <ms> ms <GFLOP/s> GFLOP/s bwd <ms> ms <GFLOP/s> GFLOP/s (<runs> runs;
     * fwd min <ms> max <ms> ms, bwd min <ms> max <ms> ms; input grad <GFLOP/s>, weight grad <GFLOP/s> GFLOP/s)}:
     * medians first.
     */
    public String line() {
      return String.format(Locale.ROOT,
          "bench %s %s fwd %.3f ms %.1f GFLOP/s bwd %.3f ms %.1f GFLOP/s (%d runs; fwd min %.3f max %.3f ms, bwd min %.3f max %.3f ms;"
              + " input grad %.1f, weight grad %.1f GFLOP/s)",
          benchCase.name(), backend, median(forwardMs), forwardGflops(), median(backwardMs), backwardGflops(), forwardMs.length,
          min(forwardMs), max(forwardMs), min(backwardMs), max(backwardMs), inputGradGflops(), weightGradGflops());
    }
  }

  /**
   * The standard cases: {@code reference} (P4 group to group, batch 64, 10 → 10 channels = 40 → 40
   * planar, 26×26, 3×3, valid), {@code lifting} (P4, 1 → 10, 28×28), {@code p4m} (P4M 7 → 7,
   * 26×26), {@code o} (O 3D, batch 8, 2 → 2 = 48 → 48 planar, 12³), and CIFAR-sized P4M layers {@code
   * p4m-cifar32}, {@code p4m-cifar16}, {@code p4m-cifar8} (16 → 16 = 128 → 128 planar, 3×3, padding 1, batch 32, at
   * 32², 16², 8²).
   *
   * @param groups resolves a group name (P4, P4M, O) to a group
   */
  public static List<Case> standardCases(Function<String, Group> groups) {
    List<Case> cases = new ArrayList<>();
    Group p4 = groups.apply("P4");
    cases.add(new Case("reference", p4, false, 64, 10, 10, 26, 3));
    cases.add(new Case("lifting", p4, true, 64, 1, 10, 28, 3));
    cases.add(new Case("p4m", groups.apply("P4M"), false, 64, 7, 7, 26, 3));
    cases.add(new Case("o", groups.apply("O"), false, 8, 2, 2, 12, 3));
    Group p4m = groups.apply("P4M");
    for (int size : new int[] {32, 16, 8}) {
      cases.add(new Case("p4m-cifar" + size, p4m, false, 32, 16, 16, size, 3, 1));
    }
    return cases;
  }

  /** Warm-up runs, then {@code runs} timed forward and backward passes (and each gradient alone). */
  public static Result run(Case c, ConvBackend backend, int warmup, int runs) {
    if (warmup < 0 || runs < 1) {
      throw new IllegalArgumentException("[bench] need warmup >= 0 and runs >= 1; got warmup=" + warmup + ", runs=" + runs);
    }
    Random rng = new Random(42);
    GroupConv layer = new GroupConv(c.spec(), backend);
    Tensor x = Tensor.zeros(c.inputShape());
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] = (float) rng.nextGaussian();
    }
    Tensor y = layer.forward(x, true);
    Tensor gy = Tensor.zeros(y.shape());
    for (int i = 0; i < gy.size(); i++) {
      gy.data()[i] = (float) rng.nextGaussian();
    }
    PreparedConv prepared = layer.prepared();
    float[] gradX = new float[x.size()];
    float[] gradF = new float[layer.weight().value().size()];
    double[] fwd = new double[runs];
    double[] bwd = new double[runs];
    double[] input = new double[runs];
    double[] weights = new double[runs];
    for (int i = -warmup; i < runs; i++) {
      if (i == 0 && warmup > 0) {
        settle(layer, x, gy, prepared, gradX, gradF);
      }
      long t0 = System.nanoTime();
      layer.forward(x, true);
      long t1 = System.nanoTime();
      layer.backward(gy);
      long t2 = System.nanoTime();
      prepared.backwardInput(gy.data(), gradX);
      long t3 = System.nanoTime();
      prepared.backwardFilters(x.data(), gy.data(), gradF);
      long t4 = System.nanoTime();
      if (i >= 0) {
        fwd[i] = (t1 - t0) / 1e6;
        bwd[i] = (t2 - t1) / 1e6;
        input[i] = (t3 - t2) / 1e6;
        weights[i] = (t4 - t3) / 1e6;
      }
    }
    return new Result(c, backend.name(), fwd, bwd, input, weights);
  }

  /** The most extra warm-up passes {@link #settle} runs before timing starts anyway. */
  static final int MAX_SETTLE_PASSES = 200;
  /** Consecutive JIT-quiet passes that end the warm-up. */
  static final int QUIET_PASSES = 3;

  /**
   * After the fixed warm-up runs, more passes until {@value #QUIET_PASSES} in a row are JIT-quiet
   * (the compiler threads worked at most {@link ModelBench#QUIET_COMPILE_FRACTION} of the pass's wall
   * time; at most {@value #MAX_SETTLE_PASSES} passes), as {@code bench --model} does: with two
   * threads busy, C2 can still be compiling a layer's kernels after 10 runs, and those runs timed
   * the compiler, not the layer.
   */
  private static void settle(GroupConv layer, Tensor x, Tensor gy, PreparedConv prepared, float[] gradX, float[] gradF) {
    int quiet = 0;
    for (int pass = 0; pass < MAX_SETTLE_PASSES && quiet < QUIET_PASSES; pass++) {
      long compiled = ModelBench.JitTime.millis();
      long t0 = System.nanoTime();
      layer.forward(x, true);
      layer.backward(gy);
      prepared.backwardInput(gy.data(), gradX);
      prepared.backwardFilters(x.data(), gy.data(), gradF);
      double millis = (System.nanoTime() - t0) / 1e6;
      quiet = ModelBench.JitTime.millis() - compiled <= ModelBench.QUIET_COMPILE_FRACTION * millis ? quiet + 1 : 0;
    }
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }
}
