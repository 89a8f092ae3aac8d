package org.gconv4j.processor.compute;

import java.util.Arrays;
import java.util.List;

/**
 * One index of the mixed-radix index map: its digits (d_1..d_k), the matrix
 * H = G_1^{d_1} · … · G_k^{d_k} and a readable name such as {@code "M R^3"}.
 */
public record Word(int index, int[] digits, IntMatrix matrix, String name) {
  public Word {
    digits = digits.clone();
  }

  @Override
  public int[] digits() {
    return digits.clone();
  }

  /** The digits as a tuple, e.g. {@code (1, 3)}. */
  public String tuple() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < digits.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(digits[i]);
    }
    return sb.append(')').toString();
  }

  /** E.g. {@code 5 (M R)}. */
  public String label() {
    return index + " (" + name + ")";
  }

  /**
   * The name of the element with the given digits: {@code "e"} for the identity word, otherwise the
   * non-zero factors separated by spaces, each {@code G} or {@code G^d}.
   */
  public static String nameOf(int[] digits, List<String> generatorNames) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < digits.length; i++) {
      if (digits[i] == 0) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(generatorNames.get(i));
      if (digits[i] > 1) {
        sb.append('^').append(digits[i]);
      }
    }
    return sb.length() == 0 ? "e" : sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Word w && index == w.index && Arrays.equals(digits, w.digits) && matrix.equals(w.matrix)
        && name.equals(w.name);
  }

  @Override
  public int hashCode() {
    return index * 31 + matrix.hashCode();
  }

  @Override
  public String toString() {
    return label() + " = " + matrix;
  }
}
