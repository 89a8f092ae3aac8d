package org.gconv4j.processor;

import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.lang.model.SourceVersion;
import org.gconv4j.processor.read.SpecReader;

/** What both gconv4j processors share: they see every {@code @GroupSpec}, on any source version. */
abstract class AbstractGroupSpecProcessor extends AbstractProcessor {
  @Override
  public final Set<String> getSupportedAnnotationTypes() {
    return Set.of(SpecReader.GROUP_SPEC);
  }

  @Override
  public final SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }
}
