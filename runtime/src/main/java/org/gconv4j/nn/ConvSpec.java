package org.gconv4j.nn;

import java.util.Random;
import org.gconv4j.group.Group;

/**
 * Everything needed to create one G-correlation layer (paper §6.1), as the model builder derives it
 * from the current feature shape. {@code lifting} is true when the input is a planar map
 * [N, C, H, W] (first layer, eq. 10) and false for a G-feature map [N, C, S, H, W] (eq. 11).
 *
 * @param rng the model's initialisation stream; a layer draws its initial weights from it
 */
public record ConvSpec(
    Group group, int inChannels, int outChannels, int kernelSize, boolean lifting, int padding, int stride,
    Random rng) {

  public ConvSpec {
    if (group == null || rng == null) {
      throw new IllegalArgumentException("[ConvSpec] group and rng must not be null");
    }
    if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || padding < 0 || stride < 1) {
      throw new IllegalArgumentException("[ConvSpec] need inChannels, outChannels, kernelSize, stride >= 1 and padding >= 0; got in="
          + inChannels + ", out=" + outChannels + ", n=" + kernelSize + ", padding=" + padding + ", stride=" + stride);
    }
  }

  /** Output length of one spatial axis of length {@code length}: (L + 2p − n) / stride + 1. */
  public int outputLength(int length) {
    int span = length + 2 * padding - kernelSize;
    if (span < 0) {
      throw new IllegalArgumentException("[ConvSpec] spatial size " + length + " with padding " + padding
          + " is smaller than the " + kernelSize + "-wide filter. Pad more, use a smaller filter, or pool less before this layer");
    }
    return span / stride + 1;
  }

  /**
   * Per-sample output shape [C_out, S, ...spatial'] for a per-sample input shape ([C_in, ...spatial]
   * when lifting, [C_in, S, ...spatial] otherwise).
   */
  public int[] outputShape(int[] sampleShape) {
    int d = group.dimension();
    int expectedRank = 1 + (lifting ? 0 : 1) + d;
    boolean ok = sampleShape.length == expectedRank && sampleShape[0] == inChannels
        && (lifting || sampleShape[1] == group.order());
    if (!ok) {
      String want = "[" + inChannels + (lifting ? "" : ", " + group.order()) + (d == 3 ? ", D" : "") + ", H, W]";
      throw new IllegalArgumentException("[ConvSpec] " + (lifting ? "lifting" : "group") + " correlation over "
          + group.name() + " expects input " + want + "; got " + Shapes.text(sampleShape));
    }
    int[] out = new int[2 + d];
    out[0] = outChannels;
    out[1] = group.order();
    for (int a = 0; a < d; a++) {
      out[2 + a] = outputLength(sampleShape[sampleShape.length - d + a]);
    }
    return out;
  }
}
