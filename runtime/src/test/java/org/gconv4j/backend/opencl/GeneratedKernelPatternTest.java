package org.gconv4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.opencl.kernels.CorrelateForwardKernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pattern a per-spec generated kernel follows: a subclass of a runtime kernel that overrides run() with the
 * hot sizes as static final constants. It must translate, run as OpenCL and agree with the generic kernel.
 */
class GeneratedKernelPatternTest {
  private OpenClBackend backend;

  @BeforeEach
  void setUp() {
    backend = OpenClTestSupport.backend();
  }

  /** What the processor would emit for a 3x3 2D layer. */
  public static final class Forward3x3Kernel extends CorrelateForwardKernel {
    static final int K = 3;
    /** Output channels per work-item. */
    static final int LANES = 4;

    /** One output column per work-item: dimension 0 is the output plane. */
    @Override
    public int width() {
      return plane;
    }

    /** (sample, block of LANES output channels) pairs. */
    @Override
    public int height() {
      return batch * ((outC + LANES - 1) / LANES);
    }

    @Override
    public void run() {
      int p = getGlobalId(0);
      int nb = getGlobalId(1);
      if (p < plane) {
        int ow = p % outW;
        int oh = p / outW;
        int blocks = (outC + LANES - 1) / LANES;
        int n = nb / blocks;
        int co0 = (nb % blocks) * LANES;
        int wStep = inC * K * K;
        int w1 = (min(co0 + 1, outC - 1) - co0) * wStep;
        int w2 = (min(co0 + 2, outC - 1) - co0) * wStep;
        int w3 = (min(co0 + 3, outC - 1) - co0) * wStep;
        int h0 = oh * stride - pad;
        int w0 = ow * stride - pad;
        int bLo = max(0, -h0);
        int bHi = min(K, inH - h0);
        int cLo = max(0, -w0);
        int cHi = min(K, inW - w0);
        float acc0 = 0f;
        float acc1 = 0f;
        float acc2 = 0f;
        float acc3 = 0f;
        for (int ci = 0; ci < inC; ci++) {
          for (int b = bLo; b < bHi; b++) {
            int xRow = ((n * inC + ci) * inH + h0 + b) * inW + w0;
            int wRow = ((co0 * inC + ci) * K + b) * K;
            for (int c = cLo; c < cHi; c++) {
              float xv = src[xRow + c];
              acc0 += xv * w[wRow + c];
              acc1 += xv * w[wRow + w1 + c];
              acc2 += xv * w[wRow + w2 + c];
              acc3 += xv * w[wRow + w3 + c];
            }
          }
        }
        int yAt = (n * outC + co0) * plane + p;
        result[yAt] = acc0;
        if (co0 + 1 < outC) {
          result[yAt + plane] = acc1;
        }
        if (co0 + 2 < outC) {
          result[yAt + 2 * plane] = acc2;
        }
        if (co0 + 3 < outC) {
          result[yAt + 3 * plane] = acc3;
        }
      }
    }
  }

  @Test
  void constantSubclassRunsAsOpenClAndAgrees() {
    ConvGeometry g = ConvGeometry.of2d(2, 3, 6, 8, 8, 3, 1, 1);
    Random rnd = new Random(3);
    float[] x = Reference.random(rnd, g.inputLength());
    float[] w = Reference.random(rnd, g.weightLength());
    float[] generic = new float[g.outputLength()];
    backend.correlate(g, x, w, generic);
    float[] fixed = new float[g.outputLength()];
    KernelLauncher launcher = backend.launcher();
    Forward3x3Kernel k = launcher.prepare(new Forward3x3Kernel());
    k.bind(g, x, w, fixed);
    launcher.launch(k, k.width(), k.height(), new Object[] {x, w}, new float[][] {fixed});
    assertFalse(launcher.runsInJava(Forward3x3Kernel.class));
    assertArrayEquals(generic, fixed);
  }
}
