package org.gconv4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.gconv4j.group.TestGroups;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the OpenCL backend finds a group's generated kernels without the processor: the service file lists
 * providers, the one naming the group's class wins, providers that cannot load are skipped, and groups without
 * a provider (MatrixGroup) have none. No OpenCL needed.
 */
class GroupKernelsLookupTest {

  /** A provider as the processor would generate it, for a group class named test.FooGroup, without kernels. */
  public static final class FooKernels implements GroupKernels {
    @Override
    public String groupClassName() {
      return "test.FooGroup";
    }

    @Override
    public int[] kernelSizes() {
      return new int[0];
    }

    @Override
    public Optional<KernelClasses> kernels(int n) {
      return Optional.empty();
    }
  }

  @Test
  void theProviderNamingTheGroupClassIsFoundAndBrokenProvidersAreSkipped(@TempDir Path dir) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(GroupKernels.class.getName()),
        "no.such.BrokenKernels\n" + FooKernels.class.getName() + "\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Optional<GroupKernels> found = GroupKernelsLookup.find("test.FooGroup", loader);
      assertTrue(found.isPresent(), "FooKernels must be found after the broken entry");
      assertEquals(FooKernels.class, found.get().getClass());
      assertTrue(GroupKernelsLookup.find("test.BarGroup", loader).isEmpty(), "no provider names BarGroup");
    }
  }

  @Test
  void aMatrixGroupHasNoGeneratedKernels() {
    assertTrue(GroupKernels.of(TestGroups.p4()).isEmpty());
  }
}
