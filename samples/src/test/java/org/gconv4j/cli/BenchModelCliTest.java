package org.gconv4j.cli;

import static org.gconv4j.cli.CliTestSupport.lastLine;
import static org.gconv4j.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench --model}: one line per layer, the runs line, then the summary line in its fixed form (issue 7). */
class BenchModelCliTest {
  @Test
  void printsEveryLayerThenTheSummaryLine() throws Exception {
    String out = run(new BenchCommand(), "--model", "p4cnn", "--backend", "cpu", "--batch-size", "2", "--warmup", "0",
        "--runs", "5", "--steps", "1", "--no-pytorch");
    List<String> lines = out.trim().lines().toList();
    assertEquals(22 + 2, lines.size(), out);
    assertTrue(lines.get(0).matches("layer  0 GroupConv P4 lifting 1->10 3x3 +fwd +[0-9.]+ ms bwd +[0-9.]+ ms alloc fwd +[0-9.]+ KB bwd +[0-9.]+ KB"),
        lines.get(0));
    assertTrue(lines.get(22).matches("warm-up [0-9]+ steps; train runs( [0-9]+){5} img/s; JIT [0-9]+ ms during them"),
        lines.get(22));
    assertTrue(lastLine(out).matches("bench model p4cnn batch 2 train [0-9]+ img/s \\(min [0-9]+, max [0-9]+\\) eval [0-9]+ img/s"
        + " alloc [0-9]+\\.[0-9]{2} MB/step"), lastLine(out));
  }

  @Test
  void aLayerCaseRunsAtTheBatchSizeAskedFor() throws Exception {
    String out = run(new BenchCommand(), "--backend", "cpu", "--case", "reference", "--batch-size", "2", "--warmup", "0",
        "--runs", "1", "--no-pytorch");
    assertTrue(lastLine(out).startsWith("bench reference cpu fwd "), out);
    // FLOPs follow the batch: 2 images of 40 -> 40 planar channels, 24² outputs, 3×3 taps
    String[] w = lastLine(out).split(" +");
    double ms = Double.parseDouble(w[4]);
    double gflops = Double.parseDouble(w[6]);
    assertEquals(2.0 * 2 * 40 * 40 * 24 * 24 * 9 / (ms * 1e6), gflops, 0.02 * gflops + 0.05, out);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    UsageException b = assertThrows(UsageException.class,
        () -> new BenchCommand().run(List.of("--case", "lifting", "--batch-size", "0"), quiet));
    assertTrue(b.getMessage().contains("--batch-size"), b.getMessage());
  }

  @Test
  void rejectsSingleLayerOptionsAndTooFewRuns() {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    UsageException c = assertThrows(UsageException.class,
        () -> new BenchCommand().run(List.of("--model", "p4cnn", "--case", "reference"), quiet));
    assertTrue(c.getMessage().contains("--case"), c.getMessage());
    UsageException r = assertThrows(UsageException.class,
        () -> new BenchCommand().run(List.of("--model", "p4cnn", "--runs", "3"), quiet));
    assertTrue(r.getMessage().contains("--runs >= 5"), r.getMessage());
    UsageException m = assertThrows(UsageException.class,
        () -> new BenchCommand().run(List.of("--model", "resnet"), quiet));
    assertTrue(m.getMessage().contains("p4cnn"), m.getMessage());
  }
}
