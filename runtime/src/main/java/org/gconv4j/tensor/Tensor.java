package org.gconv4j.tensor;

import java.util.Arrays;
import org.gconv4j.internal.Checks;
import org.gconv4j.internal.ShapeMath;

/**
 * A dense float32 array in C (row-major) order with a shape. Layouts follow CONVENTIONS §5:
 * planar maps [N, C, H, W], G-feature maps [N, C, S, H, W] (3D: an extra depth axis after S).
 *
 * <p>The data array is exposed for kernels and layers; a tensor never copies it implicitly.
 */
public final class Tensor {
  private final float[] data;
  private final int[] shape;

  private Tensor(float[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  /** A tensor of zeros. */
  public static Tensor zeros(int... shape) {
    return new Tensor(new float[Math.toIntExact(size(shape))], shape.clone());
  }

  /** Wraps {@code data} (not copied) with the given shape. */
  public static Tensor of(float[] data, int... shape) {
    if (size(shape) != data.length) {
      throw Checks.argument("Tensor",
          "data length must equal the product of the shape; got " + data.length + " values for shape "
              + Arrays.toString(shape) + ". Pass a shape whose product is " + data.length);
    }
    return new Tensor(data, shape.clone());
  }

  /** The product of the shape ({@link ShapeMath#size}, the one home of that rule). */
  public static long size(int... shape) {
    return ShapeMath.size(shape);
  }

  /** The backing array (shared, not copied). */
  public float[] data() {
    return data;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  public int shape(int axis) {
    return shape[axis < 0 ? shape.length + axis : axis];
  }

  /** Whether the shape equals {@code other} (no copy). */
  public boolean hasShape(int... other) {
    return Arrays.equals(shape, other);
  }

  public int rank() {
    return shape.length;
  }

  public int size() {
    return data.length;
  }

  /** Same data, new shape with the same number of elements. */
  public Tensor reshape(int... newShape) {
    return of(data, newShape);
  }

  /** A deep copy. */
  public Tensor copy() {
    return new Tensor(data.clone(), shape.clone());
  }

  /** Shape as text, e.g. {@code [64, 10, 4, 26, 26]}. */
  public String shapeString() {
    return Arrays.toString(shape);
  }

  @Override
  public String toString() {
    return "Tensor" + shapeString();
  }
}
