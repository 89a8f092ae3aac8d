package org.gconv4j.nn;

import java.util.stream.IntStream;

/**
 * Data-parallel loops for the layers, on the common fork-join pool. Every task writes a disjoint
 * part of the output and runs its own reductions sequentially, and chunk boundaries do not depend
 * on the thread count, so results are bit-identical with 1 or many threads.
 */
final class Parallel {
  /** Below this many scalar operations a loop runs on the calling thread. */
  static final long GRAIN = 1 << 15;
  /** Fixed chunk length for element-wise loops. */
  static final int CHUNK = 1 << 14;

  /** A loop body over one task index. */
  @FunctionalInterface
  interface Task {
    void run(int index);
  }

  /** A loop body over the half-open range [from, to). */
  @FunctionalInterface
  interface RangeTask {
    void run(int from, int to);
  }

  private Parallel() {}

  /** Runs {@code task(i)} for i in [0, tasks); {@code work} is the total number of scalar operations. */
  static void forEach(int tasks, long work, Task task) {
    if (tasks > 1 && work >= GRAIN) {
      IntStream.range(0, tasks).parallel().forEach(task::run);
    } else {
      for (int i = 0; i < tasks; i++) {
        task.run(i);
      }
    }
  }

  /** Runs {@code task} over fixed-size chunks covering [0, n). */
  static void forChunks(int n, RangeTask task) {
    int chunks = (n + CHUNK - 1) / CHUNK;
    forEach(chunks, n, c -> task.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
  }
}
