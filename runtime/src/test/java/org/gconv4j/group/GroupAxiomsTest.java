package org.gconv4j.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.gconv4j.annotations.Lattice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class GroupAxiomsTest {
  static Stream<MatrixGroup> groups() {
    return TestGroups.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("groups")
  void satisfiesTheGroupAxioms(Group g) {
    GroupAxioms.check(g);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("groups")
  void multiplicationMatchesTheMatrices(Group g) {
    for (int a = 0; a < g.order(); a++) {
      for (int b = 0; b < g.order(); b++) {
        assertArrayEquals(IntMatrices.multiply(g.matrix(a), g.matrix(b)), g.matrix(g.multiply(a, b)));
      }
    }
  }

  @Test
  void ordersAreThoseOfTheConventions() {
    assertEquals(1, TestGroups.z2().order());
    assertEquals(4, TestGroups.p4().order());
    assertEquals(8, TestGroups.p4m().order());
    assertEquals(6, TestGroups.p6().order());
    assertEquals(12, TestGroups.p6m().order());
    assertEquals(24, TestGroups.o().order());
    assertEquals(48, TestGroups.oh().order());
    assertEquals("M R^3", TestGroups.p4m().elementName(7));
  }

  @Test
  void rejectsWordsThatAreNotABijection() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixGroup.fromGenerators("bad",
        Lattice.SQUARE, new String[] {"R"}, new int[][] {TestGroups.R}, new int[] {8}));
    assertTrue(e.getMessage().contains("not a bijection"), e.getMessage());
  }

  @Test
  void rejectsWordsThatAreNotClosed() {
    // R and M with radices 4 and 1 generate only rotations: fine. M R with M a shear is infinite.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixGroup.fromGenerators("bad",
        Lattice.SQUARE, new String[] {"M", "R"}, new int[][] {TestGroups.M, TestGroups.R}, new int[] {2, 2}));
    assertTrue(e.getMessage().contains("not closed"), e.getMessage());
  }

  @Test
  void rejectsAnInvalidFilterSize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixGroup.fromGenerators("hexOnSquare",
        Lattice.SQUARE, new String[] {"R6"}, new int[][] {TestGroups.R6}, new int[] {6}, 3));
    assertTrue(e.getMessage().contains("outside the support"), e.getMessage());
  }
}
