package org.gconv4j.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
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
import org.gconv4j.processor.generate.KernelClassGenerator;
import org.gconv4j.processor.read.SpecModel;
import org.gconv4j.processor.read.SpecReader;
import org.gconv4j.processor.validate.SpecValidator;
import org.gconv4j.processor.validate.Validation;

/**
 * Reads every {@code @GroupSpec}, validates it (compile errors on the spec and the offending value,
 * see the {@code @GroupSpec} javadoc) and generates its {@code <Spec>Group} class and, when the runtime's
 * OpenCL backend is on the class path, its Aparapi kernels ({@code <Spec>Kernels} and one class per pass and
 * filter size, see {@link KernelClassGenerator}). The option {@code -A}{@value #KERNELS_OPTION}{@code =none}
 * turns the kernels off. Isolating in
 * Gradle's terms: each generated file depends on its spec alone, recorded as originating element.
 * Nothing escapes {@link #process}: an unexpected failure becomes a {@code [GroupSpecInternal]}
 * error on the spec.
 */
@AutoService(Processor.class)
public final class GroupSpecProcessor extends AbstractGroupSpecProcessor {
  /** Processor option: {@code opencl} (the default) generates the Aparapi kernels, {@code none} does not. */
  public static final String KERNELS_OPTION = "gconv4j.kernels";
  /** The runtime interface the generated kernel provider implements; kernels are generated only when it resolves. */
  static final String GROUP_KERNELS = "org.gconv4j.backend.opencl.GroupKernels";

  private final GroupSourceWriter writerOverride;
  private SpecReader reader;
  private GroupSourceWriter writer;
  private final SpecValidator validator = new SpecValidator();
  private boolean withKernels;

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
    KernelClassGenerator kernels = new KernelClassGenerator(generatedAvailable);
    withKernels = kernelsWanted(env);
    writer = writerOverride != null
        ? writerOverride
        : (validation, filer) -> {
          generator.generate(validation.spec(), validation.group().orElseThrow(), validation.tables()).writeTo(filer);
          if (withKernels) {
            for (JavaFile file : kernels.generate(validation.spec(), validation.group().orElseThrow(), validation.tables())) {
              file.writeTo(filer);
            }
          }
        };
  }

  /**
   * Kernels are generated unless {@code -Agconv4j.kernels=none}, and only when the runtime's OpenCL backend
   * ({@value #GROUP_KERNELS}) is on the class path, since the kernels extend its classes.
   */
  private static boolean kernelsWanted(ProcessingEnvironment env) {
    String option = env.getOptions().getOrDefault(KERNELS_OPTION, "opencl");
    if (!option.equals("opencl") && !option.equals("none")) {
      env.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR, "[GroupSpecOption] -A" + KERNELS_OPTION
          + " is opencl or none; got " + option + ". Fix the compiler argument");
      return false;
    }
    return option.equals("opencl") && env.getElementUtils().getTypeElement(GROUP_KERNELS) != null;
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(KERNELS_OPTION);
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      collectSourceTypes(round.getRootElements());
    } catch (RuntimeException e) {
      // the clash check then knows fewer types; never a reason to fail
    }
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

  /** Qualified names of the types written in this compilation's sources (nested ones included). */
  private final Set<String> sourceTypes = new java.util.HashSet<>();
  /** Classes this processor generates, by qualified name, with the spec that generates each. */
  private final java.util.Map<String, String> generatedBy = new java.util.HashMap<>();

  private void collectSourceTypes(Set<? extends Element> roots) {
    java.util.Deque<Element> todo = new java.util.ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      Element e = todo.pop();
      if (e instanceof TypeElement t) {
        if (!generatedBy.containsKey(t.getQualifiedName().toString())) {
          sourceTypes.add(t.getQualifiedName().toString());
        }
        todo.addAll(t.getEnclosedElements());
      }
    }
  }

  /**
   * The spec's generated group and kernel-provider classes must not be a type of the sources
   * ({@code SpecGroup} beside {@code Spec}) nor another spec's ({@code Outer.Inner} and
   * {@code Outer_Inner} both give {@code Outer_InnerGroup}): a {@code [GroupSpecName]} error on the spec,
   * not a Filer failure.
   */
  private boolean generatedNamesAreFree(SpecModel spec) {
    TypeElement type = spec.element();
    String specName = type.getQualifiedName().toString();
    java.util.List<com.palantir.javapoet.ClassName> generated = new java.util.ArrayList<>();
    generated.add(org.gconv4j.processor.generate.GeneratedNames.groupClass(type));
    if (withKernels) {
      generated.add(org.gconv4j.processor.generate.GeneratedNames.kernelsClass(type));
    }
    for (com.palantir.javapoet.ClassName c : generated) {
      String name = c.canonicalName();
      String other = generatedBy.get(name);
      String facts = other != null && !other.equals(specName)
          ? specName + " generates " + name + ", which the spec " + other + " generates too"
          : sourceTypes.contains(name) ? specName + " generates " + name + ", which is already a type in the sources"
          : null;
      if (facts != null) {
        new org.gconv4j.processor.validate.Message(org.gconv4j.processor.validate.Tag.NAME,
            "the classes a spec generates must not clash with other types", facts,
            "Rename the spec class or the other type", type, spec.mirror(), null).printTo(processingEnv.getMessager());
        return false;
      }
    }
    for (com.palantir.javapoet.ClassName c : generated) {
      generatedBy.put(c.canonicalName(), specName);
    }
    return true;
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
    if (validation.report().isClean() && generatedNamesAreFree(spec.get())) {
      Filer filer = processingEnv.getFiler();
      writer.write(validation, filer);
    }
  }
}
