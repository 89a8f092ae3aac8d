package org.gconv4j.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import org.gconv4j.processor.generate.ForwardKernelGenerator;
import org.gconv4j.processor.generate.GeneratedNames;
import org.gconv4j.processor.read.SpecModel;
import org.gconv4j.processor.read.SpecReader;
import org.gconv4j.processor.validate.Message;
import org.gconv4j.processor.validate.Tag;

/**
 * Aggregating companion of {@link GroupSpecProcessor}: sees every {@code @GroupSpec} of the
 * compilation, reports duplicate group names ({@code [GroupSpecName]}), and in the last round writes
 * {@code META-INF/services/org.gconv4j.group.Group} listing every generated group class, so that
 * {@code ServiceLoader.load(Group.class)} finds them, and {@value #KERNELS_SERVICE_FILE} listing the generated
 * OpenCL kernel providers ({@code <Spec>Kernels}, when kernels were generated). The files are owned by this
 * processor: they list exactly the groups of this compilation.
 */
@AutoService(Processor.class)
public final class GroupRegistryProcessor extends AbstractGroupSpecProcessor {
  /** The service file this processor writes. */
  public static final String SERVICE_FILE = "META-INF/services/org.gconv4j.group.Group";
  /** The service file of the generated OpenCL kernel providers ({@code <Spec>Kernels}, where any were generated). */
  public static final String KERNELS_SERVICE_FILE = "META-INF/services/org.gconv4j.backend.opencl.GeneratedKernels";

  private final Map<String, SpecModel> byName = new LinkedHashMap<>();
  private final List<TypeElement> specs = new ArrayList<>();

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      SpecReader reader = new SpecReader(processingEnv.getElementUtils());
      for (TypeElement annotation : annotations) {
        for (Element element : round.getElementsAnnotatedWith(annotation)) {
          if (element instanceof TypeElement type) {
            specs.add(type);
            reader.read(type).ifPresent(this::checkUniqueName);
          }
        }
      }
      if (round.processingOver() && !specs.isEmpty()) {
        writeServiceFiles();
      }
    } catch (Exception | Error e) {
      InternalErrors.report(processingEnv.getMessager(), specs.isEmpty() ? null : specs.get(0),
          getClass().getSimpleName(), e);
    }
    return false;
  }

  private void checkUniqueName(SpecModel spec) {
    SpecModel first = byName.putIfAbsent(spec.groupName(), spec);
    if (first != null) {
      new Message(Tag.NAME,
          "group names must be unique in one compilation",
          "\"" + spec.groupName() + "\" is already the name of the group of " + first.specClassName(),
          "Give one of them a distinct name, e.g. @GroupSpec(name = \"" + spec.groupName() + "2\", ...)",
          spec.element(), spec.mirror(), spec.name().source()).printTo(processingEnv.getMessager());
    }
  }

  private void writeServiceFiles() throws IOException {
    writeServiceFile(SERVICE_FILE, GeneratedNames::groupClass, true);
    writeServiceFile(KERNELS_SERVICE_FILE, GeneratedNames::kernelsClass, false);
  }

  /** A generated provider, not a user's type of the same name (when the kernels were turned off). */
  private static boolean implementsKernels(TypeElement type) {
    return type.getInterfaces().stream().anyMatch(i -> i.toString().equals(ForwardKernelGenerator.PROVIDER));
  }

  /** Lists the generated classes {@code nameOf} gives that exist; an empty list is written only when asked. */
  private void writeServiceFile(String path, Function<TypeElement, ClassName> nameOf, boolean evenWhenEmpty)
      throws IOException {
    Set<String> classes = new TreeSet<>();
    for (TypeElement spec : specs) {
      ClassName generated = nameOf.apply(spec);
      String name = generated.canonicalName();
      Optional<TypeElement> type = Optional.ofNullable(processingEnv.getElementUtils().getTypeElement(name));
      if (type.isPresent() && (path.equals(SERVICE_FILE) || implementsKernels(type.get()))) {
        classes.add(name);
      }
    }
    if (classes.isEmpty() && !evenWhenEmpty) {
      return;
    }
    FileObject file = processingEnv.getFiler()
        .createResource(StandardLocation.CLASS_OUTPUT, "", path, specs.toArray(new Element[0]));
    try (Writer w = new java.io.OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
      for (String c : classes) {
        w.write(c);
        w.write('\n');
      }
    }
  }
}
