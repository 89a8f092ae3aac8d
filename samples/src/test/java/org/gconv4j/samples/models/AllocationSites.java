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
 * Where a piece of work allocates, for the message of a failing allocation test: runs it under a JFR recording of
 * every new TLAB and every allocation outside one (each TLAB charged to the allocation that opened it, so the sites
 * are sampled in proportion to their bytes), and names the heaviest call sites with their share.
 */
final class AllocationSites {
  private static final int FRAMES = 5;
  private static final int SITES = 8;

  private AllocationSites() {}

  /** The {@link #SITES} heaviest allocation sites of {@code work}, a line each, heaviest first. */
  static String of(Runnable work) {
    Path file = null;
    try (Recording r = new Recording()) {
      r.enable("jdk.ObjectAllocationInNewTLAB").withStackTrace();
      r.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
      r.setToDisk(true);
      r.start();
      work.run();
      r.stop();
      file = Files.createTempFile("gconv4j-allocations", ".jfr");
      r.dump(file);
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
      return String.format(Locale.ROOT, "allocation sites (JFR, new TLABs and outside them, %,d B in all):%n%s", total, top);
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

  private static String site(RecordedEvent e) {
    String cls = e.getClass("objectClass") == null ? "?" : javaName(e.getClass("objectClass").getName());
    String thread = e.getThread() == null ? "?" : e.getThread().getJavaName();
    List<RecordedFrame> frames = e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames();
    String where = frames.stream().limit(FRAMES)
        .map(f -> f.getMethod().getType().getName().replaceFirst(".*\\.", "") + "." + f.getMethod().getName() + ":"
            + f.getLineNumber() + (f.isJavaFrame() ? "" : "(native)") + "[" + f.getType() + "]")
        .collect(Collectors.joining(" < "));
    return cls + " on " + thread + " at " + where;
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
