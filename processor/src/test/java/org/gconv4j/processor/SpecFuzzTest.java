package org.gconv4j.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.gconv4j.fuzz.Fuzz;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAxioms;
import org.junit.jupiter.api.Test;

/**
 * The processor part of the fuzz battery (docs/reliability.md): random {@code @GroupSpec}s, half built
 * from real lattice symmetries and half from random matrices, radices, sizes and names, compiled with
 * compile-testing. Either the compilation succeeds and the generated group satisfies the group axioms
 * with the declared order and tables, or every error is a tagged processor message ({@code [GroupSpec...]},
 * never {@code [GroupSpecInternal]}) on a line of the spec; never a crash or a hang.
 */
class SpecFuzzTest {
  private static final String[][] SQUARE = {{"0", "-1", "1", "0"}, {"-1", "0", "0", "1"}, {"0", "1", "1", "0"},
      {"-1", "0", "0", "-1"}, {"1", "0", "0", "1"}};
  private static final String[][] HEXAGONAL = {{"1", "1", "-1", "0"}, {"-1", "-1", "0", "1"}, {"0", "1", "-1", "-1"},
      {"-1", "0", "0", "-1"}};
  private static final String[][] CUBIC = {{"1", "0", "0", "0", "0", "-1", "0", "1", "0"},
      {"0", "0", "1", "0", "1", "0", "-1", "0", "0"}, {"-1", "0", "0", "0", "1", "0", "0", "0", "1"},
      {"0", "1", "0", "0", "0", "1", "1", "0", "0"}};

  /** Valid specs (lattice, generators as name:matrix:radix, size) that a near-miss case mutates slightly. */
  private static final String[][] VALID = {
      {"SQUARE", "1", "R:0,-1,1,0:4"},
      {"SQUARE", "8", "M:-1,0,0,1:2", "R:0,-1,1,0:4"},
      {"HEXAGONAL", "6", "R6:1,1,-1,0:6"},
      {"HEXAGONAL", "12", "M6:-1,-1,0,1:2", "R6:1,1,-1,0:6"},
      {"SQUARE", "1"},
      {"CUBIC", "4", "A:1,0,0,0,0,-1,0,1,0:4"}};

  static String nearMiss(Random r) {
    String[] t = Fuzz.pick(r, VALID);
    String lattice = t[0];
    long size = t[0].equals("SQUARE") && t.length == 3 ? 4 : Long.parseLong(t[1]);
    List<String[]> gens = new ArrayList<>();
    for (int i = 2; i < t.length; i++) {
      gens.add(t[i].split(":"));
    }
    List<String> sizes = new ArrayList<>(List.of(lattice.equals("HEXAGONAL") ? "3" : Fuzz.pick(r, "3", "4", "5")));
    for (int i = r.nextInt(3); i > 0; i--) {
      switch (r.nextInt(6)) {
        case 0 -> size += r.nextInt(5) - 2;
        case 1 -> sizes.add(Integer.toString(r.nextInt(12) - 1));
        case 2 -> {
          if (!gens.isEmpty()) {
            String[] g = gens.get(r.nextInt(gens.size())).clone();
            g[2] = Integer.toString(Integer.parseInt(g[2]) + r.nextInt(5) - 2);
            gens.set(0, g);
          }
        }
        case 3 -> {
          if (!gens.isEmpty()) {
            String[] g = gens.get(r.nextInt(gens.size())).clone();
            String[] m = g[1].split(",");
            m[r.nextInt(m.length)] = Integer.toString(r.nextInt(5) - 2);
            g[1] = String.join(",", m);
            gens.set(gens.size() - 1, g);
          }
        }
        case 4 -> {
          if (!gens.isEmpty()) {
            gens.add(gens.get(0).clone());
          }
        }
        default -> sizes.clear();
      }
    }
    List<String> generators = new ArrayList<>();
    for (String[] g : gens) {
      generators.add("@Generator(name = \"" + g[0] + "\", matrix = {" + g[1].replace(",", ", ") + "}, radix = " + g[2]
          + ")");
    }
    return "@GroupSpec(lattice = Lattice." + lattice + ",\n    stabilizerSize = " + size + ",\n    generators = {"
        + String.join(",\n      ", generators) + "},\n    filterSizes = {" + String.join(", ", sizes) + "})";
  }

