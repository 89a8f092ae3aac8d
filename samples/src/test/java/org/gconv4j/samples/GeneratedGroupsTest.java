package org.gconv4j.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.gconv4j.annotations.Lattice;
import org.gconv4j.group.FilterTables;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.group.GroupAxioms;
import org.gconv4j.group.GroupRegistry;
import org.gconv4j.group.MatrixGroup;
import org.gconv4j.group.ReferenceTables;
import org.gconv4j.group.TestGroups;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classes the processor generated for the sample specs: found by the registry, group axioms,
 * generated tables equal to the runtime's independent computation (generated-vs-general) and to
 * GrouPy's and HexaConv's tables.
 */
class GeneratedGroupsTest {
  static final List<String> SAMPLES = List.of("Z2", "P4", "P4M", "P6", "P6M", "O", "OH");

  static Stream<Group> groups() {
    GroupRegistry registry = GroupRegistry.load();
    return SAMPLES.stream().map(registry::find);
  }

  @Test
  void registryFindsEverySampleBySimpleAndQualifiedName() {
    GroupRegistry registry = GroupRegistry.load();
    for (String name : SAMPLES) {
      Group g = registry.find(name);
      assertEquals(name, g.name());
      assertEquals("org.gconv4j.samples.groups." + name, g.specClassName());
      assertEquals(g, registry.find("org.gconv4j.samples.groups." + name));
    }
    assertEquals("P4M", registry.find("p4m").name());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.find("P5"));
    assertTrue(e.getMessage().contains("known groups: ") && e.getMessage().contains("P4M"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("groups")
  void satisfiesTheGroupAxioms(Group g) {
    GroupAxioms.check(g);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("groups")
  void elementsAreThoseOfTheConventions(Group g) {
    MatrixGroup expected = TestGroups.all().stream().filter(x -> x.name().equals(g.name())).findFirst().orElseThrow();
    assertEquals(expected.order(), g.order());
    assertEquals(expected.lattice(), g.lattice());
    assertArrayEquals(expected.filterSizes(), g.filterSizes());
    for (int s = 0; s < g.order(); s++) {
      assertArrayEquals(expected.matrix(s), g.matrix(s), g.name() + " element " + s);
      assertEquals(expected.elementName(s), g.elementName(s));
    }
  }

  static Stream<Arguments> groupsAndSizes() {
    return groups().flatMap(g -> Arrays.stream(g.filterSizes()).mapToObj(n -> Arguments.of(g, n)));
  }

  /** EJML's generated-vs-general pattern: the runtime recomputes everything from the matrices. */
  @ParameterizedTest(name = "{0} n={1}")
  @MethodSource("groupsAndSizes")
  void generatedTablesEqualTheRuntimeComputation(Group g, int n) {
    MatrixGroup general = MatrixGroup.copyOf(g);
    for (int a = 0; a < g.order(); a++) {
      assertEquals(general.inverse(a), g.inverse(a));
      for (int b = 0; b < g.order(); b++) {
        assertEquals(general.multiply(a, b), g.multiply(a, b));
      }
    }
    FilterTables generated = g.tables(n);
    FilterTables computed = general.tables(n);
    assertArrayEquals(computed.supportFlat(), generated.supportFlat(), "support");
    assertArrayEquals(computed.liftingFlat(), generated.liftingFlat(), "lifting");
    assertArrayEquals(computed.groupFlat(), generated.groupFlat(), "group");
    assertEquals(computed, generated);
  }

  /**
   * The processor (generated tables) and the runtime's feature-map action ({@link GroupAction}) read
   * the cell coordinates and the support from one home, {@code CellGrid}; this holds them to it: the
   * generated lifting row of s' is the runtime's source map of s' on the filter grid, restricted to
   * the support, and the generated hexagonal support is the runtime's hexagon mask.
   */
  @ParameterizedTest(name = "{0} n={1}")
  @MethodSource("groupsAndSizes")
  void generatedTablesAgreeWithTheRuntimeActionOnTheFilterGrid(Group g, int n) {
    assertEquals(List.of(), disagreements(g, g.tables(n)));
  }

  /** Negative control: one lifting entry moved, or the support of the other 2D lattice, is caught. */
  @Test
  void theAgreementCheckCatchesATableOffByOneCellOrTheWrongSupport() {
    Group p4 = GroupRegistry.load().find("P4");
    FilterTables t = p4.tables(3);
    int[] lifting = t.liftingFlat().clone();
    lifting[9 + 1] = lifting[9 + 2];
    FilterTables moved = new FilterTables(3, 2, 4, t.supportFlat().clone(), lifting, t.groupFlat().clone());
    assertEquals(1, disagreements(p4, moved).size(), disagreements(p4, moved).toString());
    Group p6 = GroupRegistry.load().find("P6");
    FilterTables hex = p6.tables(3);
    int[] square = new int[9];
    Arrays.fill(square, 1);
    FilterTables squareSupport = new FilterTables(3, 2, 6, square, hex.liftingFlat().clone(), hex.groupFlat().clone());
    assertTrue(disagreements(p6, squareSupport).contains("support"), disagreements(p6, squareSupport).toString());
  }

  private static List<String> disagreements(Group g, FilterTables t) {
    int n = t.kernelSize();
    int cells = t.cells();
    List<String> found = new ArrayList<>();
    if (g.lattice() == Lattice.HEXAGONAL) {
      float[] mask = GroupAction.hexMask(n);
      for (int x = 0; x < cells; x++) {
        if ((mask[x] != 0) != t.inSupport(x)) {
          found.add("support");
          break;
        }
      }
    }
    for (int s = 0; s < g.order(); s++) {
      int[] source = GroupAction.sourceCells(g, s, n);
      for (int x = 0; x < cells; x++) {
        int expected = t.inSupport(x) ? source[x] : -1;
        if (t.liftingSource(s, x) != expected) {
          found.add(g.name() + " n=" + n + " element " + s + " cell " + x + ": generated " + t.liftingSource(s, x)
              + ", runtime action " + expected);
        }
      }
    }
    return found;
  }

  @Test
  void generatedTablesEqualGrouPyAndHexaConv() {
    GroupRegistry registry = GroupRegistry.load();
    List<ReferenceTables> cases = ReferenceTables.load();
    assertEquals(9, cases.size());
    for (ReferenceTables ref : cases) {
      FilterTables t = registry.find(ref.group()).tables(ref.kernelSize());
      if (ref.support() != null) {
        assertArrayEquals(ref.support(), t.supportFlat(), ref + " support");
      }
      assertArrayEquals(ref.lifting(), t.liftingFlat(), ref + " lifting");
      assertArrayEquals(ref.groupTable(), t.groupFlat(), ref + " group");
    }
  }

  @Test
  void askingForASizeThatWasNotGeneratedNamesTheGeneratedSizes() {
    Group p4 = GroupRegistry.load().find("P4");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p4.tables(6));
    assertTrue(e.getMessage().contains("[3, 4, 5, 7]") && e.getMessage().contains("6"), e.getMessage());
  }

  @Test
  void supportCellsCountsTheHexagonAndEveryCellElsewhere() {
    GroupRegistry registry = GroupRegistry.load();
    assertEquals(7, registry.find("P6").tables(3).supportCells());
    assertEquals(19, registry.find("P6M").tables(5).supportCells());
    assertEquals(16, registry.find("P4").tables(4).supportCells());
    assertEquals(27, registry.find("O").tables(3).supportCells());
  }

  @Test
  void ohWithFiveCubedFiltersHasAllItsEntries() {
    FilterTables t = GroupRegistry.load().find("OH").tables(5);
    assertEquals(48 * 48 * 125, t.groupFlat().length);
  }
}
