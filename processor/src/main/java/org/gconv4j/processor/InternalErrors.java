package org.gconv4j.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import org.gconv4j.processor.read.SpecReader;
import org.gconv4j.processor.validate.Message;
import org.gconv4j.processor.validate.Tag;

/** Turns an unexpected failure into a {@code [GroupSpecInternal]} compile error on the spec. */
final class InternalErrors {
  private InternalErrors() {}

  static void report(Messager messager, Element element, String processor, Throwable failure) {
    AnnotationMirror mirror = element == null ? null : SpecReader.groupSpecMirror(element).orElse(null);
    StackTraceElement[] trace = failure.getStackTrace();
    String where = trace.length == 0 ? "" : " at " + trace[0];
    Message m = new Message(
        Tag.INTERNAL,
        processor + " must not fail on a spec",
        "it threw " + failure + where,
        "This is a gconv4j bug, please report it with the @GroupSpec that triggers it",
        element,
        mirror,
        null);
    if (element == null) {
      messager.printMessage(javax.tools.Diagnostic.Kind.ERROR, m.text());
    } else {
      m.printTo(messager);
    }
  }
}
