package org.gconv4j.backend.opencl;

import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** {@link GroupKernels#of}: one {@link ServiceLoader} lookup per group class, with that class's loader, cached. */
final class GroupKernelsLookup {
  static final ClassValue<Optional<GroupKernels>> BY_CLASS = new ClassValue<>() {
    @Override
    protected Optional<GroupKernels> computeValue(Class<?> type) {
      return find(type.getName(), type.getClassLoader());
    }
  };

  private GroupKernelsLookup() {}

  /** The provider listed for {@code loader} whose group class is {@code groupClassName}; broken providers are skipped. */
  static Optional<GroupKernels> find(String groupClassName, ClassLoader loader) {
    Iterator<GroupKernels> it = ServiceLoader.load(GroupKernels.class, loader).iterator();
    // ServiceLoader goes on after a provider's error on a best-effort basis; the bound keeps a broken
    // service file from looping forever
    for (int errors = 0; errors < 64; ) {
      try {
        if (!it.hasNext()) {
          return Optional.empty();
        }
        GroupKernels k = it.next();
        if (k.groupClassName().equals(groupClassName)) {
          return Optional.of(k);
        }
      } catch (ServiceConfigurationError e) {
        errors++;
        // a provider of another compilation that cannot load must not stop this group: skip it, loudly
        System.err.println("gconv4j: WARNING: skipping a generated OpenCL kernel provider: " + e.getMessage()
            + ". Recompile its @GroupSpec with this gconv4j version");
      }
    }
    return Optional.empty();
  }
}
