package org.gconv4j.cli;

import java.util.List;
import org.gconv4j.group.FilterTables;
import org.gconv4j.nn.ConvSpec;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.Parameter;
import org.gconv4j.tensor.Tensor;

/**
 * Test-only G-correlation (2D, valid, stride 1) straight from CONVENTIONS §4: expand the filter
 * bank with the group's tables, then a planar correlation. Slow and simple; lets the command-line
 * tests run the paper models without a production backend.
 */
final class NaiveGroupConv implements Layer {
  private final int cin;
  private final int cout;
  private final int sIn;
  private final int s;
  private final int n;
  private final int cells;
  private final boolean lifting;
  private final int[] table; // [S, S_in, cells] -> source in [0, S_in·cells) or -1
  private final Parameter weight;
  private final Parameter bias;
  private Tensor input;
  private float[] bank;

  NaiveGroupConv(ConvSpec spec) {
    if (spec.padding() != 0 || spec.stride() != 1 || spec.group().dimension() != 2) {
      throw new IllegalArgumentException("NaiveGroupConv: 2D, padding 0, stride 1 only");
    }
    FilterTables t = spec.group().tables(spec.kernelSize());
    this.cin = spec.inChannels();
    this.cout = spec.outChannels();
    this.s = spec.group().order();
    this.sIn = spec.lifting() ? 1 : s;
    this.n = spec.kernelSize();
    this.cells = n * n;
    this.lifting = spec.lifting();
    this.table = new int[s * sIn * cells];
    for (int sp = 0; sp < s; sp++) {
      for (int tt = 0; tt < sIn; tt++) {
        for (int c = 0; c < cells; c++) {
          table[(sp * sIn + tt) * cells + c] = lifting ? t.liftingSource(sp, c) : t.groupSource(sp, tt, c);
        }
      }
    }
    float[] w = new float[cout * cin * sIn * cells];
    double std = Math.sqrt(2.0 / (cin * sIn * cells));
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (spec.rng().nextGaussian() * std);
    }
    this.weight = new Parameter("weight", Tensor.of(w, cout, cin, sIn, cells));
    this.bias = new Parameter("bias", Tensor.zeros(cout));
  }

  /** Receives one entry of the expanded bank: its index and the index of its source weight (−1: zero). */
  private interface BankEntry {
    void at(int bankIndex, int weightIndex);
  }

  /** Visits every entry of the expanded bank F+ [C_out·S, C_in·S_in, cells] with the weight it copies. */
  private void forEachBankEntry(BankEntry entry) {
    int inPlanes = cin * sIn;
    for (int o = 0; o < cout; o++) {
      for (int sp = 0; sp < s; sp++) {
        for (int i = 0; i < cin; i++) {
          for (int tt = 0; tt < sIn; tt++) {
            for (int c = 0; c < cells; c++) {
              int src = table[(sp * sIn + tt) * cells + c];
              entry.at((((o * s + sp) * inPlanes) + i * sIn + tt) * cells + c, src < 0 ? -1 : (o * cin + i) * sIn * cells + src);
            }
          }
        }
      }
    }
  }

  private float[] expand() {
    float[] fp = new float[cout * s * cin * sIn * cells];
    float[] w = weight.value().data();
    forEachBankEntry((bi, wi) -> fp[bi] = wi < 0 ? 0 : w[wi]);
    return fp;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    input = x;
    bank = expand();
    int batch = x.shape(0);
    int h = x.shape(-2);
    int w = x.shape(-1);
    int ho = h - n + 1;
    int wo = w - n + 1;
    int inPlanes = cin * sIn;
    int outPlanes = cout * s;
    float[] xd = x.data();
    float[] y = new float[batch * outPlanes * ho * wo];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < outPlanes; j++) {
        int yo = (b * outPlanes + j) * ho * wo;
        float bj = bias.value().data()[j / s];
        for (int q = 0; q < ho * wo; q++) {
          y[yo + q] = bj;
        }
        for (int c = 0; c < inPlanes; c++) {
          int xo = (b * inPlanes + c) * h * w;
          for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
              float f = bank[(j * inPlanes + c) * cells + u * n + v];
              if (f == 0) {
                continue;
              }
              for (int r = 0; r < ho; r++) {
                int yr = yo + r * wo;
                int xr = xo + (r + u) * w + v;
                for (int q = 0; q < wo; q++) {
                  y[yr + q] += f * xd[xr + q];
                }
              }
            }
          }
        }
      }
    }
    return Tensor.of(y, batch, cout, s, ho, wo);
  }

  @Override
  public Tensor backward(Tensor gy) {
    int batch = input.shape(0);
    int h = input.shape(-2);
    int w = input.shape(-1);
    int ho = h - n + 1;
    int wo = w - n + 1;
    int inPlanes = cin * sIn;
    int outPlanes = cout * s;
    float[] xd = input.data();
    float[] g = gy.data();
    float[] gx = new float[xd.length];
    float[] gBank = new float[bank.length];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < outPlanes; j++) {
        int yo = (b * outPlanes + j) * ho * wo;
        double gb = 0;
        for (int q = 0; q < ho * wo; q++) {
          gb += g[yo + q];
        }
        bias.grad().data()[j / s] += (float) gb;
        for (int c = 0; c < inPlanes; c++) {
          int xo = (b * inPlanes + c) * h * w;
          for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
              int fi = (j * inPlanes + c) * cells + u * n + v;
              float f = bank[fi];
              double acc = 0;
              for (int r = 0; r < ho; r++) {
                int yr = yo + r * wo;
                int xr = xo + (r + u) * w + v;
                for (int q = 0; q < wo; q++) {
                  acc += g[yr + q] * xd[xr + q];
                  gx[xr + q] += f * g[yr + q];
                }
              }
              gBank[fi] += (float) acc;
            }
          }
        }
      }
    }
    float[] gw = weight.grad().data();
    forEachBankEntry((bi, wi) -> {
      if (wi >= 0) {
        gw[wi] += gBank[bi];
      }
    });
    return Tensor.of(gx, input.shape());
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }

  @Override
  public String describe() {
    return "NaiveGroupConv " + cin + "->" + cout + " S=" + s + " " + n + "x" + n + (lifting ? " lifting" : "");
  }
}
