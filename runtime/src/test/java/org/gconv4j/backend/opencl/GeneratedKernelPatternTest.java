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

    @Override
    public void run() {
      int gid = getGlobalId(0);
      if (gid < total) {
        int ow = gid % outW;
        int t = gid / outW;
        int oh = t % outH;
        t = t / outH;
        int co = t % outC;
        int n = t / outC;
        int h0 = oh * stride - pad;
        int w0 = ow * stride - pad;
        int bLo = max(0, -h0);
        int bHi = min(K, inH - h0);
        int cLo = max(0, -w0);
        int cHi = min(K, inW - w0);
        float acc = 0f;
        for (int ci = 0; ci < inC; ci++) {
          for (int b = bLo; b < bHi; b++) {
            int xRow = ((n * inC + ci) * inH + h0 + b) * inW + w0;
            int wRow = ((co * inC + ci) * K + b) * K;
            for (int c = cLo; c < cHi; c++) {
              acc += x[xRow + c] * w[wRow + c];
            }
          }
        }
        y[gid] = acc;
      }
    }
  }

  @Test
  void constantSubclassRunsAsOpenClAndAgrees() {
    ConvGeometry g = ConvGeometry.of2d(2, 3, 4, 8, 8, 3, 1, 1);
    Random rnd = new Random(3);
    float[] x = Reference.random(rnd, g.inputLength());
    float[] w = Reference.random(rnd, g.weightLength());
    float[] generic = new float[g.outputLength()];
    backend.correlate(g, x, w, generic);
    float[] fixed = new float[g.outputLength()];
    KernelLauncher launcher = backend.launcher();
    Forward3x3Kernel k = launcher.prepare(new Forward3x3Kernel());
    k.bind(g, x, w, fixed);
    launcher.launch(k, k.workItems(), new Object[] {x, w}, new float[][] {fixed});
    assertFalse(launcher.runsInJava(Forward3x3Kernel.class));
    assertArrayEquals(generic, fixed);
  }
}
