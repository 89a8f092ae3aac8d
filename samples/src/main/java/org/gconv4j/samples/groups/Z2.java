package org.gconv4j.samples.groups;

import org.gconv4j.annotations.GroupSpec;
import org.gconv4j.annotations.Lattice;

/** The translation group Z²: a plain CNN (stabilizer of order 1). */
@GroupSpec(lattice = Lattice.SQUARE, stabilizerSize = 1, filterSizes = {3, 4, 5, 7})
public final class Z2 {
  private Z2() {}
}
