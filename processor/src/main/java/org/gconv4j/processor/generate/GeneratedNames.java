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

  private GeneratedNames() {}

  /**
   * The generated OpenCL kernel provider of a spec type: {@code <Spec>Kernels} next to {@code <Spec>Group}
   * ({@code P4} gives {@code P4Kernels}).
   */
  public static ClassName kernelsClass(TypeElement spec) {
    return ClassName.get(groupClass(spec).packageName(), base(spec) + "Kernels");
  }

  /**
   * A generated forward kernel: {@code <Spec>Forward<n>} or {@code <Spec>LiftingForward<n>}, e.g. {@code P4Forward3}.
   * Top-level classes: Aparapi's class reader warns about the nest attributes of nested classes.
   */
  public static ClassName forwardClass(TypeElement spec, int kernelSize, boolean lifting) {
    return ClassName.get(groupClass(spec).packageName(), base(spec) + (lifting ? "LiftingForward" : "Forward") + kernelSize);
  }

  private static String base(TypeElement spec) {
    String group = groupClass(spec).simpleName();
    return group.substring(0, group.length() - "Group".length());
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
