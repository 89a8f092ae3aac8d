package org.gconv4j.bench;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the Java heap by every live thread of this JVM (the caller, the common
 * fork-join pool, the CPU backend's workers, ...), from
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long[])}. A mark records each
 * live thread's counter; {@link Mark#bytesSince()} adds up what every thread allocated after it
 * (a thread started later counts from zero; a thread that ended meanwhile is missed).
 */
public final class ThreadAllocations {
  private static final com.sun.management.ThreadMXBean THREADS = bean();

  private ThreadAllocations() {}

  private static com.sun.management.ThreadMXBean bean() {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b)
        || !b.isThreadAllocatedMemorySupported()) {
      throw new UnsupportedOperationException("[ThreadAllocations] this JVM cannot count per-thread allocation"
          + " (com.sun.management.ThreadMXBean). Use a HotSpot-based JDK");
    }
    if (!b.isThreadAllocatedMemoryEnabled()) {
      b.setThreadAllocatedMemoryEnabled(true);
    }
    return b;
  }

  /** The allocation counters of every live thread now. */
  public static Mark mark() {
    long[] ids = THREADS.getAllThreadIds();
    return new Mark(ids, THREADS.getThreadAllocatedBytes(ids));
  }

  /** Per-thread counters at one moment. */
  public static final class Mark {
    private final long[] ids;
    private final long[] bytes;

    private Mark(long[] ids, long[] bytes) {
      this.ids = ids;
      this.bytes = bytes;
    }

    /**
     * Bytes allocated by all live threads since this mark (a measurement allocates a few hundred
     * bytes itself: two arrays of one long per thread).
     */
    public long bytesSince() {
      long[] nowIds = THREADS.getAllThreadIds();
      long[] now = THREADS.getThreadAllocatedBytes(nowIds);
      long total = 0;
      for (int i = 0; i < nowIds.length; i++) {
        if (now[i] >= 0) {
          total += Math.max(0, now[i] - startOf(nowIds[i], i));
        }
      }
      return total;
    }

    /** The counter of thread {@code id} at the mark (0 for a thread started since), found at {@code hint} when the thread list did not change. */
    private long startOf(long id, int hint) {
      if (hint < ids.length && ids[hint] == id) {
        return Math.max(0, bytes[hint]);
      }
      for (int j = 0; j < ids.length; j++) {
        if (ids[j] == id) {
          return Math.max(0, bytes[j]);
        }
      }
      return 0;
    }
  }
}
