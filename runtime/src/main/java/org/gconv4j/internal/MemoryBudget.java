package org.gconv4j.internal;

import java.util.Locale;
import org.gconv4j.internal.Checks;

/**
 * Turns "this would not fit the JVM heap" into a clear error before the allocation, instead of an
 * {@link OutOfMemoryError} later: {@link #require} compares a size with the heap this JVM can still get.
 */
public final class MemoryBudget {
  private MemoryBudget() {}

  /** Bytes the heap can still provide: the maximum heap minus what is in use now. */
  public static long availableBytes() {
    Runtime rt = Runtime.getRuntime();
    return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
  }

  /**
   * Throws when {@code bytes} exceed {@link #availableBytes()}.
   *
   * @param what what needs the memory, e.g. {@code "eval with --batch-size 100000"}
   * @param fix what to change, e.g. {@code "Lower --batch-size"}
   */
  public static void require(long bytes, String what, String fix) {
    require(bytes, availableBytes(), Runtime.getRuntime().maxMemory(), what, fix);
  }

  /** {@link #require(long, String, String)} with the budget given (for tests). */
  public static void require(long bytes, long available, long maxHeap, String what, String fix) {
    if (bytes > available) {
      throw Checks.argument("Memory", what + " needs about " + mib(bytes) + " but the JVM heap has "
          + mib(available) + " free (of " + mib(maxHeap) + "). " + fix
          + ", or give Java more memory (JAVA_OPTS=-Xmx...)");
    }
  }

  private static String mib(long bytes) {
    return bytes == Long.MAX_VALUE ? "more than 8 EiB" : String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
  }
}
