package org.gconv4j.group;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables GrouPy and HexaConv produce (test resource {@code reference-tables.json}, produced by
 * GrouPy and HexaConv themselves), flattened as in CONVENTIONS §4 (docs/conventions.md).
 */
public record ReferenceTables(String group, int kernelSize, int[] support, int[] lifting, int[] groupTable) {

  @Override
  public String toString() {
    return group + " n=" + kernelSize;
  }

  public static List<ReferenceTables> load() {
    try (Reader r = new InputStreamReader(ReferenceTables.class.getResourceAsStream("/reference-tables.json"),
        StandardCharsets.UTF_8)) {
      JsonObject root = JsonParser.parseReader(r).getAsJsonObject();
      List<ReferenceTables> cases = new ArrayList<>();
      for (JsonElement e : root.getAsJsonArray("cases")) {
        JsonObject c = e.getAsJsonObject();
        cases.add(new ReferenceTables(c.get("group").getAsString(), c.get("kernelSize").getAsInt(),
            c.has("support") ? flatten(c.get("support")) : null, flatten(c.get("liftingTable")),
            flatten(c.get("groupTable"))));
      }
      return cases;
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int[] flatten(JsonElement e) {
    List<Integer> out = new ArrayList<>();
    collect(e, out);
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void collect(JsonElement e, List<Integer> out) {
    if (e.isJsonArray()) {
      for (JsonElement x : (JsonArray) e) {
        collect(x, out);
      }
    } else {
      out.add(e.getAsInt());
    }
  }
}
