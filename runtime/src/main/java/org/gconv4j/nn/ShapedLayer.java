package org.gconv4j.nn;

/**
 * A layer that can state its output shape without running. Shapes here are per-sample shapes,
 * i.e. without the leading batch axis: {@code [C, H, W]} for planar maps, {@code [C, S, H, W]}
 * for G-feature maps, {@code [F]} for feature vectors.
 */
public interface ShapedLayer extends Layer {
  /**
   * The per-sample output shape for a per-sample input shape.
   *
   * @throws IllegalArgumentException with a message naming the expected and the actual shape when
   *     the layer cannot take this input
   */
  int[] outputShape(int[] sampleShape);
}
