package org.gconv4j.processor.generate;

import com.palantir.javapoet.ClassName;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * Names of generated classes: {@code <SpecSimpleName>Group} in the spec's package for a top-level
 * spec ({@code P4M} gives {@code P4MGroup}); a member spec {@code Outer.Inner} gives
 * {@code Outer_InnerGroup}, so that nested specs never collide.
 */
public final class GeneratedNames {
  /** The runtime interface the generated classes implement (the processor does not depend on runtime). */
  public static final ClassName GROUP = ClassName.get("org.gconv4j.group", "Group");
  /** The runtime table holder. */
  public static final ClassName FILTER_TABLES = ClassName.get("org.gconv4j.group", "FilterTables");
  /** The annotations' lattice enum. */
  public static final ClassName LATTICE = ClassName.get("org.gconv4j.annotations", "Lattice");

  /** Package of the runtime's OpenCL backend. */
  private static final String OPENCL = "org.gconv4j.backend.opencl";
  /** Package of the runtime's Aparapi kernels. */
  private static final String KERNELS = "org.gconv4j.backend.opencl.kernels";
  /** The runtime interface the generated {@code <Spec>Kernels} class implements. */
  public static final ClassName GROUP_KERNELS = ClassName.get(OPENCL, "GroupKernels");
  /** The runtime record naming one filter size's kernel classes. */
  public static final ClassName KERNEL_CLASSES = ClassName.get(OPENCL, "KernelClasses");
  /** Runtime base classes of the generated kernels, one per pass. */
  public static final ClassName TRANSFORM_KERNEL = ClassName.get(KERNELS, "GroupTransformFiltersKernel");
  public static final ClassName TRANSFORM_BACKWARD_KERNEL = ClassName.get(KERNELS, "GroupTransformFiltersBackwardKernel");
  public static final ClassName FORWARD_KERNEL = ClassName.get(KERNELS, "CorrelateForwardKernel");
  public static final ClassName BACKWARD_INPUT_KERNEL = ClassName.get(KERNELS, "CorrelateBackwardInputKernel");
  public static final ClassName BACKWARD_WEIGHTS_KERNEL = ClassName.get(KERNELS, "CorrelateBackwardWeightsKernel");

  private GeneratedNames() {}

  /**
   * The generated kernel provider of a spec type: {@code <Spec>Kernels} next to {@code <Spec>Group}
   * ({@code P4} gives {@code P4Kernels}).
   */
  public static ClassName kernelsClass(TypeElement spec) {
    ClassName group = groupClass(spec);
    String base = group.simpleName().substring(0, group.simpleName().length() - "Group".length());
    return ClassName.get(group.packageName(), base + "Kernels");
  }

  /**
   * One generated kernel class: {@code <Spec>Kernels<n><Pass>}, e.g. {@code P4Kernels3CorrelateForward}. Top-level
   * classes, not nested ones: Aparapi's class reader warns about the nest attributes of nested classes.
   */
  public static ClassName kernelClass(TypeElement spec, int kernelSize, String pass) {
    ClassName kernels = kernelsClass(spec);
    return ClassName.get(kernels.packageName(), kernels.simpleName() + kernelSize + pass);
  }

  /** The generated group class of a spec type. */
  public static ClassName groupClass(TypeElement spec) {
    Deque<String> names = new ArrayDeque<>();
    Element e = spec;
    while (e instanceof TypeElement type) {
      names.addFirst(type.getSimpleName().toString());
      e = e.getEnclosingElement();
    }
    while (e != null && !(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    String pkg = e == null ? "" : ((PackageElement) e).getQualifiedName().toString();
    return ClassName.get(pkg, String.join("_", names) + "Group");
  }
}
