package org.gconv4j.internal;

import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 9, classes 3 and 4: shape products never wrap around, and memory limits are clear errors. */
class ShapeMathTest {
  @Test
  void productsSaturateInsteadOfWrapping() {
    assertEquals(Long.MAX_VALUE, ShapeMath.size(65536, 65536, 65536, 65536, 2));
    assertEquals(60000L * 64 * 4 * 98 * 98, ShapeMath.size(60000, 64, 4, 98, 98));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ShapeMath.elements("the output Y", 60000, 64, 4, 98, 98));
    assertTrue(e.getMessage().contains("would have 147517440000 elements; one array holds at most"), e.getMessage());
  }

  @Test
  void aBudgetOverrunNamesTheFix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MemoryBudget.require(10L << 30, 1L << 30, 2L << 30, "a batch of 100000 images", "Lower --batch-size"));
    assertEquals("[Memory] a batch of 100000 images needs about 10,240 MiB but the JVM heap has 1,024 MiB free "
        + "(of 2,048 MiB). Lower --batch-size, or give Java more memory (JAVA_OPTS=-Xmx...)", e.getMessage());
  }
}
