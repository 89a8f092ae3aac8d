package org.gconv4j.backend.opencl;

import java.util.Random;
import org.gconv4j.backend.ConvGeometry;

/** Plain double-precision references for the backend passes, written from the definitions (scatter form). */
final class Reference {
  private Reference() {}

  static float[] random(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return a;
  }

  static double[] abs(float[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = Math.abs(a[i]);
    }
    return out;
  }

  static double[] toDouble(float[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  /** Geometry as 3D: {d, h, w} sizes, depth 1 and filter depth 1 in 2D. */
  record Dims(int inD, int inH, int inW, int outD, int outH, int outW, int kd, int padD, int strideD) {
    static Dims of(ConvGeometry g) {
      boolean three = g.dims() == 3;
      return new Dims(three ? g.inSize(0) : 1, g.inSize(g.dims() - 2), g.inSize(g.dims() - 1), three ? g.outSize(0) : 1,
          g.outSize(g.dims() - 2), g.outSize(g.dims() - 1), three ? g.kernelSize() : 1, three ? g.padding() : 0,
          three ? g.stride() : 1);
    }
  }

  /** Calls {@code tap(xIndex, wIndex, yIndex)} for every multiply-accumulate of the correlation. */
  interface Tap {
    void at(int xi, int wi, int yi);
  }

  static void forEachTap(ConvGeometry g, Tap tap) {
    Dims d = Dims.of(g);
    int k = g.kernelSize();
    int p = g.padding();
    int s = g.stride();
    for (int n = 0; n < g.batch(); n++) {
      for (int co = 0; co < g.outChannels(); co++) {
        for (int od = 0; od < d.outD(); od++) {
          for (int oh = 0; oh < d.outH(); oh++) {
            for (int ow = 0; ow < d.outW(); ow++) {
              int yi = (((n * g.outChannels() + co) * d.outD() + od) * d.outH() + oh) * d.outW() + ow;
              for (int ci = 0; ci < g.inChannels(); ci++) {
                for (int a = 0; a < d.kd(); a++) {
                  int id = od * d.strideD() - d.padD() + a;
                  for (int b = 0; b < k; b++) {
                    int ih = oh * s - p + b;
                    for (int c = 0; c < k; c++) {
                      int iw = ow * s - p + c;
                      if (id >= 0 && id < d.inD() && ih >= 0 && ih < d.inH() && iw >= 0 && iw < d.inW()) {
                        int xi = (((n * g.inChannels() + ci) * d.inD() + id) * d.inH() + ih) * d.inW() + iw;
                        int wi = (((co * g.inChannels() + ci) * d.kd() + a) * k + b) * k + c;
                        tap.at(xi, wi, yi);
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
  }

  static double[] correlate(ConvGeometry g, double[] x, double[] w) {
    double[] y = new double[g.outputLength()];
    forEachTap(g, (xi, wi, yi) -> y[yi] += x[xi] * w[wi]);
    return y;
  }

  static double[] backwardInput(ConvGeometry g, double[] gy, double[] w) {
    double[] gx = new double[g.inputLength()];
    forEachTap(g, (xi, wi, yi) -> gx[xi] += gy[yi] * w[wi]);
    return gx;
  }

  static double[] backwardWeights(ConvGeometry g, double[] x, double[] gy) {
    double[] gw = new double[g.weightLength()];
    forEachTap(g, (xi, wi, yi) -> gw[wi] += gy[yi] * x[xi]);
    return gw;
  }

  /** F+[o, s', i, j] = F[o, i, table[s', j]] (0 where −1), block = S_in·cells. */
  static double[] transform(double[] f, int outC, int inC, int[] table, int order, int block) {
    double[] out = new double[outC * order * inC * block];
    for (int o = 0; o < outC; o++) {
      for (int s = 0; s < order; s++) {
        for (int i = 0; i < inC; i++) {
          for (int j = 0; j < block; j++) {
            int src = table[s * block + j];
            out[((o * order + s) * inC + i) * block + j] = src < 0 ? 0 : f[(o * inC + i) * block + src];
          }
        }
      }
    }
    return out;
  }

  /** Scatter form of the transform's gradient. */
  static double[] transformBackward(double[] gPlus, int outC, int inC, int[] table, int order, int block) {
    double[] out = new double[outC * inC * block];
    for (int o = 0; o < outC; o++) {
      for (int s = 0; s < order; s++) {
        for (int i = 0; i < inC; i++) {
          for (int j = 0; j < block; j++) {
            int src = table[s * block + j];
            if (src >= 0) {
              out[(o * inC + i) * block + src] += gPlus[((o * order + s) * inC + i) * block + j];
            }
          }
        }
      }
    }
    return out;
  }
}
