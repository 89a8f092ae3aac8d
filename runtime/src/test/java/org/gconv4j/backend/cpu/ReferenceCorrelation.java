package org.gconv4j.backend.cpu;

import org.gconv4j.backend.ConvGeometry;

/** Straightforward double-precision correlation and its gradients: the oracle for backends. */
final class ReferenceCorrelation {
  private ReferenceCorrelation() {}

  private static int[] in3(ConvGeometry g) {
    int[] s = g.inSize();
    return s.length == 3 ? s : new int[] {1, s[0], s[1]};
  }

  private static int[] out3(ConvGeometry g) {
    int[] s = g.outSize();
    return s.length == 3 ? s : new int[] {1, s[0], s[1]};
  }

  private static int kd(ConvGeometry g) {
    return g.dims() == 3 ? g.kernelSize() : 1;
  }

  private static int pd(ConvGeometry g) {
    return g.dims() == 3 ? g.padding() : 0;
  }

  private static int sd(ConvGeometry g) {
    return g.dims() == 3 ? g.stride() : 1;
  }

  /** Calls visitor(xIndex, wIndex, yIndex) for every multiply-accumulate of the forward pass. */
  interface Mac {
    void accept(int xi, int wi, int yi);
  }

  static void forEachMac(ConvGeometry g, Mac mac) {
    int[] in = in3(g);
    int[] out = out3(g);
    int k = g.kernelSize();
    int kdz = kd(g);
    int p = g.padding();
    int s = g.stride();
    int taps = g.kernelCells();
    for (int n = 0; n < g.batch(); n++) {
      for (int o = 0; o < g.outChannels(); o++) {
        for (int z = 0; z < out[0]; z++) {
          for (int r = 0; r < out[1]; r++) {
            for (int c = 0; c < out[2]; c++) {
              int yi = (((n * g.outChannels() + o) * out[0] + z) * out[1] + r) * out[2] + c;
              for (int i = 0; i < g.inChannels(); i++) {
                for (int a = 0; a < kdz; a++) {
                  int iz = z * sd(g) + a - pd(g);
                  if (iz < 0 || iz >= in[0]) {
                    continue;
                  }
                  for (int b = 0; b < k; b++) {
                    int ir = r * s + b - p;
                    if (ir < 0 || ir >= in[1]) {
                      continue;
                    }
                    for (int e = 0; e < k; e++) {
                      int ic = c * s + e - p;
                      if (ic < 0 || ic >= in[2]) {
                        continue;
                      }
                      int xi = (((n * g.inChannels() + i) * in[0] + iz) * in[1] + ir) * in[2] + ic;
                      int wi = (o * g.inChannels() + i) * taps + (a * k + b) * k + e;
                      mac.accept(xi, wi, yi);
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  static double[] forward(ConvGeometry g, float[] x, float[] w) {
    double[] y = new double[g.outputLength()];
    forEachMac(g, (xi, wi, yi) -> y[yi] += (double) x[xi] * w[wi]);
    return y;
  }

  static double[] backwardInput(ConvGeometry g, float[] gy, float[] w) {
    double[] gx = new double[g.inputLength()];
    forEachMac(g, (xi, wi, yi) -> gx[xi] += (double) gy[yi] * w[wi]);
    return gx;
  }

  static double[] backwardWeights(ConvGeometry g, float[] x, float[] gy) {
    double[] gw = new double[g.weightLength()];
    forEachMac(g, (xi, wi, yi) -> gw[wi] += (double) gy[yi] * x[xi]);
    return gw;
  }
}
