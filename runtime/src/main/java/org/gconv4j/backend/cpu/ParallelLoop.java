package org.gconv4j.backend.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed pool of daemon worker threads running {@code for (i = 0; i < count; i++) body(i)} with
 * dynamic scheduling. Bodies must write disjoint outputs; then the result does not depend on which
 * thread ran which index.
 */
final class ParallelLoop implements AutoCloseable {
  private final int threads;
  private final ExecutorService pool;

  ParallelLoop(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("[CpuBackend] threads must be >= 1; got " + threads);
    }
    this.threads = threads;
    AtomicInteger id = new AtomicInteger();
    this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "gconv4j-cpu-" + id.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  int threads() {
    return threads;
  }

  void run(int count, IntConsumer body) {
    if (pool == null || count <= 1) {
      for (int i = 0; i < count; i++) {
        body.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    int workers = Math.min(threads, count);
    List<Callable<Void>> jobs = new ArrayList<>(workers);
    for (int w = 0; w < workers; w++) {
      jobs.add(() -> {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          body.accept(i);
        }
        return null;
      });
    }
    try {
      for (Future<Void> f : pool.invokeAll(jobs)) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("[CpuBackend] interrupted while computing", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("[CpuBackend] worker failed: " + cause, cause);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
