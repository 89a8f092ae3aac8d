package org.gconv4j.backend;


/**
 * The test oracle for every backend's planar correlation passes: plain double-precision loops written from the
 * definitions (scatter form), 2D as 3D with depth 1. Shared by the CPU and OpenCL backend tests (and, through
 * runtime's test-jar, by samples' tests).
 */
public final class ReferenceCorrelation {
  private ReferenceCorrelation() {}

  /** A float array as doubles. */
  public static double[] toDouble(float[] a) {
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

  /** Receives one multiply-accumulate of the correlation: indices into x, w and y. */
  public interface Tap {
    void at(int xi, int wi, int yi);
  }

  /** Calls {@code tap(xIndex, wIndex, yIndex)} for every multiply-accumulate of the correlation, in a fixed order. */
  public static void forEachTap(ConvGeometry g, Tap tap) {
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

  /** y = x ⋆ w. */
  public static double[] correlate(ConvGeometry g, double[] x, double[] w) {
    double[] y = new double[g.outputLength()];
    forEachTap(g, (xi, wi, yi) -> y[yi] += x[xi] * w[wi]);
    return y;
  }

  /** gradX from gradY and w. */
  public static double[] backwardInput(ConvGeometry g, double[] gy, double[] w) {
    double[] gx = new double[g.inputLength()];
    forEachTap(g, (xi, wi, yi) -> gx[xi] += gy[yi] * w[wi]);
    return gx;
  }

  /** gradW from x and gradY. */
  public static double[] backwardWeights(ConvGeometry g, double[] x, double[] gy) {
    double[] gw = new double[g.weightLength()];
    forEachTap(g, (xi, wi, yi) -> gw[wi] += gy[yi] * x[xi]);
    return gw;
  }
}
