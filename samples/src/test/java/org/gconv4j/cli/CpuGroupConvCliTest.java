package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gconv4j.data.MnistFiles;
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
    Random r = new Random(3);
    int[] counts = {48, 48, 8, 8};
    for (int f = 0; f < 4; f++) {
      boolean images = f % 2 == 0;
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(new byte[] {0, 0, 8, (byte) (images ? 3 : 1)});
      out.writeInt(counts[f]);
      if (images) {
        out.writeInt(28);
        out.writeInt(28);
        for (int i = 0; i < counts[f] * 784; i++) {
          out.write(r.nextInt(4) == 0 ? r.nextInt(256) : 0);
        }
      } else {
        for (int i = 0; i < counts[f]; i++) {
          out.write(i % 10);
        }
      }
      Files.write(dir.resolve(MnistFiles.NAMES.get(f)), bytes.toByteArray());
    }
  }

  @Test
  void p4cnnOnTheCpuBackendTrainsAndIsInvariantToQuarterTurns() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path ckpt = dir.resolve("p4cnn-cpu.npz");
    String train = TrainCommandsTest.run(new TrainCommand(CPU, quiet), "--model", "p4cnn", "--epochs", "1",
        "--batch-size", "20", "--dataset", "fashion-mnist", "--data", dir.toString(), "--checkpoint", ckpt.toString(),
        "--seed", "4", "--backend", "cpu");
    Matcher m = TrainCommandsTest.TEST_LINE.matcher(TrainCommandsTest.lastLine(train));
    assertTrue(m.matches(), train);
    String eval = TrainCommandsTest.run(new EvalCommand(CPU, quiet), "--checkpoint", ckpt.toString(), "--data",
        dir.toString(), "--backend", "cpu");
    assertEquals(TrainCommandsTest.lastLine(train), TrainCommandsTest.lastLine(eval));
    String eq = TrainCommandsTest.run(new EquivarianceCommand(CPU, quiet), "--checkpoint", ckpt.toString(), "--data",
        dir.toString(), "--count", "4", "--backend", "cpu");
    List<String> lines = eq.lines().filter(l -> l.startsWith("rot90")).toList();
    assertEquals(3, lines.size(), eq);
    for (String l : lines) {
      assertTrue(l.contains("predictions changed  0.00%"), eq);
      Matcher rel = Pattern.compile("\\(([0-9.e+-]+) relative\\)").matcher(l);
      assertTrue(rel.find(), l);
      assertTrue(Double.parseDouble(rel.group(1)) < 1e-4, "p4cnn is invariant to quarter turns: " + l);
    }
  }

  @Test
  void benchPrintsOneLinePerCaseAndBackend() throws Exception {
    String out = TrainCommandsTest.run(new BenchCommand(), "--backend", "cpu", "--case", "lifting", "--warmup", "0",
        "--runs", "1", "--threads", "1");
    assertTrue(out.trim().matches(
        "bench lifting cpu fwd [0-9.]+ ms [0-9.]+ GFLOP/s bwd [0-9.]+ ms [0-9.]+ GFLOP/s"), out);
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
