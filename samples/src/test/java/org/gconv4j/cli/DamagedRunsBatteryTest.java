package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.gconv4j.io.NpyArray;
import org.gconv4j.io.Npz;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.train.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, the damaged-{@code runs/} battery: {@code reproduce} reads back {@code training.json} of a
 * finished run in which one key holds a hostile value. Oracle: a value the format allows gives exit 0
 * and a table with that number (a test error of 0.5 is 50.00); any other value gives exit 1 with one
 * line naming the file and the key, never a Gson message, a stack trace, a retraining, or a table.
 */
class DamagedRunsBatteryTest {
  @TempDir
  static Path dir;
  static Path data;
  static Path out;
  static Path run;
  static Map<String, NpyArray> pristine;
  static final AtomicInteger TRAININGS = new AtomicInteger();
  static final Function<String, ConvLayerFactory> SPY = backend -> {
    TRAININGS.incrementAndGet();
    return NaiveGroupConv::new;
  };

  @BeforeAll
  static void aFinishedRun() throws Exception {
    data = Files.createDirectories(dir.resolve("data"));
    CliTestSupport.writeTinyFashionMnist(data);
    out = dir.resolve("out");
    CliTestSupport.run(new ReproduceCommand(TrainCommandsTest.NAIVE, new PrintStream(new ByteArrayOutputStream())),
        args());
    run = out.resolve("runs").resolve("z2cnn-seed0.npz");
    pristine = Npz.read(run);
  }

  static String[] args() {
    return new String[] {"table1", "--quick", "--models", "z2cnn", "--dataset", "fashion-mnist", "--data",
        data.toString(), "--out", out.toString()};
  }

  /** Keys reproduce and the table read, with what the format allows; "history[0].x" is a key of the first epoch. */
  static final Map<String, Function<String, Boolean>> KEYS = new LinkedHashMap<>();

