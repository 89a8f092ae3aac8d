package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The vectorised layers against plain scalar references on sizes that exercise full vector runs,
 * a partial run and a scalar tail (per-channel blocks and planes that are not multiples of 16, and
 * longer than one 256-element float run). Pooling and ReLU must match exactly, ties and NaN
 * included; BatchNorm matches a double-precision reference to float rounding.
 */
class VectorPathReferenceTest {

  @Test
  void batchNormMatchesDoubleReferenceInTrainingAndInference() {
    int n = 3;
    int c = 2;
    int inner = 4 * 9 * 9 + 7; // 331: 20 vectors of 16 + 11 tail, one full and one partial run
    float[] data = new float[n * c * inner];
    Random rng = new Random(3);
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (rng.nextGaussian() * 2 + 5); // a mean well away from 0
    }
    Tensor x = Tensor.of(data, n, c, inner);
    float[] g = GradCheck.gaussian(4, n, c, inner).data();
    BatchNorm bn = new BatchNorm(c);
    bn.weight().value().data()[0] = 1.5f;
    bn.weight().value().data()[1] = -0.5f;
    bn.bias().value().data()[0] = 0.25f;
    bn.bias().value().data()[1] = -1f;

    for (boolean training : new boolean[] {true, false}) {
      float[] rm = bn.runningMean().data().clone();
      float[] rv = bn.runningVar().data().clone();
      java.util.Arrays.fill(bn.weight().grad().data(), 0f);
      java.util.Arrays.fill(bn.bias().grad().data(), 0f);
      float[] y = bn.forward(x, training).data();
      float[] gx = bn.backward(Tensor.of(g.clone(), n, c, inner)).data();
      for (int ch = 0; ch < c; ch++) {
        double count = (double) n * inner;
        double mean;
        double var;
        if (training) {
          double s = 0;
          for (int b = 0; b < n; b++) {
            for (int k = 0; k < inner; k++) {
              s += data[(b * c + ch) * inner + k];
            }
          }
          mean = s / count;
          double sq = 0;
          for (int b = 0; b < n; b++) {
            for (int k = 0; k < inner; k++) {
              double d = data[(b * c + ch) * inner + k] - mean;
              sq += d * d;
            }
          }
          var = sq / count;
          assertEquals(0.9 * rm[ch] + 0.1 * mean, bn.runningMean().data()[ch], 1e-5, "running mean");
          assertEquals(0.9 * rv[ch] + 0.1 * sq / (count - 1), bn.runningVar().data()[ch], 1e-5, "running var");
        } else {
          mean = rm[ch];
          var = rv[ch];
        }
        double inv = 1 / Math.sqrt(var + BatchNorm.DEFAULT_EPS);
        double gamma = bn.weight().value().data()[ch];
        double beta = bn.bias().value().data()[ch];
        double sumG = 0;
        double sumGH = 0;
        for (int b = 0; b < n; b++) {
          for (int k = 0; k < inner; k++) {
            int i = (b * c + ch) * inner + k;
            double h = (data[i] - mean) * inv;
            assertEquals(gamma * h + beta, y[i], 2e-5 * (1 + Math.abs(gamma * h + beta)), "forward at " + i);
            sumG += g[i];
            sumGH += g[i] * h;
          }
        }
        assertEquals(sumG, bn.bias().grad().data()[ch], 1e-3, "dβ");
        assertEquals(sumGH, bn.weight().grad().data()[ch], 1e-3, "dγ");
        for (int b = 0; b < n; b++) {
          for (int k = 0; k < inner; k++) {
            int i = (b * c + ch) * inner + k;
            double h = (data[i] - mean) * inv;
            double expected = training
                ? gamma * inv * (g[i] - sumG / count - h * sumGH / count)
                : gamma * inv * g[i];
            assertEquals(expected, gx[i], 2e-5 * (1 + Math.abs(expected)), "backward at " + i);
          }
        }
      }
    }
  }

  @Test
  void reluMatchesDefinitionWithNaNAndSignedZero() {
    int length = 16 * 5 + 9;
    float[] x = GradCheck.gaussian(5, length).data();
    x[3] = Float.NaN;
    x[4] = -0f;
    x[length - 2] = Float.NaN;
    x[length - 1] = -0f;
    float[] g = GradCheck.gaussian(6, length).data();
    ReLU relu = new ReLU();
    float[] y = relu.forward(Tensor.of(x, length), true).data();
    float[] gx = relu.backward(Tensor.of(g, length)).data();
    for (int i = 0; i < length; i++) {
      assertEquals(Float.floatToRawIntBits(x[i] > 0f ? x[i] : 0f), Float.floatToRawIntBits(y[i]), "forward at " + i);
      assertEquals(Float.floatToRawIntBits(x[i] > 0f ? g[i] : 0f), Float.floatToRawIntBits(gx[i]), "backward at " + i);
    }
  }

  @Test
  void spatialMaxPoolMatchesScalarScanWithTiesAndNaN() {
    int[][] cases = {{2, 2, 2}, {3, 2, 2}, {2, 1, 2}, {2, 2, 3}};
    for (int[] k : cases) {
      int window = k[0];
      int stride = k[1];
      int dims = k[2];
      int[] shape = dims == 2 ? new int[] {2, 3, 13, 11} : new int[] {1, 2, 7, 9, 11};
      Tensor x = tiedValues(7, shape);
      SpatialMaxPool pool = new SpatialMaxPool(window, stride, dims);
      Tensor y = pool.forward(x, true);
      float[] g = GradCheck.gaussian(8, y.shape()).data();
      float[] gx = pool.backward(Tensor.of(g, y.shape())).data();
      float[][] expected = referencePool(x, window, stride, dims, g);
      String what = "window " + window + " stride " + stride + " dims " + dims;
      assertArrayEquals(expected[0], y.data(), what + " forward");
      assertArrayEquals(expected[1], gx, what + " backward");
    }
  }

  @Test
  void cosetMaxPoolMatchesScalarScanWithTiesAndNaN() {
    int[] shape = {2, 3, 4, 7, 9}; // 63 per plane: 3 vectors and a tail of 15
    Tensor x = tiedValues(9, shape);
    CosetMaxPool pool = new CosetMaxPool();
    Tensor y = pool.forward(x, true);
    float[] g = GradCheck.gaussian(10, y.shape()).data();
    float[] gx = pool.backward(Tensor.of(g, y.shape())).data();
    float[] v = x.data();
    int inner = 7 * 9;
    float[] ey = new float[y.data().length];
    float[] egx = new float[v.length];
    for (int b = 0; b < 2 * 3; b++) {
      for (int k = 0; k < inner; k++) {
        int best = b * 4 * inner + k;
        for (int t = 1; t < 4; t++) {
          int at = (b * 4 + t) * inner + k;
          if (v[at] > v[best]) {
            best = at;
          }
        }
        ey[b * inner + k] = v[best];
        egx[best] += g[b * inner + k];
      }
    }
    assertArrayEquals(ey, y.data(), "forward");
    assertArrayEquals(egx, gx, "backward");
  }

  /** Values from {0, 1, 2, 3} (many ties) with some NaN. */
  private static Tensor tiedValues(long seed, int... shape) {
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    Random rng = new Random(seed);
    for (int i = 0; i < d.length; i++) {
      d[i] = rng.nextInt(23) == 0 ? Float.NaN : rng.nextInt(4);
    }
    return t;
  }

  /** Row-major scan, first maximum wins, NaN never replaces; gradient accumulated in output order. */
  private static float[][] referencePool(Tensor x, int window, int stride, int dims, float[] g) {
    int[] s = x.shape();
    int r = s.length;
    int depth = dims == 3 ? s[r - 3] : 1;
    int height = s[r - 2];
    int width = s[r - 1];
    int wd = dims == 3 ? window : 1;
    int sd = dims == 3 ? stride : 1;
    int od = dims == 3 ? (depth - window) / stride + 1 : 1;
    int oh = (height - window) / stride + 1;
    int ow = (width - window) / stride + 1;
    int planes = x.data().length / (depth * height * width);
    float[] v = x.data();
    float[] y = new float[planes * od * oh * ow];
    float[] gx = new float[v.length];
    int o = 0;
    for (int p = 0; p < planes; p++) {
      for (int zd = 0; zd < od; zd++) {
        for (int zh = 0; zh < oh; zh++) {
          for (int zw = 0; zw < ow; zw++) {
            int best = -1;
            for (int kd = 0; kd < wd; kd++) {
              for (int kh = 0; kh < window; kh++) {
                for (int kw = 0; kw < window; kw++) {
                  int i = ((p * depth + zd * sd + kd) * height + zh * stride + kh) * width + zw * stride + kw;
                  if (best < 0 || v[i] > v[best]) {
                    best = i;
                  }
                }
              }
            }
            y[o] = v[best];
            gx[best] += g[o];
            o++;
          }
        }
      }
    }
    return new float[][] {y, gx};
  }
}
