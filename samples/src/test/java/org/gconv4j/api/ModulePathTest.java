package org.gconv4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: the consumer example {@code examples/own-group} as a named module on the module path, with
 * plain {@code javac} and {@code java}: its sources compile against the exported packages of the
 * annotations and runtime modules (the processor jar on {@code --processor-module-path}, as the automatic
 * module {@code org.gconv4j.processor}), the generated group is found through the module's
 * {@code provides}, and the example trains, checks invariance, saves and exports, with no
 * {@code --add-modules}: the runtime's descriptor resolves {@code jdk.incubator.vector} itself. The
 * class-path build of the same example is {@code ./gconv4j test}'s own-group step (Maven).
 */
class ModulePathTest {
  static final Path EXAMPLE = Path.of("..", "examples", "own-group", "src", "main", "java");
  static final String PACKAGE_DIR = "com/example/owngroup";
  static final Pattern DEPENDENCY_JARS = Pattern.compile(
      ".*/(aparapi|aparapi-jni|bcel|scala-library|gson|protobuf-java)-[0-9][^/]*\\.jar");

  @TempDir
  Path dir;

  static final String MODULE_INFO = String.join("\n",
      "module com.example.owngroup {",
      "  requires org.gconv4j.runtime;",
      "  provides org.gconv4j.group.Group with com.example.owngroup.P3MGroup;",
      "  provides org.gconv4j.backend.opencl.GeneratedKernels with com.example.owngroup.P3MKernels;",
      "  opens com.example.owngroup to aparapi;",
      "}", "");

  /**
   * The module path: the gconv4j modules as the reactor built them and their dependencies' jars. Not gson's
   * {@code error_prone_annotations} (gson requires it {@code static}): with it on the module path, javac 17.0.15 rejects
   * the {@code provides} of the generated classes ("the service implementation does not have a default constructor").
   */
  static String modulePath(Path... more) {
    List<String> path = new ArrayList<>();
    for (Path p : more) {
      path.add(p.toString());
    }
    path.add(Path.of("..", "annotations", "target", "classes").toAbsolutePath().toString());
    path.add(Path.of("..", "runtime", "target", "classes").toAbsolutePath().toString());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (DEPENDENCY_JARS.matcher(entry.replace('\\', '/')).matches()) {
        path.add(Path.of(entry).toAbsolutePath().toString());
      }
    }
    return String.join(File.pathSeparator, path);
  }

  /** The processor jar the reactor packaged (as PlainJavacTest finds it). */
  static Path processorJar() throws IOException {
    Path target = Path.of("..", "processor", "target");
    try (Stream<Path> s = Files.list(target)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith("gconv4j-processor-") && n.endsWith(".jar") && !n.contains("-tests") && !n.contains("-sources");
      }).findFirst().orElseThrow(() -> new AssertionError("no processor jar in " + target.toAbsolutePath()));
    }
  }

  record Run(int code, String output) {}

  static Run run(Path workDir, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().put("GCONV4J_PROGRESS", "off");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), output);
  }

  static String tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  /** Compiles the example's sources, plus {@code extra} (file name → text) in its package, as a module. */
  Run compile(Path out, String... extra) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src").resolve(PACKAGE_DIR));
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(EXAMPLE.resolve(PACKAGE_DIR))) {
      for (Path f : s.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path copy = src.resolve(f.getFileName().toString());
        Files.copy(f, copy);
        files.add(copy.toString());
      }
    }
    for (int i = 0; i < extra.length; i += 2) {
      Path f = src.resolve(extra[i]);
      Files.writeString(f, extra[i + 1]);
      files.add(f.toString());
    }
    Path info = dir.resolve("src").resolve("module-info.java");
    Files.writeString(info, MODULE_INFO);
    // first: javac 17 attributes the provides clauses too early when module-info.java follows the other sources and
    // then reports "the service implementation does not have a default constructor" for the generated providers
    files.add(0, info.toString());
    List<String> cmd = new ArrayList<>(List.of(tool("javac"), "-d", out.toString(),
        "--module-path", modulePath(),
        "--processor-module-path", processorJar().toAbsolutePath().toString()));
    cmd.addAll(files);
    Run r = run(dir, cmd);
    return new Run(r.code(), String.join(" ", cmd) + "\n" + r.output());
  }

  @Test
  void theExampleIsAModuleThatCompilesAndRunsOnTheModulePath() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Run javac = compile(out, "Device.java", String.join("\n",
        "package com.example.owngroup;",
        "final class Device {",
        "  public static void main(String[] args) {",
        "    System.out.println(org.gconv4j.backend.Backends.create(\"cpu\").device());",
        "  }",
        "}", ""));
    assertEquals(0, javac.code(), javac.output());
    assertTrue(Files.exists(out.resolve(PACKAGE_DIR).resolve("P3MGroup.class")), "the processor ran: " + javac.output());
    assertTrue(Files.exists(out.resolve(PACKAGE_DIR).resolve("P3MKernels.class")),
        "the OpenCL kernels were generated against the exported base types: " + javac.output());

    Path results = Files.createDirectories(dir.resolve("results"));
    Run java = run(dir, List.of(tool("java"), "--module-path", modulePath(out),
        "-m", "com.example.owngroup/com.example.owngroup.OwnGroupExample", results.toString()));
    assertEquals(0, java.code(), java.output());
    assertTrue(java.output().contains("p3m: logits move by"), java.output());
    assertTrue(Files.size(results.resolve("p3m-cnn.npz")) > 0 && Files.size(results.resolve("p3m-cnn.onnx")) > 0,
        java.output());
    assertFalse(java.output().contains("[Backends]"), "no --add-modules was needed: " + java.output());

    // the CPU backend reads HotSpot's UseAVX (com.sun.management, module jdk.management: the runtime requires it; a
    // `requires static` passed this too on JDK 17, where service binding resolves jdk.management anyway)
    Run device = run(dir, List.of(tool("java"), "--module-path", modulePath(out),
        "-m", "com.example.owngroup/com.example.owngroup.Device"));
    assertEquals(0, device.code(), device.output());
    assertTrue(device.output().contains("CPU,") && !device.output().contains("unknown"), device.output());
  }

  @Test
  void negativeControlTheInternalPackagesAreNotReadable() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Run javac = compile(out, "UsesInternals.java", String.join("\n",
        "package com.example.owngroup;",
        "final class UsesInternals {",
        "  static long bytes() { return org.gconv4j.internal.ShapeMath.bytes(2, 4); }",
        "}", ""));
    assertNotEquals(0, javac.code(), "an internal package was readable: " + javac.output());
    assertTrue(javac.output().contains("org.gconv4j.internal") && javac.output().contains("not visible"),
        javac.output());
  }

  /** Guards the module path above: it names the jars it means to, so the positive test is not vacuous. */
  @Test
  void theModulePathHoldsTheRuntimeDependencies() throws IOException {
    String path = modulePath();
    for (String jar : List.of("aparapi-", "gson-", "protobuf-java-")) {
      assertTrue(Stream.of(path.split(File.pathSeparator)).anyMatch(e -> Path.of(e).getFileName().toString().startsWith(jar)),
          jar + " on " + Stream.of(path.split(File.pathSeparator)).collect(Collectors.joining("\n")));
    }
  }
}
