package org.gconv4j.io;

import java.util.Arrays;
import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * An n-dimensional array as stored in a {@code .npy} file: a {@link DType}, a shape and the
 * elements in C order, held in the matching Java primitive array ({@code float[]},
 * {@code double[]}, {@code int[]}, {@code long[]}, or {@code byte[]} for uint8).
 *
 * <p>The factories wrap the given array without copying.
 */
public final class NpyArray {
  private final DType dtype;
  private final int[] shape;
  private final Object data;

  private NpyArray(DType dtype, int[] shape, Object data, int length) {
    long size = Tensor.size(shape);
    if (size != length) {
      throw Checks.argument("NpyArray", "the number of elements must equal the product of the shape; got "
          + length + " elements for shape " + Arrays.toString(shape) + ". Pass a matching shape");
    }
    this.dtype = dtype;
    this.shape = shape.clone();
    this.data = data;
  }

  public static NpyArray ofFloats(float[] data, int... shape) {
    return new NpyArray(DType.FLOAT32, shape, data, data.length);
  }

  public static NpyArray ofDoubles(double[] data, int... shape) {
    return new NpyArray(DType.FLOAT64, shape, data, data.length);
  }

  public static NpyArray ofInts(int[] data, int... shape) {
    return new NpyArray(DType.INT32, shape, data, data.length);
  }

  public static NpyArray ofLongs(long[] data, int... shape) {
    return new NpyArray(DType.INT64, shape, data, data.length);
  }

  /** Unsigned bytes: {@code data[i] & 0xff} is the element value. */
  public static NpyArray ofUnsignedBytes(byte[] data, int... shape) {
    return new NpyArray(DType.UINT8, shape, data, data.length);
  }

  /** A float32 array sharing the tensor's data. */
  public static NpyArray of(Tensor t) {
    return ofFloats(t.data(), t.shape());
  }

  /** UTF-8 text as a 1-D uint8 array; Python reads it back with {@code a.tobytes().decode()}. */
  public static NpyArray ofText(String text) {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return ofUnsignedBytes(bytes, bytes.length);
  }

  /** An empty array of the given type and shape (filled with zeros). */
  static NpyArray zeros(DType dtype, int[] shape) {
    int n = Math.toIntExact(Tensor.size(shape));
    switch (dtype) {
      case FLOAT32:
        return ofFloats(new float[n], shape);
      case FLOAT64:
        return ofDoubles(new double[n], shape);
      case INT32:
        return ofInts(new int[n], shape);
      case INT64:
        return ofLongs(new long[n], shape);
      default:
        return ofUnsignedBytes(new byte[n], shape);
    }
  }

  public DType dtype() {
    return dtype;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** Number of elements. */
  public int size() {
    return Math.toIntExact(Tensor.size(shape));
  }

  /** The backing primitive array (not a copy). */
  Object raw() {
    return data;
  }

  /** The elements as float32 (shared if the dtype is float32, converted otherwise). */
  public float[] toFloats() {
    switch (dtype) {
      case FLOAT32:
        return (float[]) data;
      case FLOAT64: {
        double[] d = (double[]) data;
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
          f[i] = (float) d[i];
        }
        return f;
      }
      case INT32: {
        int[] d = (int[]) data;
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
          f[i] = d[i];
        }
        return f;
      }
      case INT64: {
        long[] d = (long[]) data;
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
          f[i] = d[i];
        }
        return f;
      }
      default: {
        byte[] d = (byte[]) data;
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
          f[i] = d[i] & 0xff;
        }
        return f;
      }
    }
  }

  /** The elements as float64 (shared if the dtype is float64, converted otherwise). */
  public double[] toDoubles() {
    if (dtype == DType.FLOAT64) {
      return (double[]) data;
    }
    double[] out = new double[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = getDouble(i);
    }
    return out;
  }

  /**
   * The elements as int32 (shared if the dtype is int32). Integer types convert exactly; an int64
   * out of range or a non-integral float is an error.
   */
  public int[] toInts() {
    if (dtype == DType.INT32) {
      return (int[]) data;
    }
    int[] out = new int[size()];
    for (int i = 0; i < out.length; i++) {
      double v = getDouble(i);
      if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw Checks.state("NpyArray", "element " + i + " = " + v + " (" + dtype.descr()
            + ") is not an int32 value. Store integer labels as <i4 or <i8");
      }
      out[i] = (int) v;
    }
    return out;
  }

  /** The raw bytes of a uint8 array (shared). */
  public byte[] toUnsignedBytes() {
    if (dtype != DType.UINT8) {
      throw Checks.state("NpyArray", "expected a uint8 array, got " + dtype.descr());
    }
    return (byte[]) data;
  }

  /** A uint8 array decoded as UTF-8 text (see {@link #ofText}). */
  public String toText() {
    return new String(toUnsignedBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A float32 tensor with this shape (sharing data when the dtype is float32). */
  public Tensor toTensor() {
    return Tensor.of(toFloats(), shape);
  }

  /** Element {@code i} (flat C-order index) as a double. */
  public double getDouble(int i) {
    switch (dtype) {
      case FLOAT32:
        return ((float[]) data)[i];
      case FLOAT64:
        return ((double[]) data)[i];
      case INT32:
        return ((int[]) data)[i];
      case INT64:
        return ((long[]) data)[i];
      default:
        return ((byte[]) data)[i] & 0xff;
    }
  }

  /** Shape as text, e.g. {@code [10, 1, 1, 3, 3]}. */
  public String shapeString() {
    return Arrays.toString(shape);
  }

  @Override
  public String toString() {
    return "NpyArray" + shapeString() + " " + dtype.descr();
  }
}
