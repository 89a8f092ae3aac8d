package org.gconv4j.processor.compute;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A verified stabilizer: its elements in index order with names, the Cayley table
 * ({@code cayley[a][b]} = index of H_a · H_b) and the inverses.
 */
public final class StabilizerGroup {
  private final int dimension;
  private final List<Word> elements;
  private final int[][] cayley;
  private final int[] inverse;

  private StabilizerGroup(int dimension, List<Word> elements, int[][] cayley, int[] inverse) {
    this.dimension = dimension;
    this.elements = elements;
    this.cayley = cayley;
    this.inverse = inverse;
  }

  /**
   * Builds the tables from words that form a group (distinct matrices, closed under products,
   * word 0 the identity).
   *
   * @throws IllegalArgumentException if they do not
   */
  public static StabilizerGroup of(int dimension, List<Word> words) {
    Map<IntMatrix, Integer> index = new HashMap<>();
    for (Word w : words) {
      if (index.put(w.matrix(), w.index()) != null) {
        throw new IllegalArgumentException("two words give the matrix " + w.matrix());
      }
    }
    if (words.isEmpty() || !words.get(0).matrix().isIdentity()) {
      throw new IllegalArgumentException("word 0 must be the identity");
    }
    int n = words.size();
    int[][] cayley = new int[n][n];
    int[] inverse = new int[n];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        Integer ab = index.get(words.get(a).matrix().times(words.get(b).matrix()));
        if (ab == null) {
          throw new IllegalArgumentException("the words are not closed: " + words.get(a) + " · " + words.get(b));
        }
        cayley[a][b] = ab;
        if (ab == 0) {
          inverse[a] = b;
        }
      }
    }
    return new StabilizerGroup(dimension, List.copyOf(words), cayley, inverse);
  }

  public int dimension() {
    return dimension;
  }

  /** S. */
  public int order() {
    return elements.size();
  }

  public Word element(int s) {
    return elements.get(s);
  }

  public List<Word> elements() {
    return elements;
  }

  public IntMatrix matrix(int s) {
    return elements.get(s).matrix();
  }

  public String name(int s) {
    return elements.get(s).name();
  }

  public int multiply(int a, int b) {
    return cayley[a][b];
  }

  public int inverse(int a) {
    return inverse[a];
  }

  /** A copy of the Cayley table. */
  public int[][] cayley() {
    int[][] copy = new int[cayley.length][];
    for (int i = 0; i < cayley.length; i++) {
      copy[i] = cayley[i].clone();
    }
    return copy;
  }

  /** A copy of the inverse table. */
  public int[] inverses() {
    return inverse.clone();
  }
}
