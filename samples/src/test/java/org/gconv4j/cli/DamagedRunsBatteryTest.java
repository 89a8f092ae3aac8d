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
    String training = pristine.get(Checkpoint.TRAINING).toText();
    List<String> failures = new ArrayList<>();
    int tries = 0;
    for (Map.Entry<String, Function<String, Boolean>> k : KEYS.entrySet()) {
      for (String value : VALUES) {
        if (k.getKey().equals("arguments") && value.equals("[]") || k.getKey().equals("testError") && value.equals("null")) {
          continue; // other (no) arguments, or no test error: another or an unfinished run, trained again by design
        }
        tries++;
        Map<String, NpyArray> arrays = new LinkedHashMap<>(pristine);
        arrays.put(Checkpoint.TRAINING, NpyArray.ofText(damaged(training, k.getKey(), value)));
        Npz.write(run, arrays, false);
        Files.deleteIfExists(out.resolve("table1.md"));
        TRAININGS.set(0);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(new ReproduceCommand(SPY, new PrintStream(new ByteArrayOutputStream())), List.of(args()),
            new PrintStream(o, true), new PrintStream(e, true));
        String err = e.toString(StandardCharsets.UTF_8);
        String what = k.getKey() + " = " + value + ": ";
        boolean valid = k.getValue().apply(value);
        String key = k.getKey().replaceFirst("^history\\[0\\]\\.", "");
        if (TRAININGS.get() > 0) {
          failures.add(what + "trained again instead of reading the run");
        } else if (valid && code != 0) {
          failures.add(what + "a valid value refused: " + err);
        } else if (valid && k.getKey().equals("testError")
            && !o.toString().contains(String.format(java.util.Locale.ROOT, "test error %.2f%%",
                100 * new BigDecimal(value).doubleValue()))) {
          failures.add(what + "printed another test error: " + o);
        } else if (!valid && code != 1) {
          failures.add(what + "accepted (exit " + code + "): " + o);
        } else if (!valid && !(err.startsWith("gconv4j reproduce: error: [reproduce] " + run + ": \"" + key + "\" in training.json")
            && err.contains("Delete " + run + " to train that run again"))) {
          failures.add(what + "unclear: " + err.lines().findFirst().orElse(""));
        } else if (err.contains("\tat ") || err.contains("Exception") || err.contains("Json")) {
          failures.add(what + "stack trace or library message: " + err);
        } else if (!valid && Files.exists(out.resolve("table1.md"))) {
          failures.add(what + "wrote a table from a damaged run");
        }
      }
    }
    Npz.write(run, pristine, false);
    assertTrue(failures.isEmpty(), failures.size() + " of " + tries + " tries:\n" + String.join("\n", failures));
    assertEquals(KEYS.size() * VALUES.size() - 2, tries);
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
