package org.gconv4j.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The runtime's own table computation agrees entry for entry with GrouPy and HexaConv. */
class ReferenceTablesTest {
  static List<ReferenceTables> cases() {
    return ReferenceTables.load();
  }

  @Test
  void coversTheGroupsAndSizesOfTheConventions() {
    assertEquals(9, cases().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void runtimeTablesEqualTheReference(ReferenceTables ref) {
    Group g = TestGroups.all().stream().filter(x -> x.name().equals(ref.group())).findFirst().orElseThrow();
    FilterTables t = g.tables(ref.kernelSize());
    if (ref.support() != null) {
      assertArrayEquals(ref.support(), t.supportFlat(), "support");
    }
    assertArrayEquals(ref.lifting(), t.liftingFlat(), "lifting table");
    assertArrayEquals(ref.groupTable(), t.groupFlat(), "group table");
  }
}
