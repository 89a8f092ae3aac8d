package org.gconv4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One home per rule: runtime's main code builds its {@code IllegalArgumentException}s and
 * {@code IllegalStateException}s through {@link Checks} only, so every message has the project's
 * {@code [Tag] rule; got facts. fix} shape. A hand-written {@code new IllegalArgumentException(...)}
 * elsewhere fails this test with its file and line; write {@code throw Checks.argument("Tag", "...")}
 * (or a {@code Checks} check) instead.
 */
class ChecksHomeTest {
  private static final Pattern HAND_WRITTEN = Pattern.compile("new\\s+Illegal(Argument|State)Exception\\s*\\(");
  private static final Path MAIN = Path.of("src", "main", "java", "org", "gconv4j");

  @Test
  void runtimeBuildsItsArgumentAndStateErrorsThroughChecks() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String rel = MAIN.relativize(f).toString().replace('\\', '/');
        // Checks itself; the bench harness, which leaves the runtime jar (issue 24)
        if (rel.equals("internal/Checks.java") || rel.startsWith("bench/")) {
          continue;
        }
        found.addAll(handWritten(rel, Files.readAllLines(f)));
      }
    }
    assertEquals(List.of(), found, "hand-written exceptions outside org.gconv4j.internal.Checks");
  }

  /** Negative control: the scanner sees a hand-written throw, also split over lines, and passes Checks. */
  @Test
  void theScannerFindsAHandWrittenThrowAndPassesChecks() {
    List<String> lines = List.of(
        "    throw Checks.argument(\"Dense\", \"bad\");",
        "    throw new IllegalArgumentException(\"[Dense] bad\");",
        "    return new IllegalStateException(",
        "    // new IllegalArgumentException( in a comment is still flagged: say it in words");
    List<String> found = handWritten("nn/Dense.java", lines);
    assertEquals(3, found.size(), found.toString());
    assertTrue(found.get(0).startsWith("nn/Dense.java:2:"), found.get(0));
    assertEquals(List.of(), handWritten("nn/Dense.java", List.of("throw Checks.state(\"Dense\", \"late\");")));
  }

  private static List<String> handWritten(String file, List<String> lines) {
    List<String> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (HAND_WRITTEN.matcher(lines.get(i)).find()) {
        found.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
      }
    }
    return found;
  }
}
