package org.gconv4j.processor.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import org.gconv4j.annotations.Lattice;
import org.gconv4j.annotations.internal.CellGrid;
import org.gconv4j.processor.compute.FilterTableSet;
import org.gconv4j.processor.compute.GeneratedGroup;
import org.gconv4j.processor.compute.GeneratorDef;
import org.gconv4j.processor.compute.IntMatrix;
import org.gconv4j.processor.compute.StabilizerGroup;
import org.gconv4j.processor.compute.Word;
import org.gconv4j.processor.compute.WordEnumerator;
import org.gconv4j.processor.read.GeneratorModel;
import org.gconv4j.processor.read.Located;
import org.gconv4j.processor.read.SpecModel;

/**
 * Checks one {@link SpecModel} against the rules listed in the {@code @GroupSpec} javadoc, in three
 * stages: the target and name, then each value on its own (shapes, determinants, radices, sizes),
 * then the group the values describe (bijection, closure, size, support). A stage runs only when the
 * previous one is clean, so each mistake gives one message.
 */
public final class SpecValidator {
  /** Largest filter, in cells (n^d), tables are generated for: one table row is one string literal. */
  public static final int MAX_CELLS = 4096;
  /** Largest group table (S^2 · n^d entries) generated into a class. */
  public static final long MAX_TABLE_ENTRIES = 1L << 22;

  /** Validates a spec; when clean, the result carries the group and the tables. */
  public Validation validate(SpecModel spec) {
    ValidationReport.Builder report = ValidationReport.builder();
    new Checks(spec, report).run();
    if (report.hasErrors()) {
      return new Validation(spec, report.build(), Optional.empty(), List.of());
    }
    StabilizerGroup group = Checks.group(spec);
    List<FilterTableSet> tables = new ArrayList<>();
    for (int n : new TreeSet<>(spec.filterSizes().value().stream().map(Located::value).toList())) {
      tables.add(FilterTableSet.compute(group, new CellGrid(spec.lattice().value(), n)));
    }
    return new Validation(spec, report.build(), Optional.of(group), List.copyOf(tables));
  }

  /** The generator definitions of a spec whose values passed the value checks. */
  public static List<GeneratorDef> generatorDefs(SpecModel spec) {
    int d = spec.lattice().value().dimension();
    List<GeneratorDef> defs = new ArrayList<>();
    for (GeneratorModel g : spec.generators().value()) {
      defs.add(new GeneratorDef(g.displayName(), IntMatrix.of(d, g.matrixEntries()), g.radix().value()));
    }
    return defs;
  }

  private static final class Checks {
    private final SpecModel spec;
    private final ValidationReport.Builder report;
    private final int dimension;
    private final Lattice lattice;

    Checks(SpecModel spec, ValidationReport.Builder report) {
      this.spec = spec;
      this.report = report;
      this.lattice = spec.lattice().value();
      this.dimension = lattice.dimension();
    }

    static StabilizerGroup group(SpecModel spec) {
      int d = spec.lattice().value().dimension();
      WordEnumerator words = new WordEnumerator(d, generatorDefs(spec));
      return StabilizerGroup.of(d, words.words(spec.stabilizerSize().value()));
    }

    void run() {
      if (!checkTarget()) {
        return;
      }
      checkName();
      if (report.hasErrors()) {
        return;
      }
      checkValues();
      if (report.hasErrors()) {
        return;
      }
      checkGroup();
    }

    private void error(Tag tag, String rule, String facts, String fix, AnnotationValue value) {
      report.add(new Message(tag, rule, facts, fix, spec.element(), spec.mirror(), value));
    }

    // ---- stage 1: target and name

    private boolean checkTarget() {
      TypeElement type = spec.element();
      ElementKind kind = type.getKind();
      String what;
      if (kind == ElementKind.ENUM) {
        what = "an enum";
      } else if (kind == ElementKind.ANNOTATION_TYPE) {
        what = "an annotation type";
      } else {
        return true;
      }
      error(Tag.TARGET,
          "@GroupSpec must annotate a top-level or member class, interface or record",
          type.getSimpleName() + " is " + what,
          "Put the spec on a class of its own, e.g. `@GroupSpec(...) public final class "
              + type.getSimpleName() + "Spec {}`",
          null);
      return false;
    }

