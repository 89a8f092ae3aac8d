package org.gconv4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.gconv4j.processor.Compile.compile;
import static org.gconv4j.processor.Compile.spec;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.SourceVersion;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, class 7, and the processor-names battery: generator names, group names and the names of
 * the generated classes. A bad name is one tagged {@code [GroupSpecName]} error on the line of the
 * offending value (or of {@code @GroupSpec} for a class-name clash), never javac errors in generated
 * code, a {@code [GroupSpecInternal]} or a message spread over several lines.
 */
class SpecNamesTest {
  private static JavaFileObject generatorNamed(String javaLiteral) {
    return spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 4, filterSizes = {3},",
        "    generators = @Generator(",
        "        name = " + javaLiteral + ",",
        "        matrix = {0, -1, 1, 0}, radix = 4))",
        "final class Spec {}");
  }

  private static void assertSingleError(Compilation c, JavaFileObject file, String line, String... parts) {
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    for (String part : parts) {
      assertThat(c).hadErrorContaining(part).inFile(file).onLineContaining(line);
    }
  }

  @Test
  void aGeneratorNameWithANewlineIsOneErrorOnItsLine() {
    JavaFileObject f = generatorNamed("\"R\\n\"");
    Compilation c = compile(f);
    assertSingleError(c, f, "name = \"R\\n\"",
        "[GroupSpecName] generator names must be Java identifiers (they are the words of element names and go into "
            + "the generated code and comments); generator 1 is named \"R\\n\". Use letters, digits and underscores, "
            + "not starting with a digit, e.g. name = \"R\"");
    for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
      assertTrue(!d.getMessage(null).contains("\n"), "one line: " + d.getMessage(null));
    }
  }

  @Test
  void aGeneratorNamedEIsRefused() {
    JavaFileObject f = generatorNamed("\"e\"");
    assertSingleError(compile(f), f, "name = \"e\"",
        "[GroupSpecName] no generator may be named e (e names the identity element); generator 1 is named \"e\"",
        "Rename it, e.g. name = \"E\" or \"G1\"");
  }

  @Test
  void negativeControlIdentifierNamesCompile() {
    for (String name : List.of("\"E\"", "\"R_2\"", "\"rot\"", "\"\"")) {
      assertThat(compile(generatorNamed(name))).succeeded();
    }
  }

  @Test
  void aSpecWhoseGroupClassExistsIsATaggedError() {
    JavaFileObject f = spec(
        "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {3})",
        "final class Spec {}");
    JavaFileObject existing = Compile.source("test.SpecGroup", "final class SpecGroup {}");
    Compilation c = compile(f, existing);
    assertSingleError(c, f, "@GroupSpec(",
        "[GroupSpecName] the classes a spec generates must not clash with other types; test.Spec generates "
            + "test.SpecGroup, which is already a type in the sources. Rename the spec class or the other type");
  }

  @Test
  void aMemberSpecAndATopLevelSpecWithOneGeneratedNameAreATaggedError() {
    JavaFileObject outer = Compile.source("test.Outer",
        "final class Outer {",
        "  @GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {3})",
        "  static final class Inner {}",
        "}");
    JavaFileObject flat = Compile.source("test.Outer_Inner",
        "@GroupSpec(name = \"Flat\", lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {3})",
        "final class Outer_Inner {}");
    Compilation c = compile(outer, flat);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[GroupSpecName] the classes a spec generates must not clash with other types");
    assertThat(c).hadErrorContaining("test.Outer_InnerGroup");
    for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
      assertTrue(!d.getMessage(null).contains("GroupSpecInternal"), d.getMessage(null));
    }
  }

  /** Hostile names (as Java string literals) for a generator and for the group. */
  static final List<String> NAMES = List.of("\"R\\n\"", "\"\\n\"", "\"R\\\\u000a\"", "\"R\\r\\nS\"", "\"a b\"", "\"1R\"",
      "\"e\"", "\"R^2\"", "\"R-1\"", "\"R*\"", "\"\\\"\"", "\"*/ class X {} /*\"", "\"é\"", "\"$\"", "\"class\"",
      "\"\\t\"", "\"R\\u2028\"", "\"Ω\"", "\"R\\0\"", "\"\\u0065\"");

  /** The string a Java string literal (as written in the spec's source) denotes. */
  private static String unescape(String literal) {
    StringBuilder sb = new StringBuilder();
    String body = literal.substring(1, literal.length() - 1);
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char n = body.charAt(++i);
      switch (n) {
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case '0' -> sb.append('\0');
        case 'u' -> {
          sb.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> sb.append(n);
      }
    }
    return sb.toString();
  }

  @Test
  void processorNamesBattery() {
    List<String> failures = new ArrayList<>();
    int tries = 0;
    for (String literal : NAMES) {
      String name = unescape(literal);
      for (boolean generator : List.of(true, false)) {
        tries++;
        JavaFileObject f = generator ? generatorNamed(literal) : spec(
            "@GroupSpec(",
            "    name = " + literal + ",",
            "    lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {3})",
            "final class Spec {}");
        Compilation c;
        try {
          c = compile(f);
        } catch (RuntimeException e) {
          failures.add(literal + (generator ? " (generator)" : " (group)") + ": the compiler threw " + e);
          continue;
        }
        boolean valid = SourceVersion.isIdentifier(name) && name.chars().noneMatch(Character::isIdentifierIgnorable)
            && (generator ? !name.equals("e") : !SourceVersion.isKeyword(name));
        String what = literal + (generator ? " (generator)" : " (group)") + ": ";
        if (valid && c.status() != Compilation.Status.SUCCESS) {
          failures.add(what + "a valid name refused: " + c.errors());
        } else if (!valid && c.status() == Compilation.Status.SUCCESS) {
          failures.add(what + "accepted");
        } else if (!valid) {
          List<String> msgs = c.errors().stream().map(d -> d.getMessage(null)).toList();
          if (msgs.size() != 1 || !msgs.get(0).startsWith("[GroupSpecName] ") || msgs.get(0).contains("\n")
              || c.errors().get(0).getLineNumber() != (generator ? 5 : 4)) {
            failures.add(what + c.errors().size() + " errors, first on line " + c.errors().get(0).getLineNumber()
                + ": " + msgs);
          }
        }
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + tries + " tries:\n" + String.join("\n", failures));
  }
}
