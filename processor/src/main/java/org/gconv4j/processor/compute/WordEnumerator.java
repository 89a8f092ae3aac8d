package org.gconv4j.processor.compute;

import java.util.ArrayList;
import java.util.List;

/**
 * Enumerates the words of the index map in index order (CONVENTIONS §2): index s has the
 * mixed-radix digits (d_1..d_k), most significant first, and H_s = G_1^{d_1} · … · G_k^{d_k}.
 */
public final class WordEnumerator {
  private final int dimension;
  private final List<GeneratorDef> generators;
  private final List<String> names;
  private final List<List<IntMatrix>> powers = new ArrayList<>();

  public WordEnumerator(int dimension, List<GeneratorDef> generators) {
    this.dimension = dimension;
    this.generators = List.copyOf(generators);
    this.names = this.generators.stream().map(GeneratorDef::name).toList();
    for (int i = 0; i < this.generators.size(); i++) {
      List<IntMatrix> p = new ArrayList<>();
      p.add(IntMatrix.identity(dimension));
      powers.add(p);
    }
  }

  /** The product of the radices (the number of words), saturating at {@link Long#MAX_VALUE}. */
  public long wordCount() {
    long count = 1;
    for (GeneratorDef g : generators) {
      count = count > Long.MAX_VALUE / g.radix() ? Long.MAX_VALUE : count * g.radix();
    }
    return count;
  }

  /** The digits of index s. */
  public int[] digits(long s) {
    int[] digits = new int[generators.size()];
    for (int i = generators.size() - 1; i >= 0; i--) {
      int r = generators.get(i).radix();
      digits[i] = (int) (s % r);
      s /= r;
    }
    return digits;
  }

  /** The word of index s (0 ≤ s &lt; {@link #wordCount()}). */
  public Word word(int s) {
    int[] digits = digits(s);
    IntMatrix h = IntMatrix.identity(dimension);
    for (int i = 0; i < digits.length; i++) {
      h = h.times(power(i, digits[i]));
    }
    return new Word(s, digits, h, Word.nameOf(digits, names));
  }

  /** The first min(limit, wordCount()) words in index order. */
  public List<Word> words(int limit) {
    long n = Math.min(limit, wordCount());
    List<Word> out = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      out.add(word(s));
    }
    return out;
  }

  private IntMatrix power(int generator, int exponent) {
    List<IntMatrix> p = powers.get(generator);
    while (p.size() <= exponent) {
      p.add(p.get(p.size() - 1).times(generators.get(generator).matrix()));
    }
    return p.get(exponent);
  }
}
