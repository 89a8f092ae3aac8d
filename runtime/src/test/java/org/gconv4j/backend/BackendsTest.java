package org.gconv4j.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackendsTest {
  @Test
  void unknownNameIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.create("cuda"));
    assertTrue(e.getMessage().contains("opencl, cpu or auto"), e.getMessage());
  }

  @Test
  void cpuIsTheVectorApiBackend() {
    try (ConvBackend b = Backends.create("CPU")) {
      assertEquals("cpu", b.name());
    }
  }

  @Test
  void aJvmWithoutTheVectorApiModuleIsToldHowToAddIt() throws IOException, InterruptedException {
    // this JVM has the module (the positive control: create above works); a child JVM on the same class path does not
    assertTrue(ModuleLayer.boot().findModule(Backends.VECTOR_MODULE).isPresent());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), WithoutVectorApi.class.getName()))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
    assertEquals(3, p.exitValue(), out);
    assertTrue(out.contains("[Backends] gconv4j needs the Vector API module") && out.contains("--add-modules=jdk.incubator.vector")
        && out.contains("argLine"), out);
  }

  /** Run in a JVM started without {@code --add-modules=jdk.incubator.vector}. */
  public static final class WithoutVectorApi {
    public static void main(String[] args) {
      try {
        Backends.create("cpu").close();
        System.out.println("created: no error");
      } catch (IllegalStateException e) {
        System.out.println(e.getMessage());
        System.exit(3);
      }
    }
  }
}
