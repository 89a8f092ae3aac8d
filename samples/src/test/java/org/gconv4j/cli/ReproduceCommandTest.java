package org.gconv4j.cli;

import static org.gconv4j.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reproduce table1 --quick} on the tiny Fashion-MNIST-format data of {@link CliTestSupport}
 * (48 training, 8 test images), with {@link NaiveGroupConv} layers: the files it writes, not accuracy.
 * Two of the four models keep it short; the other two differ only in the model name passed to train.
 */
class ReproduceCommandTest {
  private static final Pattern ROW =
      Pattern.compile("\\| (z2cnn|p4cnn-rp|p4cnn|p4mcnn) \\| (\\d+\\.\\d\\d) ± (\\d+\\.\\d\\d) \\((\\d)\\) \\|.*");

  @TempDir
  Path dir;

  @Test
  void quickRunWritesTheTableTheCurvesAndOneCheckpointPerRun() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data with spaces")); // the recorded arguments must survive them
    CliTestSupport.writeTinyFashionMnist(data);
    Path out = dir.resolve("out");
    ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(logBytes, true);
    String printed = run(new ReproduceCommand(TrainCommandsTest.NAIVE, log), "table1", "--quick", "--models",
        "z2cnn,p4cnn", "--dataset", "fashion-mnist", "--data", data.toString(), "--out", out.toString());

    String table = Files.readString(out.resolve("table1.md"));
    assertTrue(table.contains("QUICK SMOKE RUN"), table);
    List<String> rows = table.lines().filter(l -> ROW.matcher(l).matches()).toList();
    assertEquals(List.of("z2cnn", "p4cnn"),
        rows.stream().map(l -> l.split(" \\| ")[0].substring(2)).toList(), table);
    for (String row : rows) {
      Matcher m = ROW.matcher(row);
      assertTrue(m.matches());
      double error = Double.parseDouble(m.group(2));
      assertTrue(error >= 0 && error <= 100, row);
      assertEquals("0.00", m.group(3), "one seed: no spread; " + row);
      assertEquals("1", m.group(4), row);
      assertTrue(row.contains("| 8 |"), "8 test images: " + row);
    }
    assertTrue(table.contains("| 2.28 ± 0.04 |"), "the paper's P4CNN number: " + table);
    assertTrue(table.contains("24,680"), "P4CNN's parameter count: " + table);
    assertTrue(table.contains("initial weights: lecun"), "the paper protocol's initialisation: " + table);
    assertTrue(printed.contains("wrote "), printed);

    BufferedImage png = ImageIO.read(out.resolve("curves.png").toFile());
    assertEquals(TrainingCurves.WIDTH, png.getWidth());
    assertEquals(TrainingCurves.HEIGHT, png.getHeight());
    assertFalse(isBlank(png), "the chart has content");
    for (String model : List.of("z2cnn", "p4cnn")) {
      assertTrue(Files.size(out.resolve("runs").resolve(model + "-seed0.npz")) > 1000, model);
      assertTrue(Files.exists(out.resolve("runs").resolve(model + "-seed0-curves.png")), model);
    }

    // a second call finds the finished runs and trains nothing
    logBytes.reset();
    run(new ReproduceCommand(TrainCommandsTest.NAIVE, log), "table1", "--quick", "--models", "p4cnn", "--dataset",
        "fashion-mnist", "--data", data.toString(), "--out", out.toString());
    assertTrue(logBytes.toString().contains("reusing"), logBytes.toString());
    assertFalse(logBytes.toString().contains("training p4cnn"), logBytes.toString());

    // other initial weights make another run: the checkpoint is not reused
    logBytes.reset();
    run(new ReproduceCommand(TrainCommandsTest.NAIVE, log), "table1", "--quick", "--models", "p4cnn", "--dataset",
        "fashion-mnist", "--data", data.toString(), "--out", out.toString(), "--init", "he");
    assertTrue(logBytes.toString().contains("training p4cnn seed 0: train --protocol paper"), logBytes.toString());
    assertTrue(logBytes.toString().contains("--init he"), logBytes.toString());
    assertTrue(logBytes.toString().contains("training again replaces it"), logBytes.toString());
    assertTrue(Files.readString(out.resolve("table1.md")).contains("initial weights: he"));
  }

  @Test
  void aRunIsReusedOnlyWithTheSameInitialWeights() {
    List<String> paper = List.of("--protocol", "paper", "--model", "p4cnn", "--seed", "1", "--epochs", "100");
    List<String> he = new java.util.ArrayList<>(paper);
    he.addAll(List.of("--init", "he"));
    // a run from before --init: its arguments name no initialisation and it records none (He)
    JsonObject legacy = finished(paper, null);
    assertFalse(ReproduceCommand.sameRun(legacy, paper), "the paper protocol now draws lecun weights");
    assertTrue(ReproduceCommand.sameRun(legacy, he));
    JsonObject lecun = finished(paper, "lecun");
    assertTrue(ReproduceCommand.sameRun(lecun, paper));
    assertFalse(ReproduceCommand.sameRun(lecun, he));
    JsonObject explicitHe = finished(he, "he");
    assertTrue(ReproduceCommand.sameRun(explicitHe, he));
    assertFalse(ReproduceCommand.sameRun(explicitHe, paper));
    // other settings still count
    List<String> otherSeed = new java.util.ArrayList<>(paper);
    otherSeed.set(5, "2");
    assertFalse(ReproduceCommand.sameRun(lecun, otherSeed));
  }

  /** A finished run's training document with these arguments and, unless null, this recorded initialisation. */
  private static JsonObject finished(List<String> arguments, String weightInit) {
    JsonObject t = new JsonObject();
    t.addProperty("testError", 0.024);
    t.addProperty("protocol", "paper");
    JsonArray a = new JsonArray();
    arguments.forEach(a::add);
    t.add("arguments", a);
    if (weightInit != null) {
      t.addProperty("weightInit", weightInit);
    }
    return t;
  }

  @Test
  void onlyTable1IsKnown() {
    UsageException e = assertThrows(UsageException.class,
        () -> new ReproduceCommand(TrainCommandsTest.NAIVE, System.err).run(List.of("table2"), System.out));
    assertTrue(e.getMessage().contains("table1"), e.getMessage());
  }

  /** True when every pixel has the colour of the top-left one. */
  private static boolean isBlank(BufferedImage img) {
    int first = img.getRGB(0, 0);
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        if (img.getRGB(x, y) != first) {
          return false;
        }
      }
    }
    return true;
  }
}
