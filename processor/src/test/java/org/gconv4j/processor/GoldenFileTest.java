package org.gconv4j.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The generated source of a small group, character for character (test resource
 * {@code golden/P4Group.java}). When a change to the generator is intended, regenerate the golden
 * file from the failure message and review the diff.
 */
class GoldenFileTest {

  @Test
  void p4WithFilterSize3MatchesTheGoldenFile() throws Exception {
    JavaFileObject spec = Compile.source("test.P4",
        "@GroupSpec(",
        "    lattice = Lattice.SQUARE,",
        "    stabilizerSize = 4,",
        "    generators = {@Generator(name = \"R\", matrix = {0, -1, 1, 0}, radix = 4)},",
        "    filterSizes = {3})",
        "public final class P4 {}");
    Compilation c = Compile.compile(spec);
    assertThat(c).succeededWithoutWarnings();
    String actual = c.generatedSourceFile("test.P4Group").orElseThrow().getCharContent(true).toString();
    String golden = "";
    try (InputStream in = GoldenFileTest.class.getResourceAsStream("/golden/P4Group.java")) {
      if (in != null) {
        golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    if (!actual.equals(golden)) {
      Path out = Path.of("target", "golden-actual", "P4Group.java");
      Files.createDirectories(out.getParent());
      Files.writeString(out, actual);
    }
    assertWithMessage("generated P4Group.java differs from golden/P4Group.java; the actual text is in "
        + "processor/target/golden-actual/P4Group.java").that(actual).isEqualTo(golden);
  }
}
