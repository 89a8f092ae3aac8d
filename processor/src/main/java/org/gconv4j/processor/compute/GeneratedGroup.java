package org.gconv4j.processor.compute;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The group the generator matrices generate, found by closure under products. A finite group of
 * integer d×d matrices is small (at most 12 elements for d = 2, 48 for d = 3), so a closure that
 * passes {@link #LIMIT} elements or overflows {@code int} means the group is infinite.
 */
public final class GeneratedGroup {
  /** Closures stop after this many elements and report the group as infinite. */
  public static final int LIMIT = 1000;

  private final Set<IntMatrix> elements;
  private final boolean finite;

  private GeneratedGroup(Set<IntMatrix> elements, boolean finite) {
    this.elements = elements;
    this.finite = finite;
  }

  /** Closes {identity} ∪ generators under products (finite groups are then closed under inverses). */
  public static GeneratedGroup of(int dimension, List<IntMatrix> generators) {
    Set<IntMatrix> seen = new LinkedHashSet<>();
    Deque<IntMatrix> queue = new ArrayDeque<>();
    IntMatrix identity = IntMatrix.identity(dimension);
    seen.add(identity);
    queue.add(identity);
    try {
      while (!queue.isEmpty()) {
        IntMatrix h = queue.poll();
        for (IntMatrix g : generators) {
          IntMatrix next = h.times(g);
          if (seen.add(next)) {
            if (seen.size() > LIMIT) {
              return new GeneratedGroup(seen, false);
            }
            queue.add(next);
          }
        }
      }
    } catch (ArithmeticException overflow) {
      return new GeneratedGroup(seen, false);
    }
    return new GeneratedGroup(seen, true);
  }

  public boolean isFinite() {
    return finite;
  }

  /** The number of elements, valid when {@link #isFinite()}. */
  public int size() {
    return elements.size();
  }

  public boolean contains(IntMatrix h) {
    return elements.contains(h);
  }

  /** "8 elements" or "infinitely many elements". */
  public String describeSize() {
    return finite ? size() + (size() == 1 ? " element" : " elements") : "infinitely many elements";
  }
}
