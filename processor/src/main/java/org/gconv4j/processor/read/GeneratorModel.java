package org.gconv4j.processor.read;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;

/**
 * One {@code @Generator} as written: its display name (explicit or the default {@code G<i>}), the
 * matrix entries, the radix, and the annotation values they came from.
 *
 * @param position 1-based position in {@code generators}
 * @param mirror the nested {@code @Generator} mirror
 * @param source the {@code @Generator} value inside the {@code generators} array
 */
public record GeneratorModel(
    int position,
    Located<String> name,
    Located<List<Located<Integer>>> matrix,
    Located<Integer> radix,
    AnnotationMirror mirror,
    AnnotationValue source) {

  /** The name used in element names and comments: the written one, or {@code G1}, {@code G2}, ... */
  public String displayName() {
    return name.value().isEmpty() ? "G" + position : name.value();
  }

  /** The matrix entries as an int array. */
  public int[] matrixEntries() {
    return matrix.value().stream().mapToInt(Located::value).toArray();
  }
}
