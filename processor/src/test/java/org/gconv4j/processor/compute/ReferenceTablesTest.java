package org.gconv4j.processor.compute;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our P4, P4M, P6, P6M tables equal GrouPy's and HexaConv's (test resource reference-tables.json). */
class ReferenceTablesTest {

  private static void flatten(JsonElement e, List<Integer> out) {
    if (e.isJsonArray()) {
      for (JsonElement item : e.getAsJsonArray()) {
        flatten(item, out);
      }
    } else {
      out.add(e.getAsInt());
    }
  }

  private static int[] flat(JsonElement e) {
    List<Integer> out = new ArrayList<>();
    flatten(e, out);
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void computedTablesEqualTheReference() throws Exception {
    JsonArray cases;
    try (Reader r = new InputStreamReader(
        ReferenceTablesTest.class.getResourceAsStream("/reference-tables.json"), StandardCharsets.UTF_8)) {
      cases = JsonParser.parseReader(r).getAsJsonObject().getAsJsonArray("cases");
    }
    assertThat(cases.size()).isEqualTo(9);
    for (JsonElement e : cases) {
      JsonObject c = e.getAsJsonObject();
      String group = c.get("group").getAsString();
      int n = c.get("kernelSize").getAsInt();
      FilterTableSet t = KnownGroups.tables(group, n);
      String what = group + " n=" + n;
      assertWithMessage(what + " lifting").that(t.lifting()).isEqualTo(flat(c.get("liftingTable")));
      assertWithMessage(what + " group").that(t.group()).isEqualTo(flat(c.get("groupTable")));
      if (c.has("support")) {
        assertWithMessage(what + " support").that(t.support()).isEqualTo(flat(c.get("support")));
      }
    }
  }
}
