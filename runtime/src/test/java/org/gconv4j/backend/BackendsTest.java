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
  void cpuIsTheCpuBackendOrAClearError() {
    boolean present;
    try {
      Class.forName(Backends.CPU_BACKEND_CLASS);
      present = true;
    } catch (ClassNotFoundException e) {
      present = false;
    }
    if (present) {
      try (ConvBackend b = Backends.create("cpu")) {
        assertEquals("cpu", b.name());
      }
    } else {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.create("cpu"));
      assertTrue(e.getMessage().contains(Backends.CPU_BACKEND_CLASS), e.getMessage());
    }
  }
}
