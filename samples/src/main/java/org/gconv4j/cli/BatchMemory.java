package org.gconv4j.cli;

import java.util.Arrays;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.Sequential;
import org.gconv4j.nn.Shapes;
import org.gconv4j.tensor.MemoryBudget;
import org.gconv4j.tensor.ShapeMath;
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
      shape = Shapes.infer(l, shape);
      floats += ShapeMath.size(shape);
    }
    return ShapeMath.bytes(floats, 8);
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
