package org.gconv4j.backend.opencl;

import java.util.Optional;
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
   * loaded with the group's class loader ({@code ServiceLoader}, once per group class). Empty for groups without
   * generated kernels.
   */
  static Optional<GroupKernels> of(Group group) {
    return GroupKernelsLookup.BY_CLASS.get(group.getClass());
  }
}
