package org.gconv4j.nn;

import java.util.List;
import java.util.Random;
import org.gconv4j.annotations.Lattice;
import org.gconv4j.group.Group;
import org.gconv4j.tensor.Tensor;

/**
 * Test-only direct G-correlation (paper eq. 10 and 11) for 2D groups, valid, stride 1, no bias;
 * weights [C_out, C_in, S_in, n, n]; filter cells at doubled centred coordinates 2c − (n − 1)
 * (CONVENTIONS §3, so even n works too):
 * lifting out[o, s', x] = Σ_{i,u} f[i, x + H_{s'}u] ψ[o, i, u];
 * group   out[o, s', x] = Σ_{i,t̃,u} f[i, s'·t̃, x + H_{s'}u] ψ[o, i, t̃, u].
 * Lets the model builder be tested end to end before the real GroupConv is merged. The forward pass is
 * {@link ReferenceGCorrelation} (from the matrices alone); the backward pass is written here, from the matrices and
 * the group's multiplication, so gradient checks of this layer also check the two against each other.
 */
final class ReferenceGroupConv implements ShapedLayer {
  private final ConvSpec spec;
  private final Parameter weight;
  private Tensor input;

  ReferenceGroupConv(ConvSpec spec) {
    if (spec.group().dimension() != 2 || spec.group().lattice() == Lattice.HEXAGONAL || spec.padding() != 0
        || spec.stride() != 1) {
      throw new IllegalArgumentException("reference conv: 2D square lattice, padding 0, stride 1 only");
    }
    this.spec = spec;
    int sIn = spec.lifting() ? 1 : spec.group().order();
    int n = spec.kernelSize();
    Tensor w = Tensor.zeros(spec.outChannels(), spec.inChannels(), sIn, n, n);
    Random rng = spec.rng();
    double std = Math.sqrt(2.0 / (spec.inChannels() * sIn * n * n));
    for (int i = 0; i < w.size(); i++) {
      w.data()[i] = (float) (rng.nextGaussian() * std);
    }
    this.weight = new Parameter("weight", w);
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    input = x;
    Tensor w = weight.value();
    double[] y = ReferenceGCorrelation.apply(spec.group(), w.data(), w.shape(), x.data(), x.shape(), null);
    float[] out = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = (float) y[i];
    }
    return Tensor.of(out, outShape(x.shape(0)));
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    float[] gx = new float[input.size()];
    accumulateGradients(input.data(), gradOutput.data(), gx, input.shape(0));
    return Tensor.of(gx, input.shape());
  }

  /** Accumulates the input gradient into gx and the weight gradient into the weight's grad. */
  private void accumulateGradients(float[] x, float[] grad, float[] gx, int batch) {
    Group g = spec.group();
    int order = g.order();
    int sIn = spec.lifting() ? 1 : order;
    int cin = spec.inChannels();
    int cout = spec.outChannels();
    int n = spec.kernelSize();
    int size = input.shape(-1);
    int out = size - n + 1;
    float[] w = weight.value().data();
    float[] gw = weight.grad().data();
    for (int b = 0; b < batch; b++) {
      for (int o = 0; o < cout; o++) {
        for (int s = 0; s < order; s++) {
          int[][] h = g.matrix(s);
          for (int r = 0; r < out; r++) {
            for (int c = 0; c < out; c++) {
              int yi = (((b * cout + o) * order + s) * out + r) * out + c;
              for (int i = 0; i < cin; i++) {
                for (int tt = 0; tt < sIn; tt++) {
                  int t = spec.lifting() ? 0 : g.multiply(s, tt);
                  for (int cr = 0; cr < n; cr++) {
                    for (int cc = 0; cc < n; cc++) {
                      int ur = 2 * cr - (n - 1);
                      int uc = 2 * cc - (n - 1);
                      int pr = r + (h[0][0] * ur + h[0][1] * uc + n - 1) / 2;
                      int pc = c + (h[1][0] * ur + h[1][1] * uc + n - 1) / 2;
                      int xi = (((b * cin + i) * sIn + t) * size + pr) * size + pc;
                      int wi = (((o * cin + i) * sIn + tt) * n + cr) * n + cc;
                      gx[xi] += grad[yi] * w[wi];
                      gw[wi] += grad[yi] * x[xi];
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

  private int[] outShape(int batch) {
    int[] sample = spec.outputShape(Shapes.withoutBatch(input.shape()));
    return Shapes.withBatch(batch, sample);
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight);
  }

  @Override
  public int[] outputShape(int[] sampleShape) {
    return spec.outputShape(sampleShape);
  }

  @Override
  public String describe() {
    return "RefGroupConv " + spec.group().name() + " " + spec.inChannels() + "->" + spec.outChannels() + " "
        + spec.kernelSize() + "x" + spec.kernelSize() + (spec.lifting() ? " lifting" : "");
  }
}
