package org.gconv4j.processor.validate;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * One compile error, {@code [Tag] rule; facts. fix}, attached to the annotated element, the
 * {@code @GroupSpec} mirror and (when known) the offending annotation value.
 */
public record Message(Tag tag, String rule, String facts, String fix, Element element, AnnotationMirror mirror,
    AnnotationValue value) {

  /** The full text, e.g. {@code [GroupSpecRadix] every radix must be at least 1; ... . Set ...}. */
  public String text() {
    return "[" + tag.label() + "] " + rule + "; " + facts + ". " + fix;
  }

  /** Prints this message as an error, pointing at the most precise position available. */
  public void printTo(Messager messager) {
    if (mirror != null && value != null) {
      messager.printMessage(Diagnostic.Kind.ERROR, text(), element, mirror, value);
    } else if (mirror != null) {
      messager.printMessage(Diagnostic.Kind.ERROR, text(), element, mirror);
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, text(), element);
    }
  }

  @Override
  public String toString() {
    return text();
  }
}
