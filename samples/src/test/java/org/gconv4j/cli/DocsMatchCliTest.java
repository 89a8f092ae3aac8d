package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The guide (README.md and docs/*.md; not the diaries in docs/notes/) names only commands that exist,
 * after a command only options its usage text ({@code ./gconv4j COMMAND --help}) lists, and only system
 * properties and environment variables that some code reads.
 */
class DocsMatchCliTest {
  /** {@code ./gconv4j WORD} and the rest of its line, up to a closing backtick, a table bar or a comment. */
  private static final Pattern INVOCATION = Pattern.compile("\\./gconv4j ([a-z][a-z0-9-]*)([^`|#\\n]*)");
  private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--([a-z][a-z0-9-]*)");
  /** Commands the launcher handles itself; what follows {@code test} goes to Maven. */
  private static final Set<String> LAUNCHER = Set.of("test");

  @Test
  void everyCommandAndOptionInTheGuideExists() throws IOException {
    Path root = repositoryRoot();
    List<String> problems = new ArrayList<>();
    int invocations = 0;
    for (Path p : guide(root)) {
      String text = Files.readString(p);
      invocations += (int) INVOCATION.matcher(text).results().count();
      problems.addAll(problems(root.relativize(p).toString(), text, Main.commands()));
    }
    assertTrue(invocations > 50, "the guide should show many commands; found " + invocations);
    assertEquals(List.of(), problems, "the guide and the CLI's usage texts disagree");
  }

  /** Negative control: an unknown command and an option no usage text lists are both reported. */
  @Test
  void aMisspelledCommandAndAnUnknownOptionAreReported() {
    String doc = "Run `./gconv4j trian --epochs 1`, then `./gconv4j eval --checkpoint m.npz --no-such-flag`.\n"
        + "`./gconv4j train --epochs 2 --model p4cnn` and `./gconv4j test -Dtest=X` are fine.\n"
        + "    ./gconv4j show --checkpoint FILE\n"
        + "                   [--digit 0] [--colour C]\n"
        + "    ./gconv4j train --model z2cnn \\\n"
        + "        --epochs 1 --speed 2   # a comment: --not-an-option\n"
        + "The next line is prose, not a synopsis: --prose-option.\n";
    List<String> found = problems("X.md", doc, Main.commands());
    assertEquals(4, found.size(), found.toString());
    assertTrue(found.get(0).contains("'trian'"), found.toString());
    assertTrue(found.get(1).contains("--no-such-flag") && found.get(1).contains("eval"), found.toString());
    assertTrue(found.get(2).contains("--colour") && found.get(2).contains("show"), found.toString());
    assertTrue(found.get(3).contains("--speed") && found.get(3).contains("train"), found.toString());
  }

  /** {@code -Dgconv4j.NAME} and {@code GCONV4J_NAME} in the guide: each is read somewhere in the project. */
  private static final Pattern SETTING = Pattern.compile("-D(gconv4j\\.[A-Za-z][\\w.]*[\\w])|\\b(GCONV4J_[A-Z_]*[A-Z])\\b");

  @Test
  void everySystemPropertyAndEnvironmentVariableInTheGuideIsReadSomewhere() throws IOException {
    Path root = repositoryRoot();
    StringBuilder code = new StringBuilder(Files.readString(root.resolve("gconv4j")));
    for (String dir : List.of("annotations/src", "processor/src", "runtime/src", "samples/src", "scripts", ".ci")) {
      if (!Files.isDirectory(root.resolve(dir))) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root.resolve(dir))) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)
            .filter(f -> f.toString().matches(".*\\.(java|sh|py)$") || !f.getFileName().toString().contains("."))::iterator) {
          try {
            code.append('\n').append(Files.readString(f));
          } catch (java.nio.charset.MalformedInputException binary) {
            // not text: nothing is read from it by name
          }
        }
      }
    }
    for (String pom : List.of("pom.xml", "runtime/pom.xml", "samples/pom.xml", "processor/pom.xml")) {
      code.append('\n').append(Files.readString(root.resolve(pom)));
    }
    List<String> missing = new ArrayList<>();
    int settings = 0;
    for (Path p : guide(root)) {
      Matcher m = SETTING.matcher(Files.readString(p));
      while (m.find()) {
        settings++;
        String name = m.group(1) != null ? m.group(1) : m.group(2);
        if (!readIn(name, code)) {
          missing.add(root.relativize(p) + ": " + name);
        }
      }
    }
    assertTrue(settings > 10, "the guide should name settings; found " + settings);
    assertEquals(List.of(), missing, "named in the guide but read nowhere in the code");
    // negative control: names the code does not read (a near miss of a real one each); built here so that
    // this file's text does not contain them
    String threads = "gconv4j.cpu.thread" + "z";
    String progress = "GCONV4J_" + "PROGRES";
    assertTrue(!readIn(threads, code) && !readIn(progress, code) && readIn("gconv4j.cpu.threads", code));
  }

  /** The name as a whole (a longer name that starts with it, such as NAME.more, does not count). */
  private static boolean readIn(String name, CharSequence code) {
    return Pattern.compile("(?<![\\w.])" + Pattern.quote(name) + "(?![\\w.])").matcher(code).find();
  }

  private static List<Path> guide(Path root) throws IOException {
    List<Path> guide = new ArrayList<>();
    guide.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(guide::add);
    }
    return guide;
  }

  static List<String> problems(String file, String text, Map<String, Command> commands) {
    List<String> problems = new ArrayList<>();
    Matcher m = INVOCATION.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
      if (LAUNCHER.contains(name)) {
        continue;
      }
      Command c = commands.get(name);
      if (c == null) {
        problems.add(file + ":" + line + ": unknown command '" + name + "' in `" + m.group().strip() + "`");
        continue;
      }
      String usage = c.usage();
      Matcher o = OPTION.matcher(m.group(2) + continuation(text, m.end(), m.group(2)));
      while (o.find()) {
        String option = o.group(1);
        if (!option.equals("help") && !Pattern.compile("(?<![\\w-])--" + Pattern.quote(option) + "(?![\\w-])")
            .matcher(usage).find()) {
          problems.add(file + ":" + line + ": ./gconv4j " + name + " has no option --" + option + " (its usage: "
              + usage.lines().findFirst().orElse("") + ")");
        }
      }
    }
    return problems;
  }

  /** A synopsis's next lines: those after a trailing backslash, or indented ones that start with [ or --. */
  static String continuation(String text, int end, String rest) {
    StringBuilder more = new StringBuilder();
    boolean backslash = rest.stripTrailing().endsWith("\\");
    int at = end;
    while (at < text.length() && text.charAt(at) == '\n') {
      int next = text.indexOf('\n', at + 1);
      String line = text.substring(at + 1, next < 0 ? text.length() : next);
      if (line.contains("./gconv4j") || !(backslash || line.matches("\\s+(\\[|--).*"))) {
        break;
      }
      String cut = line.replaceAll("#.*", "");
      more.append(' ').append(cut);
      backslash = cut.stripTrailing().endsWith("\\");
      at = next < 0 ? text.length() : next;
    }
    return more.toString();
  }

  /** The folder with README.md and docs/ (Maven runs the tests in samples/). */
  private static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
        return p;
      }
    }
    throw new IllegalStateException("no README.md with docs/ above " + Path.of("").toAbsolutePath());
  }
}
