package org.gconv4j.processor;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import org.gconv4j.processor.generate.GroupClassGenerator;
import org.gconv4j.processor.read.SpecModel;
import org.gconv4j.processor.read.SpecReader;
import org.gconv4j.processor.validate.SpecValidator;
import org.gconv4j.processor.validate.Validation;

/**
 * Reads every {@code @GroupSpec}, validates it (compile errors on the spec and the offending value,
 * see the {@code @GroupSpec} javadoc) and generates its {@code <Spec>Group} class (the group's
 * multiplication table and filter tables, which every backend's generic kernels read). Isolating in
 * Gradle's terms: each generated file depends on its spec alone, recorded as originating element.
 * Nothing escapes {@link #process}: an unexpected failure becomes a {@code [GroupSpecInternal]}
 * error on the spec.
 */
@AutoService(Processor.class)
public final class GroupSpecProcessor extends AbstractGroupSpecProcessor {
  private final GroupSourceWriter writerOverride;
  private SpecReader reader;
  private GroupSourceWriter writer;
  private final SpecValidator validator = new SpecValidator();

  /** The processor as javac's service loader creates it. */
  public GroupSpecProcessor() {
    this(null);
  }

  GroupSpecProcessor(GroupSourceWriter writerOverride) {
    this.writerOverride = writerOverride;
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    reader = new SpecReader(env.getElementUtils());
    boolean generatedAvailable = env.getElementUtils().getTypeElement("javax.annotation.processing.Generated") != null;
    GroupClassGenerator generator = new GroupClassGenerator(generatedAvailable);
    writer = writerOverride != null
        ? writerOverride
        : (validation, filer) -> generator.generate(validation.spec(), validation.group().orElseThrow(), validation.tables())
            .writeTo(filer);
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      Set<? extends Element> annotated;
      try {
        annotated = round.getElementsAnnotatedWith(annotation);
      } catch (RuntimeException | Error e) {
        InternalErrors.report(processingEnv.getMessager(), null, getClass().getSimpleName(), e);
        continue;
      }
      for (Element element : annotated) {
        try {
          processSpec(element);
        } catch (Exception | Error e) {
          InternalErrors.report(processingEnv.getMessager(), element, getClass().getSimpleName(), e);
        }
      }
    }
    return false;
  }

  private void processSpec(Element element) throws IOException {
    if (!(element instanceof TypeElement type)) {
      return; // @Target(TYPE): javac rejects anything else before we run
    }
    Optional<SpecModel> spec = reader.read(type);
    if (spec.isEmpty()) {
      return; // javac has reported why the annotation cannot be read
    }
    Validation validation = validator.validate(spec.get());
    validation.report().printTo(processingEnv.getMessager());
    if (validation.report().isClean()) {
      Filer filer = processingEnv.getFiler();
      writer.write(validation, filer);
    }
  }
}
