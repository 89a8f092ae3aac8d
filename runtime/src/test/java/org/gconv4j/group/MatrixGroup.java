package org.gconv4j.group;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gconv4j.annotations.Lattice;
import org.gconv4j.internal.Checks;

/**
 * A {@link Group} built at run time from generator matrices and radices with the index map of
 * CONVENTIONS §2: index s has mixed-radix digits (d_1..d_k), most significant first, and
 * H_s = G_1^{d_1} · … · G_k^{d_k}. Cayley table, inverses and filter tables are computed here,
 * independently of the annotation processor; {@link #copyOf(Group)} recomputes any group from its
 * matrices alone, which is what the generated-vs-runtime tests compare against.
 */
public final class MatrixGroup implements Group {
  private final String name;
  private final Lattice lattice;
  private final int[][][] matrices;
  private final String[] elementNames;
  private final int[][] cayley;
  private final int[] inverse;
  private final int[] filterSizes;
  private final Map<Integer, FilterTables> tables = new ConcurrentHashMap<>();

  private MatrixGroup(String name, Lattice lattice, int[][][] matrices, String[] elementNames, int[] filterSizes) {
    this.name = name;
    this.lattice = lattice;
    this.matrices = matrices;
    this.elementNames = elementNames;
    this.filterSizes = filterSizes.clone();
    Arrays.sort(this.filterSizes);
    int order = matrices.length;
    Map<String, Integer> indexOf = new HashMap<>();
    for (int s = 0; s < order; s++) {
      if (indexOf.put(IntMatrices.key(matrices[s]), s) != null) {
        throw Checks.argument("MatrixGroup", name + ": the index map is not a bijection; element " + s
            + " repeats element " + indexOf.get(IntMatrices.key(matrices[s])));
      }
    }
    if (!IntMatrices.key(matrices[0]).equals(IntMatrices.key(IntMatrices.identity(lattice.dimension())))) {
      throw Checks.argument("MatrixGroup", name + ": element 0 must be the identity");
    }
    this.cayley = new int[order][order];
    this.inverse = new int[order];
    for (int a = 0; a < order; a++) {
      for (int b = 0; b < order; b++) {
        Integer ab = indexOf.get(IntMatrices.key(IntMatrices.multiply(matrices[a], matrices[b])));
        if (ab == null) {
          throw Checks.argument("MatrixGroup", name + " is not closed: " + elementNames[a] + " · "
              + elementNames[b] + " is not among the " + order + " elements");
        }
        cayley[a][b] = ab;
        if (ab == 0) {
          inverse[a] = b;
        }
      }
    }
    for (int s : this.filterSizes) {
      tables(s);
    }
  }

  /**
   * Builds a group from generators (row-major d·d matrices) and radices.
   *
   * @param generatorNames names used for element names, e.g. {"M", "R"}
   * @throws IllegalArgumentException when the words are not a bijection onto a group, or a filter
   *     size is not valid
   */
  public static MatrixGroup fromGenerators(String name, Lattice lattice, String[] generatorNames, int[][] generators,
      int[] radices, int... filterSizes) {
    int d = lattice.dimension();
    if (generators.length != radices.length || generatorNames.length != radices.length) {
      throw Checks.argument("MatrixGroup", "one name and radix per generator; got " + generatorNames.length
          + " names, " + generators.length + " generators, " + radices.length + " radices");
    }
    int order = 1;
    for (int r : radices) {
      Checks.require(r >= 1, "MatrixGroup", "radices must be >= 1", radices);
      order *= r;
    }
    int[][][] gens = new int[generators.length][][];
    for (int i = 0; i < generators.length; i++) {
      gens[i] = IntMatrices.fromRowMajor(generators[i], d);
    }
    int[][][] matrices = new int[order][][];
    String[] names = new String[order];
    for (int s = 0; s < order; s++) {
      int[] digits = digits(s, radices);
      int[][] m = IntMatrices.identity(d);
      List<String> word = new ArrayList<>();
      for (int i = 0; i < digits.length; i++) {
        for (int p = 0; p < digits[i]; p++) {
          m = IntMatrices.multiply(m, gens[i]);
        }
        if (digits[i] == 1) {
          word.add(generatorNames[i]);
        } else if (digits[i] > 1) {
          word.add(generatorNames[i] + "^" + digits[i]);
        }
      }
      matrices[s] = m;
      names[s] = word.isEmpty() ? "e" : String.join(" ", word);
    }
    return new MatrixGroup(name, lattice, matrices, names, filterSizes);
  }

  /** Recomputes everything of {@code group} from its matrices alone. */
  public static MatrixGroup copyOf(Group group) {
    int[][][] matrices = new int[group.order()][][];
    String[] names = new String[group.order()];
    for (int s = 0; s < matrices.length; s++) {
      matrices[s] = group.matrix(s);
      names[s] = group.elementName(s);
    }
    return new MatrixGroup(group.name(), group.lattice(), matrices, names, group.filterSizes());
  }

  static int[] digits(int s, int[] radices) {
    int[] digits = new int[radices.length];
    for (int i = radices.length - 1; i >= 0; i--) {
      digits[i] = s % radices[i];
      s /= radices[i];
    }
    return digits;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String specClassName() {
    return MatrixGroup.class.getName() + "(" + name + ")";
  }

  @Override
  public Lattice lattice() {
    return lattice;
  }

  @Override
  public int order() {
    return matrices.length;
  }

  @Override
  public int[][] matrix(int s) {
    return IntMatrices.copy(matrices[s]);
  }

  @Override
  public String elementName(int s) {
    return elementNames[s];
  }

  @Override
  public int multiply(int a, int b) {
    return cayley[a][b];
  }

  @Override
  public int inverse(int a) {
    return inverse[a];
  }

  @Override
  public int[] filterSizes() {
    return filterSizes.clone();
  }

  /** Tables for any valid filter size n (computed on first use), not only the declared ones. */
  @Override
  public FilterTables tables(int n) {
    return tables.computeIfAbsent(n, size -> GroupTables.compute(this, size));
  }

  @Override
  public String toString() {
    return "MatrixGroup[" + name + ", " + lattice + ", order " + order() + "]";
  }
}
