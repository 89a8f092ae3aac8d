package org.gconv4j.samples.groups;

import org.gconv4j.annotations.Generator;
import org.gconv4j.annotations.GroupSpec;
import org.gconv4j.annotations.Lattice;

/** O: the 24 rotations of the cube acting on Z³ (depth, row, col); s = 12x + 4b + a. */
@GroupSpec(
    lattice = Lattice.CUBIC,
    stabilizerSize = 24,
    generators = {
      @Generator(name = "X", matrix = {-1, 0, 0, 0, 0, -1, 0, -1, 0}, radix = 2),
      @Generator(name = "B", matrix = {0, 0, 1, 1, 0, 0, 0, 1, 0}, radix = 3),
      @Generator(name = "A", matrix = {1, 0, 0, 0, 0, -1, 0, 1, 0}, radix = 4)
    },
    filterSizes = {3, 5})
public final class O {
  private O() {}
}
