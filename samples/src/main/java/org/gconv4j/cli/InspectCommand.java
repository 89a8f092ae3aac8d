package org.gconv4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gconv4j.group.FilterTables;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupRegistry;
import org.gconv4j.internal.Checks;

/** {@code ./gconv4j inspect GROUP --kernel-size N [--json]} (CONVENTIONS §7). */
final class InspectCommand implements Command {
  @Override
  public String name() {
    return "inspect";
  }

  @Override
  public String summary() {
    return "print a group's elements, Cayley table and filter tables";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: ./gconv4j inspect GROUP [--kernel-size N] [--json]",
        "  GROUP            a @GroupSpec class's simple or fully qualified name (e.g. P4M)",
        "  --kernel-size N  filter size for the support and the tables (default: the smallest generated)",
        "  --json           one JSON object: group, lattice, dimension, order, elements, cayley, inverse,",
        "                   kernelSize, support, liftingTable, groupTable (CONVENTIONS §4, §7)");
  }

  @Override
  public int run(List<String> args, PrintStream out) {
    Args a = Args.parse(args, Set.of("kernel-size"), Set.of("json"));
    if (a.positional().size() != 1) {
      throw new UsageException("expected exactly one GROUP; got " + a.positional());
    }
    Group g = GroupRegistry.load().find(a.positional().get(0));
    int n = a.getInt("kernel-size", g.filterSizes().length == 0 ? 1 : g.filterSizes()[0]);
    if (n < 1) {
      throw new UsageException("--kernel-size must be >= 1; got " + n + ". " + g.name() + " has tables for "
          + Arrays.toString(g.filterSizes()));
    }
    if (!g.hasTables(n)) {
      throw Checks.argument("inspect", g.name() + " has tables for kernel sizes "
          + Arrays.toString(g.filterSizes()) + ", not " + n + ". Add " + n + " to filterSizes of " + g.specClassName());
    }
    FilterTables t = g.tables(n);
    if (a.has("json")) {
      out.println(json(g, t));
    } else {
      printHuman(g, t, out);
    }
    return 0;
  }

  static String json(Group g, FilterTables t) {
    int order = g.order();
    int cells = t.cells();
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("group", g.name());
    o.put("lattice", g.lattice().name().toLowerCase(Locale.ROOT));
    o.put("dimension", g.dimension());
    o.put("order", order);
    List<int[][]> elements = new ArrayList<>();
    int[][] cayley = new int[order][order];
    int[] inverse = new int[order];
    for (int s = 0; s < order; s++) {
      elements.add(g.matrix(s));
      inverse[s] = g.inverse(s);
      for (int b = 0; b < order; b++) {
        cayley[s][b] = g.multiply(s, b);
      }
    }
    o.put("elements", elements);
    o.put("cayley", cayley);
    o.put("inverse", inverse);
    o.put("kernelSize", t.kernelSize());
    o.put("support", shaped(t.supportFlat(), t.kernelSize(), g.dimension()));
    int[][] lifting = new int[order][];
    int[][][] group = new int[order][order][];
    for (int s = 0; s < order; s++) {
      lifting[s] = Arrays.copyOfRange(t.liftingFlat(), s * cells, (s + 1) * cells);
      for (int u = 0; u < order; u++) {
        group[s][u] = Arrays.copyOfRange(t.groupFlat(), (s * order + u) * cells, (s * order + u + 1) * cells);
      }
    }
    o.put("liftingTable", lifting);
    o.put("groupTable", group);
    Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    return gson.toJson(o);
  }

  /** A row-major n^d mask as nested n×n (or n×n×n) lists. */
  private static Object shaped(int[] flat, int n, int d) {
    if (d == 2) {
      int[][] m = new int[n][];
      for (int i = 0; i < n; i++) {
        m[i] = Arrays.copyOfRange(flat, i * n, (i + 1) * n);
      }
      return m;
    }
    int[][][] m = new int[n][n][];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m[i][j] = Arrays.copyOfRange(flat, (i * n + j) * n, (i * n + j + 1) * n);
      }
    }
    return m;
  }

  static void printHuman(Group g, FilterTables t, PrintStream out) {
    int order = g.order();
    int n = t.kernelSize();
    int cells = t.cells();
    out.printf(java.util.Locale.ROOT, "%s  (%s)%n", g.name(), g.specClassName());
    out.printf(java.util.Locale.ROOT, "%s lattice, dimension %d, %d stabilizer element%s; tables generated for filter sizes %s%n",
        g.lattice().name().toLowerCase(Locale.ROOT), g.dimension(), order, order == 1 ? "" : "s",
        Arrays.toString(g.filterSizes()));
    out.println();
    out.println("elements (index, word, matrix, inverse)");
    int nameWidth = 1;
    for (int s = 0; s < order; s++) {
      nameWidth = Math.max(nameWidth, g.elementName(s).length());
    }
    for (int s = 0; s < order; s++) {
      out.printf(java.util.Locale.ROOT, "  %2d  %-" + nameWidth + "s  %-30s  inverse %d%n", s, g.elementName(s),
          Arrays.deepToString(g.matrix(s)), g.inverse(s));
    }
    out.println();
    out.println("Cayley table (row a, column b: index of a·b)");
    StringBuilder header = new StringBuilder("      ");
    for (int b = 0; b < order; b++) {
      header.append(String.format(java.util.Locale.ROOT, "%3d", b));
    }
    out.println(header);
    for (int a = 0; a < order; a++) {
      StringBuilder row = new StringBuilder(String.format(java.util.Locale.ROOT, "  %2d |", a));
      for (int b = 0; b < order; b++) {
        row.append(String.format(java.util.Locale.ROOT, "%3d", g.multiply(a, b)));
      }
      out.println(row);
    }
    out.println();
    int inSupport = t.supportCells();
    out.printf(java.util.Locale.ROOT, "filter size %d: %d of %d cells in the support (# in, . out)%n", n, inSupport, cells);
    printGrid(out, t.supportFlat(), n, g.dimension(), v -> v == 1 ? "#" : ".", "    ");
    out.println();
    out.println("lifting table: filter cell x of output element s' reads cell source(s', x); -1 = outside support");
    for (int s = 0; s < order; s++) {
      out.printf(java.util.Locale.ROOT, "  s' = %d (%s)%n", s, g.elementName(s));
      int[] slice = Arrays.copyOfRange(t.liftingFlat(), s * cells, (s + 1) * cells);
      printGrid(out, slice, n, g.dimension(), v -> String.format(java.util.Locale.ROOT, "%3d", v), "    ");
    }
    out.println();
    out.println("group table: source(s', t, x) = t̄·" + cells + " + lifting(s', x), with t̄ (row s', column t):");
    for (int s = 0; s < order; s++) {
      StringBuilder row = new StringBuilder(String.format(java.util.Locale.ROOT, "  %2d |", s));
      for (int u = 0; u < order; u++) {
        row.append(String.format(java.util.Locale.ROOT, "%3d", g.multiply(g.inverse(s), u)));
      }
      out.println(row);
    }
    out.println("(./gconv4j inspect " + g.name() + " --kernel-size " + n + " --json prints every entry)");
  }

  private static void printGrid(PrintStream out, int[] flat, int n, int d, java.util.function.IntFunction<String> cell,
      String indent) {
    int planes = d == 3 ? n : 1;
    for (int p = 0; p < planes; p++) {
      if (d == 3) {
        out.println(indent + "depth " + p);
      }
      for (int i = 0; i < n; i++) {
        StringBuilder row = new StringBuilder(indent);
        for (int j = 0; j < n; j++) {
          row.append(cell.apply(flat[(p * n + i) * n + j])).append(' ');
        }
        out.println(row.toString().stripTrailing());
      }
    }
  }
}
