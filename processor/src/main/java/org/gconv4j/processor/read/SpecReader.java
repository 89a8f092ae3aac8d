package org.gconv4j.processor.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;
import org.gconv4j.annotations.Lattice;

/**
 * Reads a {@code @GroupSpec} annotation mirror into a {@link SpecModel}. Reading never judges the
 * values (that is {@code validate}'s job); it only gives up, returning empty, when javac could not
 * resolve the annotation itself (javac has reported that error already).
 */
public final class SpecReader {
  /** Fully qualified name of {@code @GroupSpec}. */
  public static final String GROUP_SPEC = "org.gconv4j.annotations.GroupSpec";

  private final Elements elements;

  public SpecReader(Elements elements) {
    this.elements = elements;
  }

  /** The {@code @GroupSpec} mirror on an element, if any. */
  public static Optional<AnnotationMirror> groupSpecMirror(Element element) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) m.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(GROUP_SPEC)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** Reads the spec on a type, or empty when the annotation is missing or unresolved. */
  public Optional<SpecModel> read(TypeElement type) {
    Optional<AnnotationMirror> mirror = groupSpecMirror(type);
    if (mirror.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(read(type, mirror.get()));
    } catch (UnreadableValueException e) {
      return Optional.empty();
    }
  }

  private SpecModel read(TypeElement type, AnnotationMirror mirror) {
    Map<String, AnnotationValue> values = values(mirror);
    Located<String> name = string(values, "name");
    AnnotationValue latticeValue = require(values, "lattice");
    Located<Lattice> lattice = new Located<>(lattice(latticeValue), latticeValue);
    AnnotationValue generatorsValue = require(values, "generators");
    List<GeneratorModel> generators = new ArrayList<>();
    int position = 1;
    for (AnnotationValue g : list(generatorsValue)) {
      if (!(g.getValue() instanceof AnnotationMirror nested)) {
        throw new UnreadableValueException();
      }
      generators.add(generator(position++, nested, g));
    }
    Located<Integer> stabilizerSize = integer(values, "stabilizerSize");
    AnnotationValue sizesValue = require(values, "filterSizes");
    return new SpecModel(
        type,
        mirror,
        name,
        lattice,
        new Located<>(List.copyOf(generators), generatorsValue),
        stabilizerSize,
        new Located<>(integers(sizesValue), sizesValue));
  }

  private GeneratorModel generator(int position, AnnotationMirror mirror, AnnotationValue source) {
    Map<String, AnnotationValue> values = values(mirror);
    AnnotationValue matrixValue = require(values, "matrix");
    return new GeneratorModel(
        position,
        string(values, "name"),
        new Located<>(integers(matrixValue), matrixValue),
        integer(values, "radix"),
        mirror,
        source);
  }

  private Map<String, AnnotationValue> values(AnnotationMirror mirror) {
    Map<String, AnnotationValue> out = new java.util.HashMap<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      out.put(e.getKey().getSimpleName().toString(), e.getValue());
    }
    return out;
  }

  private static AnnotationValue require(Map<String, AnnotationValue> values, String key) {
    AnnotationValue v = values.get(key);
    if (v == null) {
      throw new UnreadableValueException();
    }
    return v;
  }

  private static Located<String> string(Map<String, AnnotationValue> values, String key) {
    AnnotationValue v = require(values, key);
    if (!(v.getValue() instanceof String s)) {
      throw new UnreadableValueException();
    }
    return new Located<>(s, v);
  }

  private static Located<Integer> integer(Map<String, AnnotationValue> values, String key) {
    AnnotationValue v = require(values, key);
    return new Located<>(integerOf(v), v);
  }

  private static int integerOf(AnnotationValue v) {
    if (!(v.getValue() instanceof Integer i)) {
      throw new UnreadableValueException();
    }
    return i;
  }

  private static List<? extends AnnotationValue> list(AnnotationValue v) {
    if (!(v.getValue() instanceof List<?> items)) {
      throw new UnreadableValueException();
    }
    List<AnnotationValue> out = new ArrayList<>();
    for (Object item : items) {
      if (!(item instanceof AnnotationValue av)) {
        throw new UnreadableValueException();
      }
      out.add(av);
    }
    return out;
  }

  private static List<Located<Integer>> integers(AnnotationValue v) {
    List<Located<Integer>> out = new ArrayList<>();
    for (AnnotationValue item : list(v)) {
      out.add(new Located<>(integerOf(item), item));
    }
    return List.copyOf(out);
  }

  private static Lattice lattice(AnnotationValue v) {
    if (!(v.getValue() instanceof VariableElement constant)) {
      throw new UnreadableValueException();
    }
    try {
      return Lattice.valueOf(constant.getSimpleName().toString());
    } catch (IllegalArgumentException e) {
      throw new UnreadableValueException();
    }
  }

  /** A value javac could not resolve (it has reported why); the spec is skipped. */
  private static final class UnreadableValueException extends RuntimeException {
    UnreadableValueException() {
      super(null, null, false, false);
    }
  }
}
