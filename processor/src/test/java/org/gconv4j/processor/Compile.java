package org.gconv4j.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;

/** Compiles specs with both processors, as javac does in a user's build. */
final class Compile {
  private Compile() {}

  /** A source file {@code test/Spec.java} (package test, annotations imported) with the given lines. */
  static JavaFileObject spec(String... lines) {
    return source("test.Spec", lines);
  }

  static JavaFileObject source(String className, String... lines) {
    String pkg = className.substring(0, className.lastIndexOf('.'));
    StringBuilder sb = new StringBuilder()
        .append("package ").append(pkg).append(";\n")
        .append("import org.gconv4j.annotations.*;\n");
    for (String line : lines) {
      sb.append(line).append('\n');
    }
    return JavaFileObjects.forSourceString(className, sb.toString());
  }

  static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withOptions("--release", "17")
        .withProcessors(new GroupSpecProcessor(), new GroupRegistryProcessor())
        .compile(sources);
  }

  /** A sample spec from the samples module's sources (part of the repository). */
  static JavaFileObject sample(String simpleName) throws IOException {
    Path path = Path.of("..", "samples", "src", "main", "java", "org", "gconv4j", "samples", "groups",
        simpleName + ".java");
    return JavaFileObjects.forSourceString("org.gconv4j.samples.groups." + simpleName, Files.readString(path));
  }
}
