package org.gconv4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.gconv4j.processor.Compile.compile;
import static org.gconv4j.processor.Compile.spec;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One compilation per processor message: the text (tag, rule, facts, fix), the line of the
 * offending annotation value, and that it is the only error.
 */
class SpecErrorsTest {

  private static void assertSingleError(Compilation c, JavaFileObject file, String line, String... parts) {
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    for (String part : parts) {
      assertThat(c).hadErrorContaining(part).inFile(file).onLineContaining(line);
    }
  }

  @Test
  void enumTargetIsRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {3})",
        "enum Spec { A }");
    assertSingleError(compile(f), f, "@GroupSpec(",
        "[GroupSpecTarget] @GroupSpec must annotate a top-level or member class, interface or record; "
            + "Spec is an enum. Put the spec on a class of its own");
  }

  @Test
  void annotationTypeTargetIsRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {3})",
        "@interface Spec {}");
    assertSingleError(compile(f), f, "@GroupSpec(", "[GroupSpecTarget]", "Spec is an annotation type");
  }

  @Test
  void invalidNameIsRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(",
        "    name = \"p4 m\",",
        "    lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {3})",
        "final class Spec {}");
    assertSingleError(compile(f), f, "name = \"p4 m\"",
        "[GroupSpecName] name must be empty (the class name) or a valid Java identifier; \"p4 m\" is not one. "
            + "Use letters, digits and underscores, not starting with a digit, e.g. name = \"p4m\"");
  }

  @Test
  void duplicateGroupNamesInOneCompilationAreRejected() {
    JavaFileObject first = Compile.source("a.First",
        "@GroupSpec(name = \"Twin\", lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {3})",
        "final class First {}");
    JavaFileObject second = Compile.source("b.Second",
        "@GroupSpec(",
        "    name = \"Twin\",",
        "    lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {3})",
        "final class Second {}");
    assertSingleError(compile(first, second), second, "name = \"Twin\"",
        "[GroupSpecName] group names must be unique in one compilation; \"Twin\" is already the name of the group "
            + "of a.First. Give one of them a distinct name");
  }

  @Test
  void matrixOfWrongShapeIsRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.CUBIC, stabilizerSize = 4, filterSizes = {3},",
        "    generators = @Generator(name = \"R\",",
        "        matrix = {0, -1, 1, 0},",
        "        radix = 4))",
        "final class Spec {}");
    assertSingleError(compile(f), f, "matrix = {0, -1, 1, 0}",
        "[GroupSpecMatrixShape] a generator matrix on the cubic lattice has 9 entries (3x3, row-major); "
            + "generator R has 4. Write the 3x3 matrix row by row");
  }

  @Test
  void matrixWithDeterminantOtherThanPlusMinusOneIsRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 2, filterSizes = {3},",
        "    generators = {",
        "      @Generator(name = \"S\",",
        "          matrix = {2, 0, 0, 1},",
        "          radix = 2)})",
        "final class Spec {}");
    assertSingleError(compile(f), f, "matrix = {2, 0, 0, 1}",
        "[GroupSpecMatrixDeterminant] a generator matrix must have determinant +1 or -1 (a symmetry of the lattice); "
            + "generator S = [[2, 0], [0, 1]] has determinant 2.");
  }

  @Test
  void radixBelowOneIsRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 4, filterSizes = {3},",
        "    generators = @Generator(matrix = {0, -1, 1, 0},",
        "        radix = 0))",
        "final class Spec {}");
    assertSingleError(compile(f), f, "radix = 0",
        "[GroupSpecRadix] every radix must be at least 1; generator G1 has radix 0. Set the radix");
  }

  @Test
  void radixProductDifferentFromStabilizerSizeIsRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE,",
        "    stabilizerSize = 6,",
        "    filterSizes = {3},",
        "    generators = @Generator(name = \"R\", matrix = {0, -1, 1, 0}, radix = 4))",
        "final class Spec {}");
    assertSingleError(compile(f), f, "stabilizerSize = 6",
        "[GroupSpecRadix] the product of the radices must equal stabilizerSize; radices R:4 = 4 but "
            + "stabilizerSize = 6 (the generators generate 4 elements). Set stabilizerSize = 4");
  }

  @Test
  void wordsThatRepeatAreRejectedNamingTwoTuples() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 8, filterSizes = {3},",
        "    generators = {",
        "      @Generator(name = \"R\", matrix = {0, -1, 1, 0}, radix = 8)})",
        "final class Spec {}");
    assertSingleError(compile(f), f, "generators = {",
        "[GroupSpecBijection] distinct index tuples must give distinct matrices (the index map is a bijection); "
            + "tuples (0) and (4) (indices 0 and 4, e and R^4) both give [[1, 0], [0, 1]]. "
            + "R has order 4: set its radix to at most 4 (the generators generate 4 elements, so stabilizerSize "
            + "should be 4)");
  }

  @Test
  void wordsNotClosedUnderProductsAreRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 4, filterSizes = {3},",
        "    generators = {",
        "      @Generator(name = \"M\", matrix = {-1, 0, 0, 1}, radix = 2),",
        "      @Generator(name = \"R\", matrix = {0, -1, 1, 0}, radix = 2)})",
        "final class Spec {}");
    assertSingleError(compile(f), f, "generators = {",
        "[GroupSpecClosure] the words must form a group, closed under products and inverses; "
            + "(R) · (R) = [[-1, 0], [0, -1]] is not one of the 4 words (indices 1 and 1); "
            + "the generators generate 8 elements. Choose radices whose words enumerate all 8 elements the "
            + "generators generate, and set stabilizerSize = 8");
  }

  @Test
  void generatorOfInfiniteOrderIsRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 2, filterSizes = {3},",
        "    generators = {",
        "      @Generator(name = \"Shear\", matrix = {1, 1, 0, 1}, radix = 2)})",
        "final class Spec {}");
    assertSingleError(compile(f), f, "generators = {",
        "[GroupSpecClosure] the words must form a group, closed under products and inverses; "
            + "Shear = [[1, 1], [0, 1]] has infinite order, so the generators generate infinitely many elements. "
            + "Use rotations and reflections of the square lattice, e.g. R = {0, -1, 1, 0}");
  }

  @Test
  void finiteOrderGeneratorsOfAnInfiniteGroupAreRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.HEXAGONAL, stabilizerSize = 12, filterSizes = {3},",
        "    generators = {",
        "      @Generator(name = \"M\", matrix = {-1, 0, 0, 1}, radix = 2),",
        "      @Generator(name = \"R6\", matrix = {1, 1, -1, 0}, radix = 6)})",
        "final class Spec {}");
    assertSingleError(compile(f), f, "generators = {",
        "[GroupSpecClosure] the words must form a group, closed under products and inverses; the generators M, R6 "
            + "each have finite order but together generate infinitely many elements. Use rotations and reflections "
            + "of the hexagonal lattice, e.g. R6 = {1, 1, -1, 0} (60° rotation) and M6 = {-1, -1, 0, 1}");
  }

  @Test
  void generatorOutsideTheWordsIsASizeError() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 4, filterSizes = {3},",
        "    generators = {",
        "      @Generator(name = \"M\", matrix = {-1, 0, 0, 1},",
        "          radix = 1),",
        "      @Generator(name = \"R\", matrix = {0, -1, 1, 0}, radix = 4)})",
        "final class Spec {}");
    assertSingleError(compile(f), f, "radix = 1",
        "[GroupSpecSize] stabilizerSize must equal the number of elements the generators generate; "
            + "the generators generate 8 elements but the 4 words enumerate only 4: M (radix 1) is not among them. "
            + "Give M a radix of its order");
  }

  @Test
  void stabilizerSizeBelowOneIsRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, filterSizes = {3},",
        "    stabilizerSize = 0)",
        "final class Spec {}");
    assertSingleError(compile(f), f, "stabilizerSize = 0",
        "[GroupSpecSize] stabilizerSize must be at least 1; it is 0.");
  }

  @Test
  void filterSizeBelowOneIsRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {3,",
        "    0})",
        "final class Spec {}");
    assertSingleError(compile(f), f, "0})",
        "[GroupSpecFilterSize] every filter size must be at least 1; filterSizes lists 0. Remove 0");
  }

  @Test
  void evenFilterSizeOnTheHexagonalLatticeIsRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.HEXAGONAL, stabilizerSize = 6, filterSizes = {3,",
        "    4},",
        "    generators = @Generator(name = \"R6\", matrix = {1, 1, -1, 0}, radix = 6))",
        "final class Spec {}");
    assertSingleError(compile(f), f, "4},",
        "[GroupSpecFilterSize] filter sizes on the hexagonal lattice must be odd", "filterSizes lists 4. Use 3 or 5");
  }

  @Test
  void repeatedFilterSizeIsRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {3,",
        "    3})",
        "final class Spec {}");
    assertSingleError(compile(f), f, "3})",
        "[GroupSpecFilterSize] every filter size must be listed once; filterSizes lists 3 more than once.");
  }

  @Test
  void hugeFilterSizeIsRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.CUBIC, stabilizerSize = 1, filterSizes = {3,",
        "    17})",
        "final class Spec {}");
    assertSingleError(compile(f), f, "17})",
        "[GroupSpecFilterSize] a filter may have at most 4096 cells", "size 17 gives 4913 cells");
  }

  @Test
  void supportNotMappedOntoItselfIsRejectedNamingElementAndCell() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 6,",
        "    generators = @Generator(name = \"R6\", matrix = {1, 1, -1, 0}, radix = 6),",
        "    filterSizes = {1,",
        "        3})",
        "final class Spec {}");
    assertSingleError(compile(f), f, "3})",
        "[GroupSpecSupport] every stabilizer element must map the support of each filter size onto itself; "
            + "element 1 (R6) = [[1, 1], [-1, 0]] maps cell (0, 0) of the 3x3 support to (-1, 2), "
            + "which is not a cell of the filter. Remove 3 from filterSizes");
  }

  @Test
  void unexpectedFailureBecomesAnInternalErrorOnTheSpec() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {3})",
        "final class Spec {}");
    Compilation c = com.google.testing.compile.Compiler.javac()
        .withProcessors(new GroupSpecProcessor((validation, filer) -> {
          throw new IllegalStateException("boom");
        }))
        .compile(f);
    assertSingleError(c, f, "@GroupSpec(",
        "[GroupSpecInternal] GroupSpecProcessor must not fail on a spec; it threw java.lang.IllegalStateException: boom",
        "This is a gconv4j bug, please report it");
  }

  @Test
  void missingRequiredValueLeavesOnlyJavacsOwnError() {
    JavaFileObject f = spec(
        "@GroupSpec(stabilizerSize = 1, filterSizes = {3})",
        "final class Spec {}");
    Compilation c = compile(f);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("lattice").inFile(f).onLineContaining("@GroupSpec(");
  }

  @Test
  void independentMistakesAreEachReported() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 4,",
        "    generators = @Generator(name = \"R\",",
        "        matrix = {0, -1, 1},",
        "        radix = 4),",
        "    filterSizes = {",
        "        -3})",
        "final class Spec {}");
    Compilation c = compile(f);
    assertThat(c).hadErrorCount(2);
    assertThat(c).hadErrorContaining("[GroupSpecMatrixShape]").inFile(f).onLineContaining("matrix = {0, -1, 1}");
    assertThat(c).hadErrorContaining("[GroupSpecFilterSize]").inFile(f).onLineContaining("-3})");
  }

  @Test
  void squareRotationMovesHexagonalSupportCellsOutside() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.HEXAGONAL, stabilizerSize = 4,",
        "    generators = @Generator(name = \"R\", matrix = {0, -1, 1, 0}, radix = 4),",
        "    filterSizes = {",
        "        3})",
        "final class Spec {}");
    assertSingleError(compile(f), f, "3})",
        "[GroupSpecSupport] every stabilizer element must map the support of each filter size onto itself; "
            + "element 1 (R) = [[0, -1], [1, 0]] maps cell (0, 2) of the 3x3 support to (0, 0), which is outside "
            + "the support. Remove 3 from filterSizes");
  }

  @Test
  void twoGeneratorsWithOneNameAreRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 8, filterSizes = {3},",
        "    generators = {",
        "      @Generator(name = \"R\", matrix = {-1, 0, 0, 1}, radix = 2),",
        "      @Generator(",
        "          name = \"R\",",
        "          matrix = {0, -1, 1, 0}, radix = 4)})",
        "final class Spec {}");
    assertSingleError(compile(f), f, "          name = \"R\",",
        "[GroupSpecName] generator names must be distinct (element names are words in them); generators 1 and 2 "
            + "are both named R. Rename generator 2, e.g. name = \"R2\"");
  }

  @Test
  void anUnnamedGeneratorClashesWithAnExplicitDefaultName() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 8, filterSizes = {3},",
        "    generators = {",
        "      @Generator(name = \"G2\", matrix = {-1, 0, 0, 1}, radix = 2),",
        "      @Generator(matrix = {0, -1, 1, 0}, radix = 4)})",
        "final class Spec {}");
    assertSingleError(compile(f), f, "@Generator(matrix = {0, -1, 1, 0}",
        "[GroupSpecName] generator names must be distinct", "both named G2 (an unnamed generator at position i is named G<i>)");
  }

  @Test
  void emptyFilterSizesAreRejected() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 4,",
        "    filterSizes = {},",
        "    generators = @Generator(name = \"R\", matrix = {0, -1, 1, 0}, radix = 4))",
        "final class Spec {}");
    assertSingleError(compile(f), f, "filterSizes = {}",
        "[GroupSpecFilterSize] filterSizes must list at least one size (a group without filter tables cannot make a "
            + "layer); filterSizes is empty. List the filter sizes your layers use, e.g. filterSizes = {3}");
  }
}
