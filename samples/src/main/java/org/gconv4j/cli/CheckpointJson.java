package org.gconv4j.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;

/** Reads the JSON documents of a checkpoint; every problem names the file, the document and the key. */
final class CheckpointJson {
  private final Path file;
  private final String document;
  private final JsonObject object;

  private CheckpointJson(Path file, String document, JsonObject object) {
    this.file = file;
    this.document = document;
    this.object = object;
  }

  static CheckpointJson parse(Path file, String document, String text) throws IOException {
    JsonElement e;
    try {
      e = JsonParser.parseString(text);
    } catch (JsonParseException ex) {
      Throwable cause = ex.getCause() == null ? ex : ex.getCause();
      throw new IOException("[Checkpoint] " + file + ": " + document + " is not valid JSON (" + cause.getMessage()
          + "). The file is damaged or was not written by ./gconv4j train");
    }
    if (!e.isJsonObject()) {
      throw new IOException("[Checkpoint] " + file + ": " + document + " must be a JSON object; it is "
          + abbreviate(e) + ". The file is damaged or was not written by ./gconv4j train");
    }
    return new CheckpointJson(file, document, e.getAsJsonObject());
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

  private IOException problem(String key, String facts, String why) {
    return new IOException("[Checkpoint] " + file + ": \"" + key + "\" in " + document + " " + facts + "; " + why
        + ". Pass a checkpoint written by ./gconv4j train --checkpoint");
  }

  private static String abbreviate(JsonElement e) {
    String s = e.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
