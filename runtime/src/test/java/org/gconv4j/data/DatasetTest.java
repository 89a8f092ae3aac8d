package org.gconv4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {
  static Dataset tiny(int n) {
    float[] x = new float[n * 4];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      Arrays.fill(x, i * 4, i * 4 + 4, i);
      y[i] = i % 3;
    }
    return new Dataset("tiny", x, y, 1, 2, 2, 3);
  }

  static List<Integer> order(Iterable<Batch> batches, List<Integer> sizes) {
    List<Integer> seen = new ArrayList<>();
    for (Batch b : batches) {
      sizes.add(b.size());
      assertArrayEquals(new int[] {b.size(), 1, 2, 2}, b.images().shape());
      for (int k = 0; k < b.size(); k++) {
        int i = b.indices()[k];
        assertEquals(i, b.images().data()[k * 4 + 3]);
        assertEquals(i % 3, b.labels()[k]);
        seen.add(i);
      }
    }
    return seen;
  }

  @Test
  void shuffledBatchesAreSeededPermutationsWithAPartialLastBatch() {
    Dataset d = tiny(23);
    List<Integer> sizes = new ArrayList<>();
    List<Integer> a = order(d.shuffledBatches(5, 42), sizes);
    assertEquals(List.of(5, 5, 5, 5, 3), sizes);
    List<Integer> b = order(d.shuffledBatches(5, 42), new ArrayList<>());
    List<Integer> c = order(d.shuffledBatches(5, 43), new ArrayList<>());
    assertEquals(a, b);
    assertFalse(a.equals(c));
    List<Integer> sorted = new ArrayList<>(a);
    sorted.sort(null);
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      all.add(i);
    }
    assertEquals(all, sorted);
    assertEquals(all, order(d.batches(7), new ArrayList<>()));
    assertEquals(5, d.batchCount(5));
  }

  /** The reusing iterators give the same batches as the copying ones, in the same arrays while the size holds. */
  @Test
  void reusingBatchesMatchFreshOnesAndShareTheirArrays() {
    Dataset d = tiny(23);
    List<Integer> sizes = new ArrayList<>();
    assertEquals(order(d.shuffledBatches(5, 42), new ArrayList<>()), order(d.shuffledBatchesReusing(5, 42), sizes));
    assertEquals(List.of(5, 5, 5, 5, 3), sizes);
    assertEquals(order(d.batches(7), new ArrayList<>()), order(d.batchesReusing(7), new ArrayList<>()));
    List<float[]> arrays = new ArrayList<>();
    for (Batch b : d.batchesReusing(5)) {
      arrays.add(b.images().data());
    }
    assertSame(arrays.get(0), arrays.get(3), "full batches share one array");
    assertNotSame(arrays.get(0), arrays.get(4), "the smaller last batch has its own");
    Batch first = d.batches(5).iterator().next();
    assertNotSame(first.images().data(), d.batches(5).iterator().next().images().data(), "batches() copies");
  }

  @Test
  void rangesAndValidation() {
    Dataset d = tiny(10);
    assertEquals(4, d.head(4).size());
    assertEquals(7f, d.range(7, 9).images()[0]);
    assertThrows(IllegalArgumentException.class, () -> d.head(11));
    assertThrows(IllegalArgumentException.class, () -> new Dataset("bad", new float[4], new int[] {5}, 1, 2, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> new Dataset("bad", new float[5], new int[] {0}, 1, 2, 2, 3));
    Dataset both = Dataset.concat("c", d, tiny(3));
    assertEquals(13, both.size());
    assertEquals(2f, both.images()[12 * 4]);
  }
}
