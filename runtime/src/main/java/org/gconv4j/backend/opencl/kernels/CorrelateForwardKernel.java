package org.gconv4j.backend.opencl.kernels;

import org.gconv4j.backend.ConvGeometry;

/**
 * Planar correlation y = x ⋆ w with zero padding and stride (2D and 3D), register-tiled: each work-item computes
 * {@value #TILE_C} output channels × {@value #TILE_W} neighbouring output columns ({@link TiledCorrelationKernel}),
 * so each input value it loads serves 8 channels and each filter value 8 columns.
 */
public class CorrelateForwardKernel extends TiledCorrelationKernel {
  /** Sets the arrays and geometry of the next launch; y [N, Cout, D', H', W'] becomes {@code result}. */
  public void bind(ConvGeometry g, float[] x, float[] w, float[] y) {
    bindGeometry(g, g.outputLength());
    int taps = kd * k * k;
    bindTiles(x, inC, inD, inH, inW, w, inC * taps, taps, 0, 1, pad, padD, stride, strideD, y, outC, outD, outH, outW);
  }

  @Override
  public void run() {
    correlateTile(k, kd);
  }
}
