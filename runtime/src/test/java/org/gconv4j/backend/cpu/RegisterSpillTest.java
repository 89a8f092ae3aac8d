package org.gconv4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The tiles for 16 vector registers keep their accumulators in registers: C2 compiles them for AVX2 without a single
 * vector load or store on the stack between their first and last multiply-add. A spilled accumulator is loaded from and
 * stored to a 32-byte stack slot on every step, and where that slot straddles a 4 KB page (which depends on the stack
 * depth of the call) the kernel ran 2.7-5× slower: the "slow mode" of docs/notes/2026-12-07-avx2-slow-mode.md. Covers
 * the narrow tiles of {@link VectorKernels} (direct paths) and the Winograd path's products
 * ({@link WinogradCorrelation}: forward, input gradient and weight gradient all multiply in {@code gemm4} on 16
 * registers). No timing: the machine code itself, printed by a child JVM started with {@code -XX:UseAVX=2}
 * ({@code -XX:CompileCommand=print}; raw bytes without the hsdis disassembler, text with it). x86-64 with AVX2 and FMA
 * only.
 */
class RegisterSpillTest {
  /** The kernels a 16-register file runs ({@link RegisterFile#wide()} false), as {@code Class::method}. */
  private static final List<String> NARROW = List.of("VectorKernels::forward3", "VectorKernels::forward2", "VectorKernels::weightTileThird",
      "VectorKernels::rowTileHalf", "VectorKernels::weightRowsHalf", "WinogradCorrelation::gemm4");
  /**
   * What the child JVM prints ({@code Class::method} patterns in this package): every {@link VectorKernels} method; the
   * Winograd products, and their callers, where the products' multiply-adds would be if C2 inlined them (methods
   * without a multiply-add are not checked).
   */
  private static final List<String> PRINTED = List.of("VectorKernels::*", "WinogradCorrelation::gemm*", "WinogradCorrelation::chunk",
      "WinogradCorrelation::inputItem", "WinogradCorrelation::weightSlab", "WinogradCorrelation::product");
  private static final String PACKAGE = RegisterSpillTest.class.getPackageName();
  /** The probe's output per mode: each mode's child JVM runs once for all the tests. */
  private static final Map<String, String> PROBES = new HashMap<>();

  @Test
  void narrowTilesKeepTheirAccumulatorsInRegisters() throws Exception {
    Map<String, Integer> spills = spills(probe("narrow"));
    for (String kernel : NARROW) {
      assertTrue(spills.getOrDefault(kernel, -1) >= 0, "C2 did not compile " + kernel + " (with its multiply-adds) in the probe: " + spills);
    }
    // every kernel the 16-register passes ran, not only those listed
    Map<String, Integer> spilling = new TreeMap<>();
    spills.forEach((kernel, n) -> {
      if (n > 0) {
        spilling.put(kernel, n);
      }
    });
    assertEquals(Map.of(), spilling, "vector stack accesses among the multiply-adds of AVX2 code, per kernel");
  }

  /** Negative control: the 8 × 3 forward tile (24 accumulators) cannot fit 16 registers, and the check sees its spills. */
  @Test
  void theWideForwardTileSpillsOnSixteenRegisters() throws Exception {
    assertSpills("VectorKernels::forwardBlock", spills(probe("wide")));
  }

  /**
   * Negative control: the Winograd products' 8-row tile (24 accumulators, 3 filter vectors and a broadcast) cannot fit
   * 16 registers either, and the check sees its spills.
   */
  @Test
  void theWideWinogradTileSpillsOnSixteenRegisters() throws Exception {
    assertSpills("WinogradCorrelation::gemm8", spills(probe("wide")));
  }

  private static void assertSpills(String kernel, Map<String, Integer> spills) {
    assertTrue(spills.getOrDefault(kernel, -1) >= 0, "C2 did not compile " + kernel + " (with its multiply-adds) in the probe: " + spills);
    assertTrue(spills.get(kernel) >= 8, "spills found in " + kernel + ": " + spills.get(kernel));
  }

  /** The probe's output: the machine code of the {@link #PRINTED} methods C2 compiled with -XX:UseAVX=2. */
  private static synchronized String probe(String mode) throws IOException, InterruptedException {
    String arch = System.getProperty("os.arch");
    assumeTrue(arch.equals("amd64") || arch.equals("x86_64"), "x86-64 only: " + arch);
    String text = PROBES.get(mode);
    if (text == null) {
      text = runProbe(mode);
      PROBES.put(mode, text);
    }
    assumeTrue(text.contains("Compiled method (c2)"), "this JVM printed no C2 code: " + tail(text));
    return text;
  }

