package org.gconv4j.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackendsTest {
  @Test
  void unknownNameIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.create("cuda"));
    assertTrue(e.getMessage().contains("opencl, cpu or auto"), e.getMessage());
  }

  @Test
  void cpuIsTheVectorApiBackend() {
    try (ConvBackend b = Backends.create("CPU")) {
      assertEquals("cpu", b.name());
    }
  }
}
