package org.gconv4j.data;

import java.util.function.DoubleBinaryOperator;
import org.gconv4j.annotations.internal.CellGrid;
import org.gconv4j.internal.Checks;

/**
 * Resamples square images onto a hexagonal lattice (HexaConv, Hoogeboom et al. 2018), stored in
 * axial coordinates as the hexagonal layers take them (CONVENTIONS §1): hex image cell [i, j] is
 * the lattice point (u, v) = (i − R, j − R) of a (2R + 1) × (2R + 1) array whose centre cell is the
 * centre of the square image.
 *
 * <p>Geometry, in square-pixel units with rows pointing down and columns right: the lattice point
 * (u, v) lies at row offset {@code a·(√3/2)·u} and column offset {@code a·(v + u/2)} from the image
 * centre ((n − 1)/2, (n − 1)/2). Its six neighbours (±1, 0), (0, ±1), ±(1, −1) are all at distance
 * a, so the six rotations and six mirrors of p6m permute the lattice. The spacing
 * {@code a = √(2/√3) ≈ 1.075} gives one cell per square pixel of area (the same density as the
 * square image). R is the smallest radius whose hexagon contains the disc inscribed in the square
 * pixel grid (radius (n − 1)/2), so a digit rotated by any angle stays inside: 28 × 28 → R = 15,
 * a 31 × 31 array with 721 cells in the hexagon. Values come from bilinear interpolation of the
 * square image ({@link ImageRotation}'s sampler; 0 outside the image); cells outside the hexagon
 * (hex distance > R) are 0.
 *
 * <p>In this embedding the p6 generator R6 = [[1, 1], [−1, 0]] turns the picture clockwise by 60°
 * as displayed: rotating a hex image by R6^k (the group action L_h of CONVENTIONS §6) corresponds
 * to rotating the square image by {@code −k·60°} ({@link #ROTATION_PER_R6}).
 */
public final class HexResampler {
  /** Lattice spacing in square pixels: one hexagonal cell per unit area. */
  public static final double SPACING = Math.sqrt(2 / Math.sqrt(3));
  /**
   * The angle (radians, counter-clockwise as displayed, as {@link ImageRotation#rotate} takes it)
   * by which R6 turns the picture: −π/3.
   */
  public static final double ROTATION_PER_R6 = -Math.PI / 3;
  private static final double ROW_STEP = SPACING * Math.sqrt(3) / 2;

  private final int squareSize;
  private final int radius;
  private final int size;

  private HexResampler(int squareSize, int radius) {
    this.squareSize = squareSize;
    this.radius = radius;
    this.size = 2 * radius + 1;
  }

  /** The hexagonal grid for n × n square images (n ≥ 1). */
  public static HexResampler forSquare(int n) {
    Checks.positive("HexResampler", "square image size", n);
    // the hexagon's inscribed circle (radius R·a·√3/2) must contain the pixel disc of radius (n-1)/2
    int r = (int) Math.ceil((n - 1) / 2.0 / ROW_STEP - 1e-9);
    return new HexResampler(n, Math.max(r, 0));
  }

  /** Side of the square images this grid takes. */
  public int squareSize() {
    return squareSize;
  }

  /** R: the hexagon holds the cells within hex distance R of the centre. */
  public int radius() {
    return radius;
  }

  /** Side of the axial array, 2R + 1. */
  public int size() {
    return size;
  }

  /** {row, column} offset in square pixels from the centre of the lattice point (u, v). */
  public static double[] offset(int u, int v) {
    return new double[] {ROW_STEP * u, SPACING * (v + u / 2.0)};
  }

  /** Whether axial array cell [i, j] lies in the hexagon (hex distance ≤ R from the centre). */
  public boolean inHexagon(int i, int j) {
    int u = i - radius;
    int v = j - radius;
    return CellGrid.hexDistance(u, v) <= radius;
  }

  /**
   * The hex image of a function of the {row, column} offset from the centre (square-pixel units),
   * sampled exactly at the lattice points: [size, size], 0 outside the hexagon.
   */
  public float[] sample(DoubleBinaryOperator f) {
    float[] out = new float[size * size];
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < size; j++) {
        if (inHexagon(i, j)) {
          double[] p = offset(i - radius, j - radius);
          out[i * size + j] = (float) f.applyAsDouble(p[0], p[1]);
        }
      }
    }
    return out;
  }

  /**
   * Resamples one square image {@code src[srcOffset ..]} (n × n, row-major) into
   * {@code dst[dstOffset ..]} (size × size).
   */
  public void resample(float[] src, int srcOffset, float[] dst, int dstOffset) {
    double centre = (squareSize - 1) / 2.0;
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < size; j++) {
        float value = 0f;
        if (inHexagon(i, j)) {
          double[] p = offset(i - radius, j - radius);
          value = (float) ImageRotation.bilinear(src, srcOffset, squareSize, squareSize, centre + p[0], centre + p[1]);
        }
        dst[dstOffset + i * size + j] = value;
      }
    }
  }

  /** Every image (every channel) of a square dataset on the hexagonal grid; labels are shared. */
  public Dataset resample(Dataset d) {
    if (d.height() != squareSize || d.width() != squareSize) {
      throw Checks.argument("HexResampler", "this grid takes " + squareSize + "x" + squareSize
          + " images; " + d.name() + " has " + d.height() + "x" + d.width() + ". Use HexResampler.forSquare("
          + d.height() + ") for square images of that size");
    }
    int planes = d.size() * d.channels();
    int in = squareSize * squareSize;
    int out = size * size;
    float[] hex = new float[planes * out];
    for (int p = 0; p < planes; p++) {
      resample(d.images(), p * in, hex, p * out);
    }
    return new Dataset(d.name() + "/hex", hex, d.labels(), d.channels(), size, size, d.classes());
  }

  /** The three splits on the hexagonal grid. */
  public Splits resample(Splits s) {
    return new Splits(resample(s.train()), resample(s.validation()), resample(s.test()),
        s.provenance() + ", resampled to a hexagonal " + size + "x" + size + " grid");
  }
}
