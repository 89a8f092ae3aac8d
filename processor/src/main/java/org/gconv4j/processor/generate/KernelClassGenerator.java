package org.gconv4j.processor.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import org.gconv4j.processor.compute.FilterTableSet;
import org.gconv4j.processor.compute.StabilizerGroup;
import org.gconv4j.processor.read.SpecModel;

/**
 * Writes the Aparapi kernels of a verified spec: for each declared filter size n one top-level kernel class per pass
 * ({@code <Spec>Kernels<n><Pass>}), and the provider {@code <Spec>Kernels} that lists them for the runtime
 * ({@code org.gconv4j.backend.opencl.GroupKernels}).
 *
 * <p>Each kernel extends the runtime's kernel for its pass and overrides {@code run()} with one call of the pass's
 * body in which the stabilizer size S, the filter size n, the filter depth and the cell count n^d are
 * {@code static final} constants: javac folds them into the bytecode Aparapi translates, and the OpenCL compiler,
 * which inlines the body, sees fixed trip counts. The bodies stay the runtime's loops (no unrolled tables: PoCL's
 * build time explodes past ~1000 straight-line statements); the transformation kernels hold the group's tables as
 * array fields, set once from {@code <Spec>Group.tables(n)}. The processor references runtime and Aparapi types by
 * name only.
 */
public final class KernelClassGenerator {
  private static final ClassName OPTIONAL = ClassName.get(Optional.class);
  private static final TypeName INT_ARRAY = ArrayTypeName.of(TypeName.INT);

  /** The five passes: suffix, runtime base class, what it computes, the body it calls. */
  private enum Pass {
    TRANSFORM("TransformFilters", GeneratedNames.TRANSFORM_KERNEL,
        "Filter transformation F → F+ (a gather through the lifting or the group table)"),
    TRANSFORM_BACKWARD("TransformFiltersBackward", GeneratedNames.TRANSFORM_BACKWARD_KERNEL,
        "Gradient of the filter transformation, a gather through the inverse (CSR) table"),
    FORWARD("CorrelateForward", GeneratedNames.FORWARD_KERNEL, "Planar correlation y = x ⋆ F+"),
    BACKWARD_INPUT("CorrelateBackwardInput", GeneratedNames.BACKWARD_INPUT_KERNEL,
        "Gradient of the planar correlation with respect to its input"),
    BACKWARD_WEIGHTS("CorrelateBackwardWeights", GeneratedNames.BACKWARD_WEIGHTS_KERNEL,
        "Gradient of the planar correlation with respect to F+");

    final String suffix;
    final ClassName base;
    final String doc;

    Pass(String suffix, ClassName base, String doc) {
      this.suffix = suffix;
      this.base = base;
      this.doc = doc;
    }
  }

  private final boolean generatedAnnotationAvailable;

  /** @param generatedAnnotationAvailable whether {@code javax.annotation.processing.Generated} is on the target platform */
  public KernelClassGenerator(boolean generatedAnnotationAvailable) {
    this.generatedAnnotationAvailable = generatedAnnotationAvailable;
  }

  /** The provider {@code <Spec>Kernels} followed by every kernel class. */
  public List<JavaFile> generate(SpecModel spec, StabilizerGroup group, List<FilterTableSet> tables) {
    List<JavaFile> files = new ArrayList<>();
    files.add(provider(spec, group, tables));
    for (FilterTableSet t : tables) {
      for (Pass pass : Pass.values()) {
        files.add(kernel(spec, group, t, pass));
      }
    }
    return files;
  }