  private static String runProbe(String mode) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector", "-XX:UseAVX=2", "-Xbatch",
        "-XX:+UnlockDiagnosticVMOptions", "-XX:CompileCommand=quiet"));
    for (String method : PRINTED) {
      command.add("-XX:CompileCommand=print," + PACKAGE + "." + method);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SpillProbe.class.getName(), mode));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    int exit = p.waitFor();
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, "the probe failed: " + tail(text));
    return text;
  }

  private static final Pattern HEADER = Pattern.compile("^Compiled method \\(c2\\).*? " + Pattern.quote(PACKAGE + ".") + "(\\w+::[\\w$]+) \\(");
  private static final Pattern HEX = Pattern.compile("^\\s+0x[0-9a-f]+: ((?:[0-9a-f]{4}\\s*\\|?\\s*)+)$");

  /**
   * Per method ({@code Class::method} in this package; standard compiles, not on-stack replacement; the most over its
   * compiles), the vector loads and stores on the stack between its first and last FMA, or -1 where its code has no
   * FMA. Skips the test where no method has one (a CPU without FMA).
   */
  static Map<String, Integer> spills(String text) {
    Map<String, Integer> result = new LinkedHashMap<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      Matcher h = HEADER.matcher(lines[i]);
      if (!h.find() || lines[i].contains(" % ")) {
        continue;
      }
      List<String> text1 = new ArrayList<>();
      ByteArrayOutputStream code = new ByteArrayOutputStream();
      int j = i + 1;
      for (; j < lines.length && !lines[j].startsWith("Compiled method"); j++) {
        Matcher m = HEX.matcher(lines[j]);
        if (m.find()) {
          String hex = m.group(1).replaceAll("[\\s|]", "");
          for (int k = 0; k + 1 < hex.length(); k += 2) {
            code.write(Integer.parseInt(hex.substring(k, k + 2), 16));
          }
        } else {
          text1.add(lines[j]);
        }
      }
      int n = code.size() > 0 ? stackAccessesBetweenFmas(code.toByteArray()) : stackAccessesBetweenFmas(text1);
      result.merge(h.group(1), n, Math::max);
      i = j - 1;
    }
    assumeTrue(result.values().stream().anyMatch(n -> n >= 0), "no FMA in the code of " + result.keySet() + " (no FMA on this CPU?)");
    return result;
  }

  /** Disassembled text (hsdis): lines naming a ymm register and the stack, between the first and last vfmadd. */
  static int stackAccessesBetweenFmas(List<String> lines) {
    int first = -1;
    int last = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("vfmadd")) {
        first = first < 0 ? i : first;
        last = i;
      }
    }
    if (first < 0) {
      return -1;
    }
    int n = 0;
    for (int i = first; i <= last; i++) {
      String l = lines.get(i);
      if (l.contains("ymm") && (l.contains("[rsp") || l.contains("(%rsp)"))) {
        n++;
      }
    }
    return n;
  }

  /**
   * Raw machine code: VEX-encoded 256-bit instructions whose memory operand is [rsp + displacement] (ModRM r/m = SIB,
   * SIB = 0x24: base rsp, no index), between the first and last VEX FMA (map 0F38, opcodes 98-BF). A byte scan, not a
   * full decoder: the negative control shows it finds real spills.
   */
  static int stackAccessesBetweenFmas(byte[] c) {
    int first = -1;
    int last = -1;
    List<Integer> stack = new ArrayList<>();
    for (int i = 0; i + 5 < c.length; i++) {
      int b0 = c[i] & 0xff;
      int map;
      int lBit;
      int op;
      int modrm;
      int sib;
      boolean baseRsp;
      if (b0 == 0xc5) {
        map = 1;
        lBit = c[i + 1] & 0x04;
        op = c[i + 2] & 0xff;
        modrm = c[i + 3] & 0xff;
        sib = c[i + 4] & 0xff;
        baseRsp = true;
      } else if (b0 == 0xc4) {
        int b1 = c[i + 1] & 0xff;
        map = b1 & 0x1f;
        lBit = c[i + 2] & 0x04;
        op = c[i + 3] & 0xff;
        modrm = c[i + 4] & 0xff;
        sib = c[i + 5] & 0xff;
        baseRsp = (b1 & 0x60) == 0x60; // inverted X and B: no extended index or base
      } else {
        continue;
      }
      boolean fma = map == 2 && op >= 0x98 && op <= 0xbf;
      if (fma) {
        first = first < 0 ? i : first;
        last = i;
      }
      boolean move = map == 1 && (op == 0x10 || op == 0x11 || op == 0x28 || op == 0x29 || op == 0x6f || op == 0x7f);
      boolean onStack = (modrm >> 6) != 3 && (modrm & 7) == 4 && sib == 0x24 && baseRsp;
      if ((move || fma) && lBit != 0 && onStack) {
        stack.add(i);
      }
    }
    if (first < 0) {
      return -1;
    }
    int n = 0;
    for (int at : stack) {
      if (at > first && at < last) {
        n++;
      }
    }
    return n;
  }

  private static String tail(String s) {
    return s.length() <= 2000 ? s : "..." + s.substring(s.length() - 2000);
  }
}
