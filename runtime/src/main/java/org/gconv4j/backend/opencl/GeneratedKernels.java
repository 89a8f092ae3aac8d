package org.gconv4j.backend.opencl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.gconv4j.nn.ConvSpec;

/**
 * The OpenCL kernels the annotation processor generated for one {@code @GroupSpec} ({@code <Spec>Kernels}), listed in
 * {@code META-INF/services/org.gconv4j.backend.opencl.GeneratedKernels}: forward kernels that carry the group
 * ({@link GeneratedForwardKernel}) for the 2D filter sizes whose unrolled body stays within the statement budget.
 */
public interface GeneratedKernels {
  /** The group's name, as {@code Group.name()} gives it. */
  String groupName();

  /** The generated forward kernels. */
  List<Forward> forwards();

  /**
   * One generated forward kernel class.
   *
   * @param kernelSize the filter size n
   * @param lifting lifting layer (the lifting table) or group layer (the group table)
   * @param tableHash {@code Arrays.hashCode} of the flattened table it was generated from; the runtime uses the
   *     kernel only for a layer whose table has the same hash
   * @param tile the output columns each work-item computes; the output must be at least this wide
   * @param className the kernel class, for descriptions
   * @param create a new kernel instance
   */
  record Forward(int kernelSize, boolean lifting, int tableHash, int tile, String className,
      Supplier<GeneratedForwardKernel> create) {}

  /** The generated forward kernel for a layer's group, filter size, kind and table, if the processor wrote one. */
  static Optional<Forward> forward(ConvSpec spec) {
    if (spec.dimension() != 2) {
      return Optional.empty();
    }
    int hash = Arrays.hashCode(spec.table());
    for (GeneratedKernels k : Registry.ALL) {
      if (!k.groupName().equals(spec.group().name())) {
        continue;
      }
      for (Forward f : k.forwards()) {
        if (f.kernelSize() == spec.kernelSize() && f.lifting() == spec.lifting() && f.tableHash() == hash) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  /** The providers on the class path, loaded once. */
  final class Registry {
    static final List<GeneratedKernels> ALL = load();

    private Registry() {}

    private static List<GeneratedKernels> load() {
      List<GeneratedKernels> all = new ArrayList<>();
      Iterator<GeneratedKernels> it = ServiceLoader.load(GeneratedKernels.class).iterator();
      while (true) {
        try {
          if (!it.hasNext()) {
            break;
          }
          all.add(it.next());
        } catch (ServiceConfigurationError e) {
          // a provider that cannot be loaded: its layers run the generic kernels, which are always correct
          System.err.println("gconv4j: WARNING: generated OpenCL kernels skipped: " + e.getMessage());
        }
      }
      return List.copyOf(all);
    }
  }
}
