package org.gconv4j.backend.opencl;

import com.aparapi.Kernel;
import org.gconv4j.internal.Checks;

/**
 * Base of the forward kernels the annotation processor generates per {@code @GroupSpec} and filter size for 2D layers
 * (group to group and lifting): the G-correlation computed from the base filter F [C_out, C_in, S_in, k, k] and the
 * input x [N, C_in·S_in, H, W] in one launch, F+ never formed. A generated subclass carries the group: each work-item
 * computes all S output orientations of {@link #tile()} adjacent output columns of one (sample, output channel, row),
 * from one read of the input patch and of F[o, i] per input channel i, with the permutation unrolled into compile-time
 * register names. Stride 1, zero padding {@code pad}; output y [N, C_out·S, H', W'] (the planar layout of the generic
 * path). Found through {@link GeneratedKernels}; run by {@link OpenClPreparedConv} when the layer fits.
 */
public abstract class GeneratedForwardKernel extends Kernel {
  /** x [N, C_in·S_in, H, W]. */
  protected float[] src = new float[1];
  /** F [C_out, C_in, S_in·k·k]. */
  protected float[] base = new float[1];
  /** y [N, C_out·S, H', W']. */
  protected float[] dst = new float[1];
  protected int inC;
  protected int outC;
  protected int inH;
  protected int inW;
  protected int outH;
  protected int outW;
  protected int pad;
  /** ceil(W' / tile). */
  protected int colBlocks;
  /** W' − tile: the last column block is moved left to end at the row's end (it recomputes a few columns). */
  protected int lastColumn;
  protected int total;

  /** S, the output orientations each work-item computes. */
  public abstract int order();

  /** S_in, the input orientations (1 for a lifting layer). */
  public abstract int inOrder();

  /** Filter size k. */
  public abstract int kernelSize();

  /** Output columns per work-item. */
  public abstract int tile();

  /** Sets the arrays and sizes of the next launch ({@link #workItems()} work-items). */
  public void bind(float[] x, float[] f, float[] y, int batch, int inChannels, int outChannels, int h, int w, int padding) {
    int k = kernelSize();
    int oh = h + 2 * padding - k + 1;
    int ow = w + 2 * padding - k + 1;
    if (oh < 1 || ow < tile()) {
      throw Checks.argument("OpenCL", "the generated forward kernel needs an output at least " + tile()
          + " columns wide; got " + oh + " x " + ow + ". Use the generic kernels for this layer");
    }
    if (x.length != batch * inChannels * inOrder() * h * w || f.length != outChannels * inChannels * inOrder() * k * k
        || y.length != batch * outChannels * order() * oh * ow) {
      throw Checks.argument("OpenCL", "the generated forward kernel's array lengths must match the shape; got x "
          + x.length + ", F " + f.length + ", y " + y.length + " for batch " + batch + ", " + inChannels + " -> " + outChannels
          + " channels, " + h + " x " + w + ", padding " + padding + ". Pass arrays of the layer's shape");
    }
    this.src = x;
    this.base = f;
    this.dst = y;
    this.inC = inChannels;
    this.outC = outChannels;
    this.inH = h;
    this.inW = w;
    this.outH = oh;
    this.outW = ow;
    this.pad = padding;
    this.colBlocks = (ow + tile() - 1) / tile();
    this.lastColumn = ow - tile();
    this.total = batch * outChannels * oh * colBlocks;
  }

  /** Work-items needed by the bound launch (a 1D launch; the global size may be rounded up). */
  public int workItems() {
    return total;
  }
}
