package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;
import org.gconv4j.backend.ConvGeometry;

/**
 * Geometry shared by the planar-correlation kernels, 2D and 3D alike: a 2D correlation is a 3D one with depth 1,
 * a depth-1 filter, no depth padding and depth stride 1. Subclasses implement one pass each in {@code run()}.
 *
 * <p>The fields are plain ints so that Aparapi passes them as kernel arguments. A generated per-spec subclass
 * may override {@code run()} with a copy of the body in which the hot sizes ({@code k}, {@code kd}) are
 * {@code static final} constants: Aparapi translates inherited fields and javac folds the constants.
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

  /**
   * Stores a tile of 4 channels ({@code plane} apart, from channel {@code c0} of {@code channels}) × 4 adjacent
   * columns (from column {@code col0} of {@code cols}) from {@code result[at]}; {@code a<channel><column>}. Lanes
   * outside the tensor are dropped.
   */
  protected void store4x4(int at, int plane, int c0, int channels, int col0, int cols,
      float a00, float a01, float a02, float a03, float a10, float a11, float a12, float a13,
      float a20, float a21, float a22, float a23, float a30, float a31, float a32, float a33) {
    store4(at, 1, col0, cols, a00, a01, a02, a03);
    if (c0 + 1 < channels) {
      store4(at + plane, 1, col0, cols, a10, a11, a12, a13);
    }
    if (c0 + 2 < channels) {
      store4(at + 2 * plane, 1, col0, cols, a20, a21, a22, a23);
    }
    if (c0 + 3 < channels) {
      store4(at + 3 * plane, 1, col0, cols, a30, a31, a32, a33);
    }
  }

  /** Work-items needed by the bound launch. */
  public int workItems() {
    return total;
  }
}
