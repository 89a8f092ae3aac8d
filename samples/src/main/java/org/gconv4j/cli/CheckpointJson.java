package org.gconv4j.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gconv4j.train.EpochResult;

/** Reads the JSON documents of a checkpoint; every problem names the file, the document and the key. */
final class CheckpointJson {
  private final Path file;
  private final String document;
  private final JsonObject object;
  private final String tag;
  private final String fix;

  private CheckpointJson(Path file, String document, JsonObject object, String tag, String fix) {
    this.file = file;
    this.document = document;
    this.object = object;
    this.tag = tag;
    this.fix = fix;
  }

  static CheckpointJson parse(Path file, String document, String text) throws IOException {
    return parse(file, document, text, "[Checkpoint]", "Pass a checkpoint written by ./gconv4j train --checkpoint");
  }

  /** As {@link #parse(Path, String, String)}, with the tag and the fix its messages give. */
  static CheckpointJson parse(Path file, String document, String text, String tag, String fix) throws IOException {
    JsonElement e;
    try {
      e = JsonParser.parseString(text);
    } catch (JsonParseException ex) {
      Throwable cause = ex.getCause() == null ? ex : ex.getCause();
      throw new IOException(tag + " " + file + ": " + document + " is not valid JSON (" + cause.getMessage()
          + "). The file is damaged or was not written by ./gconv4j train. " + fix);
    }
    if (!e.isJsonObject()) {
      throw new IOException(tag + " " + file + ": " + document + " must be a JSON object; it is "
          + abbreviate(e) + ". The file is damaged or was not written by ./gconv4j train. " + fix);
    }
    return new CheckpointJson(file, document, e.getAsJsonObject(), tag, fix);
  }

  JsonObject object() {
    return object;
  }