  static {
    KEYS.put("testError", v -> number(v, 0, 1));
    KEYS.put("epochs", v -> integer(v, 1, Integer.MAX_VALUE));
    KEYS.put("seed", v -> integer(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
    KEYS.put("testImages", v -> integer(v, 1, Integer.MAX_VALUE));
    KEYS.put("wallSeconds", v -> number(v, 0, Double.MAX_VALUE));
    KEYS.put("parameters", v -> v.equals("null") || integer(v, 0, Long.MAX_VALUE));
    KEYS.put("learningRate", v -> v.equals("null") || v.equals("NaN") || number(v, Double.MIN_VALUE, Double.MAX_VALUE));
    KEYS.put("augmentRotationDegrees", v -> v.equals("null") || number(v, 0, 180));
    KEYS.put("batchSize", v -> v.equals("null") || integer(v, 1, Integer.MAX_VALUE));
    KEYS.put("history", v -> false); // every value below is a wrong history
    KEYS.put("history[0].trainLoss", v -> number(v, 0, Double.MAX_VALUE));
    KEYS.put("history[0].trainError", v -> number(v, 0, 1));
    KEYS.put("history[0].validationError", v -> v.equals("null") || v.equals("NaN") || number(v, 0, 1));
    KEYS.put("history[0].epoch", v -> integer(v, 1, Integer.MAX_VALUE));
    KEYS.put("arguments", v -> v.equals("null")); // absent: the recorded "command" line decides
  }

  static final List<String> VALUES = List.of("null", "\"5\"", "{}", "[]", "true", "-1", "0", "0.5", "5.0", "1e30",
      "NaN", "2147483648");

  static boolean number(String v, double min, double max) {
    try {
      double d = new BigDecimal(v).doubleValue();
      return d >= min && d <= max;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static boolean integer(String v, long min, long max) {
    try {
      long l = new BigDecimal(v).longValueExact();
      return l >= min && l <= max;
    } catch (NumberFormatException | ArithmeticException e) {
      return false;
    }
  }

  /** training.json with {@code key} set to the JSON text {@code value}. */
  static String damaged(String json, String key, String value) {
    JsonObject t = JsonParser.parseString(json).getAsJsonObject();
    JsonElement v = JsonParser.parseString(value);
    if (key.startsWith("history[0].")) {
      t.getAsJsonArray("history").get(0).getAsJsonObject().add(key.substring("history[0].".length()), v);
    } else {
      t.add(key, v);
    }
    return t.toString();
  }

  @Test
  void everyDamagedKeyIsNamedOrTheValueIsUsedAsWritten() throws Exception {
    int tries = battery(KEYS, run, pristine, args(), out.resolve("table1.md"),
        // other (no) arguments, or no test error: another or an unfinished run, trained again by design
        Set.of("arguments = []", "testError = null"),
        "testError", v -> String.format(java.util.Locale.ROOT, "test error %.2f%%", 100 * new BigDecimal(v).doubleValue()));
    assertEquals(KEYS.size() * VALUES.size() - 2, tries);
  }

  /** Keys {@code reproduce medmnist3d} and its table read, with what the format allows (issue 20's runs, issue 23's rules). */
  static final Map<String, Function<String, Boolean>> KEYS_3D = new LinkedHashMap<>();

  static {
    KEYS_3D.put("testAuc", v -> v.equals("NaN") || number(v, 0, 1)); // NaN: a test set of one class
    KEYS_3D.put("testAccuracy", v -> number(v, 0, 1));
    KEYS_3D.put("epochs", v -> integer(v, 1, Integer.MAX_VALUE));
    KEYS_3D.put("seed", v -> integer(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
    KEYS_3D.put("testVolumes", v -> integer(v, 1, Integer.MAX_VALUE));
    KEYS_3D.put("trainVolumes", v -> integer(v, 1, Integer.MAX_VALUE));
    KEYS_3D.put("batchSize", v -> integer(v, 1, Integer.MAX_VALUE));
    KEYS_3D.put("parameters", v -> integer(v, 0, Long.MAX_VALUE));
    KEYS_3D.put("wallSeconds", v -> number(v, 0, Double.MAX_VALUE));
    KEYS_3D.put("learningRate", v -> number(v, Double.MIN_VALUE, Double.MAX_VALUE));
    KEYS_3D.put("schedule", v -> v.equals("\"constant\"") || v.equals("\"cosine\""));
    KEYS_3D.put("history", v -> false);
    KEYS_3D.put("history[0].trainLoss", v -> number(v, 0, Double.MAX_VALUE));
    KEYS_3D.put("history[0].trainError", v -> number(v, 0, 1));
    KEYS_3D.put("history[0].validationError", v -> v.equals("null") || v.equals("NaN") || number(v, 0, 1));
    KEYS_3D.put("history[0].epoch", v -> integer(v, 1, Integer.MAX_VALUE));
    KEYS_3D.put("history[0].seconds", v -> number(v, 0, Double.MAX_VALUE));
    KEYS_3D.put("arguments", v -> false);
  }

  @Test
  void medmnist3dNamesEveryDamagedKeyOrUsesTheValueAsWritten() throws Exception {
    Path out3d = dir.resolve("out3d");
    // --quick with explicit sizes: they win over --quick's 64 (as for table1)
    String[] args3d = {"medmnist3d", "--quick", "--models", "z3-cnn3d", "--train-size", "8", "--test-size", "16",
        "--out", out3d.toString()};
    CliTestSupport.run(new ReproduceCommand(VolumeCommandsTest.CPU, new PrintStream(new ByteArrayOutputStream())),
        args3d);
    Path run3d = out3d.resolve("runs").resolve("z3-cnn3d-seed0.npz");
    Map<String, NpyArray> pristine3d = Npz.read(run3d);
    JsonObject t = JsonParser.parseString(pristine3d.get(Checkpoint.TRAINING).toText()).getAsJsonObject();
    assertEquals(8, t.get("trainVolumes").getAsInt(), t.toString());
    assertEquals(16, t.get("testVolumes").getAsInt(), t.toString());
    assertEquals(1, t.get("epochs").getAsInt(), t.toString());
    int tries = battery(KEYS_3D, run3d, pristine3d, args3d, out3d.resolve("medmnist3d.md"),
        // other (no) arguments, or no test AUC: another or an unfinished run, trained again by design
        Set.of("arguments = []", "arguments = null", "testAuc = null"),
        "testAuc", v -> v.equals("NaN") ? "test auc NaN"
            : String.format(java.util.Locale.ROOT, "test auc %.3f", new BigDecimal(v).doubleValue()));
    assertEquals(KEYS_3D.size() * VALUES.size() - 3, tries);
  }

  /**
   * Runs {@code reproduce args} once per key and value, with {@code run}'s training.json damaged so;
   * returns the number of tries. {@code printedKey}'s valid values must be printed as {@code printed} says.
   */
  static int battery(Map<String, Function<String, Boolean>> keys, Path run, Map<String, NpyArray> pristine,
      String[] args, Path table, Set<String> skip, String printedKey, Function<String, String> printed)
      throws Exception {
    String training = pristine.get(Checkpoint.TRAINING).toText();
    List<String> failures = new ArrayList<>();
    int tries = 0;
    for (Map.Entry<String, Function<String, Boolean>> k : keys.entrySet()) {
      for (String value : VALUES) {
        if (skip.contains(k.getKey() + " = " + value)) {
          continue;
        }
        tries++;
        Map<String, NpyArray> arrays = new LinkedHashMap<>(pristine);
        arrays.put(Checkpoint.TRAINING, NpyArray.ofText(damaged(training, k.getKey(), value)));
        Npz.write(run, arrays, false);
        Files.deleteIfExists(table);
        TRAININGS.set(0);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(new ReproduceCommand(SPY, new PrintStream(new ByteArrayOutputStream())), List.of(args),
            new PrintStream(o, true), new PrintStream(e, true));
        String err = e.toString(StandardCharsets.UTF_8);
        String what = k.getKey() + " = " + value + ": ";
        boolean valid = k.getValue().apply(value);
        String key = k.getKey().replaceFirst("^history\\[0\\]\\.", "");
        if (TRAININGS.get() > 0) {
          failures.add(what + "trained again instead of reading the run");
        } else if (valid && code != 0) {
          failures.add(what + "a valid value refused: " + err);
        } else if (valid && k.getKey().equals(printedKey) && !o.toString().contains(printed.apply(value))) {
          failures.add(what + "printed another value than " + printed.apply(value) + ": " + o);
        } else if (!valid && code != 1) {
          failures.add(what + "accepted (exit " + code + "): " + o);
        } else if (!valid && !(err.startsWith("gconv4j reproduce: error: [reproduce] " + run + ": \"" + key + "\" in training.json")
            && err.contains("Delete " + run + " to train that run again"))) {
          failures.add(what + "unclear: " + err.lines().findFirst().orElse(""));
        } else if (err.contains("\tat ") || err.contains("Exception") || err.contains("Json")) {
          failures.add(what + "stack trace or library message: " + err);
        } else if (!valid && Files.exists(table)) {
          failures.add(what + "wrote a table from a damaged run");
        }
      }
    }
    Npz.write(run, pristine, false);
    assertTrue(failures.isEmpty(), failures.size() + " of " + tries + " tries:\n" + String.join("\n", failures));
    return tries;
  }

  @Test
  void quickHonoursAnExplicitEpochsAndTrainSize() throws Exception {
    Path other = dir.resolve("explicit");
    CliTestSupport.run(new ReproduceCommand(TrainCommandsTest.NAIVE, new PrintStream(new ByteArrayOutputStream())),
        "table1", "--quick", "--epochs", "2", "--train-size", "20", "--models", "z2cnn", "--dataset", "fashion-mnist",
        "--data", data.toString(), "--out", other.toString());
    JsonObject t = JsonParser.parseString(Checkpoint.read(other.resolve("runs").resolve("z2cnn-seed0.npz"))
        .trainingJson()).getAsJsonObject();
    assertEquals(2, t.get("epochs").getAsInt(), t.toString());
    assertEquals(20, t.get("trainImages").getAsInt(), t.toString());
    assertEquals(2, t.getAsJsonArray("history").size());
  }
}
