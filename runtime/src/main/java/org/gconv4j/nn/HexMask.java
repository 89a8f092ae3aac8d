package org.gconv4j.nn;

import org.gconv4j.annotations.Lattice;
import org.gconv4j.annotations.internal.CellGrid;
import org.gconv4j.group.GroupAction;
import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * Zeroes every cell of a hexagonal map (axial coordinates, CONVENTIONS §1) outside the hexagon
 * inscribed in its L × L array ({@link GroupAction#hexMask}); planar maps and G-maps alike, on the
 * last two axes. The p6/p6m rotations permute that hexagon and move nothing into the array's two
 * corners, so after a mask the corners are the same (zero) in a map and in every rotation of it:
 * batch statistics and poolings over the whole array then stay exactly invariant. Backward masks
 * the gradient the same way.
 */
public final class HexMask implements ShapedLayer {
  private float[] mask;

  @Override
  public Tensor forward(Tensor input, boolean training) {
    int[] shape = input.shape();
    outputShape(java.util.Arrays.copyOfRange(shape, 1, shape.length));
    return apply(input);
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    if (mask == null) {
      throw Shapes.backwardBeforeForward("HexMask");
    }
    return apply(gradOutput);
  }

  private Tensor apply(Tensor t) {
    int size = t.shape(-1);
    if (mask == null || mask.length != size * size) {
      mask = GroupAction.hexMask(size);
    }
    float[] x = t.data();
    float[] y = new float[x.length];
    int cells = mask.length;
    for (int p = 0; p < x.length; p += cells) {
      for (int c = 0; c < cells; c++) {
        y[p + c] = mask[c] != 0f ? x[p + c] : 0f;
      }
    }
    return Tensor.of(y, t.shape());
  }

  @Override
  public int[] outputShape(int[] sampleShape) {
    int r = sampleShape.length;
    if (r < 3 || sampleShape[r - 1] != sampleShape[r - 2] || !CellGrid.isValidSize(Lattice.HEXAGONAL, sampleShape[r - 1])) {
      throw Checks.argument("HexMask", "needs a hexagonal map [C, (S,) L, L] with odd L (axial "
          + "coordinates, centre cell at the middle); got " + Shapes.text(sampleShape));
    }
    return sampleShape.clone();
  }

  @Override
  public String describe() {
    return "HexMask (zero outside the inscribed hexagon)";
  }
}
