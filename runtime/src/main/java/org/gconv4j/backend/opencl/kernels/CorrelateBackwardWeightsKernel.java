package org.gconv4j.backend.opencl.kernels;

import org.gconv4j.backend.ConvGeometry;

/**
 * Gradient of the planar correlation with respect to its filters: one work-item per filter tap (a, b, c), block of
 * {@value #CO_TILE} output channels, block of {@value #CI_TILE} input channels and chunk of the batch reduces
 * gradY[n, co, o] · x[n, ci, o·stride − pad + (a, b, c)] over the chunk's samples and every output position whose
 * window keeps the tap inside the input.
 *
 * <p>It reads gradY channels-last ({@code gradYt} [N, D', H', W', paddedC], written on the host,
 * the channels padded with zeros to a multiple of {@value #CO_TILE}), so the {@value #CO_TILE} output channels of a
 * position are adjacent: one vector load that the OpenCL compiler packs, times {@value #CI_TILE} input values, is
 * {@value #CI_TILE} × {@value #CO_TILE} multiply-adds (the forward kernel's register tile). Each sample's sum is formed
 * separately, then added to the chunk's total, which keeps float rounding close to that of a pairwise sum.
 *
 * <p>Batch chunks: a small layer has few (tap, channel block) work-items, too few to fill a GPU. The batch is then
 * split into {@code chunks} ranges; each writes its partial gradW to {@code result} [chunks, Cout, Cin, kd, k, k],
 * and the host adds the chunks up (no atomics). With one chunk {@code result} is
 * gradW itself.
 */
public class CorrelateBackwardWeightsKernel extends CorrelationKernel {
  /** Output channels per work-item (adjacent in gradYt). */
  public static final int CO_TILE = 8;
  /** Input channels per work-item. */
  public static final int CI_TILE = 8;

  /** x [N, Cin, D, H, W]. */
  protected float[] x = new float[1];
  /** gradY channels-last [N, D', H', W', paddedC]. */
  protected float[] gradYt = new float[1];
  /** Cout rounded up to a multiple of CO_TILE. */
  protected int paddedC;
  /** ceil(Cout / CO_TILE). */
  protected int coBlocks;
  /** ceil(Cin / CI_TILE). */
  protected int ciBlocks;
  /** Samples per chunk: ceil(N / chunks). */
  protected int chunkSize;
  /** Cout·Cin·kd·k·k: the length of gradW, the offset between chunks in {@code result}. */
  protected int weightLength;

  /** Output channels rounded up to a multiple of {@link #CO_TILE}: the channel extent of gradYt. */
  public static int paddedChannels(ConvGeometry g) {
    return (g.outChannels() + CO_TILE - 1) / CO_TILE * CO_TILE;
  }

  /** Work-items of one chunk: (tap, output-channel block, input-channel block) triples. */
  public static int itemsPerChunk(ConvGeometry g) {
    return paddedChannels(g) / CO_TILE * ((g.inChannels() + CI_TILE - 1) / CI_TILE) * g.kernelCells();
  }

  /**
   * Sets the arrays and geometry of the next launch: {@code gradYt} is gradY channels-last
   * (channels padded to {@link #paddedChannels} with zeros); {@code partial} [chunks, Cout, Cin, kd, k, k] becomes
   * {@code result} (gradW itself when {@code chunks == 1}).
   */
  public void bind(ConvGeometry g, float[] x, float[] gradYt, int chunks, float[] partial) {
    this.paddedC = paddedChannels(g);
    this.coBlocks = paddedC / CO_TILE;
    this.ciBlocks = (g.inChannels() + CI_TILE - 1) / CI_TILE;
    this.chunkSize = (g.batch() + chunks - 1) / chunks;
    this.weightLength = g.weightLength();
    bindGeometry(g, chunks * itemsPerChunk(g));
    this.x = x;
    this.gradYt = gradYt;
    this.result = partial;
  }

  /** First output index o >= 0 with o·s − pad + tap >= 0. */
  protected int firstOutput(int tap, int padding, int s) {
    int need = padding - tap;
    return need <= 0 ? 0 : (need + s - 1) / s;
  }

  /** One past the last output index o < outSize with o·s − pad + tap < inSize. */
  protected int endOutput(int tap, int padding, int s, int inSize, int outSize) {
    int room = inSize - 1 + padding - tap;
    return room < 0 ? 0 : min(outSize, room / s + 1);
  }

