package org.gconv4j.nn;

import org.gconv4j.annotations.Lattice;
import org.gconv4j.annotations.internal.CellGrid;
import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * Max pooling on the hexagonal lattice (axial coordinates, CONVENTIONS §1) that keeps p6 and p6m
 * equivariance, as in HexaConv (Hoogeboom et al. 2018): each output is the maximum over a
 * hexagonal window of 7 cells (a cell and its six neighbours, hex distance ≤ 1), and the outputs
 * sit on the stride-2 sublattice through the centre. That sublattice is again a hexagonal lattice
 * (twice the spacing) that every p6m element maps onto itself, and so is the window, so pooling
 * commutes with the group action about the centre: pool(L_h f) = L_h pool(f) on the output's
 * inscribed hexagon.
 *
 * <p>Input [.., L, L] with odd L (centre cell c = (L − 1)/2); outputs at rows and columns
 * p ≡ c (mod 2), 1 ≤ p ≤ L − 2 (so every window lies inside the array): (L − 1)/2 of them per axis
 * when c is odd (27 → 13), (L − 3)/2 when c is even (25 → 11). The output's centre is the input's
 * centre, and its hexagon depends only on the input's hexagon. Every leading axis (N, C, S) is kept.
 *
 * <p>Ties: the first maximum in the window order (−1, 0), (−1, 1), (0, −1), (0, 0), (0, 1), (1, −1),
 * (1, 0) wins and receives the whole gradient; NaN never replaces an earlier value.
 */
public final class HexMaxPool implements ShapedLayer {
  /** The 7-cell window in axial offsets (du, dv), in scan order. */
  static final int[][] WINDOW = {{-1, 0}, {-1, 1}, {0, -1}, {0, 0}, {0, 1}, {1, -1}, {1, 0}};
  private final ArgmaxRoute route = new ArgmaxRoute("HexMaxPool");
  private final LayerBuffer output = new LayerBuffer();
  /** The index maps of the last input shape (rebuilt only when it changes). */
  private int[] offsetsShape;
  private int[] outToIn;
  private int[] windowOffsets;

  @Override
  public Tensor forward(Tensor input, boolean training) {
    int[] shape = input.shape();
    int[] outShape = pooledShape(shape, 1);
    int r = shape.length;
    int size = shape[r - 1];
    int out = outShape[r - 1];
    int first = first(size);
    int planes = Shapes.product(shape, 0) / (size * size);
    int planeIn = size * size;
    int planeOut = out * out;
    if (!java.util.Arrays.equals(offsetsShape, shape)) {
      outToIn = new int[planeOut];
      for (int i = 0, o = 0; i < out; i++) {
        for (int j = 0; j < out; j++) {
          outToIn[o++] = (first + 2 * i) * size + first + 2 * j;
        }
      }
      windowOffsets = new int[WINDOW.length];
      for (int w = 0; w < WINDOW.length; w++) {
        windowOffsets[w] = WINDOW[w][0] * size + WINDOW[w][1];
      }
      offsetsShape = shape;
    }
    int[] outToIn = this.outToIn;
    int[] windowOffsets = this.windowOffsets;
    float[] x = input.data();
    Tensor result = output.take(outShape);
    float[] y = result.data();
    int[] arg = route.argmaxFor(y.length);
    Parallel.forEach(planes, (long) planes * planeOut * WINDOW.length,
        p -> MaxPoolLoops.maxOverWindows(x, p * planeIn, outToIn, windowOffsets, y, arg, p * planeOut));
    route.record(shape, outShape, planeOut);
    return result;
  }

  @Override
  public void reuseBuffers(boolean reuse) {
    output.reuse(reuse);
    route.reuse(reuse);
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    if (!route.recorded()) {
      throw Shapes.backwardBeforeForward("HexMaxPool");
    }
    return route.backward(gradOutput);
  }

  @Override
  public int[] outputShape(int[] sampleShape) {
    return pooledShape(sampleShape, 0);
  }

  /** The first pooled row (and column): 1 when the centre index is odd, 2 when it is even. */
  private static int first(int size) {
    return ((size - 1) / 2) % 2 == 1 ? 1 : 2;
  }

  private static int[] pooledShape(int[] shape, int leading) {
    int r = shape.length;
    if (r < leading + 3 || shape[r - 1] != shape[r - 2] || !CellGrid.isValidSize(Lattice.HEXAGONAL, shape[r - 1]) || shape[r - 1] < 3) {
      throw Checks.argument("HexMaxPool", "needs a hexagonal map [" + (leading == 1 ? "N, " : "")
          + "C, (S,) L, L] with odd L >= 3 (axial coordinates, centre cell at the middle); got " + Shapes.text(shape));
    }
    int size = shape[r - 1];
    int out = (size - 2 - first(size)) / 2 + 1;
    int[] o = shape.clone();
    o[r - 2] = out;
    o[r - 1] = out;
    return o;
  }

  @Override
  public String describe() {
    return "HexMaxPool 7-cell hexagon stride 2";
  }
}
