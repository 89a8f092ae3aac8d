package com.example.owngroup;

import org.gconv4j.annotations.Generator;
import org.gconv4j.annotations.GroupSpec;
import org.gconv4j.annotations.Lattice;

/**
 * p3m on the hexagonal lattice: the six symmetries of an equilateral triangle, rotations by 120°
 * and three mirrors (axial coordinates, CONVENTIONS §1). Index s = 3m + r stands for M^m R^r.
 * javac generates {@code P3MGroup} (tables) next to it.
 */
@GroupSpec(
    lattice = Lattice.HEXAGONAL,
    stabilizerSize = 6,
    generators = {
      @Generator(name = "M", matrix = {-1, -1, 0, 1}, radix = 2),   // mirror
      @Generator(name = "R", matrix = {0, 1, -1, -1}, radix = 3)    // 120° rotation
    },
    filterSizes = {3, 5})
public final class P3M {
  private P3M() {}
}
