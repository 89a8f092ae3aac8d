package org.gconv4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.gconv4j.processor.generate.ForwardKernelGenerator;
import org.junit.jupiter.api.Test;

/**
 * The OpenCL forward kernels the processor writes when the runtime is on the class path (it is on this module's test
 * class path): per 2D spec, filter size and layer kind, with their provider and service file; none for 3D groups.
 */
class ForwardKernelsTest {
  @Test
  void a2dSpecGetsAForwardKernelPerSizeAndKindAndAProvider() throws IOException {
    Compilation c = Compile.compile(Compile.sample("P4"));
    assertThat(c).succeededWithoutWarnings();
    for (String name : new String[] {"P4Forward3", "P4LiftingForward3", "P4Kernels"}) {
      assertThat(c).generatedSourceFile("org.gconv4j.samples.groups." + name);
    }
    String kernel = source(c, "org.gconv4j.samples.groups.P4Forward3");
    assertThat(kernel).contains("@javax.annotation.processing.Generated(\"org.gconv4j.processor.GroupSpecProcessor\")");
    assertThat(kernel).contains("DO NOT MODIFY");
    assertThat(kernel).contains("extends " + ForwardKernelGenerator.BASE);
    // every block of multiply-adds names its group element; T = 4 columns for P4 n = 3
    for (String element : new String[] {"// s = 0: e", "// s = 1: R", "// s = 2: R^2", "// s = 3: R^3"}) {
      assertThat(kernel).contains(element + "\n");
    }
    assertThat(kernel).contains("a3_3 += ");
    assertThat(kernel).doesNotContain("a3_4");
    assertThat(ForwardKernelGenerator.statements(kernel)).isLessThan((long) ForwardKernelGenerator.MAX_STATEMENTS);
    assertThat(source(c, "org.gconv4j.samples.groups.P4Kernels"))
        .contains("new Forward(3, false, ");
    assertThat(c).generatedFile(StandardLocation.CLASS_OUTPUT, GroupRegistryProcessor.KERNELS_SERVICE_FILE)
        .contentsAsUtf8String().isEqualTo("org.gconv4j.samples.groups.P4Kernels\n");
  }

  @Test
  void aSizeOverTheBudgetGetsNoKernel() throws IOException {
    // P6M's group layer: 12 · 12 · 7 multiply-adds per input channel even with one column per work-item
    Compilation c = Compile.compile(Compile.sample("P6M"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("org.gconv4j.samples.groups.P6MLiftingForward3");
    assertThat(c.generatedSourceFiles().stream().map(JavaFileObject::getName).toList().toString())
        .doesNotContain("P6MForward3");
  }

  @Test
  void a3dSpecGetsNoKernelsAndNoServiceFile() throws IOException {
    Compilation c = Compile.compile(Compile.sample("O"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("org.gconv4j.samples.groups.OGroup");
    assertThat(c.generatedSourceFiles().stream().map(JavaFileObject::getName).toList().toString())
        .doesNotContain("Kernels");
    assertThat(c.generatedFiles().stream().map(JavaFileObject::getName).toList().toString())
        .doesNotContain("GeneratedKernels");
  }

  @Test
  void theOptionNoneTurnsTheKernelsOffAndAnotherValueIsAnError() throws IOException {
    Compilation off = javac().withOptions("--release", "17", "-Agconv4j.kernels=none")
        .withProcessors(new GroupSpecProcessor(), new GroupRegistryProcessor()).compile(Compile.sample("P4"));
    assertThat(off).succeededWithoutWarnings();
    assertThat(off).generatedSourceFile("org.gconv4j.samples.groups.P4Group");
    assertThat(off.generatedFiles().stream().map(JavaFileObject::getName).toList().toString())
        .doesNotContain("Forward3");
    Compilation wrong = javac().withOptions("--release", "17", "-Agconv4j.kernels=cuda")
        .withProcessors(new GroupSpecProcessor(), new GroupRegistryProcessor()).compile(Compile.sample("P4"));
    assertThat(wrong).hadErrorContaining("[GroupSpecOption] -Agconv4j.kernels is opencl or none; got cuda");
  }

  private static String source(Compilation c, String name) throws IOException {
    return c.generatedSourceFile(name).orElseThrow().getCharContent(false).toString();
  }
}
