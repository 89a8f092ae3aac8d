package org.gconv4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GatherInverseTest {
  @Test
  void listsTheReadingPositionsOfEachSourceInOrder() {
    // two rows of a 3-entry filter: row 0 reads 2, -, 0; row 1 reads 0, 0, 1
    int[] table = {2, -1, 0, 0, 0, 1};
    GatherInverse inverse = GatherInverse.of(table, 3, "T");
    assertArrayEquals(new int[] {0, 3, 4, 5}, inverse.offsets());
    assertArrayEquals(new int[] {2, 3, 4, 5, 0}, inverse.positions());
    int[][] lists = inverse.lists();
    assertArrayEquals(new int[] {2, 3, 4}, lists[0]);
    assertArrayEquals(new int[] {5}, lists[1]);
    assertArrayEquals(new int[] {0}, lists[2]);
  }

  @Test
  void everyPositionThatReadsASourceIsListedOnceUnderIt() {
    Random rng = new Random(7);
    int sources = 9;
    int[] table = new int[4 * sources];
    for (int i = 0; i < table.length; i++) {
      table[i] = rng.nextInt(sources + 1) - 1;
    }
    int[][] lists = GatherInverse.of(table, sources, "T").lists();
    int listed = 0;
    for (int s = 0; s < sources; s++) {
      for (int j : lists[s]) {
        assertEquals(s, table[j]);
        listed++;
      }
    }
    int reading = 0;
    for (int v : table) {
      reading += v >= 0 ? 1 : 0;
    }
    assertEquals(reading, listed);
  }

  @Test
  void rejectsEntriesOutOfRangeAndAcceptsTheEdges() {
    assertEquals(2, GatherInverse.of(new int[] {-1, 0, 1}, 2, "T").positions().length);
    assertEquals("[T] table entries are -1 or a source in [0, 2); entry 1 is 2. Check that the table was built for "
        + "S_in and this filter size ([S, S_in, cells])",
        assertThrows(IllegalArgumentException.class, () -> GatherInverse.of(new int[] {0, 2}, 2, "T")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> GatherInverse.of(new int[] {-2}, 2, "T"));
  }
}
