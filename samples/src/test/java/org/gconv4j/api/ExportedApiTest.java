package org.gconv4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: docs/java-api.md lists exactly the exported API. The compiled module descriptors of the
 * annotations and the runtime say which packages are exported; every public top-level type in them is
 * API and must be in the doc's table, and the table names nothing else. Every exported type has a class
 * comment. The processor exports nothing. Reads the reactor's {@code target/classes} (built before these
 * tests) and the sources.
 */
class ExportedApiTest {
  static final Path DOC = Path.of("..", "docs", "java-api.md");
  static final List<String> MODULES = List.of("annotations", "runtime");

  /** Package → public top-level types, of every package {@code module} exports to everyone (qualified exports are not API). */
  static SortedMap<String, SortedSet<String>> exported(String module) throws IOException, ClassNotFoundException {
    Path classes = Path.of("..", module, "target", "classes");
    ModuleDescriptor d = descriptor(module);
    SortedMap<String, SortedSet<String>> api = new TreeMap<>();
    for (ModuleDescriptor.Exports e : d.exports()) {
      if (e.isQualified()) {
        continue; // exported to named gconv4j modules only (e.g. an internal package they share): not API
      }
      SortedSet<String> types = new TreeSet<>();
      try (Stream<Path> files = Files.list(classes.resolve(e.source().replace('.', '/')))) {
        for (Path f : files.toList()) {
          String n = f.getFileName().toString();
          if (n.endsWith(".class") && !n.contains("$") && !n.equals("package-info.class")) {
            String name = n.substring(0, n.length() - ".class".length());
            Class<?> c = Class.forName(e.source() + "." + name, false, ExportedApiTest.class.getClassLoader());
            if (Modifier.isPublic(c.getModifiers())) {
              types.add(name);
            }
          }
        }
      }
      api.put(e.source(), types);
    }
    return api;
  }

  static ModuleDescriptor descriptor(String module) throws IOException {
    Path info = Path.of("..", module, "target", "classes", "module-info.class");
    try (InputStream in = Files.newInputStream(info)) {
      return ModuleDescriptor.read(in);
    }
  }

  static final Pattern ROW = Pattern.compile("^\\| `(org\\.gconv4j[\\w.]*)` \\| ([^|]*) \\|", Pattern.MULTILINE);
  static final Pattern NAME = Pattern.compile("`(\\w+)`");

  /** Package → types of the table in the section "## The exported API". */
  static SortedMap<String, SortedSet<String>> documented(String doc) {
    int start = doc.indexOf("## The exported API");
    assertTrue(start >= 0, "docs/java-api.md has a section '## The exported API'");
    int end = doc.indexOf("\n## ", start + 1);
    String section = doc.substring(start, end < 0 ? doc.length() : end);
    SortedMap<String, SortedSet<String>> api = new TreeMap<>();
    Matcher row = ROW.matcher(section);
    while (row.find()) {
      SortedSet<String> types = new TreeSet<>();
      Matcher n = NAME.matcher(row.group(2));
      while (n.find()) {
        types.add(n.group(1));
      }
      api.put(row.group(1), types);
    }
    return api;
  }

  /** What differs between the doc's table and the modules; empty when they agree. */
  static List<String> differences(Map<String, SortedSet<String>> documented, Map<String, SortedSet<String>> exported) {
    List<String> problems = new ArrayList<>();
    Set<String> packages = new TreeSet<>(documented.keySet());
    packages.addAll(exported.keySet());
    for (String p : packages) {
      SortedSet<String> doc = documented.getOrDefault(p, new TreeSet<>());
      SortedSet<String> real = exported.get(p);
      if (real == null) {
        problems.add(p + " is in docs/java-api.md but no module exports it");
        continue;
      }
      if (!documented.containsKey(p)) {
        problems.add(p + " is exported but not in docs/java-api.md");
      }
      for (String t : real) {
        if (!doc.contains(t)) {
          problems.add(p + "." + t + " is public in an exported package but not in docs/java-api.md");
        }
      }
      for (String t : doc) {
        if (!real.contains(t)) {
          problems.add(p + "." + t + " is in docs/java-api.md but is not a public type of an exported package");
        }
      }
    }
    return problems;
  }

  static SortedMap<String, SortedSet<String>> allExported() throws Exception {
    SortedMap<String, SortedSet<String>> all = new TreeMap<>();
    for (String m : MODULES) {
      all.putAll(exported(m));
    }
    return all;
  }

  @Test
  void theDocListsExactlyTheExportedTypes() throws Exception {
    SortedMap<String, SortedSet<String>> exported = allExported();
    assertEquals(List.of(), differences(documented(Files.readString(DOC)), exported));
    assertTrue(exported.size() >= 9 && exported.get("org.gconv4j.nn").contains("Model"), "read the modules: " + exported);
  }

