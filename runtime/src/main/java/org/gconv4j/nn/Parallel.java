package org.gconv4j.nn;

import java.util.function.IntConsumer;
import org.gconv4j.exec.CpuExecutor;

/**
 * Data-parallel loops for the layers, on the one CPU pool ({@link CpuExecutor#shared()}). Every task
 * writes a disjoint part of the output and runs its own reductions sequentially, and chunk
 * boundaries do not depend on the thread count, so results are bit-identical with 1 or many threads.
 */
final class Parallel {
  /** Below this many scalar operations a loop runs on the calling thread. */
  static final long GRAIN = CpuExecutor.GRAIN;
  /** Fixed chunk length for element-wise loops. */
  static final int CHUNK = 1 << 14;

  /** The pool the loops run on; tests swap it to compare thread counts. */
  private static volatile CpuExecutor executor;

  /** A loop body over one task index. */
  @FunctionalInterface
  interface Task extends IntConsumer {
    void run(int index);

    @Override
    default void accept(int index) {
      run(index);
    }
  }

  /** A loop body over the half-open range [from, to). */
  @FunctionalInterface
  interface RangeTask {
    void run(int from, int to);
  }

  private Parallel() {}

  static CpuExecutor executor() {
    CpuExecutor e = executor;
    return e != null ? e : CpuExecutor.shared();
  }

  /** Runs the layers' loops on {@code e} (null: the shared pool) and returns the previous pool. */
  static CpuExecutor use(CpuExecutor e) {
    CpuExecutor previous = executor;
    executor = e;
    return previous;
  }

  /** Runs {@code task(i)} for i in [0, tasks); {@code work} is the total number of scalar operations. */
  static void forEach(int tasks, long work, Task task) {
    executor().run(tasks, work, task);
  }

  /** Runs {@code task} over fixed-size chunks covering [0, n). */
  static void forChunks(int n, RangeTask task) {
    int chunks = (n + CHUNK - 1) / CHUNK;
    forEach(chunks, n, c -> task.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
  }
}
