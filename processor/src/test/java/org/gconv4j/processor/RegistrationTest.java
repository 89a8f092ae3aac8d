package org.gconv4j.processor;

import static com.google.common.truth.Truth.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import javax.lang.model.SourceVersion;
import org.junit.jupiter.api.Test;

/** javac finds both processors (AutoService), and Gradle knows which is isolating and which aggregating. */
class RegistrationTest {

  @Test
  void bothProcessorsAreRegisteredAsServices() {
    List<String> found = new ArrayList<>();
    for (Processor p : ServiceLoader.load(Processor.class, RegistrationTest.class.getClassLoader())) {
      found.add(p.getClass().getName());
    }
    assertThat(found).containsAtLeast(GroupSpecProcessor.class.getName(), GroupRegistryProcessor.class.getName());
  }

  @Test
  void gradleIncrementalProcessingKinds() throws Exception {
    String text;
    try (InputStream in = RegistrationTest.class.getResourceAsStream(
        "/META-INF/gradle/incremental.annotation.processors")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(text.lines().toList()).containsExactly(
        "org.gconv4j.processor.GroupSpecProcessor,isolating",
        "org.gconv4j.processor.GroupRegistryProcessor,aggregating");
  }

  @Test
  void supportsTheLatestSourceVersionAndOnlyGroupSpec() {
    for (Processor p : List.of(new GroupSpecProcessor(), new GroupRegistryProcessor())) {
      assertThat(p.getSupportedSourceVersion()).isEqualTo(SourceVersion.latestSupported());
      assertThat(p.getSupportedAnnotationTypes()).containsExactly("org.gconv4j.annotations.GroupSpec");
    }
  }
}
