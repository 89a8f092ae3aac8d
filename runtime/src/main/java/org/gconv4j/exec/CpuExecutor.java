package org.gconv4j.exec;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.gconv4j.internal.Checks;

/**
 * The one pool of CPU worker threads that runs every data-parallel loop of gconv4j (correlations,
 * batch norm, ReLU, pooling, optimizers): {@code for (i = 0; i < count; i++) body(i)} with the
 * indices handed out dynamically to the calling thread and {@code threads − 1} daemon workers.
 *
 * <p>Determinism: a body must write outputs no other index writes and reduce in an order of its
 * own; then the result does not depend on which thread ran which index, nor on the thread count.
 *
 * <p>Cost: a hand-off wakes the parked workers and allocates one small {@code Job} (no task lists or
 * futures); the caller waits until every index has run, never for a worker that claimed none.
 * {@link #run(int, long, IntConsumer)} runs loops below {@link #GRAIN} scalar operations on the
 * calling thread. A loop started while the pool is busy (a nested loop, or a second caller
 * thread) also runs on the calling thread.
 *
 * <p>Size: {@link #shared()} has {@link #configuredThreads()} threads, read once from the system
 * property {@code gconv4j.cpu.threads} (default: the available processors).
 */
public final class CpuExecutor implements AutoCloseable {
  /** System property that sizes {@link #shared()}. */
  public static final String THREADS_PROPERTY = "gconv4j.cpu.threads";
  /** Below this many scalar operations a loop runs on the calling thread. */
  public static final long GRAIN = 1 << 15;
  /** Spin iterations before a waiting thread parks. */
  private static final int SPIN = 2_000;

  private static volatile CpuExecutor shared;

  private final int threads;
  private final Thread[] workers;
  private final AtomicBoolean busy = new AtomicBoolean();
  /** The loop in progress; null between loops. */
  private volatile Job job;
  /** Hand-offs so far (only the caller holding {@code busy} writes it). */
  private long serial;
  private volatile boolean closed;

  /**
   * One loop: its indices are claimed from {@code next} and counted in {@code done} when they have
   * run, so the caller waits for the indices, not for the workers: a worker that wakes late (or is
   * not scheduled at all while another process holds its core) finds nothing left to claim and
   * costs the caller nothing. One small object per hand-off; never reused, so a late worker cannot
   * run an old body on a new loop's indices.
   */
  private static final class Job {
    private static final AtomicIntegerFieldUpdater<Job> NEXT = AtomicIntegerFieldUpdater.newUpdater(Job.class, "next");
    private static final AtomicIntegerFieldUpdater<Job> DONE = AtomicIntegerFieldUpdater.newUpdater(Job.class, "done");
    private static final AtomicReferenceFieldUpdater<Job, Throwable> FAILURE =
        AtomicReferenceFieldUpdater.newUpdater(Job.class, Throwable.class, "failure");

    final IntConsumer body;
    final int count;
    final Thread caller;
    final long serial;
    volatile int next;
    volatile int done;
    volatile Throwable failure;

    Job(IntConsumer body, int count, Thread caller, long serial) {
      this.body = body;
      this.serial = serial;
      this.count = count;
      this.caller = caller;
    }

    /** Claims and runs indices until none is left; after a failure the rest are counted, not run. */
    void drain() {
      for (int i = NEXT.getAndIncrement(this); i < count; i = NEXT.getAndIncrement(this)) {
        try {
          if (failure == null) {
            body.accept(i);
          }
        } catch (Throwable t) {
          FAILURE.compareAndSet(this, null, t);
        } finally {
          if (DONE.incrementAndGet(this) == count && Thread.currentThread() != caller) {
            LockSupport.unpark(caller);
          }
        }
      }
    }

    boolean finished() {
      return done == count;
    }
  }

