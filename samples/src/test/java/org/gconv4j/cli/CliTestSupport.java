package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gconv4j.data.MnistFiles;

/** What the command-line tests share: tiny IDX data, running a command, and reading its output. */
final class CliTestSupport {
  /** The last line of train and eval. */
  static final Pattern TEST_LINE = Pattern.compile("test error: (\\d+\\.\\d\\d)% \\((\\d+) test images\\)");
  private static final Pattern RELATIVE = Pattern.compile("\\(([0-9.e+-]+) relative\\)");

  private CliTestSupport() {}

  /**
   * Writes a tiny Fashion-MNIST-format dataset into {@code dir}: 48 training and 8 test images of 28×28 (a quarter of
   * the pixels random, seed 3), labels {@code i % 10}.
   */
  static void writeTinyFashionMnist(Path dir) throws IOException {
    Random r = new Random(3);
    int[] counts = {48, 48, 8, 8};
    for (int f = 0; f < 4; f++) {
      boolean images = f % 2 == 0;
      int count = counts[f];
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(new byte[] {0, 0, 8, (byte) (images ? 3 : 1)});
      out.writeInt(count);
      if (images) {
        out.writeInt(28);
        out.writeInt(28);
        for (int i = 0; i < count * 784; i++) {
          out.write(r.nextInt(4) == 0 ? r.nextInt(256) : 0);
        }
      } else {
        for (int i = 0; i < count; i++) {
          out.write(i % 10);
        }
      }
      Files.write(dir.resolve(MnistFiles.NAMES.get(f)), bytes.toByteArray());
    }
  }

  /** Runs the command, asserts exit status 0 and returns what it printed. */
  static String run(Command c, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, c.run(List.of(args), new PrintStream(out, true)));
    return out.toString();
  }

  static String lastLine(String text) {
    List<String> lines = text.lines().toList();
    return lines.get(lines.size() - 1);
  }

  /** The first "(e relative)" error in {@code text}; fails when there is none. */
  static double relativeError(String text) {
    Matcher rel = RELATIVE.matcher(text);
    assertTrue(rel.find(), text);
    return Double.parseDouble(rel.group(1));
  }

  /**
   * Asserts that the equivariance command's output {@code eq} has the three quarter turns, each changing no
   * prediction and the output by a relative error below 1e-4.
   */
  static void assertInvariantToQuarterTurns(String eq, String model) {
    List<String> lines = eq.lines().filter(l -> l.startsWith("rot90")).toList();
    assertEquals(3, lines.size(), eq);
    for (String l : lines) {
      assertTrue(l.contains("predictions changed  0.00%"), eq);
      assertTrue(relativeError(l) < 1e-4, model + " is invariant to quarter turns: " + l);
    }
  }
}