  static String randomSpec(Random r) {
    if (r.nextBoolean()) {
      return nearMiss(r);
    }
    String lattice = Fuzz.pick(r, "SQUARE", "SQUARE", "HEXAGONAL", "CUBIC");
    int d = lattice.equals("CUBIC") ? 3 : 2;
    String[][] symmetries = lattice.equals("SQUARE") ? SQUARE : lattice.equals("HEXAGONAL") ? HEXAGONAL : CUBIC;
    int count = r.nextInt(4);
    List<String> generators = new ArrayList<>();
    long product = 1;
    for (int i = 0; i < count; i++) {
      String[] m;
      if (r.nextInt(5) < 3) {
        m = Fuzz.pick(r, symmetries);
      } else {
        int entries = r.nextInt(10) == 0 ? r.nextInt(10) : d * d;
        m = new String[entries];
        for (int k = 0; k < entries; k++) {
          m[k] = Integer.toString(r.nextInt(5) - 2);
        }
      }
      int radix = Fuzz.pick(r, -1, 0, 1, 2, 2, 3, 4, 4, 6, 8);
      product *= radix;
      String name = r.nextInt(3) > 0 ? "" : Fuzz.pick(r, "R", "M", "G1", "G2", "A");
      generators.add("@Generator(" + (name.isEmpty() ? "" : "name = \"" + name + "\", ") + "matrix = {"
          + String.join(", ", m) + "}, radix = " + radix + ")");
    }
    long size = r.nextBoolean() ? product : r.nextInt(51) - 1;
    List<String> sizes = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      sizes.add(Integer.toString(r.nextInt(20) == 0 ? 99 : r.nextInt(11) - 1));
    }
    String name = r.nextInt(8) > 0 ? "" : Fuzz.pick(r, "Fuzzed", "p4 m", "class", "1x");
    return "@GroupSpec(" + (name.isEmpty() ? "" : "name = \"" + name + "\", ") + "lattice = Lattice." + lattice
        + ",\n    stabilizerSize = " + size + ",\n    generators = {" + String.join(",\n      ", generators)
        + "},\n    filterSizes = {" + String.join(", ", sizes) + "})";
  }

  @Test
  void randomSpecsCompileToAGroupOrGiveTaggedErrors() {
    TreeMap<String, Integer> outcomes = new TreeMap<>();
    Fuzz.run("groupspec", 5003, new long[] {}, 250, Duration.ofSeconds(45), Duration.ofSeconds(60), (seed, r) -> {
      String annotation = randomSpec(r);
      Fuzz.note(annotation);
      JavaFileObject f = Compile.spec(annotation, "final class Spec {}");
      Compilation c = Compile.compile(f);
      String what = annotation + "\n" + c.diagnostics();
      if (c.status() == Compilation.Status.SUCCESS) {
        outcomes.merge("compiled", 1, Integer::sum);
        Group g = (Group) new InMemoryClassLoader(c).loadClass("test.SpecGroup").getConstructor().newInstance();
        GroupAxioms.check(g);
        int declared = Integer.parseInt(annotation.replaceAll("(?s).*stabilizerSize = (-?\\d+).*", "$1"));
        assertEquals(declared, g.order(), what);
        assertTrue(g.filterSizes().length > 0, what);
        for (int n : g.filterSizes()) {
          assertTrue(g.hasTables(n), what);
        }
        return;
      }
      List<Diagnostic<? extends JavaFileObject>> errors = c.errors();
      assertTrue(!errors.isEmpty(), what);
      for (Diagnostic<? extends JavaFileObject> e : errors) {
        String m = e.getMessage(Locale.ROOT);
        assertTrue(m.startsWith("[GroupSpec") && !m.startsWith("[GroupSpecInternal]"), what);
        assertTrue(e.getSource() != null && e.getLineNumber() >= 2, "on a line of the spec: " + what);
        outcomes.merge(m.substring(1, m.indexOf(']')), 1, Integer::sum);
      }
    });
    System.out.println("fuzz groupspec outcomes: " + outcomes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", ")));
  }
}
