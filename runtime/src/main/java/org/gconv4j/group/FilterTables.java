package org.gconv4j.group;

import java.util.Arrays;
import org.gconv4j.internal.Checks;

/**
 * Filter-transformation tables of one group for one filter size n (CONVENTIONS §3-§4), flattened
 * for kernels:
 *
 * <ul>
 *   <li>{@code support[x]} is 1 for a cell inside the support, 0 outside (cells row-major, n^d of
 *       them);
 *   <li>{@code lifting[s' * cells + x]} = cell(H_{s'}^{-1} x), or −1 outside the support;
 *   <li>{@code group[(s' * S + t) * cells + x]} = t̄ · cells + cell(H_{s'}^{-1} x) with
 *       H_t̄ = H_{s'}^{-1} H_t, or −1 outside the support.
 * </ul>
 *
 * Instances are immutable; accessors return the shared arrays' copies except the {@code *Flat}
 * views meant for kernels, which must not be modified.
 */
public final class FilterTables {
  private final int kernelSize;
  private final int dimension;
  private final int order;
  private final int[] support;
  private final int[] lifting;
  private final int[] group;

  public FilterTables(int kernelSize, int dimension, int order, int[] support, int[] lifting, int[] group) {
    int cells = 1;
    for (int i = 0; i < dimension; i++) {
      cells *= kernelSize;
    }
    if (support.length != cells || lifting.length != order * cells || group.length != order * order * cells) {
      throw Checks.argument("FilterTables",
          "table lengths must match S=" + order + ", n=" + kernelSize + ", d=" + dimension
              + "; got support " + support.length + ", lifting " + lifting.length + ", group " + group.length);
    }
    this.kernelSize = kernelSize;
    this.dimension = dimension;
    this.order = order;
    this.support = support;
    this.lifting = lifting;
    this.group = group;
  }

  public int kernelSize() {
    return kernelSize;
  }

  public int dimension() {
    return dimension;
  }

  /** The stabilizer size S. */
  public int order() {
    return order;
  }

  /** n^d. */
  public int cells() {
    return support.length;
  }

  /** The number of cells in the support: n^d, or 7, 19, 37 for hexagonal n = 3, 5, 7. */
  public int supportCells() {
    int count = 0;
    for (int s : support) {
      count += s != 0 ? 1 : 0;
    }
    return count;
  }

  public boolean inSupport(int cell) {
    return support[cell] != 0;
  }

  public int liftingSource(int sPrime, int cell) {
    return lifting[sPrime * cells() + cell];
  }

  public int groupSource(int sPrime, int t, int cell) {
    return group[(sPrime * order + t) * cells() + cell];
  }

  /** Shared view for kernels: do not modify. */
  public int[] supportFlat() {
    return support;
  }

  /** Shared view for kernels, length S·n^d: do not modify. */
  public int[] liftingFlat() {
    return lifting;
  }

  /** Shared view for kernels, length S·S·n^d: do not modify. */
  public int[] groupFlat() {
    return group;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FilterTables other
        && kernelSize == other.kernelSize
        && dimension == other.dimension
        && order == other.order
        && Arrays.equals(support, other.support)
        && Arrays.equals(lifting, other.lifting)
        && Arrays.equals(group, other.group);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(group) * 31 + kernelSize;
  }

  @Override
  public String toString() {
    return "FilterTables[S=" + order + ", n=" + kernelSize + ", d=" + dimension + "]";
  }
}
