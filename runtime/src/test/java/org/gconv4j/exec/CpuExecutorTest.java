package org.gconv4j.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class CpuExecutorTest {
  @Test
  void runsEveryIndexExactlyOnceOnSeveralThreads() {
    try (CpuExecutor pool = new CpuExecutor(3)) {
      for (int rep = 0; rep < 200; rep++) {
        int count = 1 + rep % 37;
        AtomicIntegerArray hits = new AtomicIntegerArray(count);
        pool.run(count, i -> hits.incrementAndGet(i));
        for (int i = 0; i < count; i++) {
          assertEquals(1, hits.get(i), "index " + i + " of " + count + ", repetition " + rep);
        }
      }
      Set<String> threads = ConcurrentHashMap.newKeySet();
      // Each index waits until a second thread has run one (at most 10 s): on a loaded machine the OS
      // may schedule a woken worker milliseconds late, and a fixed-length body then ran on the caller only.
      pool.run(64, i -> {
        threads.add(Thread.currentThread().getName());
        long end = System.nanoTime() + 10_000_000_000L;
        while (threads.size() < 2 && System.nanoTime() < end) {
          Thread.onSpinWait();
        }
      });
      assertTrue(threads.size() > 1, "no worker ran any of 64 indices within 10 s: " + threads);
    }
  }

  @Test
  void smallLoopsAndNestedLoopsRunOnTheCallingThread() {
    try (CpuExecutor pool = new CpuExecutor(2)) {
      Thread caller = Thread.currentThread();
      pool.run(8, CpuExecutor.GRAIN - 1, i -> assertSame(caller, Thread.currentThread(), "below the grain"));
      int[] inner = new int[16];
      pool.run(4, i -> {
        Thread outer = Thread.currentThread();
        pool.run(4, j -> {
          assertSame(outer, Thread.currentThread(), "a nested loop stays on its thread");
          inner[i * 4 + j]++;
        });
      });
      int[] ones = new int[16];
      java.util.Arrays.fill(ones, 1);
      assertArrayEquals(ones, inner);
    }
  }

  @Test
  void aFailingBodyFailsTheCallAndThePoolKeepsWorking() {
    try (CpuExecutor pool = new CpuExecutor(2)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(100, i -> {
        if (i == 57) {
          throw new IllegalStateException("index 57");
        }
      }));
      assertEquals("index 57", e.getMessage());
      AtomicIntegerArray hits = new AtomicIntegerArray(10);
      pool.run(10, hits::incrementAndGet);
      for (int i = 0; i < 10; i++) {
        assertEquals(1, hits.get(i));
      }
    }
  }

  @Test
  void rejectsANonPositiveThreadCount() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CpuExecutor(0));
    assertTrue(e.getMessage().contains("gconv4j.cpu.threads"), e.getMessage());
  }
}
