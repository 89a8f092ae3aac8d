package org.gconv4j.processor.read;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import org.gconv4j.annotations.Lattice;

/**
 * A {@code @GroupSpec} as written on one type: plain values plus the element, the annotation mirror
 * and the annotation value of every item, so that validation messages point at the offending value.
 */
public record SpecModel(
    TypeElement element,
    AnnotationMirror mirror,
    Located<String> name,
    Located<Lattice> lattice,
    Located<List<GeneratorModel>> generators,
    Located<Integer> stabilizerSize,
    Located<List<Located<Integer>>> filterSizes) {

  /** The group's name: {@code name()} when given, otherwise the spec class's simple name. */
  public String groupName() {
    return name.value().isEmpty() ? element.getSimpleName().toString() : name.value();
  }

  /** The spec class's canonical name, e.g. {@code org.gconv4j.samples.groups.P4M}. */
  public String specClassName() {
    return element.getQualifiedName().toString();
  }
}
