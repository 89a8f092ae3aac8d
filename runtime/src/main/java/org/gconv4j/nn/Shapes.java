package org.gconv4j.nn;

import java.util.Arrays;
import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/** Shape helpers shared by the layers. */
final class Shapes {
  private Shapes() {}

  /** Product of {@code shape[from..]}. */
  public static int product(int[] shape, int from) {
    int p = 1;
    for (int i = from; i < shape.length; i++) {
      p = Math.multiplyExact(p, shape[i]);
    }
    return p;
  }

  /** Shape with a leading batch axis of size n. */
  public static int[] withBatch(int n, int[] sampleShape) {
    int[] s = new int[sampleShape.length + 1];
    s[0] = n;
    System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
    return s;
  }

  /** Shape without its leading (batch) axis. */
  public static int[] withoutBatch(int[] shape) {
    return Arrays.copyOfRange(shape, 1, shape.length);
  }

  /** Shape as text, e.g. {@code [10, 4, 26, 26]}. */
  public static String text(int[] shape) {
    return Arrays.toString(shape);
  }

  /**
   * The per-sample output shape of {@code layer}: from {@link ShapedLayer#outputShape} when the
   * layer implements it, otherwise by a probe forward pass on a zero batch of one in inference mode.
   */
  public static int[] infer(Layer layer, int[] sampleShape) {
    if (layer instanceof ShapedLayer shaped) {
      return shaped.outputShape(sampleShape.clone());
    }
    Tensor out = layer.forward(Tensor.zeros(withBatch(1, sampleShape)), false);
    return withoutBatch(out.shape());
  }

  static void requireMinRank(String tag, Tensor t, int minRank, String layout) {
    if (t.rank() < minRank) {
      throw Checks.argument(tag, "input must be " + layout + "; got " + t.shapeString()
          + ". Pass a tensor of rank >= " + minRank);
    }
  }

  static void requireSameShape(String tag, Tensor expected, Tensor actual, String what) {
    Checks.sameShape(tag, what, expected.shape(), actual.shape());
  }

  /** The arguments of a spatial pooling layer (max or mean): window >= 1, stride >= 1, 2 or 3 spatial axes. */
  static void requirePoolArguments(String tag, int window, int stride, int spatialDims) {
    if (window < 1 || stride < 1 || (spatialDims != 2 && spatialDims != 3)) {
      throw Checks.argument(tag, "need window >= 1, stride >= 1, spatialDims 2 or 3; got window="
          + window + ", stride=" + stride + ", spatialDims=" + spatialDims);
    }
  }

  /**
   * The output shape of a spatial pooling layer (max or mean, no padding): each of the trailing
   * {@code spatialDims} axes becomes (L − window) / stride + 1; {@code leading} is 1 for a batched shape.
   */
  static int[] pooledShape(String tag, int[] shape, int leading, int spatialDims, int window, int stride) {
    int r = shape.length;
    if (r < leading + 1 + spatialDims) {
      throw Checks.argument(tag, "input needs channel and " + spatialDims
          + " spatial axes" + (leading == 1 ? " after the batch axis" : "") + "; got " + text(shape));
    }
    int[] out = shape.clone();
    for (int a = r - spatialDims; a < r; a++) {
      if (shape[a] < window) {
        throw Checks.argument(tag, "window " + window + " is larger than spatial axis "
            + a + " of " + text(shape) + ". Use a smaller window or pool earlier");
      }
      out[a] = (shape[a] - window) / stride + 1;
    }
    return out;
  }

  static IllegalStateException backwardBeforeForward(String tag) {
    return Checks.state(tag,
        "backward called before forward; call forward(input, training) on this layer first");
  }
}
