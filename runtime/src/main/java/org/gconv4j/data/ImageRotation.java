package org.gconv4j.data;

/**
 * Rotates square or rectangular single-channel images about their centre with bilinear
 * interpolation; samples that fall outside the source image read as 0.
 *
 * <p>Orientation: a positive angle rotates the picture counter-clockwise as displayed (row 0 at
 * the top), so {@code rotate(x, π/2)} equals NumPy's {@code np.rot90(x)} (up to the rounding of
 * cos and sin). The centre is the middle of the pixel grid, ((H−1)/2, (W−1)/2) in pixel-centre
 * coordinates, so quarter turns of a square image map pixel centres onto pixel centres.
 */
public final class ImageRotation {
  private ImageRotation() {}

  /**
   * Writes {@code src} rotated by {@code angle} radians into {@code dst[dstOffset ..]}.
   *
   * @param src h·w pixels starting at {@code srcOffset}, row-major
   */
  public static void rotate(float[] src, int srcOffset, int h, int w, double angle, float[] dst, int dstOffset) {
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double cr = (h - 1) / 2.0;
    double cc = (w - 1) / 2.0;
    for (int r = 0; r < h; r++) {
      double yOut = cr - r; // up
      for (int c = 0; c < w; c++) {
        double xOut = c - cc; // right
        // inverse rotation: where in the source this output pixel comes from
        double x = xOut * cos + yOut * sin;
        double y = -xOut * sin + yOut * cos;
        double sr = cr - y;
        double sc = cc + x;
        dst[dstOffset + r * w + c] = (float) bilinear(src, srcOffset, h, w, sr, sc);
      }
    }
  }

  /** Bilinear sample at fractional (row, col); pixels outside the image are 0. */
  static double bilinear(float[] src, int off, int h, int w, double row, double col) {
    int r0 = (int) Math.floor(row);
    int c0 = (int) Math.floor(col);
    double fr = row - r0;
    double fc = col - c0;
    // snap values within 1e-9 of the grid so that exact quarter turns reproduce pixels exactly
    if (fr < 1e-9) {
      fr = 0;
    } else if (fr > 1 - 1e-9) {
      fr = 0;
      r0++;
    }
    if (fc < 1e-9) {
      fc = 0;
    } else if (fc > 1 - 1e-9) {
      fc = 0;
      c0++;
    }
    double v00 = pixel(src, off, h, w, r0, c0);
    double v01 = fc == 0 ? 0 : pixel(src, off, h, w, r0, c0 + 1);
    double v10 = fr == 0 ? 0 : pixel(src, off, h, w, r0 + 1, c0);
    double v11 = fr == 0 || fc == 0 ? 0 : pixel(src, off, h, w, r0 + 1, c0 + 1);
    return (1 - fr) * ((1 - fc) * v00 + fc * v01) + fr * ((1 - fc) * v10 + fc * v11);
  }

  private static double pixel(float[] src, int off, int h, int w, int r, int c) {
    return r < 0 || r >= h || c < 0 || c >= w ? 0 : src[off + r * w + c];
  }

  /**
   * Exact quarter turns on the pixel grid: {@code k} counter-clockwise turns of a square
   * {@code n × n} image, as {@code np.rot90(x, k)}.
   */
  public static void rot90(float[] src, int srcOffset, int n, int k, float[] dst, int dstOffset) {
    int turns = Math.floorMod(k, 4);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int si;
        int sj;
        switch (turns) {
          case 0:
            si = i;
            sj = j;
            break;
          case 1:
            si = j;
            sj = n - 1 - i;
            break;
          case 2:
            si = n - 1 - i;
            sj = n - 1 - j;
            break;
          default:
            si = n - 1 - j;
            sj = i;
            break;
        }
        dst[dstOffset + i * n + j] = src[srcOffset + si * n + sj];
      }
    }
  }
}
