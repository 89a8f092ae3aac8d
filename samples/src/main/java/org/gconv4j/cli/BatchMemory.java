package org.gconv4j.cli;

import java.util.Arrays;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.Sequential;
import org.gconv4j.nn.ShapedLayer;
import org.gconv4j.internal.MemoryBudget;
import org.gconv4j.internal.ShapeMath;
import org.gconv4j.tensor.Tensor;
import org.gconv4j.train.SequentialState;

/**
 * The heap a batch of images needs in a model, estimated before the first batch: each layer's output
 * (and the input it keeps for backward) per image, times the batch. A batch that cannot fit is a
 * clear error naming the option to lower, instead of an {@link OutOfMemoryError} minutes later.
 */
final class BatchMemory {
  private BatchMemory() {}

  /** [C, H, W] of the data set's images. */
  static int[] sampleShape(org.gconv4j.data.Dataset d) {
    return d.sampleShape();
  }

  /** Bytes per image: 4 bytes for every value every layer outputs, twice (outputs and kept inputs). */
  static long bytesPerImage(Sequential model, int[] sampleShape) {
    long floats = ShapeMath.size(sampleShape);
    int[] shape = sampleShape.clone();
    for (Layer l : SequentialState.leaves(model)) {
      shape = outputShape(l, shape);
      floats += ShapeMath.size(shape);
    }
    return ShapeMath.bytes(floats, 8);
  }

  /** A layer's per-sample output shape: stated by a {@link ShapedLayer}, else by running it on zeros. */
  private static int[] outputShape(Layer layer, int[] sampleShape) {
    if (layer instanceof ShapedLayer shaped) {
      return shaped.outputShape(sampleShape.clone());
    }
    int[] batchShape = new int[sampleShape.length + 1];
    batchShape[0] = 1;
    System.arraycopy(sampleShape, 0, batchShape, 1, sampleShape.length);
    int[] out = layer.forward(Tensor.zeros(batchShape), false).shape();
    return Arrays.copyOfRange(out, 1, out.length);
  }

  /** Throws when {@code batch} images (at most {@code images}, the data set's size) would not fit. */
  static void check(Sequential model, int[] sampleShape, int batch, int images, String option) {
    long per = bytesPerImage(model, sampleShape);
    int effective = Math.min(batch, Math.max(1, images));
    MemoryBudget.require(ShapeMath.bytes(per, effective), "a batch of " + effective + " images (" + option + " "
        + batch + ", about " + (per >> 10) + " KiB per image in this model, input " + Arrays.toString(sampleShape)
        + ")", "Lower " + option);
  }
}
