package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;
import org.gconv4j.backend.ConvGeometry;

/**
 * Geometry shared by the planar-correlation kernels, 2D and 3D alike: a 2D correlation is a 3D one with depth 1,
 * a depth-1 filter, no depth padding and depth stride 1. Subclasses implement one pass each in {@code run()}.
 *
 * <p>The fields are plain ints so that Aparapi passes them as kernel arguments.
 */
public abstract class CorrelationKernel extends Kernel {
  protected int batch;
  protected int inC;
  protected int outC;
  protected int inD;
  protected int inH;
  protected int inW;
  protected int outD;
  protected int outH;
  protected int outW;
  /** Filter extent along height and width. */
  protected int k;
  /** Filter extent along depth: k in 3D, 1 in 2D. */
  protected int kd;
  protected int pad;
  /** Padding along depth: pad in 3D, 0 in 2D. */
  protected int padD;
  protected int stride;
  /** Stride along depth: stride in 3D, 1 in 2D. */
  protected int strideD;
  /** Work-items of this launch; the global size is rounded up, so run() guards with it. */
  protected int total;
  /**
   * The array the pass writes: y [N, Cout, D', H', W'] (forward), gradX [N, Cin, D, H, W] (input gradient) or
   * gradW [Cout, Cin, kd, k, k] (filter gradient). One field for all three, so that the store helpers below serve
   * every pass.
   */
  protected float[] result = new float[1];

  /** Copies the geometry into the kernel's int fields. */
  protected final void bindGeometry(ConvGeometry g, int workItems) {
    boolean is3d = g.dims() == 3;
    batch = g.batch();
    inC = g.inChannels();
    outC = g.outChannels();
    inD = is3d ? g.inSize(0) : 1;
    inH = g.inSize(g.dims() - 2);
    inW = g.inSize(g.dims() - 1);
    outD = is3d ? g.outSize(0) : 1;
    outH = g.outSize(g.dims() - 2);
    outW = g.outSize(g.dims() - 1);
    k = g.kernelSize();
    kd = is3d ? g.kernelSize() : 1;
    pad = g.padding();
    padD = is3d ? g.padding() : 0;
    stride = g.stride();
    strideD = is3d ? g.stride() : 1;
    total = workItems;
  }

  /**
   * Offset from the data of channel {@code c0} to that of channel {@code c0 + lane}, channels {@code step} apart:
   * a block's lanes past the last channel ({@code count − 1}) read the last channel again (they are not stored).
   */
  protected int laneOffset(int c0, int lane, int count, int step) {
    return (min(c0 + lane, count - 1) - c0) * step;
  }

  /**
   * Stores four lanes {@code step} apart from {@code result[at]}: lane j only where {@code first + j < count}, so the
   * lanes of a block past the last channel or column are dropped ({@code first}: the block's first index).
   * A 4 × 4 tile is stored with four calls in the kernel itself: a helper taking all 16 values is not inlined
   * by PoCL and cost the forward and grad-input passes 2-5% (measured).
   */
  protected void store4(int at, int step, int first, int count, float v0, float v1, float v2, float v3) {
    result[at] = v0;
    if (first + 1 < count) {
      result[at + step] = v1;
    }
    if (first + 2 < count) {
      result[at + 2 * step] = v2;
    }
    if (first + 3 < count) {
      result[at + 3 * step] = v3;
    }
  }

  /** Work-items needed by the bound launch. */
  public int workItems() {
    return total;
  }
}
