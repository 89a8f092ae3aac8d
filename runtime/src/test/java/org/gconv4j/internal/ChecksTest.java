package org.gconv4j.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksTest {
  @Test
  void messageHasTagRuleFactsAndFix() {
    assertEquals("[Dense] input must be [N, 3]; got [2, 4]. Flatten first",
        Checks.message("Dense", "input must be [N, 3]", new int[] {2, 4}, "Flatten first"));
    assertEquals("[Dense] input must be [N, 3]; got [2, 4]", Checks.message("Dense", "input must be [N, 3]", new int[] {2, 4}, null));
    assertEquals("[Dense] rule. fix", Checks.message("Dense", "rule", null, "fix"));
    assertEquals("[Dense] text", Checks.message("Dense", "text"));
  }

  @Test
  void arraysArePrintedElementWise() {
    assertEquals("[1, 2]", Checks.text(new int[] {1, 2}));
    assertEquals("[1, 2]", Checks.text(new long[] {1, 2}));
    assertEquals("[1.5]", Checks.text(new float[] {1.5f}));
    assertEquals("[0.5]", Checks.text(new double[] {0.5}));
    assertEquals("[a, [1, 2]]", Checks.text(new Object[] {"a", new int[] {1, 2}}));
    assertEquals("null", Checks.text(null));
    assertEquals("7", Checks.text(7));
  }

  @Test
  void exceptionsCarryTheTaggedMessageAndCause() {
    RuntimeException cause = new RuntimeException("inner");
    IllegalArgumentException a = Checks.argument("T", "bad", cause);
    assertEquals("[T] bad", a.getMessage());
    assertSame(cause, a.getCause());
    assertEquals("[T] bad", Checks.argument("T", "bad").getMessage());
    IllegalStateException s = Checks.state("T", "late", cause);
    assertEquals("[T] late", s.getMessage());
    assertSame(cause, s.getCause());
    assertEquals("[T] late", Checks.state("T", "late").getMessage());
  }

  @Test
  void requirePassesOnTrueAndThrowsOnFalse() {
    assertDoesNotThrow(() -> Checks.require(true, "T", "rule", 1));
    assertDoesNotThrow(() -> Checks.require(true, "T", "rule", 1, "fix"));
    assertDoesNotThrow(() -> Checks.requireState(true, "T", "text"));
    assertEquals("[T] x must be odd; got 4",
        assertThrows(IllegalArgumentException.class, () -> Checks.require(false, "T", "x must be odd", 4)).getMessage());
    assertEquals("[T] x must be odd; got 4. Use 3 or 5",
        assertThrows(IllegalArgumentException.class, () -> Checks.require(false, "T", "x must be odd", 4, "Use 3 or 5"))
            .getMessage());
    assertEquals("[T] call forward first",
        assertThrows(IllegalStateException.class, () -> Checks.requireState(false, "T", "call forward first")).getMessage());
  }

  @Test
  void boundsPassAtTheEdgeAndFailJustOutside() {
    assertEquals(1, Checks.positive("T", "n", 1));
    assertEquals("[T] n must be >= 1; got 0",
        assertThrows(IllegalArgumentException.class, () -> Checks.positive("T", "n", 0)).getMessage());
    assertEquals(0, Checks.nonNegative("T", "padding", 0));
    assertEquals("[T] padding must be >= 0; got -1",
        assertThrows(IllegalArgumentException.class, () -> Checks.nonNegative("T", "padding", -1)).getMessage());
    assertEquals(2, Checks.atLeast("T", "classes", 2, 2));
    assertEquals("[T] classes must be >= 2; got 1",
        assertThrows(IllegalArgumentException.class, () -> Checks.atLeast("T", "classes", 1, 2)).getMessage());
    assertEquals(5L, Checks.atLeast("T", "steps", 5L, 5L));
    assertEquals("[T] steps must be >= 1; got 0",
        assertThrows(IllegalArgumentException.class, () -> Checks.atLeast("T", "steps", 0L, 1L)).getMessage());
  }

  @Test
  void indexIsHalfOpen() {
    assertEquals(0, Checks.index("T", "element index", 0, 4));
    assertEquals(3, Checks.index("T", "element index", 3, 4));
    assertEquals("[T] element index must be in [0, 4); got 4",
        assertThrows(IllegalArgumentException.class, () -> Checks.index("T", "element index", 4, 4)).getMessage());
    assertEquals("[T] element index must be in [0, 4); got -1",
        assertThrows(IllegalArgumentException.class, () -> Checks.index("T", "element index", -1, 4)).getMessage());
  }

  @Test
  void notNullReturnsTheValueOrNamesIt() {
    Object o = new Object();
    assertSame(o, Checks.notNull("T", "rng", o));
    assertEquals("[T] rng must not be null",
        assertThrows(IllegalArgumentException.class, () -> Checks.notNull("T", "rng", null)).getMessage());
  }

  @Test
  void lengthAndShape() {
    assertDoesNotThrow(() -> Checks.floats("T", "x", new float[6], 6, "[2, 3]", null));
    assertEquals("[T] x must hold 6 floats ([2, 3]); got 5 floats",
        assertThrows(IllegalArgumentException.class, () -> Checks.floats("T", "x", new float[5], 6, "[2, 3]", null))
            .getMessage());
    assertEquals("[T] x must hold 6 floats; got null. Allocate it",
        assertThrows(IllegalArgumentException.class, () -> Checks.floats("T", "x", null, 6, null, "Allocate it"))
            .getMessage());
    assertDoesNotThrow(() -> Checks.sameShape("T", "gradOutput", new int[] {2, 3}, new int[] {2, 3}));
    assertEquals("[T] gradOutput must have the forward output's shape [2, 3]; got [3, 2]",
        assertThrows(IllegalArgumentException.class,
            () -> Checks.sameShape("T", "gradOutput", new int[] {2, 3}, new int[] {3, 2})).getMessage());
  }

  @Test
  void unknownListsTheKnownNames() {
    assertEquals("[WeightInit] unknown initialisation 'xavier'; known: he, lecun",
        Checks.unknown("WeightInit", "initialisation", "xavier", List.of("he", "lecun")).getMessage());
    assertEquals("[T] unknown model 'x'; known: ", Checks.unknown("T", "model", "x", List.of()).getMessage());
  }
}