  @Test
  void negativeControlADoctoredListFails() throws Exception {
    String doc = Files.readString(DOC);
    SortedMap<String, SortedSet<String>> exported = allExported();
    String withoutTensor = doc.replace("| `org.gconv4j.tensor` | `Tensor` |", "| `org.gconv4j.tensor` | none |");
    String withInternal = doc.replace("`Model`, `Sequential`,", "`Model`, `Workspace`, `Sequential`,");
    String withPackage = doc.replace("| `org.gconv4j.export` | `Export` |", "| `org.gconv4j.export` | `Export` |\n"
        + "| `org.gconv4j.io` | `Npy` | files |");
    assertTrue(!withoutTensor.equals(doc) && !withInternal.equals(doc) && !withPackage.equals(doc), "the doctoring applies");
    assertEquals(List.of("org.gconv4j.tensor.Tensor is public in an exported package but not in docs/java-api.md"),
        differences(documented(withoutTensor), exported));
    assertEquals(List.of("org.gconv4j.nn.Workspace is in docs/java-api.md but is not a public type of an exported package"),
        differences(documented(withInternal), exported));
    assertEquals(List.of("org.gconv4j.io is in docs/java-api.md but no module exports it"),
        differences(documented(withPackage), exported));
  }

  /** The packages of a module's compiled classes. */
  static SortedSet<String> packages(String module) throws IOException {
    Path classes = Path.of("..", module, "target", "classes");
    SortedSet<String> packages = new TreeSet<>();
    try (Stream<Path> files = Files.walk(classes)) {
      files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().equals("module-info.class"))
          .forEach(f -> packages.add(classes.relativize(f.getParent()).toString().replace(File.separatorChar, '.')));
    }
    return packages;
  }

  /** The packages the doc names as internal: the sentence "Every other package of the runtime (...)". */
  static SortedSet<String> documentedInternal(String doc) {
    int start = doc.indexOf("Every other package of the runtime (");
    assertTrue(start >= 0, "docs/java-api.md names the runtime's internal packages");
    String list = doc.substring(start, doc.indexOf(')', start));
    SortedSet<String> packages = new TreeSet<>();
    Matcher m = Pattern.compile("`(org\\.gconv4j[\\w.]*)`").matcher(list);
    while (m.find()) {
      packages.add(m.group(1));
    }
    return packages;
  }

  @Test
  void theDocNamesEveryInternalPackageOfTheRuntime() throws Exception {
    SortedSet<String> internal = packages("runtime");
    internal.removeAll(exported("runtime").keySet());
    assertTrue(internal.contains("org.gconv4j.internal"), "read the runtime's packages: " + internal);
    assertEquals(internal, documentedInternal(Files.readString(DOC)));
    // negative control: a package missing from the sentence is seen
    String doctored = Files.readString(DOC).replace("`org.gconv4j.exec`,", "");
    assertTrue(!doctored.equals(Files.readString(DOC)) && !documentedInternal(doctored).equals(internal),
        "the check can fail");
  }

  /** The declaration of {@code type} in {@code source} is preceded by a doc comment (annotations may sit between). */
  static boolean hasClassComment(String source, String type) {
    Matcher decl = Pattern.compile("^public\\s+(?:(?:final|abstract|sealed|non-sealed|static)\\s+)*"
        + "(?:class|interface|enum|record|@interface)\\s+" + type + "\\b", Pattern.MULTILINE).matcher(source);
    if (!decl.find()) {
      return false;
    }
    String before = source.substring(0, decl.start()).stripTrailing();
    while (true) { // skip annotations on their own lines
      int line = before.lastIndexOf('\n') + 1;
      String last = before.substring(line).strip();
      if (last.startsWith("@") && !last.startsWith("@param")) {
        before = before.substring(0, line).stripTrailing();
      } else {
        break;
      }
    }
    int open = before.lastIndexOf("/**");
    return before.endsWith("*/") && open >= 0 && before.indexOf("*/", open) == before.length() - 2
        && !before.substring(open + 3, before.length() - 2).replace("*", "").isBlank();
  }

  @Test
  void everyExportedTypeSaysWhatItIsFor() throws Exception {
    List<String> missing = new ArrayList<>();
    for (String m : MODULES) {
      for (Map.Entry<String, SortedSet<String>> e : exported(m).entrySet()) {
        for (String t : e.getValue()) {
          Path src = Path.of("..", m, "src", "main", "java", e.getKey().replace('.', '/'), t + ".java");
          if (!hasClassComment(Files.readString(src), t)) {
            missing.add(e.getKey() + "." + t);
          }
        }
      }
    }
    assertEquals(List.of(), missing, "exported types without a class comment");
  }

  @Test
  void negativeControlTheClassCommentCheck() {
    assertTrue(hasClassComment("package p;\n\n/** A thing. */\n@FunctionalInterface\npublic interface T {}\n", "T"));
    assertFalse(hasClassComment("package p;\n\nimport x.Y;\n\npublic final class T {}\n", "T"));
    assertFalse(hasClassComment("package p;\n/** Other. */\nclass U {}\n\n// a line comment\npublic final class T {}\n", "T"));
    assertFalse(hasClassComment("package p;\n/** */\npublic final class T {}\n", "T"));
  }

  @Test
  void theProcessorExportsNothingAndProvidesItsProcessors() throws Exception {
    ModuleDescriptor p = descriptor("processor");
    assertEquals(Set.of(), p.exports());
    assertEquals(Set.of("javax.annotation.processing.Processor"),
        p.provides().stream().map(ModuleDescriptor.Provides::service).collect(java.util.stream.Collectors.toSet()));
    assertEquals("org.gconv4j.runtime", descriptor("runtime").name());
    assertTrue(descriptor("runtime").requires().stream().anyMatch(r -> r.name().equals("jdk.incubator.vector")),
        "the module path resolves the Vector API module for the user");
  }
}
