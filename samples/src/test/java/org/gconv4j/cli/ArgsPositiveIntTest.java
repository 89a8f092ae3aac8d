package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The CLI's one home of "--name must be >= 1", used by train, eval and reproduce. */
class ArgsPositiveIntTest {
  private static Args args(String... a) {
    return Args.parse(List.of(a), Set.of("seeds"), Set.of());
  }

  @Test
  void acceptsOneAndTheFallback() {
    assertEquals(1, args("--seeds", "1").getPositiveInt("seeds", 3));
    assertEquals(3, args().getPositiveInt("seeds", 3));
  }

  @Test
  void rejectsZeroAndNegativesNamingTheOption() {
    assertEquals("--seeds must be >= 1; got 0",
        assertThrows(UsageException.class, () -> args("--seeds", "0").getPositiveInt("seeds", 3)).getMessage());
    assertEquals("--seeds must be >= 1; got -2",
        assertThrows(UsageException.class, () -> args("--seeds", "-2").getPositiveInt("seeds", 3)).getMessage());
    assertEquals("--seeds must be >= 1; got 0",
        assertThrows(UsageException.class, () -> args().getPositiveInt("seeds", 0)).getMessage());
  }
}
