package org.gconv4j.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gconv4j.data.Dataset;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.Parameter;
import org.gconv4j.tensor.Tensor;

/** Test-only pieces: a linear classifier, softmax cross-entropy, plain SGD, a synthetic dataset. */
final class TinyModel {
  private TinyModel() {}

  /** logits = x·Wᵀ + b over flattened images. */
  static final class Linear implements Layer {
    final Parameter weight;
    final Parameter bias;
    final int in;
    final int out;
    Tensor input;

    Linear(int in, int out, long seed) {
      this.in = in;
      this.out = out;
      Random r = new Random(seed);
      float[] w = new float[out * in];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (r.nextGaussian() * 0.1);
      }
      weight = new Parameter("weight", Tensor.of(w, out, in));
      bias = new Parameter("bias", Tensor.zeros(out));
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
      input = x;
      int n = x.shape(0);
      float[] y = new float[n * out];
      for (int s = 0; s < n; s++) {
        for (int k = 0; k < out; k++) {
          double acc = bias.value().data()[k];
          for (int i = 0; i < in; i++) {
            acc += weight.value().data()[k * in + i] * x.data()[s * in + i];
          }
          y[s * out + k] = (float) acc;
        }
      }
      return Tensor.of(y, n, out);
    }

    @Override
    public Tensor backward(Tensor g) {
      int n = g.shape(0);
      float[] gx = new float[n * in];
      for (int s = 0; s < n; s++) {
        for (int k = 0; k < out; k++) {
          float gk = g.data()[s * out + k];
          bias.grad().data()[k] += gk;
          for (int i = 0; i < in; i++) {
            weight.grad().data()[k * in + i] += gk * input.data()[s * in + i];
            gx[s * in + i] += gk * weight.value().data()[k * in + i];
          }
        }
      }
      return Tensor.of(gx, input.shape());
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(weight, bias);
    }

    ModelState state() {
      return () -> {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("layer00.dense.weight", weight.value());
        m.put("layer00.dense.bias", bias.value());
        return m;
      };
    }
  }

  static LossValue softmaxCrossEntropy(Tensor logits, int[] labels) {
    int n = logits.shape(0);
    int k = logits.shape(1);
    float[] z = logits.data();
    float[] g = new float[z.length];
    double total = 0;
    for (int s = 0; s < n; s++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, z[s * k + j]);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.exp(z[s * k + j] - max);
      }
      for (int j = 0; j < k; j++) {
        double p = Math.exp(z[s * k + j] - max) / sum;
        g[s * k + j] = (float) ((p - (j == labels[s] ? 1 : 0)) / n);
      }
      total += Math.log(sum) + max - z[s * k + labels[s]];
    }
    return new LossValue(total / n, Tensor.of(g, logits.shape()));
  }

  static ParameterUpdater sgd(List<Parameter> params, double lr) {
    return new ParameterUpdater() {
      @Override
      public void zeroGrad() {
        params.forEach(Parameter::zeroGrad);
      }

      @Override
      public void step() {
        for (Parameter p : params) {
          float[] v = p.value().data();
          float[] g = p.grad().data();
          for (int i = 0; i < v.length; i++) {
            v[i] -= (float) (lr * g[i]);
          }
        }
      }
    };
  }

  /** Three classes of 2×2 images: class c has a bright pixel c (plus noise). */
  static Dataset blobs(String name, int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * 4];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(3);
      for (int p = 0; p < 4; p++) {
        x[i * 4 + p] = (float) (0.5 * r.nextGaussian() + (p == y[i] ? 1.5 : 0));
      }
    }
    return new Dataset(name, x, y, 1, 2, 2, 3);
  }
}
