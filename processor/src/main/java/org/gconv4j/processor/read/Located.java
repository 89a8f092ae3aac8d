package org.gconv4j.processor.read;

import javax.lang.model.element.AnnotationValue;

/**
 * A value read from an annotation together with the {@link AnnotationValue} it came from, so that
 * a message about it can point at the exact source position. {@code source} is the default value
 * (no position of its own) when the user did not write the item.
 */
public record Located<T>(T value, AnnotationValue source) {}
