package org.gconv4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The register model that shapes the CPU backend's tiles. */
class RegisterFileTest {
  @Test
  void x86RegistersFollowUseAvx() {
    assertEquals(32, RegisterFile.detect(null, "amd64", 3).registers);
    assertTrue(RegisterFile.detect(null, "amd64", 3).wide());
    assertEquals(16, RegisterFile.detect(null, "amd64", 2).registers);
    assertFalse(RegisterFile.detect(null, "x86_64", 2).wide());
    assertEquals(16, RegisterFile.detect(null, "amd64", 1).registers);
    assertEquals("UseAVX=2", RegisterFile.detect(null, "amd64", 2).source);
  }

  @Test
  void unknownUseAvxOrArchitectureTakesTheNarrowTiles() {
    assertEquals(16, RegisterFile.detect(null, "amd64", null).registers);
    assertEquals(16, RegisterFile.detect(null, "riscv64", null).registers);
    assertEquals(16, RegisterFile.detect(null, "", null).registers);
  }

  @Test
  void aarch64Has32() {
    assertEquals(32, RegisterFile.detect(null, "aarch64", null).registers);
  }

  @Test
  void propertyOverridesDetection() {
    assertEquals(16, RegisterFile.detect("16", "amd64", 3).registers);
    assertEquals(32, RegisterFile.detect(" 32 ", "amd64", 2).registers);
    assertEquals(32, RegisterFile.detect("", "amd64", 3).registers); // blank: detect
  }

  @Test
  void badPropertyIsRejectedWithTheFix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegisterFile.detect("24", "amd64", 3));
    assertTrue(e.getMessage().startsWith("[CpuBackend] vector registers must be 16 or 32; got -Dgconv4j.cpu.vectorRegisters=24."),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RegisterFile.detect("many", "amd64", 3));
    assertThrows(IllegalArgumentException.class, () -> RegisterFile.of(8));
  }

  /** This JVM's own: the surefire executions run with -XX:UseAVX=2 (16) and the default (32 on AVX-512 machines). */
  @Test
  void thisJvmsFileMatchesItsUseAvx() {
    RegisterFile detected = RegisterFile.DETECTED;
    String override = System.getProperty(RegisterFile.PROPERTY);
    if (override == null && System.getProperty("os.arch").equals("amd64")) {
      assertTrue(detected.source.startsWith("UseAVX="), detected.source);
      int useAvx = Integer.parseInt(detected.source.substring("UseAVX=".length()));
      assertEquals(useAvx >= 3 ? 32 : 16, detected.registers);
    }
    assertTrue(detected.registers == 16 || detected.registers == 32);
  }
}
