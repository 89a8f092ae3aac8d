package org.gconv4j.samples.models;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The allocation tests' diagnosis names the site that allocates, so a failing run says where its bytes went. */
class AllocationSitesTest {
  static volatile Object sink;

  @Test
  void namesTheMethodThatAllocatesMostFirst() {
    String sites;
    try (AllocationSites recording = AllocationSites.record()) {
      for (int i = 0; i < 50; i++) {
        sink = new int[1 << 18]; // before the start: not counted
      }
      Instant start = Instant.now();
      for (int i = 0; i < 200; i++) {
        allocateAMegabyte();
      }
      sites = recording.since(start);
    }
    String first = sites.lines().skip(1).findFirst().orElse("");
    assertTrue(first.contains("float[]") && first.contains("AllocationSitesTest.allocateAMegabyte:"), sites);
    assertFalse(sites.contains("int[]"), "counts only what was allocated since the start: " + sites);
  }

  private static void allocateAMegabyte() {
    sink = new float[1 << 18];
  }
}
