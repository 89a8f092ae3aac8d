package org.gconv4j.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.annotation.ElementType;

/**
 * Declares a split symmetry group G = Z^d ⋊ H by its stabilizer H (the elements fixing the
 * origin). The gconv4j annotation processor reads the spec at compile time, verifies it, and
 * generates a class {@code <SimpleName>Group} in the same package that implements
 * {@code org.gconv4j.group.Group}: the matrices, the Cayley table, the inverses and, for every
 * declared filter size, the filter-transformation tables of CONVENTIONS §4.
 *
 * <p>Example (the group p4m, GrouPy's element order):
 * <pre>{@code
 * @GroupSpec(
 *     lattice = Lattice.SQUARE,
 *     stabilizerSize = 8,
 *     generators = {
 *         @Generator(name = "M", matrix = {-1, 0, 0, 1}, radix = 2),
 *         @Generator(name = "R", matrix = {0, -1, 1, 0}, radix = 4)},
 *     filterSizes = {3, 4, 5, 7})
 * public final class P4M {}
 * }</pre>
 *
 * <p>Index map (CONVENTIONS §2): index s is the mixed-radix number with digits (d_1..d_k),
 * d_i &lt; r_i, most significant first, and H_s = G_1^{d_1} · … · G_k^{d_k}. Index 0 is the
 * identity.
 *
 * <p>Generated class: {@code <SimpleName>Group} for a top-level spec class; a member spec
 * {@code Outer.Inner} gives {@code Outer_InnerGroup}. Every generated class is listed in
 * {@code META-INF/services/org.gconv4j.group.Group} of the compilation's output, so that
 * {@code ServiceLoader.load(Group.class)} finds it. A spec on a local class is invisible to annotation
 * processors and is ignored.
 *
 * <p>Rules the processor enforces; each violation is a compile error on the annotated class and the
 * offending annotation value, written {@code [Tag] rule; facts. fix}. Checks run in three stages (target
 * and name; each value on its own; the group the values describe), a stage only when the previous one
 * is clean:
 * <ol>
 *   <li>{@code [GroupSpecTarget]} the annotated element is a class, an interface or a record; enums and
 *       annotation types are rejected;
 *   <li>{@code [GroupSpecName]} {@link #name()} is empty or a valid Java identifier, and no two specs
 *       in one compilation have the same group name; no two generators have the same name (an unnamed
 *       generator at position i is named {@code G<i>});
 *   <li>{@code [GroupSpecMatrixShape]} every generator matrix has d·d entries for the lattice's
 *       dimension d (4 for square and hexagonal, 9 for cubic);
 *   <li>{@code [GroupSpecMatrixDeterminant]} every generator matrix has determinant ±1;
 *   <li>{@code [GroupSpecRadix]} every radix is ≥ 1, and the product of the radices equals
 *       {@link #stabilizerSize()};
 *   <li>{@code [GroupSpecBijection]} distinct index tuples give distinct matrices (the index map is
 *       a bijection); the message names two tuples that give the same matrix;
 *   <li>{@code [GroupSpecClosure]} the words form a group: closed under products and inverses (the
 *       generators generate a finite group, and the product of two words is a word);
 *   <li>{@code [GroupSpecSize]} {@link #stabilizerSize()} is ≥ 1 and equals the number of elements
 *       the generators generate (a generator with radix 1 that is not among the words breaks this);
 *   <li>{@code [GroupSpecFilterSize]} {@link #filterSizes()} lists at least one size; every filter size is ≥ 1, odd on the hexagonal lattice, listed
 *       once, and small enough to generate: at most 4096 cells (n^d) and at most 2^22 group-table
 *       entries (S²·n^d);
 *   <li>{@code [GroupSpecSupport]} every stabilizer element maps the support of every declared
 *       filter size onto itself; the message names the element and the cell.
 * </ol>
 * An unexpected failure inside the processor is reported as {@code [GroupSpecInternal]} on the spec.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface GroupSpec {
  /** The group's name, as used by {@code ./gconv4j inspect}; default: the class's simple name. */
  String name() default "";

  /** The lattice the stabilizer acts on. */
  Lattice lattice();

  /** The generators in index order, most significant digit first; empty for the trivial group. */
  Generator[] generators() default {};

  /** The number of stabilizer elements, S. */
  int stabilizerSize();

  /** The filter sizes n to generate tables for (n×n, or n×n×n on the cubic lattice). */
  int[] filterSizes();
}
