package org.gconv4j.samples.groups;

import org.gconv4j.annotations.Generator;
import org.gconv4j.annotations.GroupSpec;
import org.gconv4j.annotations.Lattice;

/** p6: translations of the hexagonal lattice and rotations by multiples of 60° (axial coordinates). */
@GroupSpec(
    lattice = Lattice.HEXAGONAL,
    stabilizerSize = 6,
    generators = {@Generator(name = "R6", matrix = {1, 1, -1, 0}, radix = 6)},
    filterSizes = {3, 5, 7})
public final class P6 {
  private P6() {}
}
