package org.gconv4j.backend;

import java.util.Arrays;
import org.gconv4j.internal.Checks;

/**
 * Shape of one planar correlation (2D or 3D): input x [N, Cin, *in], filters w [Cout, Cin, k^d],
 * output y [N, Cout, *out], with symmetric zero padding and a stride on every spatial axis.
 * out_i = (in_i + 2·padding − k) / stride + 1.
 *
 * <p>The G-correlation's planar correlation uses Cin = C_in·S_in and Cout = C_out·S (CONVENTIONS §4).
 */
public record ConvGeometry(int batch, int inChannels, int outChannels, int[] inSize, int kernelSize, int padding, int stride) {

  public ConvGeometry {
    inSize = inSize.clone();
    if (inSize.length != 2 && inSize.length != 3) {
      throw Checks.argument("ConvGeometry", "2 or 3 spatial axes; got " + Arrays.toString(inSize));
    }
    if (batch < 1 || inChannels < 1 || outChannels < 1 || kernelSize < 1 || padding < 0 || stride < 1) {
      throw Checks.argument("ConvGeometry", "positive batch, channels, kernel size and stride, padding >= 0; got "
          + "batch=" + batch + " in=" + inChannels + " out=" + outChannels + " k=" + kernelSize
          + " padding=" + padding + " stride=" + stride);
    }
    requireFits("ConvGeometry", inSize, kernelSize, padding, "Use a larger input or more padding");
  }

  /**
   * The rule that a filter fits its input: every spatial axis, padded on both sides, is at least the
   * filter's width (the one home of this rule; {@code ConvSpec} and the CLI's layer command use it with
   * their own tag and fix).
   *
   * @throws IllegalArgumentException {@code [tag] input [..] with padding p is smaller than the n-wide filter. fix}
   */
  public static void requireFits(String tag, int[] spatial, int kernelSize, int padding, String fix) {
    for (int s : spatial) {
      if (s + 2 * padding < kernelSize) {
        throw Checks.argument(tag, "input " + Arrays.toString(spatial) + (padding == 0 ? "" : " with padding " + padding)
            + " is smaller than the " + kernelSize + "-wide filter. " + fix);
      }
    }
  }

  public static ConvGeometry of2d(int batch, int inChannels, int outChannels, int height, int width, int kernelSize, int padding, int stride) {
    return new ConvGeometry(batch, inChannels, outChannels, new int[] {height, width}, kernelSize, padding, stride);
  }

  /** Number of spatial axes d. */
  public int dims() {
    return inSize.length;
  }

  @Override
  public int[] inSize() {
    return inSize.clone();
  }

  public int inSize(int axis) {
    return inSize[axis];
  }

  public int outSize(int axis) {
    return outLength(inSize[axis], kernelSize, padding, stride);
  }

  /** The output length of one axis: (in + 2·padding − k) / stride + 1 (the one place this rule lives). */
  public static int outLength(int in, int kernelSize, int padding, int stride) {
    return (in + 2 * padding - kernelSize) / stride + 1;
  }

  public int[] outSize() {
    int[] out = new int[dims()];
    for (int i = 0; i < out.length; i++) {
      out[i] = outSize(i);
    }
    return out;
  }

  /** Product of the input's spatial sizes. */
  public int inPlane() {
    int p = 1;
    for (int s : inSize) {
      p *= s;
    }
    return p;
  }

  /** Product of the output's spatial sizes. */
  public int outPlane() {
    int p = 1;
    for (int i = 0; i < dims(); i++) {
      p *= outSize(i);
    }
    return p;
  }

  /** k^d. */
  public int kernelCells() {
    int c = 1;
    for (int i = 0; i < dims(); i++) {
      c *= kernelSize;
    }
    return c;
  }

  public int inputLength() {
    return batch * inChannels * inPlane();
  }

  public int outputLength() {
    return batch * outChannels * outPlane();
  }

  public int weightLength() {
    return outChannels * inChannels * kernelCells();
  }

  /** Multiply-accumulates of the forward pass. FLOPs are 2 · macs(). */
  public long macs() {
    return (long) batch * outChannels * outPlane() * inChannels * kernelCells();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConvGeometry g && batch == g.batch && inChannels == g.inChannels && outChannels == g.outChannels
        && kernelSize == g.kernelSize && padding == g.padding && stride == g.stride && Arrays.equals(inSize, g.inSize);
  }

  @Override
  public int hashCode() {
    return ((batch * 31 + inChannels) * 31 + outChannels) * 31 + Arrays.hashCode(inSize) * 7 + kernelSize * 3 + padding + stride;
  }

  @Override
  public String toString() {
    return "ConvGeometry[N=" + batch + ", Cin=" + inChannels + ", Cout=" + outChannels + ", in=" + Arrays.toString(inSize)
        + ", k=" + kernelSize + ", pad=" + padding + ", stride=" + stride + "]";
  }
}
