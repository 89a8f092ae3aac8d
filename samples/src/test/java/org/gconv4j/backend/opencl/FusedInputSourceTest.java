package org.gconv4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checked-in kernels that carry the group are what {@link FusedInputSource} writes (no hand edits, no drift). */
class FusedInputSourceTest {
  @Test
  void checkedInKernelsAreTheGeneratorsOutput() throws Exception {
    for (FusedInputSource.Spec s : FusedInputSource.SPECS) {
      Path file = Path.of("src", "test", "java", "org", "gconv4j", "backend", "opencl", s.className() + ".java");
      assertTrue(Files.isRegularFile(file), file.toAbsolutePath() + " missing: run FusedInputSource");
      assertEquals(FusedInputSource.generate(s), Files.readString(file, StandardCharsets.UTF_8),
          s.className() + " differs from the generator's output: run FusedInputSource src/test/java in samples/");
    }
  }

  @Test
  void theStraightLineBodyStaysUnderPoclsLimit() {
    for (FusedInputSource.Spec s : FusedInputSource.SPECS) {
      long statements = FusedInputSource.generate(s).chars().filter(c -> c == ';').count();
      assertTrue(statements < 1000, s.className() + ": " + statements + " statements; PoCL's compile time explodes beyond ~1000");
    }
  }
}
