package org.gconv4j.samples.models;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.gconv4j.backend.cpu.CpuBackend;
import org.gconv4j.bench.ThreadAllocations;
import org.gconv4j.data.Batch;
import org.gconv4j.data.Dataset;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.Parameter;
import org.gconv4j.nn.Sequential;
import org.gconv4j.tensor.Tensor;
import org.gconv4j.train.Adam;
import org.gconv4j.train.LossFunction;
import org.gconv4j.internal.TrainStep;
import org.gconv4j.train.JitWarmUp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bytes allocated per training step of P4CNN (batch 32, synthetic 28x28 digits) after warm-up,
 * by every thread of the JVM (the caller, the common pool, the CPU backend's workers): a step
 * draws a batch as the Trainer does, runs the Trainer's {@link TrainStep} (forward, loss, backward,
 * Adam) and must stay under 1 MB; freshly touched memory is what made training slow (issue 7).
 */
class SteadyStateAllocationTest {
  static final int BATCH = 32;
  static final long LIMIT = 1 << 20;
  static final int WARMUP = 20;
  static final int STEPS = 5;
  static final int WINDOWS = 3;
  /** Windows at most while the least stays over the limit (a compile C2 has still to finish). */
  static final int MAX_WINDOWS = 40;

  static CpuBackend backend;

  @BeforeAll
  static void startBackend() {
    backend = new CpuBackend();
  }

  @AfterAll
  static void stopBackend() {
    backend.close();
  }

  /**
   * The whole step: batch assembly, every layer (G-correlations with their prepared workspaces
   * included), loss and Adam, across all threads.
   */
  @Test
  void aTrainingStepAllocatesLessThanOneMegabyte() {
    Sequential model = PaperModels.build("p4cnn", spec -> new GroupConv(spec, backend), 0);
    Steps steps = new Steps(model);
    Windows perStep = steps.bytesPerStep(new long[1]);
    assertTrue(perStep.least() <= LIMIT, () -> "P4CNN batch " + BATCH + " allocates " + perStep
        + " bytes per training step (limit " + LIMIT + ")\n" + AllocationSites.jit() + "\n"
        + AllocationSites.of(() -> steps.run(STEPS)));
  }

  /**
   * The same step with every G-correlation's calls measured apart: batch assembly, batch norm,
   * ReLU, pooling, flatten, loss, Adam and the Sequential's plumbing together stay under the limit.
   */
  @Test
  void everythingButTheConvolutionsIsAllocationFree() {
    long[] convBytes = new long[1];
    ConvLayerFactory convs = spec -> new Measured(new GroupConv(spec, backend), convBytes);
    Sequential model = PaperModels.build("p4cnn", convs, 0);
    Steps steps = new Steps(model);
    Windows perStep = steps.bytesPerStep(convBytes);
    assertTrue(perStep.least() <= LIMIT, () -> "P4CNN batch " + BATCH + " allocates " + perStep
        + " bytes per training step outside GroupConv (limit " + LIMIT + ")\n" + AllocationSites.jit() + "\n"
        + AllocationSites.of(() -> steps.run(STEPS)));
  }

  /** Training steps of one model on synthetic digits, batches drawn as the Trainer draws them. */
  private static final class Steps {
    private final TrainStep step;
    private final Batches batches = new Batches(syntheticDigits(4 * BATCH));

    Steps(Sequential model) {
      step = new TrainStep(model, LossFunction.softmaxCrossEntropy(), new Adam(model.parameters(), 1e-3));
      run(WARMUP);
      untilTheJitIsQuiet(model, BATCH);
    }

    void run(int n) {
      for (int i = 0; i < n; i++) {
        Batch b = batches.next();
        step.run(b.images(), b.labels());
      }
    }

    /** Bytes per step, minus what {@code excluded[0]} counted meanwhile ({@link #leastPerStep}). */
    Windows bytesPerStep(long[] excluded) {
      return leastPerStep(() -> run(STEPS), STEPS, excluded);
    }
  }

  /**
   * Bytes per step over windows of {@code steps} steps ({@code window} runs one), each minus what {@code excluded[0]}
   * counted meanwhile: the least window counts (a window can catch a one-off allocation of the JVM or the test
   * runner's own threads). At least {@link #WINDOWS} windows; more, up to {@link #MAX_WINDOWS}, while the least is
   * over {@link #LIMIT}: a method whose C2 compile is still to come runs C1 code, which boxes every vector.
   */
  static Windows leastPerStep(Runnable window, int steps, long[] excluded) {
    long[] bytes = new long[MAX_WINDOWS];
    long least = Long.MAX_VALUE;
    int n = 0;
    while (n < MAX_WINDOWS && (n < WINDOWS || least > LIMIT)) {
      excluded[0] = 0;
      ThreadAllocations.Mark mark = ThreadAllocations.mark();
      window.run();
      bytes[n] = (mark.bytesSince() - excluded[0]) / steps;
      least = Math.min(least, bytes[n++]);
    }
    return new Windows(least, java.util.Arrays.copyOf(bytes, n));
  }

  /** The least bytes per step of any window, and every window's, in order. */
  record Windows(long least, long[] each) {
    @Override
    public String toString() {
      return least + " (the least of " + each.length + " windows: " + java.util.Arrays.toString(each) + ")";
    }
  }

  /**
   * Steady state: training steps of {@code model} until the JIT compilers have gone quiet ({@link JitWarmUp}, at most
   * 200 steps or 60 s), as {@code train} warms up before its first epoch. The steps train {@code model} itself, not a
   * copy as {@code train} does: its weights change, which a test of allocations does not mind.
   */
  static void untilTheJitIsQuiet(Sequential model, int batch) {
    JitWarmUp warmUp = JitWarmUp.start(model, batch, batch, 200, 60);
    try {
      warmUp.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertNull(warmUp.failure(), "the warm-up's training steps failed");
  }

  /** Batches drawn as the Trainer draws them, epoch after epoch. */
  private static final class Batches {
    private final Dataset data;
    private Iterator<Batch> epoch;
    private long seed;

    Batches(Dataset data) {
      this.data = data;
    }

    Batch next() {
      if (epoch == null || !epoch.hasNext()) {
        epoch = data.shuffledBatchesReusing(BATCH, ++seed).iterator();
      }
      return epoch.next();
    }
  }

  /** {@code n} random 28x28 images in [0, 1) with random labels 0..9. */
  static Dataset syntheticDigits(int n) {
    Random rng = new Random(7);
    float[] images = new float[n * 28 * 28];
    for (int i = 0; i < images.length; i++) {
      images[i] = rng.nextFloat();
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = rng.nextInt(10);
    }
    return new Dataset("synthetic", images, labels, 1, 28, 28, 10);
  }

  /** A layer that adds the bytes every thread allocates during its calls to {@code bytes[0]}. */
  private static final class Measured implements Layer {
    private final Layer inner;
    private final long[] bytes;

    Measured(Layer inner, long[] bytes) {
      this.inner = inner;
      this.bytes = bytes;
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
      ThreadAllocations.Mark mark = ThreadAllocations.mark();
      Tensor out = inner.forward(input, training);
      bytes[0] += mark.bytesSince();
      return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
      ThreadAllocations.Mark mark = ThreadAllocations.mark();
      Tensor out = inner.backward(gradOutput);
      bytes[0] += mark.bytesSince();
      return out;
    }

    @Override
    public void reuseBuffers(boolean reuse) {
      inner.reuseBuffers(reuse);
    }

    @Override
    public List<Parameter> parameters() {
      return inner.parameters();
    }
  }
}
