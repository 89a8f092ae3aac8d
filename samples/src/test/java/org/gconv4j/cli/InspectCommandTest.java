package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gconv4j.group.ReferenceTables;
import org.junit.jupiter.api.Test;

class InspectCommandTest {
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void jsonHasEveryFieldOfTheContractAndTheReferenceTables() {
    Result r = run("inspect", "P4M", "--kernel-size", "3", "--json");
    assertEquals(0, r.code(), r.err());
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertEquals(List.of("group", "lattice", "dimension", "order", "elements", "cayley", "inverse", "kernelSize",
        "support", "liftingTable", "groupTable"), List.copyOf(o.keySet()));
    assertEquals("P4M", o.get("group").getAsString());
    assertEquals("square", o.get("lattice").getAsString());
    assertEquals(8, o.get("order").getAsInt());
    assertEquals("[[-1,0],[0,1]]", o.getAsJsonArray("elements").get(4).toString());
    JsonArray support = o.getAsJsonArray("support");
    assertEquals(3, support.size());
    ReferenceTables ref = ReferenceTables.load().stream()
        .filter(c -> c.group().equals("P4M") && c.kernelSize() == 3).findFirst().orElseThrow();
    assertEquals(java.util.Arrays.toString(ref.groupTable()),
        java.util.Arrays.toString(ReferenceTables.flatten(o.get("groupTable"))));
  }

  @Test
  void acceptsTheQualifiedNameAndPrintsAHumanReadableForm() {
    Result r = run("inspect", "org.gconv4j.samples.groups.P6", "--kernel-size", "3");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("7 of 9 cells in the support"), r.out());
    assertTrue(r.out().contains("R6^5"), r.out());
  }

  @Test
  void aSizeThatWasNotGeneratedIsAClearError() {
    Result r = run("inspect", "P6", "--kernel-size", "4");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("[3, 5, 7]") && r.err().contains("filterSizes"), r.err());
  }

  @Test
  void anUnknownGroupListsTheKnownOnes() {
    Result r = run("inspect", "P7");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("known groups") && r.err().contains("OH"), r.err());
  }
}
