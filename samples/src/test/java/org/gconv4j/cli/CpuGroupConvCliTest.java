package org.gconv4j.cli;

import static org.gconv4j.cli.CliTestSupport.TEST_LINE;
import static org.gconv4j.cli.CliTestSupport.assertInvariantToQuarterTurns;
import static org.gconv4j.cli.CliTestSupport.lastLine;
import static org.gconv4j.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import org.gconv4j.nn.ConvLayerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real GroupConv on the CPU backend through the command line: train → eval → equivariance on
 * the tiny IDX data of {@link TrainCommandsTest}, and the bench command's output format.
 */
class CpuGroupConvCliTest {
  static final Function<String, ConvLayerFactory> CPU = backend -> ConvFactories.forBackend("cpu");

  @TempDir
  static Path dir;

  /** The same tiny Fashion-MNIST-shaped IDX files as {@link TrainCommandsTest}: 48 train, 8 test. */
  @BeforeAll
  static void writeData() throws IOException {
    CliTestSupport.writeTinyFashionMnist(dir);
  }

  @Test
  void p4cnnOnTheCpuBackendTrainsAndIsInvariantToQuarterTurns() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path ckpt = dir.resolve("p4cnn-cpu.npz");
    String train = run(new TrainCommand(CPU, quiet), "--model", "p4cnn", "--epochs", "1",
        "--batch-size", "20", "--dataset", "fashion-mnist", "--data", dir.toString(), "--checkpoint", ckpt.toString(),
        "--seed", "4", "--backend", "cpu");
    Matcher m = TEST_LINE.matcher(lastLine(train));
    assertTrue(m.matches(), train);
    String eval = run(new EvalCommand(CPU, quiet), "--checkpoint", ckpt.toString(), "--data",
        dir.toString(), "--backend", "cpu");
    assertEquals(lastLine(train), lastLine(eval));
    String eq = run(new EquivarianceCommand(CPU, quiet), "--checkpoint", ckpt.toString(), "--data",
        dir.toString(), "--count", "4", "--backend", "cpu");
    assertInvariantToQuarterTurns(eq, "p4cnn");
  }

  @Test
  void benchPrintsOneLinePerCaseAndBackend() throws Exception {
    String out = run(new BenchCommand(), "--backend", "cpu", "--case", "lifting", "--warmup", "0",
        "--runs", "3", "--threads", "1", "--no-pytorch");
    assertTrue(out.trim().matches(
        "bench lifting cpu fwd [0-9.]+ ms [0-9.]+ GFLOP/s bwd [0-9.]+ ms [0-9.]+ GFLOP/s \\(3 runs; fwd min [0-9.]+ max [0-9.]+ ms,"
            + " bwd min [0-9.]+ max [0-9.]+ ms; input grad [0-9.]+, weight grad [0-9.]+ GFLOP/s\\)"), out);
  }

  @Test
  void benchRejectsUnknownCasesAndBackends() {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    UsageException c = assertThrows(UsageException.class, () -> new BenchCommand().run(List.of("--case", "nope"), quiet));
    assertTrue(c.getMessage().contains("reference"), c.getMessage());
    UsageException b = assertThrows(UsageException.class, () -> new BenchCommand().run(List.of("--backend", "gpu"), quiet));
    assertTrue(b.getMessage().contains("cpu, opencl or all"), b.getMessage());
  }
}
