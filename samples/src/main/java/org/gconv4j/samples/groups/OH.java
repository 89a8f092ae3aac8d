package org.gconv4j.samples.groups;

import org.gconv4j.annotations.Generator;
import org.gconv4j.annotations.GroupSpec;
import org.gconv4j.annotations.Lattice;

/** OH: the 48 symmetries of the cube (O plus the point reflection −I); s = 24n + (index in O). */
@GroupSpec(
    lattice = Lattice.CUBIC,
    stabilizerSize = 48,
    generators = {
      @Generator(name = "N", matrix = {-1, 0, 0, 0, -1, 0, 0, 0, -1}, radix = 2),
      @Generator(name = "X", matrix = {-1, 0, 0, 0, 0, -1, 0, -1, 0}, radix = 2),
      @Generator(name = "B", matrix = {0, 0, 1, 1, 0, 0, 0, 1, 0}, radix = 3),
      @Generator(name = "A", matrix = {1, 0, 0, 0, 0, -1, 0, 1, 0}, radix = 4)
    },
    filterSizes = {3, 5})
public final class OH {
  private OH() {}
}
