package org.gconv4j.backend.opencl;

import java.util.Optional;
import java.util.ServiceLoader;
import org.gconv4j.group.Group;

/**
 * The Aparapi kernels the annotation processor generates for one {@code @GroupSpec} ({@code <Spec>Kernels} next to
 * {@code <Spec>Group}), listed in {@code META-INF/services/org.gconv4j.backend.opencl.GroupKernels}. For each
 * declared filter size there is one kernel class per pass in which the stabilizer size, the filter size and the
 * cell count are compile-time constants and the group's tables are array fields.
 *
 * <p>{@link OpenClBackend#specialisedFor} finds them with {@link #of(Group)}; groups without generated kernels
 * ({@code MatrixGroup}, hand-written groups) run on the generic kernels.
 */
public interface GroupKernels {
  /** Fully qualified name of the generated group class these kernels belong to, e.g. {@code ...P4Group}. */
  String groupClassName();

  /** The filter sizes with generated kernels, ascending. */
  int[] kernelSizes();

  /** The kernel classes for filter size {@code n}; empty when the spec did not declare n. */
  Optional<KernelClasses> kernels(int n);

  /**
   * The generated kernels of {@code group}: the provider whose {@link #groupClassName()} is the group's class,
   * loaded with the group's class loader. Empty for groups without generated kernels.
   */
  static Optional<GroupKernels> of(Group group) {
    return Lookup.BY_CLASS.get(group.getClass());
  }

  /** Caches one {@link ServiceLoader} lookup per group class. */
  final class Lookup {
    private static final ClassValue<Optional<GroupKernels>> BY_CLASS = new ClassValue<>() {
      @Override
      protected Optional<GroupKernels> computeValue(Class<?> type) {
        for (GroupKernels k : ServiceLoader.load(GroupKernels.class, type.getClassLoader())) {
          if (k.groupClassName().equals(type.getName())) {
            return Optional.of(k);
          }
        }
        return Optional.empty();
      }
    };

    private Lookup() {}
  }
}
