package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;

/**
 * Zero padding as a copy: out [P, D + 2·padD, H + 2·pad, W + 2·pad] from in [P, D, H, W] (P: samples × channels),
 * one work-item per entry written (a negative padding crops). The register-tiled correlation then reads the padded
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
    this.total = planes * outD * outH * outW;
  }

  /** Floats of the padded tensor for {@code planes} planes. */
  public static int paddedLength(int planes, int inD, int inH, int inW, int padD, int pad) {
    return planes * (inD + 2 * padD) * (inH + 2 * pad) * (inW + 2 * pad);
  }

  /** Work-items needed by the bound launch. */
  public int workItems() {
    return total;
  }

  @Override
  public void run() {
    int gid = getGlobalId(0);
    if (gid < total) {
      int w = gid % outW - pad;
      int t = gid / outW;
      int h = t % outH - pad;
      t = t / outH;
      int d = t % outD - padD;
      int p = t / outD;
      out[gid] = (w >= 0 && w < inW && h >= 0 && h < inH && d >= 0 && d < inD) ? in[((p * inD + d) * inH + h) * inW + w] : 0f;
    }
  }
}