  @Override
  public void run() {
    backwardWeights(k, kd);
  }

  /** The body of {@link #run()} with the filter extents as parameters (they shadow the fields of the same names). */
  private void backwardWeights(int k, int kd) {
    int gid = getGlobalId(0);
    if (gid < total) {
      int c = gid % k;
      int t = gid / k;
      int b = t % k;
      t = t / k;
      int a = t % kd;
      t = t / kd;
      int ci0 = (t % ciBlocks) * CI_TILE;
      t = t / ciBlocks;
      int co0 = (t % coBlocks) * CO_TILE;
      int chunk = t / coBlocks;
      int nLo = chunk * chunkSize;
      int nHi = min(batch, nLo + chunkSize);
      // input-channel lanes past the last channel read the last channel and are not stored; output-channel lanes
      // past the last channel read gradYt's zero padding
      int inVolume = inD * inH * inW;
      int x1 = laneOffset(ci0, 1, inC, inVolume);
      int x2 = laneOffset(ci0, 2, inC, inVolume);
      int x3 = laneOffset(ci0, 3, inC, inVolume);
      int x4 = laneOffset(ci0, 4, inC, inVolume);
      int x5 = laneOffset(ci0, 5, inC, inVolume);
      int x6 = laneOffset(ci0, 6, inC, inVolume);
      int x7 = laneOffset(ci0, 7, inC, inVolume);
      int odLo = firstOutput(a, padD, strideD);
      int odHi = endOutput(a, padD, strideD, inD, outD);
      int ohLo = firstOutput(b, pad, stride);
      int ohHi = endOutput(b, pad, stride, inH, outH);
      int owLo = firstOutput(c, pad, stride);
      int owHi = endOutput(c, pad, stride, inW, outW);
      // t<input-channel lane><output-channel lane>: the chunk's sums; p: one sample's
      float t00 = 0f;
      float t01 = 0f;
      float t02 = 0f;
      float t03 = 0f;
      float t04 = 0f;
      float t05 = 0f;
      float t06 = 0f;
      float t07 = 0f;
      float t10 = 0f;
      float t11 = 0f;
      float t12 = 0f;
      float t13 = 0f;
      float t14 = 0f;
      float t15 = 0f;
      float t16 = 0f;
      float t17 = 0f;
      float t20 = 0f;
      float t21 = 0f;
      float t22 = 0f;
      float t23 = 0f;
      float t24 = 0f;
      float t25 = 0f;
      float t26 = 0f;
      float t27 = 0f;
      float t30 = 0f;
      float t31 = 0f;
      float t32 = 0f;
      float t33 = 0f;
      float t34 = 0f;
      float t35 = 0f;
      float t36 = 0f;
      float t37 = 0f;
      float t40 = 0f;
      float t41 = 0f;
      float t42 = 0f;
      float t43 = 0f;
      float t44 = 0f;
      float t45 = 0f;
      float t46 = 0f;
      float t47 = 0f;
      float t50 = 0f;
      float t51 = 0f;
      float t52 = 0f;
      float t53 = 0f;
      float t54 = 0f;
      float t55 = 0f;
      float t56 = 0f;
      float t57 = 0f;
      float t60 = 0f;
      float t61 = 0f;
      float t62 = 0f;
      float t63 = 0f;
      float t64 = 0f;
      float t65 = 0f;
      float t66 = 0f;
      float t67 = 0f;
      float t70 = 0f;
      float t71 = 0f;
      float t72 = 0f;
      float t73 = 0f;
      float t74 = 0f;
      float t75 = 0f;
      float t76 = 0f;
      float t77 = 0f;
      for (int n = nLo; n < nHi; n++) {
        float p00 = 0f;
        float p01 = 0f;
        float p02 = 0f;
        float p03 = 0f;
        float p04 = 0f;
        float p05 = 0f;
        float p06 = 0f;
        float p07 = 0f;
        float p10 = 0f;
        float p11 = 0f;
        float p12 = 0f;
        float p13 = 0f;
        float p14 = 0f;
        float p15 = 0f;
        float p16 = 0f;
        float p17 = 0f;
        float p20 = 0f;
        float p21 = 0f;
        float p22 = 0f;
        float p23 = 0f;
        float p24 = 0f;
        float p25 = 0f;
        float p26 = 0f;
        float p27 = 0f;
        float p30 = 0f;
        float p31 = 0f;
        float p32 = 0f;
        float p33 = 0f;
        float p34 = 0f;
        float p35 = 0f;
        float p36 = 0f;
        float p37 = 0f;
        float p40 = 0f;
        float p41 = 0f;
        float p42 = 0f;
        float p43 = 0f;
        float p44 = 0f;
        float p45 = 0f;
        float p46 = 0f;
        float p47 = 0f;
        float p50 = 0f;
        float p51 = 0f;
        float p52 = 0f;
        float p53 = 0f;
        float p54 = 0f;
        float p55 = 0f;
        float p56 = 0f;
        float p57 = 0f;
        float p60 = 0f;
        float p61 = 0f;
        float p62 = 0f;
        float p63 = 0f;
        float p64 = 0f;
        float p65 = 0f;
        float p66 = 0f;
        float p67 = 0f;
        float p70 = 0f;
        float p71 = 0f;
        float p72 = 0f;
        float p73 = 0f;
        float p74 = 0f;
        float p75 = 0f;
        float p76 = 0f;
        float p77 = 0f;
        for (int od = odLo; od < odHi; od++) {
          for (int oh = ohLo; oh < ohHi; oh++) {
            int yRow = ((n * outD + od) * outH + oh) * outW;
            int xRow = (((n * inC + ci0) * inD + od * strideD - padD + a) * inH + oh * stride - pad + b) * inW - pad + c;
            for (int ow = owLo; ow < owHi; ow++) {
              int yAt = (yRow + ow) * paddedC + co0;
              float s0 = gradYt[yAt];
              float s1 = gradYt[yAt + 1];
              float s2 = gradYt[yAt + 2];
              float s3 = gradYt[yAt + 3];
              float s4 = gradYt[yAt + 4];
              float s5 = gradYt[yAt + 5];
              float s6 = gradYt[yAt + 6];
              float s7 = gradYt[yAt + 7];
              int xAt = xRow + ow * stride;
              float v0 = x[xAt];
              float v1 = x[xAt + x1];
              float v2 = x[xAt + x2];
              float v3 = x[xAt + x3];
              float v4 = x[xAt + x4];
              float v5 = x[xAt + x5];
              float v6 = x[xAt + x6];
              float v7 = x[xAt + x7];
              p00 += s0 * v0;
              p01 += s1 * v0;
              p02 += s2 * v0;
              p03 += s3 * v0;
              p04 += s4 * v0;
              p05 += s5 * v0;
              p06 += s6 * v0;
              p07 += s7 * v0;
              p10 += s0 * v1;
              p11 += s1 * v1;
              p12 += s2 * v1;
              p13 += s3 * v1;
              p14 += s4 * v1;
              p15 += s5 * v1;
              p16 += s6 * v1;
              p17 += s7 * v1;
              p20 += s0 * v2;
              p21 += s1 * v2;
              p22 += s2 * v2;
              p23 += s3 * v2;
              p24 += s4 * v2;
              p25 += s5 * v2;
              p26 += s6 * v2;
              p27 += s7 * v2;
              p30 += s0 * v3;
              p31 += s1 * v3;
              p32 += s2 * v3;
              p33 += s3 * v3;
              p34 += s4 * v3;
              p35 += s5 * v3;
              p36 += s6 * v3;
              p37 += s7 * v3;
              p40 += s0 * v4;
              p41 += s1 * v4;
              p42 += s2 * v4;
              p43 += s3 * v4;
              p44 += s4 * v4;
              p45 += s5 * v4;
              p46 += s6 * v4;
              p47 += s7 * v4;
              p50 += s0 * v5;
              p51 += s1 * v5;
              p52 += s2 * v5;
              p53 += s3 * v5;
              p54 += s4 * v5;
              p55 += s5 * v5;
              p56 += s6 * v5;
              p57 += s7 * v5;
              p60 += s0 * v6;
              p61 += s1 * v6;
              p62 += s2 * v6;
              p63 += s3 * v6;
              p64 += s4 * v6;
              p65 += s5 * v6;
              p66 += s6 * v6;
              p67 += s7 * v6;
              p70 += s0 * v7;
              p71 += s1 * v7;
              p72 += s2 * v7;
              p73 += s3 * v7;
              p74 += s4 * v7;
              p75 += s5 * v7;
              p76 += s6 * v7;
              p77 += s7 * v7;
            }
          }
        }
        t00 += p00;
        t01 += p01;
        t02 += p02;
        t03 += p03;
        t04 += p04;
        t05 += p05;
        t06 += p06;
        t07 += p07;
        t10 += p10;
        t11 += p11;
        t12 += p12;
        t13 += p13;
        t14 += p14;
        t15 += p15;
        t16 += p16;
        t17 += p17;
        t20 += p20;
        t21 += p21;
        t22 += p22;
        t23 += p23;
        t24 += p24;
        t25 += p25;
        t26 += p26;
        t27 += p27;
        t30 += p30;
        t31 += p31;
        t32 += p32;
        t33 += p33;
        t34 += p34;
        t35 += p35;
        t36 += p36;
        t37 += p37;
        t40 += p40;
        t41 += p41;
        t42 += p42;
        t43 += p43;
        t44 += p44;
        t45 += p45;
        t46 += p46;
        t47 += p47;
        t50 += p50;
        t51 += p51;
        t52 += p52;
        t53 += p53;
        t54 += p54;
        t55 += p55;
        t56 += p56;
        t57 += p57;
        t60 += p60;
        t61 += p61;
        t62 += p62;
        t63 += p63;
        t64 += p64;
        t65 += p65;
        t66 += p66;
        t67 += p67;
        t70 += p70;
        t71 += p71;
        t72 += p72;
        t73 += p73;
        t74 += p74;
        t75 += p75;
        t76 += p76;
        t77 += p77;
      }

      int taps = kd * k * k;
      int coStep = inC * taps;
      int at = chunk * weightLength + (co0 * inC + ci0) * taps + (a * k + b) * k + c;
      store4(at, coStep, co0, outC, t00, t01, t02, t03);
      if (co0 + 4 < outC) {
        store4(at + 4 * coStep, coStep, co0 + 4, outC, t04, t05, t06, t07);
      }
      if (ci0 + 1 < inC) {
        store4(at + 1 * taps, coStep, co0, outC, t10, t11, t12, t13);
        if (co0 + 4 < outC) {
          store4(at + 1 * taps + 4 * coStep, coStep, co0 + 4, outC, t14, t15, t16, t17);
        }
      }
      if (ci0 + 2 < inC) {
        store4(at + 2 * taps, coStep, co0, outC, t20, t21, t22, t23);
        if (co0 + 4 < outC) {
          store4(at + 2 * taps + 4 * coStep, coStep, co0 + 4, outC, t24, t25, t26, t27);
        }
      }
      if (ci0 + 3 < inC) {
        store4(at + 3 * taps, coStep, co0, outC, t30, t31, t32, t33);
        if (co0 + 4 < outC) {
          store4(at + 3 * taps + 4 * coStep, coStep, co0 + 4, outC, t34, t35, t36, t37);
        }
      }
      if (ci0 + 4 < inC) {
        store4(at + 4 * taps, coStep, co0, outC, t40, t41, t42, t43);
        if (co0 + 4 < outC) {
          store4(at + 4 * taps + 4 * coStep, coStep, co0 + 4, outC, t44, t45, t46, t47);
        }
      }
      if (ci0 + 5 < inC) {
        store4(at + 5 * taps, coStep, co0, outC, t50, t51, t52, t53);
        if (co0 + 4 < outC) {
          store4(at + 5 * taps + 4 * coStep, coStep, co0 + 4, outC, t54, t55, t56, t57);
        }
      }
      if (ci0 + 6 < inC) {
        store4(at + 6 * taps, coStep, co0, outC, t60, t61, t62, t63);
        if (co0 + 4 < outC) {
          store4(at + 6 * taps + 4 * coStep, coStep, co0 + 4, outC, t64, t65, t66, t67);
        }
      }
      if (ci0 + 7 < inC) {
        store4(at + 7 * taps, coStep, co0, outC, t70, t71, t72, t73);
        if (co0 + 4 < outC) {
          store4(at + 7 * taps + 4 * coStep, coStep, co0 + 4, outC, t74, t75, t76, t77);
        }
      }

    }
  }
}
