package org.gconv4j.samples.groups;

import org.gconv4j.annotations.Generator;
import org.gconv4j.annotations.GroupSpec;
import org.gconv4j.annotations.Lattice;

/** p4: translations and rotations by multiples of 90°; s = r, slice s of a lifted filter = rot90(w, s). */
@GroupSpec(
    lattice = Lattice.SQUARE,
    stabilizerSize = 4,
    generators = {@Generator(name = "R", matrix = {0, -1, 1, 0}, radix = 4)},
    filterSizes = {3, 4, 5, 7})
public final class P4 {
  private P4() {}
}
