package org.gconv4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: the API reference of the exported packages builds without warnings. Runs the JDK's javadoc in
 * this JVM, in module mode (so it documents exactly what the descriptors export) with every doclint check
 * but "missing" (a comment on every member; ExportedApiTest asks for one on every exported type), as
 * {@code mvn javadoc:javadoc} is configured. The one warning javadoc always prints, "using incubating
 * module(s): jdk.incubator.vector", is not about the documentation and is allowed.
 */
class JavadocTest {
  @TempDir
  Path dir;

  record Result(int code, List<String> problems, String output) {}

  /** javadoc over the annotations and runtime modules; {@code runtimeSources} replaces runtime/src/main/java. */
  static Result javadoc(Path out, Path runtimeSources) {
    ToolProvider javadoc = ToolProvider.findFirst("javadoc").orElseThrow();
    String runtimeSourcePath = runtimeSources.toAbsolutePath() + File.pathSeparator
        + Path.of("..", "runtime", "target", "generated-sources", "protobuf", "java").toAbsolutePath();
    List<String> args = new ArrayList<>(List.of(
        "-d", out.toString(), "-quiet", "-Xdoclint:all,-missing",
        "--module-source-path", "org.gconv4j.annotations=" + Path.of("..", "annotations", "src", "main", "java").toAbsolutePath(),
        "--module-source-path", "org.gconv4j.runtime=" + runtimeSourcePath,
        "--module-path", ModulePathTest.modulePath().replaceAll("[^" + File.pathSeparator + "]*target/classes"
            + File.pathSeparator + "?", ""),
        "--module", "org.gconv4j.annotations,org.gconv4j.runtime"));
    StringWriter text = new StringWriter();
    PrintWriter w = new PrintWriter(text);
    int code = javadoc.run(w, w, args.toArray(String[]::new));
    w.flush();
    List<String> problems = text.toString().lines()
        .filter(l -> l.contains("warning") || l.contains("error"))
        .filter(l -> !l.contains("using incubating module(s): jdk.incubator.vector"))
        .filter(l -> !l.matches("\\d+ warnings?"))
        .toList();
    return new Result(code, problems, text.toString());
  }

  @Test
  void theExportedPackagesDocumentWithoutWarnings() {
    Path out = dir.resolve("apidocs");
    Result r = javadoc(out, Path.of("..", "runtime", "src", "main", "java"));
    assertEquals(0, r.code(), r.output());
    assertEquals(List.of(), r.problems(), r.output());
    assertTrue(Files.exists(out.resolve("org.gconv4j.runtime").resolve("org").resolve("gconv4j").resolve("nn")
        .resolve("Model.html")), "documented the exported packages: " + r.output());
    assertTrue(!Files.exists(out.resolve("org.gconv4j.runtime").resolve("org").resolve("gconv4j").resolve("internal")),
        "internal packages are not documented");
  }

  @Test
  void negativeControlABrokenLinkInAnExportedTypeIsReported() throws Exception {
    Path copy = dir.resolve("runtime-src");
    Path original = Path.of("..", "runtime", "src", "main", "java");
    try (Stream<Path> files = Files.walk(original)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = copy.resolve(original.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    Path model = copy.resolve("org/gconv4j/nn/Model.java");
    String text = Files.readString(model);
    int classComment = text.indexOf("/**");
    Files.writeString(model, text.substring(0, classComment + 3) + " See {@link NoSuchType} and <b>unclosed. "
        + text.substring(classComment + 3));
    Result r = javadoc(dir.resolve("apidocs"), copy);
    assertTrue(r.problems().stream().anyMatch(p -> p.contains("Model.java")), r.output());
  }
}
