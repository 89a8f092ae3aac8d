package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, class 7: the processor used as docs/java-api.md describes it with plain {@code javac}: the
 * processor jar alone on {@code -processorpath} (its dependencies inside it), the user's class path
 * holding the annotations and the runtime. Runs the JDK's {@code javac} binary on the jar the
 * processor module packaged (the reactor builds it before these tests).
 */
class PlainJavacTest {
  @TempDir
  Path dir;

  static Path processorJar(String prefix) throws IOException {
    Path target = Path.of("..", "processor", "target");
    try (Stream<Path> s = Files.list(target)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".jar")
          && !p.getFileName().toString().contains("-tests") && !p.getFileName().toString().contains("-sources"))
          .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + "*.jar in " + target.toAbsolutePath()
              + ": build the processor module first (mvn -pl samples -am verify)"));
    }
  }

  /** A jar of the processor's own classes only, as the jar was before it carried its dependencies. */
  Path jarOf(Path classes) throws IOException {
    Path jar = dir.resolve("processor-classes-only.jar");
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    return jar;
  }

  record Javac(int code, String output) {}

  Javac javac(Path processorPath, String spec) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src").resolve("t"));
    Files.writeString(src.resolve("Spec.java"), spec);
    Path out = Files.createDirectories(dir.resolve("out"));
    String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
    // the user's class path: the annotations and the runtime only (kernels off: they would need Aparapi too)
    String classPath = Path.of("..", "annotations", "target", "classes") + java.io.File.pathSeparator
        + Path.of("..", "runtime", "target", "classes");
    List<String> cmd = new ArrayList<>(List.of(javac, "-d", out.toString(), "-cp", classPath,
        "-Agconv4j.kernels=none", "-processorpath", processorPath.toString(), src.resolve("Spec.java").toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Javac(p.waitFor(), output);
  }

  static final String P4 = String.join("\n", "package t;", "import org.gconv4j.annotations.*;",
      "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 4, filterSizes = {3},",
      "    generators = @Generator(name = \"R\", matrix = {0, -1, 1, 0}, radix = 4))",
      "public final class Spec {}", "");

  @Test
  void theProcessorJarAloneOnTheProcessorPathGeneratesTheGroup() throws Exception {
    Javac ok = javac(processorJar("gconv4j-processor-"), P4);
    assertEquals(0, ok.code(), ok.output());
    assertTrue(Files.exists(dir.resolve("out").resolve("t").resolve("SpecGroup.class")), ok.output());
    assertFalse(ok.output().contains("Exception") || ok.output().contains("Error"), ok.output());

    Javac bad = javac(processorJar("gconv4j-processor-"), P4.replace("radix = 4", "radix = 3"));
    assertEquals(1, bad.code(), bad.output());
    assertTrue(bad.output().contains("Spec.java:3: error: [GroupSpecRadix]"), bad.output());
    assertFalse(bad.output().contains("NoClassDefFoundError") || bad.output().contains("\tat "), bad.output());
  }

  @Test
  void negativeControlTheProcessorClassesAloneFail() throws Exception {
    Javac plain = javac(jarOf(Path.of("..", "processor", "target", "classes")), P4);
    assertNotEquals(0, plain.code(), "the check above could not fail: " + plain.output());
    assertTrue(plain.output().contains("NoClassDefFoundError") || plain.output().contains("ClassNotFound"),
        plain.output());
  }
}
