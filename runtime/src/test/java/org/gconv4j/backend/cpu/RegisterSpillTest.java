package org.gconv4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The tiles for 16 vector registers keep their accumulators in registers: C2 compiles them for AVX2 without a single
 * vector load or store on the stack between their first and last multiply-add. A spilled accumulator is loaded from and
 * stored to a 32-byte stack slot on every step, and where that slot straddles a 4 KB page (which depends on the stack
 * depth of the call) the kernel ran 2.7-5× slower: the "slow mode" of docs/notes/2026-12-07-avx2-slow-mode.md. No
 * timing: the machine code itself, printed by a child JVM started with {@code -XX:UseAVX=2}
 * ({@code -XX:CompileCommand=print}; raw bytes without the hsdis disassembler, text with it). x86-64 with AVX2 and FMA
 * only.
 */
class RegisterSpillTest {
  /** The kernels a 16-register file runs ({@link RegisterFile#wide()} false). */
  private static final List<String> NARROW = List.of("forward3", "forward2", "weightTileThird", "rowTileHalf", "weightRowsHalf");

  @Test
  void narrowTilesKeepTheirAccumulatorsInRegisters() throws Exception {
    Map<String, Integer> spills = spills(probe("narrow"));
    // every kernel the 16-register passes ran, not only those listed
    spills.forEach((kernel, n) -> assertEquals(0, n, "vector stack accesses inside VectorKernels." + kernel
        + "'s multiply-adds with AVX2 code"));
    for (String kernel : NARROW) {
      assertTrue(spills.containsKey(kernel), "C2 did not compile VectorKernels." + kernel + " in the probe: " + spills.keySet());
    }
  }

  /** Negative control: the 8 × 3 forward tile (24 accumulators) cannot fit 16 registers, and the check sees its spills. */
  @Test
  void theWideForwardTileSpillsOnSixteenRegisters() throws Exception {
    Map<String, Integer> spills = spills(probe("wide"));
    assertTrue(spills.containsKey("forwardBlock"), "C2 did not compile VectorKernels.forwardBlock in the probe: " + spills.keySet());
    assertTrue(spills.get("forwardBlock") >= 8, "spills found in forwardBlock: " + spills.get("forwardBlock"));
  }

  /** The probe's output: the machine code of every VectorKernels method C2 compiled with -XX:UseAVX=2. */
  private static String probe(String mode) throws IOException, InterruptedException {
    String arch = System.getProperty("os.arch");
    assumeTrue(arch.equals("amd64") || arch.equals("x86_64"), "x86-64 only: " + arch);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector", "-XX:UseAVX=2", "-Xbatch",
        "-XX:+UnlockDiagnosticVMOptions", "-XX:CompileCommand=quiet", "-XX:CompileCommand=print,org.gconv4j.backend.cpu.VectorKernels::*",
        "-cp", System.getProperty("java.class.path"), SpillProbe.class.getName(), mode));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    int exit = p.waitFor();
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, "the probe failed: " + tail(text));
    assumeTrue(text.contains("Compiled method (c2)"), "this JVM printed no C2 code: " + tail(text));
    return text;
  }

  private static final Pattern HEADER = Pattern.compile("^Compiled method \\(c2\\).*?VectorKernels::(\\w+) \\(");
  private static final Pattern HEX = Pattern.compile("^\\s+0x[0-9a-f]+: ((?:[0-9a-f]{4}\\s*\\|?\\s*)+)$");

  /**
   * Per kernel (standard compiles, not on-stack replacement), the vector loads and stores on the stack between its first
   * and last FMA; assumes AVX2 and FMA were used (an FMA must be found).
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
      assumeTrue(n >= 0, "no FMA in the code of VectorKernels." + h.group(1) + " (no FMA on this CPU?)");
      result.merge(h.group(1), n, Math::max);
      i = j - 1;
    }
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
