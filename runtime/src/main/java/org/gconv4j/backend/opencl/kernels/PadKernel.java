package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;

/**
 * Zero padding as a copy: out [P, D + 2·padD, H + 2·pad, W + 2·pad] from in [P, D, H, W] (P: samples × channels),
 * one work-item per padded row (a negative padding crops). A row per work-item rather than an entry: PoCL pays a
 * fixed cost per work-group, and one entry per work-item made this copy cost more than the correlation it feeds. The register-tiled correlation then reads the padded
 * tensor without masks: every tile takes its unmasked, vectorised path ({@link TiledCorrelationKernel}).
 */
public class PadKernel extends Kernel {
  protected float[] in = new float[1];
  protected float[] out = new float[1];
  protected int inD;
  protected int inH;
  protected int inW;
  protected int outD;
  protected int outH;
  protected int outW;
  protected int pad;
  protected int padD;
  protected int total;

  /** Sets the arrays and sizes of the next launch. */
  public void bind(float[] in, int planes, int inD, int inH, int inW, int padD, int pad, float[] out) {
    this.in = in;
    this.out = out;
    this.inD = inD;
    this.inH = inH;
    this.inW = inW;
    this.padD = padD;
    this.pad = pad;
    this.outD = inD + 2 * padD;
    this.outH = inH + 2 * pad;
    this.outW = inW + 2 * pad;
    this.total = planes * outD * outH;
  }

  /** Floats of the padded tensor for {@code planes} planes. */
  public static int paddedLength(int planes, int inD, int inH, int inW, int padD, int pad) {
    return planes * (inD + 2 * padD) * (inH + 2 * pad) * (inW + 2 * pad);
  }

  /** Work-items needed by the bound launch: one per padded row. */
  public int workItems() {
    return total;
  }

  @Override
  public void run() {
    int gid = getGlobalId(0);
    if (gid < total) {
      int h = gid % outH - pad;
      int t = gid / outH;
      int d = t % outD - padD;
      int p = t / outD;
      int rowOk = (h >= 0 && h < inH && d >= 0 && d < inD) ? 1 : 0;
      int from = rowOk == 1 ? ((p * inD + d) * inH + h) * inW - pad : 0;
      int to = gid * outW;
      for (int x = 0; x < outW; x++) {
        int w = x - pad;
        out[to + x] = (rowOk == 1 && w >= 0 && w < inW) ? in[from + x] : 0f;
      }
    }
  }
}
