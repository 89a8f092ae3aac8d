package org.gconv4j.samples.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The allocation tests' diagnosis names the site that allocates, so a failing run says where its bytes went. */
class AllocationSitesTest {
  static volatile Object sink;

  @Test
  void namesTheMethodThatAllocatesMostFirst() {
    String sites = AllocationSites.of(() -> {
      for (int i = 0; i < 200; i++) {
        allocateAMegabyte();
      }
    });
    String first = sites.lines().skip(1).findFirst().orElse("");
    assertTrue(first.contains("float[]") && first.contains("AllocationSitesTest.allocateAMegabyte:"), sites);
  }

  private static void allocateAMegabyte() {
    sink = new float[1 << 18];
  }
}
