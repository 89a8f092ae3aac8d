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
      Iterator<GroupKernels> it = ServiceLoader.load(GroupKernels.class, type.getClassLoader()).iterator();
      while (true) {
        try {
          if (!it.hasNext()) {
            return Optional.empty();
          }
          GroupKernels k = it.next();
          if (k.groupClassName().equals(type.getName())) {
            return Optional.of(k);
          }
        } catch (ServiceConfigurationError e) {
          // a provider of another compilation that cannot load must not stop this group: skip it, loudly
          System.err.println("gconv4j: WARNING: skipping a generated OpenCL kernel provider: " + e.getMessage()
              + ". Recompile its @GroupSpec with this gconv4j version");
        }
      }
    }
  };

  private GroupKernelsLookup() {}
}
