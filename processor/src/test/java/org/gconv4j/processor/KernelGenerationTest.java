package org.gconv4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.gconv4j.backend.opencl.GroupKernels;
import org.gconv4j.backend.opencl.KernelClasses;
import org.gconv4j.backend.opencl.kernels.CorrelateBackwardInputKernel;
import org.gconv4j.backend.opencl.kernels.CorrelateBackwardWeightsKernel;
import org.gconv4j.backend.opencl.kernels.CorrelateForwardKernel;
import org.gconv4j.backend.opencl.kernels.GroupTransformFiltersBackwardKernel;
import org.gconv4j.backend.opencl.kernels.GroupTransformFiltersKernel;
import org.gconv4j.group.Group;
import org.junit.jupiter.api.Test;

/**
 * The Aparapi kernels the processor generates next to {@code <Spec>Group}: the provider {@code <Spec>Kernels}
 * (listed in the GroupKernels service file) and one kernel class per pass and filter size, compiled against the
 * runtime and checked here for their constants, superclasses and the runtime's lookup. Whether they run as OpenCL
 * is tested in the samples module (GeneratedKernelsTest), with the sample groups.
 */
class KernelGenerationTest {
  private static final String[] PASSES = {
    "TransformFilters", "TransformFiltersBackward", "CorrelateForward", "CorrelateBackwardInput", "CorrelateBackwardWeights"
  };

  /** p2 on the square lattice (n = 3, 5) and C4 on the cubic lattice (n = 3): small user specs. */
  private static JavaFileObject[] specs() {
    return new JavaFileObject[] {
      Compile.source("user.P2",
          "@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 2,",
          "    generators = @Generator(name = \"R2\", matrix = {-1, 0, 0, -1}, radix = 2),",
          "    filterSizes = {5, 3})",
          "public final class P2 {}"),
      Compile.source("user.C4",
          "@GroupSpec(lattice = Lattice.CUBIC, stabilizerSize = 4,",
          "    generators = @Generator(name = \"A\", matrix = {1, 0, 0, 0, 0, -1, 0, 1, 0}, radix = 4),",
          "    filterSizes = {3})",
          "public final class C4 {}")
    };
  }

  private static String source(Compilation c, String className) throws Exception {
    return c.generatedSourceFile(className).orElseThrow(() -> new AssertionError(className + " was not generated"))
        .getCharContent(true).toString();
  }

  @Test
  void oneKernelClassPerPassAndFilterSizeCompilesAgainstTheRuntime() throws Exception {
    Compilation c = Compile.compile(specs());
    assertThat(c).succeededWithoutWarnings();
    for (int n : new int[] {3, 5}) {
      for (String pass : PASSES) {
        String src = source(c, "user.P2Kernels" + n + pass);
        assertThat(src).contains("DO NOT MODIFY");
        assertThat(src).contains("@Generated(\"org.gconv4j.processor.GroupSpecProcessor\")");
        assertThat(src).contains("static final int N = " + n + ";");
        assertThat(src).contains("public void run() {");
        assertThat(src).doesNotContain("switch");
        if (pass.startsWith("Transform")) {
          assertThat(src).contains("static final int ORDER = 2;");
          assertThat(src).contains("static final int CELLS = " + n * n + ";");
          assertThat(src).contains("super(new P2Group().tables(N));");
        } else {
          assertThat(src).contains("static final int DEPTH = 1;");
          assertThat(src).contains("(N, DEPTH);");
        }
        // small bodies: the loops live in the runtime's kernels, never unrolled tables
        assertThat(src.lines().count()).isLessThan(60L);
      }
    }
    assertThat(source(c, "user.C4Kernels3CorrelateForward")).contains("static final int DEPTH = 3;");
    assertThat(source(c, "user.C4Kernels3TransformFilters")).contains("static final int CELLS = 27;");
    assertThat(c.generatedSourceFile("user.P2Kernels4CorrelateForward")).isEmpty();
    assertThat(c).generatedFile(StandardLocation.CLASS_OUTPUT, GroupRegistryProcessor.KERNELS_SERVICE_FILE)
        .contentsAsUtf8String().isEqualTo("user.C4Kernels\nuser.P2Kernels\n");
  }

  @Test
  void theRuntimeFindsTheKernelsOfAGeneratedGroup() throws Exception {
    Compilation c = Compile.compile(specs());
    assertThat(c).succeededWithoutWarnings();
    InMemoryClassLoader loader = new InMemoryClassLoader(c);
    Group p2 = (Group) loader.loadClass("user.P2Group").getConstructor().newInstance();
    GroupKernels kernels = GroupKernels.of(p2).orElseThrow(() -> new AssertionError("no kernels found for P2"));
    assertThat(kernels.getClass().getName()).isEqualTo("user.P2Kernels");
    assertThat(kernels.groupClassName()).isEqualTo("user.P2Group");
    assertThat(kernels.kernelSizes()).isEqualTo(new int[] {3, 5});
    assertThat(kernels.kernels(4)).isEqualTo(Optional.empty());
    KernelClasses k5 = kernels.kernels(5).orElseThrow();
    assertThat(k5.kernelSize()).isEqualTo(5);
    assertThat(k5.dimension()).isEqualTo(2);
    List<Class<?>> classes = new ArrayList<>(List.of(k5.transformFilters(), k5.transformFiltersBackward(),
        k5.correlateForward(), k5.correlateBackwardInput(), k5.correlateBackwardWeights()));
    List<Class<?>> bases = List.of(GroupTransformFiltersKernel.class, GroupTransformFiltersBackwardKernel.class,
        CorrelateForwardKernel.class, CorrelateBackwardInputKernel.class, CorrelateBackwardWeightsKernel.class);
    for (int i = 0; i < PASSES.length; i++) {
      Class<?> type = classes.get(i);
      assertThat(type.getName()).isEqualTo("user.P2Kernels5" + PASSES[i]);
      assertThat(type.getSuperclass()).isEqualTo(bases.get(i));
      assertThat(type.getEnclosingClass()).isNull();
      assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).isTrue();
    }
    Group c4 = (Group) loader.loadClass("user.C4Group").getConstructor().newInstance();
    assertThat(GroupKernels.of(c4).orElseThrow().kernels(3).orElseThrow().dimension()).isEqualTo(3);
  }

  @Test
  void kernelsCanBeTurnedOff() {
    Compilation c = javac()
        .withOptions("--release", "17", "-A" + GroupSpecProcessor.KERNELS_OPTION + "=none")
        .withProcessors(new GroupSpecProcessor(), new GroupRegistryProcessor())
        .compile(specs());
    assertThat(c).succeededWithoutWarnings();
    assertThat(c.generatedSourceFile("user.P2Group")).isPresent();
    assertThat(c.generatedSourceFile("user.P2Kernels")).isEmpty();
    assertThat(c.generatedSourceFile("user.P2Kernels3CorrelateForward")).isEmpty();
    assertThat(c.generatedFile(StandardLocation.CLASS_OUTPUT, "", GroupRegistryProcessor.KERNELS_SERVICE_FILE)).isEmpty();
  }

  @Test
  void anUnknownKernelsOptionIsACompileError() {
    Compilation c = javac()
        .withOptions("--release", "17", "-A" + GroupSpecProcessor.KERNELS_OPTION + "=cuda")
        .withProcessors(new GroupSpecProcessor(), new GroupRegistryProcessor())
        .compile(specs());
    assertThat(c).hadErrorContaining("[GroupSpecOption] -Agconv4j.kernels is opencl or none; got cuda");
  }
}
