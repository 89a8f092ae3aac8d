package org.gconv4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import org.gconv4j.annotations.Lattice;
import org.gconv4j.group.FilterTables;
import org.gconv4j.group.Group;
import org.junit.jupiter.api.Test;

/**
 * Specs a user might write outside the samples: D3 on the hexagonal lattice and p2 on the square
 * lattice. The generated classes are loaded from the compilation's output and checked against a
 * straightforward reference computation written here, independent of the processor's code.
 */
class UserSpecTest {

  private static Group load(Compilation c, String className) throws Exception {
    assertThat(c).succeededWithoutWarnings();
    Class<?> type = new InMemoryClassLoader(c).loadClass(className);
    return (Group) type.getConstructor().newInstance();
  }

  private static int[][] mul(int[][] a, int[][] b) {
    int d = a.length;
    int[][] out = new int[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        for (int k = 0; k < d; k++) {
          out[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return out;
  }

  private static int[][] pow(int[][] a, int p) {
    int[][] out = {{1, 0}, {0, 1}};
    for (int i = 0; i < p; i++) {
      out = mul(out, a);
    }
    return out;
  }

  private static int indexOf(Group g, int[][] m) {
    for (int s = 0; s < g.order(); s++) {
      if (Arrays.deepEquals(g.matrix(s), m)) {
        return s;
      }
    }
    throw new AssertionError("no element has matrix " + Arrays.deepToString(m));
  }

  /** Reference §3-§4 tables for a 2D group, by brute-force matrix search. */
  private static void assertTablesMatchReference(Group g, int n) {
    FilterTables t = g.tables(n);
    boolean hex = g.lattice() == Lattice.HEXAGONAL;
    int order = g.order();
    int cells = n * n;
    assertThat(t.cells()).isEqualTo(cells);
    for (int sp = 0; sp < order; sp++) {
      int[][] h = g.matrix(sp);
      int[][] hInv = null;
      for (int e = 0; e < order; e++) {
        if (Arrays.deepEquals(mul(h, g.matrix(e)), pow(h, 0))) {
          hInv = g.matrix(e);
        }
      }
      for (int t2 = 0; t2 < order; t2++) {
        int tBar = indexOf(g, mul(hInv, g.matrix(t2)));
        for (int row = 0; row < n; row++) {
          for (int col = 0; col < n; col++) {
            int x = row * n + col;
            // doubled centred coordinates
            int u = 2 * row - (n - 1);
            int v = 2 * col - (n - 1);
            boolean inside = !hex || (Math.abs(u) + Math.abs(v) + Math.abs(u + v)) / 2 <= n - 1;
            assertThat(t.inSupport(x)).isEqualTo(inside);
            int expected = -1;
            if (inside) {
              int uu = hInv[0][0] * u + hInv[0][1] * v;
              int vv = hInv[1][0] * u + hInv[1][1] * v;
              int source = ((uu + n - 1) / 2) * n + (vv + n - 1) / 2;
              assertThat(t.liftingSource(sp, x)).isEqualTo(source);
              expected = tBar * cells + source;
            } else {
              assertThat(t.liftingSource(sp, x)).isEqualTo(-1);
            }
            assertThat(t.groupSource(sp, t2, x)).isEqualTo(expected);
          }
        }
      }
    }
  }

  private static void assertGroupAxioms(Group g) {
    int order = g.order();
    for (int a = 0; a < order; a++) {
      assertThat(g.multiply(0, a)).isEqualTo(a);
      assertThat(g.multiply(a, 0)).isEqualTo(a);
      assertThat(g.multiply(a, g.inverse(a))).isEqualTo(0);
      assertThat(g.multiply(g.inverse(a), a)).isEqualTo(0);
      for (int b = 0; b < order; b++) {
        assertThat(g.multiply(a, b)).isEqualTo(indexOf(g, mul(g.matrix(a), g.matrix(b))));
        for (int c = 0; c < order; c++) {
          assertThat(g.multiply(g.multiply(a, b), c)).isEqualTo(g.multiply(a, g.multiply(b, c)));
        }
      }
    }
  }

  @Test
  void d3OnTheHexagonalLattice() throws Exception {
    Compilation c = Compile.compile(Compile.source("user.groups.D3",
        "/** The dihedral group of order 6: 120° rotations and mirrors of the hexagonal lattice. */",
        "@GroupSpec(",
        "    lattice = Lattice.HEXAGONAL,",
        "    stabilizerSize = 6,",
        "    generators = {",
        "      @Generator(name = \"M\", matrix = {-1, -1, 0, 1}, radix = 2),",
        "      @Generator(name = \"R3\", matrix = {0, 1, -1, -1}, radix = 3)",
        "    },",
        "    filterSizes = {5, 3})",
        "public final class D3 {}"));
    Group g = load(c, "user.groups.D3Group");
    int[][] m = {{-1, -1}, {0, 1}};
    int[][] r3 = {{0, 1}, {-1, -1}};
    List<String> names = new ArrayList<>();
    for (int s = 0; s < 6; s++) {
      assertThat(g.matrix(s)).isEqualTo(mul(pow(m, s / 3), pow(r3, s % 3)));
      names.add(g.elementName(s));
    }
    assertThat(names).containsExactly("e", "R3", "R3^2", "M", "M R3", "M R3^2").inOrder();
    assertThat(g.name()).isEqualTo("D3");
    assertThat(g.specClassName()).isEqualTo("user.groups.D3");
    assertThat(g.lattice()).isEqualTo(Lattice.HEXAGONAL);
    assertThat(g.filterSizes()).isEqualTo(new int[] {3, 5});
    assertGroupAxioms(g);
    assertTablesMatchReference(g, 3);
    assertTablesMatchReference(g, 5);
    assertThat(g.tables(3)).isSameInstanceAs(g.tables(3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.tables(7));
    assertThat(e).hasMessageThat().isEqualTo("[GroupTables] D3 has tables for filter sizes [3, 5], not 7; add 7 to "
        + "filterSizes of the @GroupSpec on user.groups.D3 and recompile");
    assertThrows(IndexOutOfBoundsException.class, () -> g.multiply(6, 0));
  }

  @Test
  void p2OnTheSquareLatticeWithEvenFilterAndServiceRegistration() throws Exception {
    Compilation c = Compile.compile(Compile.source("user.P2Spec",
        "@GroupSpec(name = \"p2\", lattice = Lattice.SQUARE, stabilizerSize = 2,",
        "    generators = @Generator(matrix = {-1, 0, 0, -1}, radix = 2),",
        "    filterSizes = {2, 3})",
        "final class P2Spec {",
        "  private P2Spec() {}",
        "}"));
    InMemoryClassLoader loader = new InMemoryClassLoader(c);
    Group g = (Group) loader.loadClass("user.P2SpecGroup").getConstructor().newInstance();
    assertThat(g.name()).isEqualTo("p2");
    assertThat(g.elementName(1)).isEqualTo("G1");
    assertGroupAxioms(g);
    assertTablesMatchReference(g, 2);
    assertTablesMatchReference(g, 3);
    assertThat(c).generatedFile(javax.tools.StandardLocation.CLASS_OUTPUT, GroupRegistryProcessor.SERVICE_FILE)
        .contentsAsUtf8String().isEqualTo("user.P2SpecGroup\n");
  }

  @Test
  void memberSpecGetsTheEnclosingNameAndIsFoundByServiceLoader() throws Exception {
    Compilation c = Compile.compile(Compile.source("user.Outer",
        "public class Outer {",
        "  @GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {1})",
        "  public interface Trivial {}",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("user.Outer_TrivialGroup");
    InMemoryClassLoader loader = new InMemoryClassLoader(c);
    List<String> found = new ArrayList<>();
    for (Group g : ServiceLoader.load(Group.class, loader)) {
      if (g.getClass().getClassLoader() == loader) {
        found.add(g.name() + ":" + g.order() + ":" + g.specClassName() + ":" + g.getClass().getName());
      }
    }
    assertThat(found).containsExactly("Trivial:1:user.Outer.Trivial:user.Outer_TrivialGroup");
  }

  @Test
  void recordAndInterfaceSpecsAreAccepted() {
    Compilation c = Compile.compile(
        Compile.source("user.RecordSpec",
            "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {3})",
            "record RecordSpec() {}"),
        Compile.source("user.InterfaceSpec",
            "@GroupSpec(lattice = Lattice.CUBIC, stabilizerSize = 2, filterSizes = {2},",
            "    generators = @Generator(matrix = {-1, 0, 0, 0, -1, 0, 0, 0, -1}, radix = 2))",
            "interface InterfaceSpec {}"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("user.RecordSpecGroup");
    assertThat(c).generatedSourceFile("user.InterfaceSpecGroup");
  }
}
