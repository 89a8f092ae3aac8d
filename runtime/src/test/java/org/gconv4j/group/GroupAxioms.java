package org.gconv4j.group;

import org.gconv4j.internal.Checks;

/**
 * Checks the group axioms on a {@link Group}'s tables: identity at index 0, closure, associativity
 * over all triples, two-sided inverses, and that inverse() agrees with the Cayley table.
 */
public final class GroupAxioms {
  private GroupAxioms() {}

  /** @throws IllegalStateException naming the first violated axiom and the elements involved */
  public static void check(Group g) {
    int n = g.order();
    for (int a = 0; a < n; a++) {
      if (g.multiply(0, a) != a || g.multiply(a, 0) != a) {
        fail(g, "element 0 must be the identity; 0·" + a + " = " + g.multiply(0, a) + ", " + a + "·0 = " + g.multiply(a, 0));
      }
      for (int b = 0; b < n; b++) {
        int ab = g.multiply(a, b);
        if (ab < 0 || ab >= n) {
          fail(g, "not closed: " + a + "·" + b + " = " + ab);
        }
      }
      int inv = g.inverse(a);
      if (inv < 0 || inv >= n || g.multiply(a, inv) != 0 || g.multiply(inv, a) != 0) {
        fail(g, "inverse(" + a + ") = " + inv + " is not a two-sided inverse");
      }
    }
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        int ab = g.multiply(a, b);
        for (int c = 0; c < n; c++) {
          if (g.multiply(ab, c) != g.multiply(a, g.multiply(b, c))) {
            fail(g, "not associative: (" + a + "·" + b + ")·" + c + " ≠ " + a + "·(" + b + "·" + c + ")");
          }
        }
      }
    }
  }

  private static void fail(Group g, String what) {
    throw Checks.state("GroupAxioms", g.name() + ": " + what);
  }
}
