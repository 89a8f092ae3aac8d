package org.gconv4j.backend.cpu;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.gconv4j.internal.Checks;

/**
 * The vector register file the JIT compiles the kernels for, and so the register tiles that fit it.
 *
 * <p>The kernels ({@link VectorKernels}) keep a tile of accumulators in registers across their inner loop. The wide
 * tiles hold 24 accumulators plus 4-7 operands (28-31 vectors): they fit the 32 registers of AVX-512 (zmm0-31, and
 * ymm/xmm0-31 through AVX-512VL at any {@code -XX:MaxVectorSize}) and of AArch64 (NEON / SVE v0-31), but not the 16
 * of AVX2 (ymm0-15): there C2 spills a third of the tile to the stack on every step, and a spilled accumulator's
 * 32-byte slot that straddles a 4 KB page (a matter of the stack depth at the call) made the kernel 2.7-5× slower
 * ({@link VectorKernels#forward3}). On 16 registers every tile is cut so that C2 spills no accumulator: the forward
 * as 3 + 3 + 2 channels × 3 vectors, the weight gradient as thirds of 4 × 2 pairs, the channel path as halves of 4
 * rows × 3 vectors, each in the wide tile's summation order, so the results are bit-identical whichever file the
 * tiles were shaped for.
 *
 * <p>Detected once per JVM: on x86 from HotSpot's {@code UseAVX} flag as this JVM runs (3 or more: AVX-512, 32
 * registers; HotSpot lowers the flag to what the CPU has, and {@code -XX:UseAVX=2} on an AVX-512 machine compiles
 * for 16), on AArch64 32. The system property {@code gconv4j.cpu.vectorRegisters=16|32} overrides it.
 */
final class RegisterFile {
  /** System property that overrides the detected register count: 16 or 32. */
  static final String PROPERTY = "gconv4j.cpu.vectorRegisters";
  /** This JVM's register file. */
  static final RegisterFile DETECTED = detect();

  /** Vector registers: 16 or 32. */
  final int registers;
  /** Where the count comes from, in words, e.g. {@code "UseAVX=3"}. */
  final String source;

  private RegisterFile(int registers, String source) {
    this.registers = registers;
    this.source = source;
  }

  static RegisterFile of(int registers) {
    return new RegisterFile(checked(registers, "RegisterFile.of"), "set");
  }

  /** True when the 24-accumulator tiles fit: 32 registers. */
  boolean wide() {
    return registers >= 32;
  }

  /** E.g. {@code "32 vector registers (UseAVX=3): 8x3 tiles"} or {@code "16 vector registers (UseAVX=2): narrow tiles (forward 3x3, weight gradient 4x2, channel path 4x3)"}. */
  String describe() {
    return registers + " vector registers (" + source + "): " + (wide() ? "8x3 tiles" : "narrow tiles (forward 3x3, weight gradient 4x2, channel path 4x3)");
  }

  @Override
  public String toString() {
    return describe();
  }

  private static RegisterFile detect() {
    Integer useAvx = null;
    String arch = System.getProperty("os.arch", "");
    if (isX86(arch)) {
      useAvx = hotSpotFlag("UseAVX");
    }
    return detect(System.getProperty(PROPERTY), arch, useAvx);
  }

  /**
   * The register file for an override (may be null), an {@code os.arch} and HotSpot's UseAVX (null when unknown).
   * An x86 JVM whose UseAVX cannot be read is taken to have 16 registers: the narrow tiles only cost some speed
   * on 32, the wide ones spill on 16.
   */
  static RegisterFile detect(String property, String arch, Integer useAvx) {
    if (property != null && !property.isBlank()) {
      int n;
      try {
        n = Integer.parseInt(property.trim());
      } catch (NumberFormatException e) {
        n = -1;
      }
      return new RegisterFile(checked(n, "-D" + PROPERTY + "=" + property.trim()), "-D" + PROPERTY);
    }
    if (isX86(arch)) {
      if (useAvx == null) {
        return new RegisterFile(16, "x86, UseAVX unknown");
      }
      return new RegisterFile(useAvx >= 3 ? 32 : 16, "UseAVX=" + useAvx);
    }
    String a = arch.toLowerCase(Locale.ROOT);
    if (a.equals("aarch64") || a.equals("arm64")) {
      return new RegisterFile(32, a);
    }
    return new RegisterFile(16, a.isEmpty() ? "unknown architecture" : a);
  }

  private static int checked(int n, String what) {
    if (n != 16 && n != 32) {
      throw Checks.argument("CpuBackend", "vector registers must be 16 or 32; got " + what
          + ". Set -D" + PROPERTY + "=16 (AVX2) or =32 (AVX-512, AArch64), or leave it unset to detect it");
    }
    return n;
  }

  private static boolean isX86(String arch) {
    String a = arch.toLowerCase(Locale.ROOT);
    return a.equals("amd64") || a.equals("x86_64") || a.equals("x86") || a.equals("i386") || a.equals("i686");
  }

  /** A HotSpot integer flag's value in this JVM, or null when it cannot be read (another VM, no jdk.management). */
  private static Integer hotSpotFlag(String name) {
    try {
      com.sun.management.HotSpotDiagnosticMXBean bean =
          ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      return bean == null ? null : Integer.valueOf(bean.getVMOption(name).getValue());
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }
}
