package org.gconv4j.samples.groups;

import org.gconv4j.annotations.Generator;
import org.gconv4j.annotations.GroupSpec;
import org.gconv4j.annotations.Lattice;

/** p4m: p4 plus mirrors; s = 4m + r, H = M^m R^r (GrouPy's order). */
@GroupSpec(
    lattice = Lattice.SQUARE,
    stabilizerSize = 8,
    generators = {
      @Generator(name = "M", matrix = {-1, 0, 0, 1}, radix = 2),
      @Generator(name = "R", matrix = {0, -1, 1, 0}, radix = 4)
    },
    filterSizes = {3, 4, 5, 7})
public final class P4M {
  private P4M() {}
}
