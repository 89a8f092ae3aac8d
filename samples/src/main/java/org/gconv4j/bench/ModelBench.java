package org.gconv4j.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.gconv4j.backend.opencl.OpenClBackend;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.Sequential;
import org.gconv4j.tensor.Tensor;
import org.gconv4j.train.Adam;
import org.gconv4j.train.LossFunction;
import org.gconv4j.train.LossValue;
import org.gconv4j.internal.TrainStep;

/**
 * Times a whole network on one synthetic batch (uniform pixels in [0, 1), seeded labels): training
 * steps (forward in training mode, softmax cross-entropy, backward, Adam update, as the
 * {@code Trainer} runs them), inference passes, each layer's forward and backward, and the bytes
 * allocated per training step by every thread of the JVM ({@link ThreadAllocations}).
 *
 * <p>A run is {@code stepsPerRun} consecutive steps (or inference passes); rates are
 * images / wall time of a run, reported as min, median and max over the runs, after warm-up steps;
 * the allocation is the median over the training runs of bytes per step.
 */
public final class ModelBench {
  private ModelBench() {}

  /**
   * @param warmup untimed training steps (and as many inference passes) first
   * @param runs timed runs (at least 5 for the summary's min/median/max)
   * @param stepsPerRun steps per timed run
   */
  public record Options(int batch, int warmup, int runs, int stepsPerRun) {
    public Options {
      if (batch < 1 || warmup < 0 || runs < 1 || stepsPerRun < 1) {
        throw new IllegalArgumentException("[bench] need batch >= 1, warmup >= 0, runs >= 1, stepsPerRun >= 1; got batch="
            + batch + ", warmup=" + warmup + ", runs=" + runs + ", stepsPerRun=" + stepsPerRun);
      }
    }
  }

  /** Min, median and max of a sample. */
  public record Spread(double min, double median, double max) {
    static Spread of(double[] values) {
      double[] v = values.clone();
      Arrays.sort(v);
      return new Spread(v[0], ConvBench.median(v), v[v.length - 1]);
    }
  }

  /** One layer: median forward and backward times, and bytes allocated per forward and per backward call. */
  public record LayerTiming(int index, String layer, double forwardMs, double backwardMs, long forwardBytes,
      long backwardBytes) {
    /** {@code layer <i> <description> fwd <ms> ms bwd <ms> ms alloc fwd <KB> KB bwd <KB> KB}. */
    public String line(int width) {
      return String.format(Locale.ROOT, "layer %2d %-" + width + "s fwd %8.3f ms bwd %8.3f ms alloc fwd %9.1f KB bwd %9.1f KB",
          index, layer, forwardMs, backwardMs, forwardBytes / 1024.0, backwardBytes / 1024.0);
    }
  }

