package org.gconv4j.train;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.gconv4j.internal.Checks;
import org.gconv4j.internal.TrainStep;
import org.gconv4j.nn.Sequential;
import org.gconv4j.tensor.Tensor;

/**
 * Brings the JVM's JIT to its steady state before a training run, so that the first epoch runs as
 * fast as the others. Until HotSpot's C2 compiler has compiled the Vector API loops, a training step
 * runs interpreted or in C1 code that boxes every vector (the first step of P4CNN took 3 s of CPU
 * time against 37 ms later), and C2's compiles take one of the cores: on a 2-core machine the first
 * epoch ran 1.3-1.5× longer than the next ones.
 *
 * <p>{@link #start} runs training steps (forward, softmax cross-entropy, backward, an Adam update)
 * and inference passes of a <em>copy</em> of the model (same architecture and shapes, built apart,
 * never the trained model: its weights, batch-norm statistics and optimizer state are untouched),
 * on one random batch of the training batch size, in a daemon thread, while the caller loads its
 * data. The batch size matters: the CPU backend picks its loops by the layer's geometry, batch
 * included. The warm-up stops when the JIT has gone quiet ({@link #quiet}): the compilers worked at
 * most {@value #QUIET_SHARE_PERCENT}% of the wall time of the last {@value #WINDOW} steps; or after
 * {@link #maxSteps} steps or {@link #maxSeconds} seconds, whichever comes first. {@link #await}
 * waits for it. Without a {@link CompilationMXBean} it runs {@value #MIN_STEPS} steps.
 */
public final class JitWarmUp {
  /** Steps in the window the quiet test looks at. */
  static final int WINDOW = 8;
  /** Fewest steps (the first ones are interpreted: never quiet). */
  static final int MIN_STEPS = 16;
  /** The compilers' share of the window's wall time below which the JIT counts as quiet, in percent. */
  static final int QUIET_SHARE_PERCENT = 5;

  private final Thread thread;
  private final long started = System.nanoTime();
  private final int maxSteps;
  private final double maxSeconds;
  private volatile int steps;
  private volatile boolean stop;
  private volatile Throwable failure;
  private volatile long finished;

  private JitWarmUp(Sequential copy, int batch, int evalBatch, int maxSteps, double maxSeconds) {
    this.maxSteps = maxSteps;
    this.maxSeconds = maxSeconds;
    this.thread = new Thread(() -> {
      try {
        run(copy, batch, evalBatch);
      } catch (Throwable t) { // a failed warm-up costs the run nothing but its speed
        failure = t;
      } finally {
        finished = System.nanoTime();
      }
    }, "gconv4j-jit-warm-up");
    thread.setDaemon(true);
  }

  /**
   * Starts warming up on {@code copy}, a model built like the one to train but not that model (it
   * must know its input shape: {@link org.gconv4j.nn.Model#builder}), with training batches of
   * {@code batch} and inference batches of {@code evalBatch}.
   *
   * @param maxSteps at most this many training steps
   * @param maxSeconds and at most this long
   */
  public static JitWarmUp start(Sequential copy, int batch, int evalBatch, int maxSteps, double maxSeconds) {
    if (copy == null || copy.inputShape() == null) {
      throw Checks.argument("JitWarmUp", "the copy must be a model that knows its input shape (Model.builder)");
    }
    if (batch < 2 || evalBatch < 1 || maxSteps < 1 || !(maxSeconds > 0)) {
      throw Checks.argument("JitWarmUp", "need batch >= 2 (batch norm), evalBatch >= 1, maxSteps >= 1, maxSeconds > 0; got "
          + batch + ", " + evalBatch + ", " + maxSteps + ", " + maxSeconds);
    }
    JitWarmUp w = new JitWarmUp(copy, batch, evalBatch, maxSteps, maxSeconds);
    w.thread.start();
    return w;
  }

  private void run(Sequential copy, int batch, int evalBatch) {
    int[] sample = copy.inputShape();
    int[] out = copy.outputShape(sample);
    int classes = out[out.length - 1];
    Random rng = new Random(1);
    Tensor images = randomBatch(sample, batch, rng);
    Tensor evalImages = evalBatch == batch ? images : randomBatch(sample, evalBatch, rng);
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = rng.nextInt(classes);
    }
    TrainStep step = new TrainStep(copy, LossFunction.softmaxCrossEntropy(), new Adam(copy.parameters(), 1e-3));
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
    long[] wall = new long[WINDOW];
    long[] compile = new long[WINDOW];
    for (int s = 0; s < maxSteps && !stop && seconds() < maxSeconds; s++) {
      long w0 = System.nanoTime();
      long c0 = timed ? jit.getTotalCompilationTime() : 0;
      step.run(images, labels);
      if (s % 2 == 1) { // validation runs inference passes: compile those loops too
        copy.forward(evalImages, false);
      }
      wall[s % WINDOW] = System.nanoTime() - w0;
      compile[s % WINDOW] = timed ? jit.getTotalCompilationTime() - c0 : 0;
      steps = s + 1;
      if (s + 1 >= MIN_STEPS && (!timed || quiet(wall, compile))) {
        break;
      }
    }
  }

  /** The compilers' milliseconds over the window are at most {@value #QUIET_SHARE_PERCENT}% of its wall time. */
  static boolean quiet(long[] wallNanos, long[] compileMillis) {
    long wall = 0;
    long compile = 0;
    for (int i = 0; i < wallNanos.length; i++) {
      wall += wallNanos[i];
      compile += compileMillis[i];
    }
    return compile * 1_000_000L * 100 <= wall * QUIET_SHARE_PERCENT;
  }

  private static Tensor randomBatch(int[] sample, int n, Random rng) {
    int[] shape = new int[sample.length + 1];
    shape[0] = n;
    System.arraycopy(sample, 0, shape, 1, sample.length);
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = rng.nextFloat();
    }
    return t;
  }

  private double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  /** Waits until the warm-up has finished; returns the seconds waited. A failed warm-up is not an error here: see {@link #failure()}. */
  public double await() throws InterruptedException {
    long t0 = System.nanoTime();
    thread.join();
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Asks the warm-up to stop after its current step (it still has to be awaited). */
  public void stop() {
    stop = true;
  }

  /** Training steps run so far. */
  public int steps() {
    return steps;
  }

  /** Seconds from {@link #start} to the end of the warm-up (so far, while it runs). */
  public double elapsedSeconds() {
    long end = finished;
    return ((end != 0 ? end : System.nanoTime()) - started) / 1e9;
  }

  /** What stopped the warm-up with an exception, or null. */
  public Throwable failure() {
    return failure;
  }
}
