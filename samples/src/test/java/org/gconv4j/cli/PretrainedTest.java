package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --pretrained NAME}, and the model shipped in the repository's {@code pretrained/} folder. */
class PretrainedTest {
  /** Surefire runs in {@code samples/}; the repository root is one up. */
  static final Path SHIPPED = Path.of("..", "pretrained", "p4cnn-mnist-rot.npz");

  private static Args args(String... a) {
    return Args.parse(List.of(a), Set.of("checkpoint", "pretrained"), Set.of());
  }

  @Test
  void resolvesUnderGconv4jHomeAndRejectsUnknownNamesAndBothOptions(@TempDir Path home) throws Exception {
    Path file = Files.createDirectories(home.resolve("pretrained")).resolve("p4cnn-mnist-rot.npz");
    Files.write(file, new byte[] {1});
    String before = System.getProperty("gconv4j.home");
    System.setProperty("gconv4j.home", home.toString());
    try {
      assertEquals(file, Pretrained.checkpoint(args("--pretrained", "p4cnn")));
      UsageException unknown = assertThrows(UsageException.class, () -> Pretrained.checkpoint(args("--pretrained", "vgg")));
      assertTrue(unknown.getMessage().contains("p4cnn"), unknown.getMessage());
      assertThrows(UsageException.class, () -> Pretrained.checkpoint(args("--pretrained", "p4cnn", "--checkpoint", "x")));
      assertThrows(UsageException.class, () -> Pretrained.checkpoint(args()));
      Files.delete(file);
      UsageException missing = assertThrows(UsageException.class,
          () -> Pretrained.checkpoint(args("--pretrained", "p4cnn")));
      assertTrue(missing.getMessage().contains("gconv4j.home"), missing.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty("gconv4j.home");
      } else {
        System.setProperty("gconv4j.home", before);
      }
    }
  }

  @Test
  void theShippedP4cnnLoadsAndCarriesItsTrainingSettings() throws Exception {
    assertTrue(Files.isRegularFile(SHIPPED), "the repository ships " + SHIPPED);
    assertTrue(Files.size(SHIPPED) < 1_000_000, "kept small: " + Files.size(SHIPPED) + " bytes");
    CheckpointModels.Loaded m = CheckpointModels.load(SHIPPED, TrainCommandsTest.NAIVE.apply("cpu"));
    assertEquals("p4cnn", m.modelName());
    assertEquals("mnist-rot", m.dataset());
    assertEquals(24_680, TrainCommand.parameterCount(m.model()));
    for (String key : List.of("protocol", "seed", "epochs", "batchSize", "learningRate", "schedule", "testError",
        "history")) {
      assertTrue(m.training().has(key), "training.json has " + key + ": " + m.training());
    }
    assertEquals(50_000, m.training().get("testImages").getAsInt());
  }
}