  /** A pool of {@code threads} threads: the caller and {@code threads − 1} daemon workers. */
  public CpuExecutor(int threads) {
    if (threads < 1) {
      throw Checks.argument("CpuExecutor", "threads must be >= 1; got " + threads
          + ". Set -D" + THREADS_PROPERTY + " to a positive number");
    }
    if (threads > maxThreads()) {
      throw Checks.argument("CpuExecutor", threads + " threads is more than the " + maxThreads()
          + " allowed (8 per processor, at least 64; this machine has " + Runtime.getRuntime().availableProcessors()
          + "): threads beyond the cores only slow the work and may exhaust memory. Use at most "
          + Runtime.getRuntime().availableProcessors() + " (-D" + THREADS_PROPERTY + " or --threads)");
    }
    this.threads = threads;
    this.workers = new Thread[threads - 1];
    for (int w = 0; w < workers.length; w++) {
      Thread t = new Thread(this::work, "gconv4j-cpu-" + (w + 1));
      t.setDaemon(true);
      workers[w] = t;
      t.start();
    }
  }

  /** The executor every CPU loop uses, created on first use with {@link #configuredThreads()} threads. */
  public static CpuExecutor shared() {
    CpuExecutor e = shared;
    if (e == null) {
      synchronized (CpuExecutor.class) {
        e = shared;
        if (e == null) {
          e = new CpuExecutor(configuredThreads());
          shared = e;
        }
      }
    }
    return e;
  }

  /** The most worker threads a pool may have: 8 per processor, at least 64 (a typo like 100000 fails at once). */
  public static int maxThreads() {
    return Math.max(64, 8 * Runtime.getRuntime().availableProcessors());
  }

  /** {@code -Dgconv4j.cpu.threads=N} if set, else {@link Runtime#availableProcessors()}. */
  public static int configuredThreads() {
    String p = System.getProperty(THREADS_PROPERTY);
    if (p == null) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int n = Integer.parseInt(p.trim());
      if (n >= 1 && n <= maxThreads()) {
        return n;
      }
      if (n > maxThreads()) {
        throw Checks.argument("CpuExecutor", THREADS_PROPERTY + "=" + p + " is more than the "
            + maxThreads() + " threads allowed (8 per processor, at least 64; this machine has "
            + Runtime.getRuntime().availableProcessors() + "). Pass at most that, e.g. -D" + THREADS_PROPERTY + "="
            + Runtime.getRuntime().availableProcessors() + ", or leave it unset for all processors");
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Checks.argument("CpuExecutor", THREADS_PROPERTY + " must be a positive integer; got '" + p
        + "'. Pass e.g. -D" + THREADS_PROPERTY + "=2, or leave it unset for all processors");
  }

  public int threads() {
    return threads;
  }

  /** Runs {@code body(i)} for i in [0, count); inline when {@code work} (scalar operations) is below {@link #GRAIN}. */
  public void run(int count, long work, IntConsumer body) {
    if (work < GRAIN) {
      inline(count, body);
    } else {
      run(count, body);
    }
  }

  /** Runs {@code body(i)} for i in [0, count) on this pool; returns when every index has run. */
  public void run(int count, IntConsumer body) {
    if (count <= 1 || workers.length == 0 || closed || !busy.compareAndSet(false, true)) {
      inline(count, body);
      return;
    }
    try {
      Job j = new Job(body, count, Thread.currentThread(), ++serial);
      job = j; // volatile write publishes the loop
      for (Thread w : workers) {
        LockSupport.unpark(w);
      }
      j.drain();
      for (int spin = 0; !j.finished(); spin++) {
        if (spin < SPIN) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(this, 200_000L);
        }
      }
      job = null;
      Throwable t = j.failure;
      if (t instanceof RuntimeException re) {
        throw re;
      }
      if (t instanceof Error err) {
        throw err;
      }
      if (t != null) {
        throw Checks.state("CpuExecutor", "a worker failed: " + t, t);
      }
    } finally {
      busy.set(false);
    }
  }

  private static void inline(int count, IntConsumer body) {
    for (int i = 0; i < count; i++) {
      body.accept(i);
    }
  }

  private void work() {
    long seen = 0; // a serial, not the Job: the worker keeps no loop's body alive
    int spin = 0;
    while (!closed) {
      Job j = job;
      if (j == null || j.serial == seen) {
        if (spin++ < SPIN) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
        continue;
      }
      spin = 0;
      seen = j.serial;
      j.drain();
    }
  }

  /** Stops the workers (not for {@link #shared()}, which lives as long as the JVM). */
  @Override
  public void close() {
    if (this == shared) {
      return;
    }
    closed = true;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
  }
}
