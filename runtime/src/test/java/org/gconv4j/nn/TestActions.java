package org.gconv4j.nn;

import org.gconv4j.group.Group;
import org.gconv4j.tensor.Tensor;

/**
 * Test-only group action on feature maps, CONVENTIONS §6, about the centre of the spatial grid
 * (doubled centred coordinates 2i − (L − 1), so odd and even sizes both work; square grids only):
 * planar (L_h f)[c, x] = f[c, H_h^{-1} x]; G-map (L_h f)[c, t, x] = f[c, t̄, H_h^{-1} x] with
 * t̄ = h^{-1}·t.
 */
final class TestActions {
  private TestActions() {}

  /** Acts on [N, C, ...spatial] (d = group dimension trailing spatial axes). */
  static Tensor planar(Group g, int h, Tensor f) {
    return act(g, h, f, false);
  }

  /** Acts on [N, C, S, ...spatial]. */
  static Tensor gmap(Group g, int h, Tensor f) {
    return act(g, h, f, true);
  }

  private static Tensor act(Group g, int h, Tensor f, boolean stabilizerAxis) {
    int d = g.dimension();
    int[] shape = f.shape();
    int r = shape.length;
    int size = shape[r - 1];
    for (int a = r - d; a < r; a++) {
      if (shape[a] != size) {
        throw new IllegalArgumentException("square grids only: " + f.shapeString());
      }
    }
    int cells = 1;
    for (int a = 0; a < d; a++) {
      cells *= size;
    }
    int[][] inv = g.matrix(g.inverse(h));
    // source cell for each destination cell
    int[] source = new int[cells];
    int[] x = new int[d];
    int[] y = new int[d];
    for (int cell = 0; cell < cells; cell++) {
      int rest = cell;
      for (int a = d - 1; a >= 0; a--) {
        x[a] = 2 * (rest % size) - (size - 1);
        rest /= size;
      }
      int src = 0;
      for (int a = 0; a < d; a++) {
        y[a] = 0;
        for (int b = 0; b < d; b++) {
          y[a] += inv[a][b] * x[b];
        }
        int idx = (y[a] + size - 1) / 2;
        src = src * size + idx;
      }
      source[cell] = src;
    }
    int order = stabilizerAxis ? shape[2] : 1;
    if (stabilizerAxis && order != g.order()) {
      throw new IllegalArgumentException("stabilizer axis " + order + " != |H| " + g.order());
    }
    int outer = shape[0] * shape[1];
    float[] in = f.data();
    float[] out = new float[in.length];
    int hInv = g.inverse(h);
    for (int o = 0; o < outer; o++) {
      for (int t = 0; t < order; t++) {
        int tBar = stabilizerAxis ? g.multiply(hInv, t) : 0;
        int dstBase = (o * order + t) * cells;
        int srcBase = (o * order + tBar) * cells;
        for (int cell = 0; cell < cells; cell++) {
          out[dstBase + cell] = in[srcBase + source[cell]];
        }
      }
    }
    return Tensor.of(out, shape);
  }
}
