package org.gconv4j.group;

import java.util.HashMap;
import java.util.Map;
import org.gconv4j.annotations.internal.CellGrid;
import org.gconv4j.internal.Checks;

/**
 * Computes the filter-transformation tables of CONVENTIONS §4 directly from a group's matrices,
 * independently of any generated code (the generated-vs-general check compares the two).
 *
 * <p>For output element s', input element t and cell x: source = t̄·n^d + cell(H_{s'}^{-1} x) with
 * H_t̄ = H_{s'}^{-1} H_t (lifting: t̄ = 0), and −1 where x is outside the support.
 */
public final class GroupTables {
  private GroupTables() {}

  /**
   * @throws IllegalArgumentException when some element maps a support cell outside the support
   *     (the filter size is not valid for this group)
   */
  public static FilterTables compute(Group group, int n) {
    CellGrid support = new CellGrid(group.lattice(), n);
    int order = group.order();
    int cells = support.cells();
    int[][][] matrices = new int[order][][];
    Map<String, Integer> indexOf = new HashMap<>();
    for (int s = 0; s < order; s++) {
      matrices[s] = group.matrix(s);
      indexOf.put(IntMatrices.key(matrices[s]), s);
    }
    int[][][] inverses = new int[order][][];
    for (int s = 0; s < order; s++) {
      inverses[s] = inverseByPowers(matrices[s], group.name(), s);
    }

    int[] lifting = new int[order * cells];
    for (int sp = 0; sp < order; sp++) {
      for (int x = 0; x < cells; x++) {
        lifting[sp * cells + x] = support.inSupport(x) ? mapCell(support, inverses[sp], x, group, sp) : -1;
      }
    }
    int[] table = new int[order * order * cells];
    for (int sp = 0; sp < order; sp++) {
      for (int t = 0; t < order; t++) {
        Integer tBar = indexOf.get(IntMatrices.key(IntMatrices.multiply(inverses[sp], matrices[t])));
        if (tBar == null) {
          throw Checks.argument("GroupTables", group.name() + " is not closed: H_" + sp
              + "^-1 H_" + t + " is not an element");
        }
        for (int x = 0; x < cells; x++) {
          int src = lifting[sp * cells + x];
          table[(sp * order + t) * cells + x] = src < 0 ? -1 : tBar * cells + src;
        }
      }
    }
    return new FilterTables(n, group.dimension(), order, support.support(), lifting, table);
  }

  private static int mapCell(CellGrid support, int[][] inverse, int x, Group group, int sp) {
    int target = support.map(inverse, x);
    if (target < 0 || !support.inSupport(target)) {
      throw Checks.argument("GroupTables", "filter size " + support.size() + " is not valid for "
          + group.name() + ": element " + sp + " (" + group.elementName(sp) + ") maps support cell " + x
          + " outside the support");
    }
    return target;
  }

  /** The inverse of a finite-order integer matrix: the last power before the identity. */
  static int[][] inverseByPowers(int[][] m, String groupName, int index) {
    int[][] id = IntMatrices.identity(m.length);
    String idKey = IntMatrices.key(id);
    int[][] previous = id;
    int[][] power = m;
    for (int k = 1; k <= 1024; k++) {
      if (IntMatrices.key(power).equals(idKey)) {
        return previous;
      }
      previous = power;
      power = IntMatrices.multiply(power, m);
    }
    throw Checks.argument("GroupTables", "element " + index + " of " + groupName
        + " has no finite order; a stabilizer element must be a lattice symmetry of finite order");
  }
}
