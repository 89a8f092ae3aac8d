package org.gconv4j.samples.groups;

import org.gconv4j.annotations.GroupSpec;
import org.gconv4j.annotations.Lattice;

/** The translation group Z³: a plain 3D CNN (stabilizer of order 1), the baseline of the cubic groups O and OH. */
@GroupSpec(lattice = Lattice.CUBIC, stabilizerSize = 1, filterSizes = {3, 5})
public final class Z3 {
  private Z3() {}
}
