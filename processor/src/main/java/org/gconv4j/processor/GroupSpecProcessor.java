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
import org.gconv4j.processor.generate.ForwardKernelGenerator;
import org.gconv4j.processor.generate.GroupClassGenerator;
import org.gconv4j.processor.read.SpecModel;
import org.gconv4j.processor.read.SpecReader;
import org.gconv4j.processor.validate.SpecValidator;
import org.gconv4j.processor.validate.Validation;

/**
 * Reads every {@code @GroupSpec}, validates it (compile errors on the spec and the offending value,
 * see the {@code @GroupSpec} javadoc) and generates its {@code <Spec>Group} class (the group's
 * multiplication table and filter tables, which every backend's generic kernels read) and, for a 2D group when the
 * runtime's OpenCL backend is on the class path, the forward kernels that carry the group and their provider
 * {@code <Spec>Kernels} ({@link ForwardKernelGenerator}); {@code -Agconv4j.kernels=none} turns them off. Isolating in
 * Gradle's terms: each generated file depends on its spec alone, recorded as originating element.
 * Nothing escapes {@link #process}: an unexpected failure becomes a {@code [GroupSpecInternal]}
 * error on the spec.
 */
@AutoService(Processor.class)
public final class GroupSpecProcessor extends AbstractGroupSpecProcessor {
  /** Processor option: {@code opencl} (the default) generates the OpenCL forward kernels, {@code none} does not. */
  public static final String KERNELS_OPTION = "gconv4j.kernels";

  private final GroupSourceWriter writerOverride;
  private SpecReader reader;
  private GroupSourceWriter writer;
  private boolean kernelsWanted;
  private javax.lang.model.util.Elements elements;
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
    elements = env.getElementUtils();
    kernelsWanted = kernelsWanted(env);
    writer = writerOverride != null
        ? writerOverride
        : (validation, filer) -> {
          new GroupClassGenerator(generatedVisible(validation.spec().element())).generate(validation.spec(), validation.group().orElseThrow(), validation.tables()).writeTo(filer);
          for (ForwardKernelGenerator.Source source : kernelSources(validation)) {
            javax.tools.JavaFileObject file = filer.createSourceFile(source.name().canonicalName(), validation.spec().element());
            try (java.io.Writer w = file.openWriter()) {
              w.write(source.text());
            }
          }
        };
  }

  /**
   * Whether the generated classes may carry {@code @javax.annotation.processing.Generated}: it exists (JDK 9+) and the
   * spec's code can read it. In the unnamed module (the class path) it always can; a named module reads
   * {@code java.compiler} only when its descriptor requires it, so there the annotation is left out unless it does.
   */
  private boolean generatedVisible(Element spec) {
    if (elements.getTypeElement("javax.annotation.processing.Generated") == null) {
      return false;
    }
    javax.lang.model.element.ModuleElement module = elements.getModuleOf(spec);
    if (module == null || module.isUnnamed()) {
      return true;
    }
    for (javax.lang.model.element.ModuleElement.Directive d : module.getDirectives()) {
      if (d instanceof javax.lang.model.element.ModuleElement.RequiresDirective r) {
        String name = r.getDependency().getQualifiedName().toString();
        if (name.equals("java.compiler") || name.equals("java.se")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Kernels are generated unless {@code -Agconv4j.kernels=none}, and only when the runtime's OpenCL backend
   * ({@value ForwardKernelGenerator#BASE}) and Aparapi are on the class path, since the kernels extend their classes.
   */
  private static boolean kernelsWanted(ProcessingEnvironment env) {
    String option = env.getOptions().getOrDefault(KERNELS_OPTION, "opencl");
    if (!option.equals("opencl") && !option.equals("none")) {
      env.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR, "[GroupSpecOption] -A" + KERNELS_OPTION
          + " is opencl or none; got " + option + ". Fix the compiler argument");
      return false;
    }
    javax.lang.model.util.Elements elements = env.getElementUtils();
    return option.equals("opencl") && elements.getTypeElement(ForwardKernelGenerator.PROVIDER) != null
        && elements.getTypeElement(ForwardKernelGenerator.BASE) != null
        && elements.getTypeElement("com.aparapi.Kernel") != null;
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(KERNELS_OPTION);
  }

  /**
   * The OpenCL forward kernels of a clean spec ({@link ForwardKernelGenerator}): only when the runtime's OpenCL backend
   * ({@value ForwardKernelGenerator#BASE}) is on the class path, since they extend its classes.
   */
  private java.util.List<ForwardKernelGenerator.Source> kernelSources(Validation validation) {
    return !kernelsWanted
        ? java.util.List.of()
        : new ForwardKernelGenerator(generatedVisible(validation.spec().element())).generate(validation.spec(), validation.group().orElseThrow(), validation.tables());
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
   * The spec's generated group class must not be a type of the sources
   * ({@code SpecGroup} beside {@code Spec}) nor another spec's ({@code Outer.Inner} and
   * {@code Outer_Inner} both give {@code Outer_InnerGroup}): a {@code [GroupSpecName]} error on the spec,
   * not a Filer failure.
   */
  private boolean generatedNamesAreFree(Validation validation) {
    SpecModel spec = validation.spec();
    TypeElement type = spec.element();
    String specName = type.getQualifiedName().toString();
    java.util.List<com.palantir.javapoet.ClassName> generated = new java.util.ArrayList<>();
    generated.add(org.gconv4j.processor.generate.GeneratedNames.groupClass(type));
    for (ForwardKernelGenerator.Source source : kernelSources(validation)) {
      generated.add(source.name());
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
    if (validation.report().isClean() && generatedNamesAreFree(validation)) {
      Filer filer = processingEnv.getFiler();
      writer.write(validation, filer);
    }
  }
}