  /**
   * Everything one benchmark measured: {@code trainRuns} holds each timed run's training rate in
   * run order; {@code timedCompileMillis} is the JIT compilers' time during the timed training runs;
   * {@code transfersPerStep} the bytes the OpenCL kernels copied between host and device per training step
   * (zero on the CPU backend).
   */
  public record Result(String model, int batch, List<LayerTiming> layers, double[] trainRuns,
      Spread evalImagesPerSecond, double allocBytesPerStep, int warmupSteps, long timedCompileMillis,
      OpenClBackend.Transfers transfersPerStep) {
    /** Min, median and max of the training runs. */
    public Spread trainImagesPerSecond() {
      return Spread.of(trainRuns);
    }

    /**
     * {@code bench model <m> batch <b> train <median> img/s (min <a>, max <b>) eval <median> img/s alloc <x> MB/step}.
     */
    public String summary() {
      Spread train = trainImagesPerSecond();
      return String.format(Locale.ROOT, "bench model %s batch %d train %.0f img/s (min %.0f, max %.0f) eval %.0f img/s alloc %.2f MB/step",
          model, batch, train.median(), train.min(), train.max(), evalImagesPerSecond.median(), allocBytesPerStep / 1e6);
    }

    /**
     * {@code warm-up <n> steps; train runs <r1> <r2> ... img/s; JIT <ms> ms during them}: how
     * the summary's spread came about.
     */
    public String runsLine() {
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "warm-up %d steps; train runs", warmupSteps));
      for (double r : trainRuns) {
        b.append(String.format(Locale.ROOT, " %.0f", r));
      }
      return b.append(String.format(Locale.ROOT, " img/s; JIT %d ms during them", timedCompileMillis)).toString();
    }

    /** One line per layer, the runs line, then the summary. */
    public List<String> lines() {
      int width = 5;
      for (LayerTiming t : layers) {
        width = Math.max(width, t.layer().length());
      }
      List<String> out = new ArrayList<>();
      for (LayerTiming t : layers) {
        out.add(t.line(width));
      }
      out.add(runsLine());
      if (transfersPerStep.hostToDevice() + transfersPerStep.deviceToHost() > 0) {
        out.add(String.format(Locale.ROOT, "bench model %s OpenCL transfers per training step: host->device %.2f MB, device->host %.2f MB",
            model, transfersPerStep.hostToDevice() / 1e6, transfersPerStep.deviceToHost() / 1e6));
      }
      out.add(summary());
      return out;
    }
  }

  /** Synthetic data of one batch for {@code model}: images [B, sample shape], labels in [0, classes). */
  record Data(Tensor images, int[] labels) {
    static Data of(Sequential model, int batch, int classes) {
      int[] sample = model.inputShape();
      if (sample == null) {
        throw new IllegalArgumentException("[bench] the model must know its input shape; build it with Model.builder");
      }
      int[] shape = new int[sample.length + 1];
      shape[0] = batch;
      System.arraycopy(sample, 0, shape, 1, sample.length);
      Tensor x = Tensor.zeros(shape);
      Random rng = new Random(42);
      for (int i = 0; i < x.size(); i++) {
        x.data()[i] = rng.nextFloat();
      }
      int[] labels = new int[batch];
      for (int i = 0; i < batch; i++) {
        labels[i] = rng.nextInt(classes);
      }
      return new Data(x, labels);
    }
  }

  /** The most warm-up rounds (of {@code stepsPerRun} steps) before timing starts anyway. */
  static final int MAX_WARMUP_ROUNDS = 60;
  /** A round is JIT-quiet when the compilers worked at most this fraction of its wall time. */
  static final double QUIET_COMPILE_FRACTION = 0.02;
  /** Consecutive JIT-quiet rounds, each within 10% of the one before, that end the warm-up. */
  static final int QUIET_ROUNDS = 3;

  /**
   * At least {@code o.warmup()} steps (each with an inference pass), then rounds of
   * {@code stepsPerRun} steps until {@value #QUIET_ROUNDS} consecutive rounds are JIT-quiet (the
   * compiler threads worked at most {@value #QUIET_COMPILE_FRACTION} of the round's wall time) and
   * each ran within 10% of the one before. Until C2 has compiled the Vector API loops, each vector
   * operation allocates a box and a step takes 3-10x longer; and while C2 compiles, its thread takes
   * one of the cores from the step. A criterion on the rate alone ended warm-up while compilations
   * were still queued. C2 compiles of methods called a few times per step (layer orchestration)
   * can still come later; {@link Result#timedCompileMillis()} shows them.
   *
   * @return the warm-up rounds run
   */
  private static int warmUp(Sequential model, TrainStep step, Data data, Options o) {
    for (int i = 0; i < o.warmup(); i++) {
      step.run(data.images(), data.labels());
      model.forward(data.images(), false);
    }
    long previous = Long.MAX_VALUE;
    int settled = 0;
    for (int round = 0; round < MAX_WARMUP_ROUNDS; round++) {
      long compiled = JitTime.millis();
      long t0 = System.nanoTime();
      for (int s = 0; s < o.stepsPerRun(); s++) {
        step.run(data.images(), data.labels());
      }
      long nanos = System.nanoTime() - t0;
      boolean quiet = JitTime.millis() - compiled <= QUIET_COMPILE_FRACTION * nanos / 1e6;
      boolean steady = settled == 0 || Math.abs(nanos - previous) <= 0.1 * Math.min(nanos, previous);
      settled = !quiet ? 0 : steady ? settled + 1 : 1;
      if (settled == QUIET_ROUNDS) {
        return round + 1;
      }
      previous = nanos;
    }
    return MAX_WARMUP_ROUNDS;
  }

  /** Milliseconds the JIT compilers have worked so far (0 where the JVM does not say). */
  static final class JitTime {
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private JitTime() {}

    static long millis() {
      return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
    }
  }

  /**
   * Benchmarks {@code model} (which must map [B, C, H, W] to logits [B, K]); the model's weights
   * are trained on the synthetic batch along the way.
   */
  public static Result run(String name, Sequential model, Options o) {
    int[] out = model.outputShape(model.inputShape());
    if (out.length != 1) {
      throw new IllegalArgumentException("[bench] model " + name + " must output logits [K] per sample; got "
          + Arrays.toString(out));
    }
    Data data = Data.of(model, o.batch(), out[0]);
    LossFunction loss = LossFunction.softmaxCrossEntropy();
    TrainStep step = new TrainStep(model, loss, new Adam(model.parameters(), 1e-3));
    int warmupSteps = o.warmup() + warmUp(model, step, data, o) * o.stepsPerRun();
    long compiledBefore = JitTime.millis();
    double[] train = new double[o.runs()];
    double[] alloc = new double[o.runs()];
    OpenClBackend.Transfers transfersBefore = OpenClBackend.transfers();
    for (int r = 0; r < o.runs(); r++) {
      ThreadAllocations.Mark mark = ThreadAllocations.mark();
      long t0 = System.nanoTime();
      for (int s = 0; s < o.stepsPerRun(); s++) {
        step.run(data.images(), data.labels());
      }
      train[r] = imagesPerSecond(o, System.nanoTime() - t0);
      alloc[r] = (double) mark.bytesSince() / o.stepsPerRun();
    }
    long timedCompileMillis = JitTime.millis() - compiledBefore;
    OpenClBackend.Transfers moved = OpenClBackend.transfers().since(transfersBefore);
    long steps = (long) o.runs() * o.stepsPerRun();
    OpenClBackend.Transfers perStep = new OpenClBackend.Transfers(moved.hostToDevice() / steps, moved.deviceToHost() / steps);
    double allocPerStep = ConvBench.median(alloc);
    double[] eval = new double[o.runs()];
    for (int r = 0; r < o.runs(); r++) {
      long t0 = System.nanoTime();
      for (int s = 0; s < o.stepsPerRun(); s++) {
        model.forward(data.images(), false);
      }
      eval[r] = imagesPerSecond(o, System.nanoTime() - t0);
    }
    List<LayerTiming> layers = perLayer(model, data, loss, Math.max(o.runs(), 5));
    return new Result(name, o.batch(), layers, train, Spread.of(eval), allocPerStep, warmupSteps, timedCompileMillis, perStep);
  }

  private static double imagesPerSecond(Options o, long nanos) {
    return (double) o.batch() * o.stepsPerRun() / (nanos / 1e9);
  }

  /**
   * Each top-level stage's forward (training mode) and backward on its own, as {@link Sequential}
   * runs them: median times over {@code passes} passes, and bytes allocated per call in the last
   * pass. A stage is one layer, or a BatchNorm and the ReLU after it run as one pass
   * ({@link Sequential#stageEnd}): its time goes on the BatchNorm's line, and the ReLU's line says
   * {@code (fused into layer i)} with zeros.
   */
  static List<LayerTiming> perLayer(Sequential model, Data data, LossFunction loss, int passes) {
    List<Layer> layers = model.layers();
    int n = layers.size();
    double[][] fwd = new double[n][passes];
    double[][] bwd = new double[n][passes];
    long[] fwdBytes = new long[n];
    long[] bwdBytes = new long[n];
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < n; i = model.stageEnd(i) + 1) {
      starts.add(i);
    }
    for (int p = 0; p < passes; p++) {
      boolean measureAlloc = p == passes - 1;
      Tensor x = data.images();
      for (int i : starts) {
        ThreadAllocations.Mark mark = measureAlloc ? ThreadAllocations.mark() : null;
        long t0 = System.nanoTime();
        x = model.forwardStage(i, x, true);
        fwd[i][p] = (System.nanoTime() - t0) / 1e6;
        if (mark != null) {
          fwdBytes[i] = mark.bytesSince();
        }
      }
      LossValue lv = loss.evaluate(x, data.labels());
      Tensor g = lv.gradient();
      for (int k = starts.size() - 1; k >= 0; k--) {
        int i = starts.get(k);
        ThreadAllocations.Mark mark = measureAlloc ? ThreadAllocations.mark() : null;
        long t0 = System.nanoTime();
        g = model.backwardStage(i, g);
        bwd[i][p] = (System.nanoTime() - t0) / 1e6;
        if (mark != null) {
          bwdBytes[i] = mark.bytesSince();
        }
      }
    }
    List<LayerTiming> out = new ArrayList<>();
    for (int i : starts) {
      out.add(new LayerTiming(i, layers.get(i).describe(), ConvBench.median(fwd[i]), ConvBench.median(bwd[i]),
          fwdBytes[i], bwdBytes[i]));
      for (int k = i + 1; k <= model.stageEnd(i); k++) {
        out.add(new LayerTiming(k, layers.get(k).describe() + " (fused into layer " + i + ")", 0, 0, 0, 0));
      }
    }
    return out;
  }
}