  /** A string value; {@code fallback} when the key is absent (null: required). */
  String string(String key, String fallback) throws IOException {
    JsonElement v = object.get(key);
    if (v == null || v.isJsonNull()) {
      if (fallback == null) {
        throw problem(key, "is missing", "it was not written by ./gconv4j train");
      }
      return fallback;
    }
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
      throw problem(key, "must be a string; it is " + abbreviate(v), "the file is damaged");
    }
    return v.getAsString();
  }

  /** A required string value, one of {@code allowed}. */
  String oneOf(String key, java.util.List<String> allowed) throws IOException {
    String v = string(key, null);
    if (!allowed.contains(v)) {
      throw problem(key, "must be one of " + allowed + "; it is " + abbreviate(object.get(key)), "the file is damaged");
    }
    return v;
  }

  /** An integer value in int range, written exactly (no fraction, no exponent overflow); fallback when absent. */
  int integer(String key, int fallback) throws IOException {
    JsonElement v = object.get(key);
    if (v == null || v.isJsonNull()) {
      return fallback;
    }
    if (v.isJsonPrimitive() && ((JsonPrimitive) v).isNumber()) {
      try {
        return new BigDecimal(v.getAsString()).intValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        // falls through to the message
      }
    }
    throw problem(key, "must be an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + "; it is "
        + abbreviate(v), "the file is damaged");
  }

  /**
   * A number in [min, max] (finite); {@code fallback} when absent or null (NaN as fallback: optional,
   * absent reads as NaN; null fallback: required).
   */
  double number(String key, double min, double max, Double fallback) throws IOException {
    JsonElement v = object.get(key);
    if (v == null || v.isJsonNull()) {
      if (fallback == null) {
        throw problem(key, "is missing", "the file is damaged or was not written by ./gconv4j train");
      }
      return fallback;
    }
    if (v.isJsonPrimitive() && ((JsonPrimitive) v).isNumber()) {
      double d = v.getAsDouble();
      if (d >= min && d <= max || Double.isNaN(d) && fallback != null && fallback.isNaN()) {
        return d;
      }
    }
    if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() && v.getAsString().equals("NaN")
        && fallback != null && fallback.isNaN()) {
      return Double.NaN;
    }
    throw problem(key, "must be a number from " + plain(min) + " to " + plain(max) + "; it is " + abbreviate(v),
        "the file is damaged");
  }

  /** An integer in [min, max], written exactly; {@code fallback} when absent (null: required). */
  long integer(String key, long min, long max, Long fallback) throws IOException {
    JsonElement v = object.get(key);
    if (v == null || v.isJsonNull()) {
      if (fallback == null) {
        throw problem(key, "is missing", "the file is damaged or was not written by ./gconv4j train");
      }
      return fallback;
    }
    if (v.isJsonPrimitive() && ((JsonPrimitive) v).isNumber()) {
      try {
        long l = new BigDecimal(v.getAsString()).longValueExact();
        if (l >= min && l <= max) {
          return l;
        }
      } catch (ArithmeticException | NumberFormatException e) {
        // falls through to the message
      }
    }
    throw problem(key, "must be an integer from " + min + " to " + max + "; it is " + abbreviate(v),
        "the file is damaged");
  }

  /** An array of strings; null when absent. */
  java.util.List<String> strings(String key) throws IOException {
    JsonElement v = object.get(key);
    if (v == null || v.isJsonNull()) {
      return null;
    }
    java.util.List<String> out = new ArrayList<>();
    if (v.isJsonArray()) {
      for (JsonElement e : v.getAsJsonArray()) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
          throw problem(key, "must be an array of strings; it holds " + abbreviate(e), "the file is damaged");
        }
        out.add(e.getAsString());
      }
      return out;
    }
    throw problem(key, "must be an array of strings; it is " + abbreviate(v), "the file is damaged");
  }

  /** The objects of a non-empty array (required), each as a document named {@code document key[i]}. */
  java.util.List<CheckpointJson> objects(String key) throws IOException {
    JsonElement v = object.get(key);
    if (v == null || v.isJsonNull()) {
      throw problem(key, "is missing", "the file is damaged or was not written by ./gconv4j train");
    }
    if (!v.isJsonArray()) {
      throw problem(key, "must be an array of objects; it is " + abbreviate(v), "the file is damaged");
    }
    if (v.getAsJsonArray().isEmpty()) {
      throw problem(key, "is empty; a finished run has one entry per epoch", "the file is damaged");
    }
    java.util.List<CheckpointJson> out = new ArrayList<>();
    int i = 0;
    for (JsonElement e : v.getAsJsonArray()) {
      if (!e.isJsonObject()) {
        throw problem(key, "must be an array of objects; element " + i + " is " + abbreviate(e), "the file is damaged");
      }
      out.add(new CheckpointJson(file, document + " " + key + "[" + i + "]", e.getAsJsonObject(), tag, fix));
      i++;
    }
    return out;
  }

  /**
   * The epoch history of a training document already validated by a reader of this class (the curves of
   * {@code reproduce}; one home for 2D and 3D).
   */
  static List<EpochResult> history(JsonObject training) {
    List<EpochResult> h = new ArrayList<>();
    for (JsonElement el : training.getAsJsonArray("history")) {
      JsonObject e = el.getAsJsonObject();
      h.add(new EpochResult(e.get("epoch").getAsInt(), e.get("trainLoss").getAsDouble(),
          e.get("trainError").getAsDouble(), number(e, "validationError"), e.get("seconds").getAsDouble()));
    }
    return h;
  }

  /** A validated number that may be NaN (written as NaN, "NaN" or absent). */
  static double number(JsonObject o, String key) {
    JsonElement v = o.get(key);
    return v == null || v.isJsonNull() ? Double.NaN : v.getAsDouble();
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }

  private IOException problem(String key, String facts, String why) {
    return new IOException(tag + " " + file + ": \"" + key + "\" in " + document + " " + facts + "; " + why
        + ". " + fix);
  }

  private static String abbreviate(JsonElement e) {
    String s = e.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
