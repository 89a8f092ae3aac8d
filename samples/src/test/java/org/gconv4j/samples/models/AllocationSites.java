package org.gconv4j.samples.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where work allocates, for the message of a failing allocation test: {@link #of} runs it under a JFR recording of
 * every new TLAB and every allocation outside one (each TLAB charged to the allocation that opened it, so the sites
 * are sampled in proportion to their bytes) and names the heaviest call sites with their share.
 *
 * <p>Only after a failure, never around the measured steps: starting a recording deoptimizes compiled code, and a
 * recording started before the warm-up made the tests fail (2 fresh JVMs of 5, every Winograd input transform
 * boxing its vectors; 0 of 10 without it). So the sites are those of the steps after the recording started, which
 * may run in another state than the measured ones; {@link #jit} (which deoptimizes nothing) says what the JIT had
 * compiled when the test failed.
 */
final class AllocationSites {
  /** Frames named per site, from the first of gconv4j's own code (the one before it too: the JDK's allocation). */
  private static final int FRAMES = 4;
  private static final int SITES = 8;

  private AllocationSites() {}

  /** The {@link #SITES} heaviest allocation sites of {@code work}, a line each, heaviest first. */
  static String of(Runnable work) {
    Path file = null;
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ObjectAllocationInNewTLAB").withStackTrace();
      recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
      recording.setToDisk(true);
      recording.start();
      work.run();
      recording.stop();
      file = Files.createTempFile("gconv4j-allocations", ".jfr");
      recording.dump(file);
      Map<String, Long> bytes = new HashMap<>();
      long total = 0;
      for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
        long b = e.getEventType().getName().endsWith("InNewTLAB") ? e.getLong("tlabSize") : e.getLong("allocationSize");
        total += b;
        bytes.merge(site(e), b, Long::sum);
      }
      long all = Math.max(1, total);
      String top = bytes.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(SITES)
          .map(s -> String.format(Locale.ROOT, "  %5.1f%% %,d B  %s", 100.0 * s.getValue() / all, s.getValue(), s.getKey()))
          .collect(Collectors.joining("\n"));
      return String.format(Locale.ROOT,
          "allocation sites of more steps, under JFR (new TLABs and outside them, %,d B in all):%n%s", total, top);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file: the message matters more
        }
      }
    }
  }

  /**
   * The JIT's view of gconv4j's compiled code ({@code jcmd Compiler.codelist}, which compiles nothing and deoptimizes
   * nothing): how much code in use of each package sits at each tier (1-3 C1, 4 C2), the tiers of the vector kernels'
   * code (a method can have several: standalone, on-stack replacement), and the compile queues.
   * Vector code that allocates runs in C1 code, or in C2 code that lost the Vector API's intrinsics.
   */
  static String jit() {
    try {
      javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
      javax.management.ObjectName dcmd = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
      String[] signature = {String[].class.getName()};
      String codes = (String) server.invoke(dcmd, "compilerCodelist", new Object[] {null}, signature);
      String queue = (String) server.invoke(dcmd, "compilerQueue", new Object[] {null}, signature);
      Map<String, Long> tiers = new java.util.TreeMap<>();
      StringBuilder kernels = new StringBuilder();
      for (String line : codes.split("\n")) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 4 || !f[3].startsWith("org.gconv4j.") || !f[2].equals("0")) { // id, tier, state (0: in use)
          continue;
        }
        String pkg = f[3].substring(0, f[3].lastIndexOf('.', f[3].indexOf('(') < 0 ? f[3].length() : f[3].indexOf('(')));
        tiers.merge(pkg.replaceFirst("\\.[A-Z].*", "") + " tier " + f[1], 1L, Long::sum);
        if (f[3].contains("VectorKernels.") || f[3].contains("WinogradCorrelation.gemm") || f[3].contains("VectorLoops.")) {
          kernels.append("\n    ").append(f[1]).append(' ').append(f[3].replaceFirst("\\(.*", ""));
        }
      }
      return "JIT: compiled gconv4j methods per package and tier " + tiers + "; kernels (tier, method):" + kernels
          + "\n  compile queue: " + queue.lines().filter(l -> !l.isBlank()).count() + " lines\n" + queue;
    } catch (javax.management.JMException e) {
      return "JIT: Compiler.codelist unavailable: " + e;
    }
  }

  /**
   * The object's class and its frames from the one before gconv4j's first (the allocation's line, then methods only, so
   * that one loop's vector operations add up; each with how it ran: Interpreted, JIT compiled or Inlined).
   */
  private static String site(RecordedEvent e) {
    String cls = e.getClass("objectClass") == null ? "?" : javaName(e.getClass("objectClass").getName());
    List<RecordedFrame> frames = e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames();
    int own = 0;
    while (own < frames.size() && !frames.get(own).getMethod().getType().getName().startsWith("org.gconv4j.")) {
      own++;
    }
    int first = own < frames.size() ? Math.max(0, own - 1) : 0;
    StringBuilder where = new StringBuilder();
    for (int i = first; i < Math.min(frames.size(), first + FRAMES); i++) { // the line of the allocation only
      RecordedFrame f = frames.get(i);
      where.append(i == first ? "" : " < ").append(f.getMethod().getType().getName().replaceFirst(".*\\.", ""))
          .append('.').append(f.getMethod().getName()).append(i == first ? ":" + f.getLineNumber() : "")
          .append('[').append(f.getType()).append(']');
    }
    return cls + " at " + where;
  }

  /** {@code float[]} for JFR's {@code [F}, {@code java.lang.Object[][]} for {@code [[Ljava.lang.Object;}. */
  static String javaName(String name) {
    int dims = 0;
    while (dims < name.length() && name.charAt(dims) == '[') {
      dims++;
    }
    if (dims == 0) {
      return name;
    }
    String element = switch (name.substring(dims)) {
      case "Z" -> "boolean";
      case "B" -> "byte";
      case "C" -> "char";
      case "S" -> "short";
      case "I" -> "int";
      case "J" -> "long";
      case "F" -> "float";
      case "D" -> "double";
      default -> name.substring(dims + 1, name.length() - 1);
    };
    return element + "[]".repeat(dims);
  }
}
