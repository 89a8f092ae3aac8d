package org.gconv4j.cli;

import static org.gconv4j.cli.CliTestSupport.TEST_LINE;
import static org.gconv4j.cli.CliTestSupport.assertInvariantToQuarterTurns;
import static org.gconv4j.cli.CliTestSupport.lastLine;
import static org.gconv4j.cli.CliTestSupport.relativeError;
import static org.gconv4j.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import org.gconv4j.nn.ConvLayerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train → checkpoint → eval → equivariance on a tiny Fashion-MNIST-format dataset written here
 * (48 training images, split 40/8, and 8 test images), with {@link NaiveGroupConv} layers.
 */
class TrainCommandsTest {
  static final Function<String, ConvLayerFactory> NAIVE = backend -> NaiveGroupConv::new;

  @TempDir
  static Path dir;

  @BeforeAll
  static void writeData() throws IOException {
    CliTestSupport.writeTinyFashionMnist(dir);
  }

  @Test
  void trainWritesACheckpointThatEvalAndEquivarianceRead() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path ckpt = dir.resolve("p4cnn.npz");
    String train = run(new TrainCommand(NAIVE, quiet), "--model", "p4cnn", "--epochs", "1", "--batch-size", "20",
        "--dataset", "fashion-mnist", "--data", dir.toString(), "--checkpoint", ckpt.toString(), "--seed", "4");
    Matcher m = TEST_LINE.matcher(lastLine(train));
    assertTrue(m.matches(), train);
    assertEquals("8", m.group(2));
    assertTrue(train.contains("data: Fashion-MNIST"), train);
    assertTrue(Files.exists(ckpt));

    String eval = run(new EvalCommand(NAIVE, quiet), "--checkpoint", ckpt.toString(), "--data", dir.toString());
    assertEquals(lastLine(train), lastLine(eval), "eval reproduces the test error of the restored best model");
    assertTrue(eval.matches("(?s).*\\nper-class error: 0 ([0-9.]+%|-), 1 .*, 9 ([0-9.]+%|-)\\nmost confused: .*"), eval);
    String head = run(new EvalCommand(NAIVE, quiet), "--checkpoint", ckpt.toString(), "--data", dir.toString(),
        "--test-size", "3");
    assertTrue(lastLine(head).endsWith("(3 test images)"), head);

    String eq = run(new EquivarianceCommand(NAIVE, quiet), "--checkpoint", ckpt.toString(), "--data", dir.toString(),
        "--count", "4");
    assertInvariantToQuarterTurns(eq, "p4cnn");
  }

  @Test
  void theSameSeedGivesTheSameTestErrorAndZ2cnnIsNotInvariant() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path ckpt = dir.resolve("z2.npz");
    String[] args = {"--model", "z2cnn", "--epochs", "2", "--batch-size", "16", "--dataset", "fashion-mnist",
        "--data", dir.toString(), "--seed", "7", "--checkpoint", ckpt.toString(), "--schedule", "cosine"};
    String a = run(new TrainCommand(NAIVE, quiet), args);
    String b = run(new TrainCommand(NAIVE, quiet), args);
    assertEquals(a.lines().filter(l -> l.contains("error")).toList(), b.lines().filter(l -> l.contains("error")).toList());
    String eq = run(new EquivarianceCommand(NAIVE, quiet), "--checkpoint", ckpt.toString(), "--data", dir.toString(),
        "--count", "8");
    assertTrue(relativeError(eq) > 1e-3, "a plain CNN is not rotation invariant: " + eq);
  }

  @Test
  void p4mcnnIsInvariantToMirrorsToo() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path ckpt = dir.resolve("p4m.npz");
    run(new TrainCommand(NAIVE, quiet), "--model", "p4mcnn", "--epochs", "1", "--batch-size", "40", "--dataset",
        "fashion-mnist", "--data", dir.toString(), "--checkpoint", ckpt.toString());
    String eq = run(new EquivarianceCommand(NAIVE, quiet), "--checkpoint", ckpt.toString(), "--data", dir.toString(),
        "--count", "3");
    List<String> lines = eq.lines().filter(l -> l.contains("relative")).toList();
    assertEquals(7, lines.size(), eq);
    assertTrue(lines.get(6).startsWith("flipud∘rot90 k=3"), eq);
    for (String l : lines) {
      assertTrue(relativeError(l) < 1e-4, "p4mcnn is invariant to p4m: " + l);
    }
  }

  /** p6cnn trains on the digits resampled to the hexagonal grid and is invariant to its sixth turns. */
  @Test
  void p6cnnTrainsOnHexagonalDigitsAndIsInvariantToSixthTurns() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path ckpt = dir.resolve("p6.npz");
    String train = run(new TrainCommand(NAIVE, quiet), "--model", "p6cnn", "--epochs", "1", "--batch-size", "40",
        "--dataset", "fashion-mnist", "--data", dir.toString(), "--checkpoint", ckpt.toString());
    assertTrue(train.contains("hexagonal 31x31 grid"), train);
    String eq = run(new EquivarianceCommand(NAIVE, quiet), "--checkpoint", ckpt.toString(), "--data", dir.toString(),
        "--count", "4");
    List<String> lines = eq.lines().filter(l -> l.startsWith("rot60")).toList();
    assertEquals(5, lines.size(), eq);
    for (String l : lines) {
      assertTrue(l.contains("predictions changed  0.00%"), eq);
      assertTrue(relativeError(l) < 1e-4, "p6cnn is invariant to sixth turns: " + l);
    }
  }

  @Test
  void badOptionsAreUsageErrors() {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    UsageException model = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
        () -> new TrainCommand(NAIVE, quiet).run(List.of("--model", "resnet"), quiet));
    assertTrue(model.getMessage().contains("p4cnn"), model.getMessage());
    UsageException dataset = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
        () -> new TrainCommand(NAIVE, quiet).run(List.of("--dataset", "cifar"), quiet));
    assertTrue(dataset.getMessage().contains("mnist-rot"), dataset.getMessage());
    UsageException init = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
        () -> new TrainCommand(NAIVE, quiet).run(List.of("--init", "xavier"), quiet));
    assertTrue(init.getMessage().contains("he or lecun") && init.getMessage().contains("xavier"), init.getMessage());
    UsageException missing = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
        () -> new EvalCommand(NAIVE, quiet).run(List.of(), quiet));
    assertTrue(missing.getMessage().contains("--checkpoint"), missing.getMessage());
  }
}