    private void checkName() {
      String name = spec.name().value();
      if (!name.isEmpty() && !(identifier(name) && !SourceVersion.isKeyword(name))) {
        error(Tag.NAME,
            "name must be empty (the class name) or a valid Java identifier",
            quoted(name) + " is not one",
            "Use letters, digits and underscores, not starting with a digit, e.g. name = \""
                + suggestName(name) + "\", or remove name to use \"" + spec.element().getSimpleName() + "\"",
            spec.name().source());
      }
    }

    /**
     * A Java identifier without the characters Java ignores in identifiers (NUL and other controls,
     * which {@link SourceVersion#isIdentifier} lets through but no reader sees).
     */
    static boolean identifier(String name) {
      return SourceVersion.isIdentifier(name) && name.chars().noneMatch(Character::isIdentifierIgnorable);
    }

    /** {@code "name"} on one printable line: control characters (a newline, a tab) escaped as in Java source. */
    static String quoted(String name) {
      StringBuilder sb = new StringBuilder("\"");
      for (char c : name.toCharArray()) {
        if (c == '\n') {
          sb.append("\\n");
        } else if (c == '\t') {
          sb.append("\\t");
        } else if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (Character.isISOControl(c) || Character.isIdentifierIgnorable(c)
            || Character.getType(c) == Character.LINE_SEPARATOR
            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
          sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
      return sb.append('"').toString();
    }

    private static String suggestName(String name) {
      StringBuilder sb = new StringBuilder();
      for (char c : name.toCharArray()) {
        if (Character.isJavaIdentifierPart(c)) {
          sb.append(c);
        }
      }
      if (sb.length() == 0 || !Character.isJavaIdentifierStart(sb.charAt(0))) {
        sb.insert(0, 'G');
      }
      return SourceVersion.isKeyword(sb) ? sb + "Group" : sb.toString();
    }

    // ---- stage 2: each value on its own

    private void checkValues() {
      int size = spec.stabilizerSize().value();
      if (size < 1) {
        error(Tag.SIZE,
            "stabilizerSize must be at least 1",
            "it is " + size,
            "Set stabilizerSize to the number of elements the generators generate (1 for no generators)",
            spec.stabilizerSize().source());
      }
      boolean matricesValid = true;
      boolean radicesValid = true;
      checkGeneratorNames();
      for (GeneratorModel g : spec.generators().value()) {
        matricesValid &= checkMatrix(g);
        radicesValid &= checkRadix(g);
      }
      checkFilterSizes();
      if (matricesValid && radicesValid && size >= 1) {
        checkRadixProduct(size);
      }
    }

    private boolean checkMatrix(GeneratorModel g) {
      int entries = g.matrix().value().size();
      int expected = dimension * dimension;
      if (entries != expected) {
        error(Tag.MATRIX_SHAPE,
            "a generator matrix on the " + latticeName() + " lattice has " + expected + " entries ("
                + dimension + "x" + dimension + ", row-major)",
            "generator " + g.displayName() + " has " + entries,
            "Write the " + dimension + "x" + dimension + " matrix row by row, e.g. matrix = "
                + identityExample(),
            g.matrix().source());
        return false;
      }
      IntMatrix m = IntMatrix.of(dimension, g.matrixEntries());
      long det = m.determinant();
      if (det != 1 && det != -1) {
        error(Tag.MATRIX_DETERMINANT,
            "a generator matrix must have determinant +1 or -1 (a symmetry of the lattice)",
            "generator " + g.displayName() + " = " + m + " has determinant " + det,
            "Use a rotation or reflection of the " + latticeName() + " lattice in "
                + (lattice == Lattice.HEXAGONAL ? "axial (row, col)" : dimension == 3 ? "(depth, row, col)" : "(row, col)")
                + " coordinates",
            g.matrix().source());
        return false;
      }
      return true;
    }

    private boolean checkRadix(GeneratorModel g) {
      int radix = g.radix().value();
      if (radix < 1) {
        error(Tag.RADIX,
            "every radix must be at least 1",
            "generator " + g.displayName() + " has radix " + radix,
            "Set the radix to the number of powers of " + g.displayName()
                + " the index map enumerates (its order, e.g. 4 for a 90° rotation)",
            g.radix().source());
        return false;
      }
      return true;
    }

    private void checkRadixProduct(int size) {
      long product = new WordEnumerator(dimension, generatorDefs(spec)).wordCount();
      if (product == size) {
        return;
      }
      GeneratedGroup generated = GeneratedGroup.of(dimension, matrices());
      String fix = generated.isFinite() && generated.size() == product
          ? "Set stabilizerSize = " + product
          : generated.isFinite()
              ? "Choose radices whose product is " + generated.size() + " and set stabilizerSize = " + generated.size()
              : "Use generators of finite order (rotations and reflections of the lattice)";
      error(Tag.RADIX,
          "the product of the radices must equal stabilizerSize",
          "radices " + radixProduct() + " = " + product + " but stabilizerSize = " + size
              + " (the generators generate " + generated.describeSize() + ")",
          fix,
          spec.stabilizerSize().source());
    }

    /** Element names are words in the generator names: two generators with one name make them ambiguous. */
    private void checkGeneratorNames() {
      Map<String, GeneratorModel> seen = new HashMap<>();
      for (GeneratorModel g : spec.generators().value()) {
        String name = g.name().value();
        if (!name.isEmpty() && !identifier(name)) {
          error(Tag.NAME,
              "generator names must be Java identifiers (they are the words of element names and go into the"
                  + " generated code and comments)",
              "generator " + g.position() + " is named " + quoted(name),
              "Use letters, digits and underscores, not starting with a digit, e.g. name = \"" + suggestName(name)
                  + "\"",
              g.name().source());
          continue;
        }
        if (name.equals("e")) {
          error(Tag.NAME,
              "no generator may be named e (e names the identity element)",
              "generator " + g.position() + " is named \"e\", so the identity and that generator would share a name",
              "Rename it, e.g. name = \"E\" or \"G" + g.position() + "\"",
              g.name().source());
          continue;
        }
        GeneratorModel earlier = seen.putIfAbsent(g.displayName(), g);
        if (earlier != null) {
          error(Tag.NAME,
              "generator names must be distinct (element names are words in them)",
              "generators " + earlier.position() + " and " + g.position() + " are both named " + g.displayName()
                  + (g.name().value().isEmpty() || earlier.name().value().isEmpty()
                      ? " (an unnamed generator at position i is named G<i>)" : ""),
              "Rename generator " + g.position() + ", e.g. name = \"" + g.displayName() + g.position() + "\"",
              g.name().value().isEmpty() ? g.source() : g.name().source());
        }
      }
    }

    private void checkFilterSizes() {
      if (spec.filterSizes().value().isEmpty()) {
        error(Tag.FILTER_SIZE,
            "filterSizes must list at least one size (a group without filter tables cannot make a layer)",
            "filterSizes is empty",
            "List the filter sizes your layers use, e.g. filterSizes = {3}",
            spec.filterSizes().source());
        return;
      }
      Set<Integer> seen = new HashSet<>();
      for (Located<Integer> n : spec.filterSizes().value()) {
        int size = n.value();
        if (size < 1) {
          error(Tag.FILTER_SIZE,
              "every filter size must be at least 1",
              "filterSizes lists " + size,
              "Remove " + size + " or replace it by a positive size such as 3",
              n.source());
        } else if (!CellGrid.isValidSize(lattice, size)) { // size >= 1 here: even on the hexagonal lattice
          error(Tag.FILTER_SIZE,
              "filter sizes on the hexagonal lattice must be odd (the support is a hexagon around a centre cell)",
              "filterSizes lists " + size,
              "Use " + (size - 1) + " or " + (size + 1) + " instead",
              n.source());
        } else if (tooLarge(size)) {
          error(Tag.FILTER_SIZE,
              "a filter may have at most " + MAX_CELLS + " cells and its group table at most " + MAX_TABLE_ENTRIES
                  + " entries (S^2 * n^" + dimension + ")",
              "size " + size + " gives " + cellsOf(size) + " cells"
                  + (spec.stabilizerSize().value() >= 1 && cellsOf(size) <= MAX_CELLS
                      ? " and " + (long) spec.stabilizerSize().value() * spec.stabilizerSize().value() * cellsOf(size)
                          + " group-table entries for stabilizerSize " + spec.stabilizerSize().value()
                      : ""),
              "Use a smaller filter size",
              n.source());
        } else if (!seen.add(size)) {
          error(Tag.FILTER_SIZE,
              "every filter size must be listed once",
              "filterSizes lists " + size + " more than once",
              "Remove the repeated " + size,
              n.source());
        }
      }
    }

    private long cellsOf(int size) {
      long cells = 1;
      for (int i = 0; i < dimension; i++) {
        cells = cells > Long.MAX_VALUE / size ? Long.MAX_VALUE : cells * size;
      }
      return cells;
    }

    private boolean tooLarge(int size) {
      long cells = cellsOf(size);
      long order = Math.max(1, spec.stabilizerSize().value());
      return cells > MAX_CELLS || (double) order * order * cells > MAX_TABLE_ENTRIES;
    }

    // ---- stage 3: the group

    private void checkGroup() {
      int size = spec.stabilizerSize().value();
      List<GeneratorDef> defs = generatorDefs(spec);
      GeneratedGroup generated = GeneratedGroup.of(dimension, matrices());
      if (!generated.isFinite()) {
        String facts = null;
        for (GeneratorDef g : defs) {
          if (orderOf(g.matrix()) == 0) {
            facts = g.name() + " = " + g.matrix() + " has infinite order, so the generators generate infinitely many "
                + "elements";
            break;
          }
        }
        if (facts == null) {
          facts = "the generators " + String.join(", ", defs.stream().map(GeneratorDef::name).toList())
              + " each have finite order but together generate infinitely many elements";
        }
        error(Tag.CLOSURE,
            "the words must form a group, closed under products and inverses",
            facts,
            "Use rotations and reflections of the " + latticeName() + " lattice, e.g. " + symmetryExamples()
                + " (a finite group of integer " + dimension + "x" + dimension + " matrices has at most "
                + (dimension == 2 ? 12 : 48) + " elements)",
            spec.generators().source());
        return;
      }
      WordEnumerator enumerator = new WordEnumerator(dimension, defs);
      int limit = Math.min(size, generated.size() + 1);
      List<Word> words = new ArrayList<>();
      Map<IntMatrix, Word> byMatrix = new HashMap<>();
      // the generated group is finite, so every word and product stays small: no overflow
      for (int s = 0; s < limit; s++) {
        Word w = enumerator.word(s);
        Word earlier = byMatrix.putIfAbsent(w.matrix(), w);
        if (earlier != null) {
          bijectionError(earlier, w, generated, defs);
          return;
        }
        words.add(w);
      }
      for (Word a : words) {
        for (Word b : words) {
          IntMatrix ab = a.matrix().times(b.matrix());
          if (!byMatrix.containsKey(ab)) {
            closureError("(" + a.name() + ") · (" + b.name() + ") = " + ab + " is not one of the " + words.size()
                + " words (indices " + a.index() + " and " + b.index() + ")", generated);
            return;
          }
        }
      }
      if (generated.size() != size) {
        sizeError(generated, byMatrix);
        return;
      }
      StabilizerGroup group = StabilizerGroup.of(dimension, words);
      for (Located<Integer> n : spec.filterSizes().value()) {
        checkSupport(group, n);
      }
    }

    private void bijectionError(Word earlier, Word later, GeneratedGroup generated, List<GeneratorDef> defs) {
      StringBuilder fix = new StringBuilder();
      for (GeneratorDef g : defs) {
        int order = orderOf(g.matrix());
        if (order > 0 && order < g.radix()) {
          fix.append(fix.length() == 0 ? "" : "; ")
              .append(g.name()).append(" has order ").append(order).append(": set its radix to at most ").append(order);
        }
      }
      if (fix.length() == 0) {
        fix.append("Choose generators and radices whose words enumerate each element once");
      } else {
        fix.setCharAt(0, Character.toUpperCase(fix.charAt(0)));
      }
      if (generated.isFinite()) {
        fix.append(" (the generators generate ").append(generated.describeSize())
            .append(", so stabilizerSize should be ").append(generated.size()).append(')');
      }
      error(Tag.BIJECTION,
          "distinct index tuples must give distinct matrices (the index map is a bijection)",
          "tuples " + earlier.tuple() + " and " + later.tuple() + " (indices " + earlier.index() + " and "
              + later.index() + ", " + earlier.name() + " and " + later.name() + ") both give " + later.matrix(),
          fix.toString(),
          spec.generators().source());
    }

    private void closureError(String facts, GeneratedGroup generated) {
      error(Tag.CLOSURE,
          "the words must form a group, closed under products and inverses",
          facts + "; the generators generate " + generated.describeSize(),
          "Choose radices whose words enumerate all " + generated.size()
              + " elements the generators generate, and set stabilizerSize = " + generated.size(),
          spec.generators().source());
    }

    private String symmetryExamples() {
      return switch (lattice) {
        case SQUARE -> "R = {0, -1, 1, 0} (90° rotation) and M = {-1, 0, 0, 1} (mirror)";
        case HEXAGONAL -> "R6 = {1, 1, -1, 0} (60° rotation) and M6 = {-1, -1, 0, 1} (mirror) in axial coordinates";
        case CUBIC -> "signed permutation matrices such as A = {1, 0, 0, 0, 0, -1, 0, 1, 0}";
      };
    }

    private void sizeError(GeneratedGroup generated, Map<IntMatrix, Word> words) {
      GeneratorModel outside = null;
      for (GeneratorModel g : spec.generators().value()) {
        if (!words.containsKey(IntMatrix.of(dimension, g.matrixEntries()))) {
          outside = g;
          break;
        }
      }
      String name = outside == null ? "a generator" : outside.displayName();
      error(Tag.SIZE,
          "stabilizerSize must equal the number of elements the generators generate",
          "the generators generate " + generated.describeSize() + " but the " + words.size()
              + " words enumerate only " + words.size() + ": " + name + " (radix "
              + (outside == null ? "?" : outside.radix().value()) + ") is not among them",
          "Give " + name + " a radix of its order, or remove it, and set stabilizerSize to match",
          outside == null ? spec.stabilizerSize().source() : outside.radix().source());
    }

    private void checkSupport(StabilizerGroup group, Located<Integer> n) {
      CellGrid grid = new CellGrid(lattice, n.value());
      for (Word h : group.elements()) {
        for (int x = 0; x < grid.cells(); x++) {
          if (!grid.inSupport(x)) {
            continue;
          }
          int[] y = h.matrix().apply(grid.doubled(x));
          int target = grid.cellAt(y);
          if (target < 0 || !grid.inSupport(target)) {
            String shape = n.value() + (dimension == 3 ? "x" + n.value() + "x" + n.value() : "x" + n.value());
            error(Tag.SUPPORT,
                "every stabilizer element must map the support of each filter size onto itself",
                "element " + h.label() + " = " + h.matrix() + " maps cell " + grid.describe(grid.doubled(x))
                    + " of the " + shape + " support to " + grid.describe(y)
                    + (target < 0 ? ", which is not a cell of the filter" : ", which is outside the support"),
                "Remove " + n.value() + " from filterSizes"
                    + (lattice == Lattice.HEXAGONAL ? "" : ", or check that the matrices are symmetries of the "
                        + latticeName() + " lattice"),
                n.source());
            return;
          }
        }
      }
    }

    // ---- helpers

    private List<IntMatrix> matrices() {
      List<IntMatrix> out = new ArrayList<>();
      for (GeneratorModel g : spec.generators().value()) {
        out.add(IntMatrix.of(dimension, g.matrixEntries()));
      }
      return out;
    }

    /** The order of a matrix (smallest k ≥ 1 with m^k = I), or 0 if more than GeneratedGroup.LIMIT. */
    private static int orderOf(IntMatrix m) {
      IntMatrix p = m;
      try {
        for (int k = 1; k <= GeneratedGroup.LIMIT; k++) {
          if (p.isIdentity()) {
            return k;
          }
          p = p.times(m);
        }
      } catch (ArithmeticException overflow) {
        return 0;
      }
      return 0;
    }

    private String radixProduct() {
      List<GeneratorModel> gens = spec.generators().value();
      if (gens.isEmpty()) {
        return "(none)";
      }
      StringBuilder sb = new StringBuilder();
      for (GeneratorModel g : gens) {
        sb.append(sb.length() == 0 ? "" : " * ").append(g.displayName()).append(':').append(g.radix().value());
      }
      return sb.toString();
    }

    private String latticeName() {
      return lattice.name().toLowerCase(java.util.Locale.ROOT);
    }

    private String identityExample() {
      return dimension == 2 ? "{1, 0, 0, 1}" : "{1, 0, 0, 0, 1, 0, 0, 0, 1}";
    }
  }
}