  private JavaFile provider(SpecModel spec, StabilizerGroup group, List<FilterTableSet> tables) {
    ClassName self = GeneratedNames.kernelsClass(spec.element());
    ClassName groupClass = GeneratedNames.groupClass(spec.element());
    int[] sizes = tables.stream().mapToInt(FilterTableSet::size).sorted().toArray();
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(GeneratedNames.GROUP_KERNELS)
        .addOriginatingElement(spec.element())
        .addJavadoc(CodeBlock.builder()
            .add("The OpenCL kernels of the group $L for filter sizes $L: one Aparapi kernel class per pass and size,\n",
                spec.groupName(), Arrays.toString(sizes))
            .add("{@code $LKernels<n><Pass>}, in which S = $L, n and n^d are compile-time constants and the tables of\n",
                self.simpleName().substring(0, self.simpleName().length() - "Kernels".length()), group.order())
            .add("{@link $T} are array fields. The OpenCL backend finds this class through\n", groupClass)
            .add("{@code META-INF/services/org.gconv4j.backend.opencl.GroupKernels}.\n")
            .add(doNotModify(spec))
            .build());
    annotate(type);
    type.addField(FieldSpec.builder(TypeName.INT, "ORDER", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The stabilizer size S.\n").initializer("$L", group.order()).build());
    type.addField(FieldSpec.builder(TypeName.INT, "DIMENSION", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Spatial axes d.\n").initializer("$L", group.dimension()).build());
    StringBuilder sizeLiteral = new StringBuilder("{");
    for (int i = 0; i < sizes.length; i++) {
      sizeLiteral.append(i == 0 ? "" : ", ").append(sizes[i]);
    }
    type.addField(FieldSpec.builder(INT_ARRAY, "KERNEL_SIZES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("$L", sizeLiteral.append('}')).build());
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build());
    type.addMethod(override("groupClassName", ClassName.get(String.class))
        .addStatement("return $T.class.getName()", groupClass).build());
    type.addMethod(override("kernelSizes", INT_ARRAY).addStatement("return KERNEL_SIZES.clone()").build());
    MethodSpec.Builder kernels = override("kernels", ParameterizedTypeName.get(OPTIONAL, GeneratedNames.KERNEL_CLASSES))
        .addParameter(TypeName.INT, "n")
        .beginControlFlow("switch (n)");
    for (int n : sizes) {
      CodeBlock.Builder classes = CodeBlock.builder();
      for (Pass pass : Pass.values()) {
        classes.add(",\n$T.class", GeneratedNames.kernelClass(spec.element(), n, pass.suffix));
      }
      kernels.addCode("case $L:\n", n).addCode(CodeBlock.builder().indent()
          .add("return $T.of(new $T($L, DIMENSION", OPTIONAL, GeneratedNames.KERNEL_CLASSES, n)
          .indent().indent().add(classes.build()).unindent().unindent()
          .add("));\n").unindent().build());
    }
    kernels.addCode("default:\n").addCode(CodeBlock.builder().indent().addStatement("return $T.empty()", OPTIONAL).unindent().build());
    kernels.endControlFlow();
    type.addMethod(kernels.build());
    return JavaFile.builder(self.packageName(), type.build()).skipJavaLangImports(true).indent("  ").build();
  }

  private JavaFile kernel(SpecModel spec, StabilizerGroup group, FilterTableSet t, Pass pass) {
    int n = t.size();
    int d = group.dimension();
    ClassName self = GeneratedNames.kernelClass(spec.element(), n, pass.suffix);
    ClassName groupClass = GeneratedNames.groupClass(spec.element());
    String shape = d == 3 ? n + "×" + n + "×" + n : n + "×" + n;
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(pass.base)
        .addOriginatingElement(spec.element())
        .addJavadoc(CodeBlock.builder()
            .add("$L\nfor $L with $L filters; see {@link $T}.\n", pass.doc, spec.groupName(), shape, pass.base)
            .add(doNotModify(spec))
            .build());
    annotate(type);
    boolean transform = pass == Pass.TRANSFORM || pass == Pass.TRANSFORM_BACKWARD;
    if (transform) {
      type.addField(constant("ORDER", group.order(), "The stabilizer size S."));
    }
    type.addField(constant("N", n, "The filter size n."));
    if (transform) {
      type.addField(constant("CELLS", t.cells(), "Cells per filter, n^" + d + "."));
      type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
          .addJavadoc("The tables of {@link $T} for n = $L, as array fields.\n", groupClass, n)
          .addStatement("super(new $T().tables(N))", groupClass).build());
      String body = pass == Pass.TRANSFORM ? "transform" : "transformBackward";
      type.addMethod(MethodSpec.methodBuilder("run").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
          .addComment("a filter is S_in·n^$L entries: n^$L when lifting, S·n^$L between group layers", d, d, d)
          .beginControlFlow("if (lifting == 1)")
          .addStatement("$L(ORDER, CELLS)", body)
          .nextControlFlow("else")
          .addStatement("$L(ORDER, ORDER * CELLS)", body)
          .endControlFlow()
          .build());
    } else {
      type.addField(constant("DEPTH", d == 3 ? n : 1, "The filter extent along depth: n in 3D, 1 in 2D."));
      String body = switch (pass) {
        case FORWARD -> "forward";
        case BACKWARD_INPUT -> "backwardInput";
        default -> "backwardWeights";
      };
      type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build());
      type.addMethod(MethodSpec.methodBuilder("run").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
          .addStatement("$L(N, DEPTH)", body).build());
    }
    return JavaFile.builder(self.packageName(), type.build()).skipJavaLangImports(true).indent("  ").build();
  }

  private static CodeBlock doNotModify(SpecModel spec) {
    return CodeBlock.builder()
        .add("\n<p>DO NOT MODIFY. Generated by the gconv4j annotation processor from the {@code @GroupSpec} on\n")
        .add("{@code $L}; edit that spec and recompile.\n", spec.specClassName())
        .build();
  }

  private void annotate(TypeSpec.Builder type) {
    if (generatedAnnotationAvailable) {
      type.addAnnotation(AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
          .addMember("value", "$S", GroupClassGenerator.GENERATOR).build());
    }
  }

  private static FieldSpec constant(String name, int value, String doc) {
    return FieldSpec.builder(TypeName.INT, name, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc(doc + "\n").initializer("$L", value).build();
  }

  private static MethodSpec.Builder override(String name, TypeName returns) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(returns);
  }
}
