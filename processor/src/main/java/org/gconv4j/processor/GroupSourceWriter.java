package org.gconv4j.processor;

import java.io.IOException;
import javax.annotation.processing.Filer;
import org.gconv4j.processor.validate.Validation;

/** Writes the generated source of a clean {@link Validation}; the seam the processor's tests use. */
interface GroupSourceWriter {
  void write(Validation validation, Filer filer) throws IOException;
}
