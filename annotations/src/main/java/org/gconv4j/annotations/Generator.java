package org.gconv4j.annotations;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One generator G_i of a stabilizer, with its radix r_i (CONVENTIONS §2): index digit d_i runs
 * over 0..r_i−1 and contributes the factor G_i^{d_i}.
 *
 * <p>Rules the processor enforces (see {@link GroupSpec} for the full list):
 * <ul>
 *   <li>{@link #matrix()} has exactly d·d entries, row-major, where d is the lattice dimension;
 *   <li>its determinant is +1 or −1 (an integer-invertible lattice automorphism);
 *   <li>{@link #radix()} is at least 1.
 * </ul>
 */
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Generator {
  /** A short name used in generated comments, e.g. {@code "R"}; default {@code "G1"}, {@code "G2"}, ... */
  String name() default "";

  /** The integer matrix, row-major: 4 entries on a 2D lattice, 9 on the cubic lattice. */
  int[] matrix();

  /** How many powers of this generator the index map enumerates (the digit's radix). */
  int radix();
}
