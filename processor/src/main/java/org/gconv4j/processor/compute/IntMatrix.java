package org.gconv4j.processor.compute;

import java.util.Arrays;

/**
 * An immutable square integer matrix, stored row-major. Products use exact arithmetic: an
 * overflow throws {@link ArithmeticException} (a sign of an infinite group).
 */
public final class IntMatrix {
  private final int dimension;
  private final int[] entries;

  private IntMatrix(int dimension, int[] entries) {
    this.dimension = dimension;
    this.entries = entries;
  }

  /** The d×d matrix with the given row-major entries (d·d of them). */
  public static IntMatrix of(int dimension, int[] rowMajor) {
    if (rowMajor.length != dimension * dimension) {
      throw new IllegalArgumentException(
          "a " + dimension + "x" + dimension + " matrix needs " + dimension * dimension + " entries, got "
              + rowMajor.length);
    }
    return new IntMatrix(dimension, rowMajor.clone());
  }

  /** The d×d identity. */
  public static IntMatrix identity(int dimension) {
    int[] e = new int[dimension * dimension];
    for (int i = 0; i < dimension; i++) {
      e[i * dimension + i] = 1;
    }
    return new IntMatrix(dimension, e);
  }

  public int dimension() {
    return dimension;
  }

  public int get(int row, int col) {
    return entries[row * dimension + col];
  }

  /** A copy of the row-major entries. */
  public int[] rowMajor() {
    return entries.clone();
  }

  /** this · other, exactly. */
  public IntMatrix times(IntMatrix other) {
    int d = dimension;
    int[] out = new int[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        int acc = 0;
        for (int k = 0; k < d; k++) {
          acc = Math.addExact(acc, Math.multiplyExact(entries[i * d + k], other.entries[k * d + j]));
        }
        out[i * d + j] = acc;
      }
    }
    return new IntMatrix(d, out);
  }

  /** this^power for power ≥ 0. */
  public IntMatrix power(int power) {
    IntMatrix result = identity(dimension);
    for (int i = 0; i < power; i++) {
      result = result.times(this);
    }
    return result;
  }

  /** this · v for a column vector v of d entries. */
  public int[] apply(int[] v) {
    int d = dimension;
    int[] out = new int[d];
    for (int i = 0; i < d; i++) {
      long acc = 0;
      for (int k = 0; k < d; k++) {
        acc += (long) entries[i * d + k] * v[k];
      }
      out[i] = Math.toIntExact(acc);
    }
    return out;
  }

  /** The determinant, exactly (Laplace expansion; d is 2 or 3 in practice). */
  public long determinant() {
    return determinant(entries, dimension);
  }

  private static long determinant(int[] m, int d) {
    if (d == 1) {
      return m[0];
    }
    if (d == 2) {
      return (long) m[0] * m[3] - (long) m[1] * m[2];
    }
    long det = 0;
    for (int col = 0; col < d; col++) {
      long minor = determinant(minor(m, d, 0, col), d - 1);
      det += (col % 2 == 0 ? 1 : -1) * (long) m[col] * minor;
    }
    return det;
  }

  private static int[] minor(int[] m, int d, int skipRow, int skipCol) {
    int[] out = new int[(d - 1) * (d - 1)];
    int k = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        if (i != skipRow && j != skipCol) {
          out[k++] = m[i * d + j];
        }
      }
    }
    return out;
  }

  /**
   * The inverse of a unimodular matrix (determinant ±1), which is again an integer matrix: the
   * adjugate times the determinant.
   *
   * @throws IllegalStateException if the determinant is not ±1
   */
  public IntMatrix inverse() {
    long det = determinant();
    if (det != 1 && det != -1) {
      throw new IllegalStateException("matrix " + this + " has determinant " + det + ", not ±1");
    }
    int d = dimension;
    int[] out = new int[d * d];
    if (d == 1) {
      out[0] = (int) det;
      return new IntMatrix(1, out);
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        long cofactor = ((i + j) % 2 == 0 ? 1 : -1) * determinant(minor(entries, d, i, j), d - 1);
        out[j * d + i] = Math.toIntExact(cofactor * det);
      }
    }
    return new IntMatrix(d, out);
  }

  public boolean isIdentity() {
    return equals(identity(dimension));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IntMatrix other && dimension == other.dimension && Arrays.equals(entries, other.entries);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(entries) * 31 + dimension;
  }

  /** E.g. {@code [[0, -1], [1, 0]]}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < dimension; i++) {
      sb.append(i == 0 ? "[" : ", [");
      for (int j = 0; j < dimension; j++) {
        sb.append(j == 0 ? "" : ", ").append(entries[i * dimension + j]);
      }
      sb.append(']');
    }
    return sb.append(']').toString();
  }
}
