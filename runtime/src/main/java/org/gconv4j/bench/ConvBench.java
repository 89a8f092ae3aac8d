package org.gconv4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.group.Group;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.tensor.Tensor;

/**
 * Times one {@link GroupConv} layer, forward and backward, on a backend: warm-up runs, then the
 * median of repeated runs. FLOPs are 2 · MACs of the planar correlation with the expanded bank;
 * backward counts both gradients (input and weights), i.e. twice the forward FLOPs. The timed
 * forward includes the filter transformation and the bias, the timed backward the bias gradient
 * and the transformation's backward (both negligible).
 */
public final class ConvBench {
  private ConvBench() {}

  /** One benchmarked layer: {@code size} is every spatial axis of the input. */
  public record Case(String name, Group group, boolean lifting, int batch, int inChannels, int outChannels, int size,
      int kernelSize) {
    /** The planar correlation the layer runs: C_in·S_in → C_out·S channels. */
    public ConvGeometry geometry() {
      int[] spatial = new int[group.dimension()];
      Arrays.fill(spatial, size);
      int sIn = lifting ? 1 : group.order();
      return new ConvGeometry(batch, inChannels * sIn, outChannels * group.order(), spatial, kernelSize, 0, 1);
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

  /** Median times and the rates they give. */
  public record Result(Case benchCase, String backend, double forwardMs, double backwardMs) {
    public double forwardGflops() {
      return benchCase.forwardFlops() / forwardMs / 1e6;
    }

    public double backwardGflops() {
      return 2 * benchCase.forwardFlops() / backwardMs / 1e6;
    }

    /** {@code bench <case> <backend> fwd <ms> ms <GFLOP/s> GFLOP/s bwd <ms> ms <GFLOP/s> GFLOP/s}. */
    public String line() {
      return String.format(Locale.ROOT, "bench %s %s fwd %.3f ms %.1f GFLOP/s bwd %.3f ms %.1f GFLOP/s", benchCase.name(),
          backend, forwardMs, forwardGflops(), backwardMs, backwardGflops());
    }
  }

  /**
   * The standard cases: {@code reference} (P4 group to group, batch 64, 10 → 10 channels = 40 → 40
   * planar, 26×26, 3×3, valid), {@code lifting} (P4, 1 → 10, 28×28), {@code p4m} (P4M 7 → 7,
   * 26×26) and {@code o} (O 3D, batch 8, 2 → 2 = 48 → 48 planar, 12³).
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
    return cases;
  }

  /** Warm-up runs, then the medians of {@code runs} forward and backward passes. */
  public static Result run(Case c, ConvBackend backend, int warmup, int runs) {
    if (warmup < 0 || runs < 1) {
      throw new IllegalArgumentException("[bench] need warmup >= 0 and runs >= 1; got warmup=" + warmup + ", runs=" + runs);
    }
    Random rng = new Random(42);
    GroupConv layer = new GroupConv(c.group(), c.inChannels(), c.outChannels(), c.kernelSize(), c.lifting(), 0, 1, backend, rng);
    Tensor x = Tensor.zeros(c.inputShape());
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] = (float) rng.nextGaussian();
    }
    Tensor y = layer.forward(x, true);
    Tensor gy = Tensor.zeros(y.shape());
    for (int i = 0; i < gy.size(); i++) {
      gy.data()[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < warmup; i++) {
      layer.forward(x, true);
      layer.backward(gy);
    }
    double[] fwd = new double[runs];
    double[] bwd = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      layer.forward(x, true);
      long t1 = System.nanoTime();
      layer.backward(gy);
      long t2 = System.nanoTime();
      fwd[i] = (t1 - t0) / 1e6;
      bwd[i] = (t2 - t1) / 1e6;
    }
    return new Result(c, backend.name(), median(fwd), median(bwd));
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }
}
