package org.gconv4j.samples.groups;

import org.gconv4j.annotations.Generator;
import org.gconv4j.annotations.GroupSpec;
import org.gconv4j.annotations.Lattice;

/** p6m: p6 plus mirrors; s = 6m + r (HexaConv's order). */
@GroupSpec(
    lattice = Lattice.HEXAGONAL,
    stabilizerSize = 12,
    generators = {
      @Generator(name = "M6", matrix = {-1, -1, 0, 1}, radix = 2),
      @Generator(name = "R6", matrix = {1, 1, -1, 0}, radix = 6)
    },
    filterSizes = {3, 5, 7})
public final class P6M {
  private P6M() {}
}
