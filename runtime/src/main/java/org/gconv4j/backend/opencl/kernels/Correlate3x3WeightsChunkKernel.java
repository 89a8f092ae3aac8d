package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;

/**
 * A slice of the filter gradient of a 3 × 3, stride-1, 2D correlation, shaped for CPU OpenCL devices (PoCL) like
 * {@link Correlate3x3ChunkKernel}: a loop-free body whose work-item loop PoCL vectorises. Dimension 0 is the
 * {@value #LANES} lanes of a tile of positions (consecutive work-items read consecutive positions: vector loads, no
 * broadcast), dimension 1 the output blocks b = (block of {@value #OUT_LANES} output channels · Cin + input channel) · 3
 * + filter row. Each work-item keeps {@value #OUT_LANES} × 3 sums (its block's output channels × the row's three taps)
 * for its lane and adds {@value #SLOTS} tiles of positions to them: per tile 3 loads of x, {@value #OUT_LANES} of gradY
 * and {@value #OUT_LANES} · 3 multiply-adds. The host loops over the tiles in launches ({@link #slots}); the lanes' sums
 * stay separate in {@code acc} [blocks, OUT_LANES · 3, LANES] until {@link ReduceLanesKernel} adds them up (no atomics).
 *
 * <p>Positions: q = oh · sW + ow over the padded input's row grid (row stride sW), tiles of {@value #LANES} positions
 * numbered over the batch (flat tile = n · tiles + q / LANES). {@code gradYt} holds gradY on those tiles,
 * [blocks of output channels][flat tiles][OUT_LANES][LANES] ({@link PositionTilesKernel}), zero at the junk columns
 * ow ≥ outW, past the last row and past the last channel, so junk positions add nothing. {@code x} is the zero-padded
 * input with slack after its last plane. The fields {@code o0 ... o15} give each slot's sample and tile as an offset
 * into x (set on the host, so the body does no division and slots past the batch read sample 0 times zeros).
 */
public class Correlate3x3WeightsChunkKernel extends Kernel {
  /** Positions per tile: the work-items along dimension 0. */
  public static final int LANES = 64;
  /** Output channels per work-item. */
  public static final int OUT_LANES = 8;
  /** Tiles of positions per launch. */
  public static final int SLOTS = 16;

  protected float[] x = new float[1];
  protected float[] gradYt = new float[1];
  protected float[] acc = new float[1];
  protected int inChannels;
  /** sH · sW of the padded input. */
  protected int plane;
  protected int sW;
  /** Flat tiles in gradYt per block of output channels (the batch's tiles rounded up to a multiple of SLOTS). */
  protected int flatTiles;
  /** First flat tile of this launch. */
  protected int tile0;
  /** Offsets into x of this launch's slots (sample and first position of each tile). */
  protected int o0;
  protected int o1;
  protected int o2;
  protected int o3;
  protected int o4;
  protected int o5;
  protected int o6;
  protected int o7;
  protected int o8;
  protected int o9;
  protected int o10;
  protected int o11;
  protected int o12;
  protected int o13;
  protected int o14;
  protected int o15;
  /** Tiles per sample; host only. */
  private int tiles;
  /** Tiles of the batch; host only. */
  private int batchTiles;

  /** Flat tiles of a batch of {@code batch} samples of {@code tiles} tiles, rounded up to a multiple of {@link #SLOTS}. */
  public static int flatTiles(int batch, int tiles) {
    return (batch * tiles + SLOTS - 1) / SLOTS * SLOTS;
  }

  /** Output blocks (work-items along dimension 1) of a layer. */
  public static int blocks(int outChannels, int inChannels) {
    return (outChannels + OUT_LANES - 1) / OUT_LANES * inChannels * 3;
  }

  /**
   * Sets the arrays and sizes shared by the launches of one filter gradient: {@code x} the padded input (row stride
   * {@code sW}, {@code plane} floats per channel), {@code gradYt} from {@link PositionTilesKernel}, {@code acc} zeroed,
   * {@code blocks(outChannels, inChannels) · OUT_LANES · 3 · LANES} floats.
   */
  public void bind(float[] x, int batch, int inChannels, int plane, int sW, int tiles, float[] gradYt, float[] acc) {
    this.x = x;
    this.inChannels = inChannels;
    this.plane = plane;
    this.sW = sW;
    this.tiles = tiles;
    this.batchTiles = batch * tiles;
    this.flatTiles = flatTiles(batch, tiles);
    this.gradYt = gradYt;
    this.acc = acc;
  }

  /** Launches one filter gradient needs. */
  public int launches() {
    return flatTiles / SLOTS;
  }

  /** Selects the tiles of launch {@code index}: flat tiles index · SLOTS ... + SLOTS − 1. */
  public void slots(int index) {
    this.tile0 = index * SLOTS;
    this.o0 = offset(tile0 + 0);
    this.o1 = offset(tile0 + 1);
    this.o2 = offset(tile0 + 2);
    this.o3 = offset(tile0 + 3);
    this.o4 = offset(tile0 + 4);
    this.o5 = offset(tile0 + 5);
    this.o6 = offset(tile0 + 6);
    this.o7 = offset(tile0 + 7);
    this.o8 = offset(tile0 + 8);
    this.o9 = offset(tile0 + 9);
    this.o10 = offset(tile0 + 10);
    this.o11 = offset(tile0 + 11);
    this.o12 = offset(tile0 + 12);
    this.o13 = offset(tile0 + 13);
    this.o14 = offset(tile0 + 14);
    this.o15 = offset(tile0 + 15);
  }

  /** Offset into x of flat tile {@code t}: its sample's first channel plus its first position (sample 0 past the batch). */
  private int offset(int t) {
    return t < batchTiles ? (t / tiles * inChannels) * plane + t % tiles * LANES : 0;
  }

  @Override
  public void run() {
    int l = getGlobalId(0);
    int b = getGlobalId(1);
    int a = b % 3;
    int ci = (b / 3) % inChannels;
    int cb = b / (3 * inChannels);
    int xc = ci * plane + a * sW + l;
    int gc = (cb * flatTiles + tile0) * LANES * OUT_LANES + l;
    int at = b * OUT_LANES * 3 * LANES + l;
    float s00 = acc[at + 0];
    float s01 = acc[at + 64];
    float s02 = acc[at + 128];
    float s10 = acc[at + 192];
    float s11 = acc[at + 256];
    float s12 = acc[at + 320];
    float s20 = acc[at + 384];
    float s21 = acc[at + 448];
    float s22 = acc[at + 512];
    float s30 = acc[at + 576];
    float s31 = acc[at + 640];
    float s32 = acc[at + 704];
    float s40 = acc[at + 768];
    float s41 = acc[at + 832];
    float s42 = acc[at + 896];
    float s50 = acc[at + 960];
    float s51 = acc[at + 1024];
    float s52 = acc[at + 1088];
    float s60 = acc[at + 1152];
    float s61 = acc[at + 1216];
    float s62 = acc[at + 1280];
    float s70 = acc[at + 1344];
    float s71 = acc[at + 1408];
    float s72 = acc[at + 1472];
    // slot 0: positions (tile0 + 0) · 64 + l
    int xs0 = o0 + xc;
    float x0_0 = x[xs0 + 0];
    float x0_1 = x[xs0 + 1];
    float x0_2 = x[xs0 + 2];
    float g0_0 = gradYt[gc + 0];
    s00 += g0_0 * x0_0;
    s01 += g0_0 * x0_1;
    s02 += g0_0 * x0_2;
    float g0_1 = gradYt[gc + 64];
    s10 += g0_1 * x0_0;
    s11 += g0_1 * x0_1;
    s12 += g0_1 * x0_2;
    float g0_2 = gradYt[gc + 128];
    s20 += g0_2 * x0_0;
    s21 += g0_2 * x0_1;
    s22 += g0_2 * x0_2;
    float g0_3 = gradYt[gc + 192];
    s30 += g0_3 * x0_0;
    s31 += g0_3 * x0_1;
    s32 += g0_3 * x0_2;
    float g0_4 = gradYt[gc + 256];
    s40 += g0_4 * x0_0;
    s41 += g0_4 * x0_1;
    s42 += g0_4 * x0_2;
    float g0_5 = gradYt[gc + 320];
    s50 += g0_5 * x0_0;
    s51 += g0_5 * x0_1;
    s52 += g0_5 * x0_2;
    float g0_6 = gradYt[gc + 384];
    s60 += g0_6 * x0_0;
    s61 += g0_6 * x0_1;
    s62 += g0_6 * x0_2;
    float g0_7 = gradYt[gc + 448];
    s70 += g0_7 * x0_0;
    s71 += g0_7 * x0_1;
    s72 += g0_7 * x0_2;
    // slot 1: positions (tile0 + 1) · 64 + l
    int xs1 = o1 + xc;
    float x1_0 = x[xs1 + 0];
    float x1_1 = x[xs1 + 1];
    float x1_2 = x[xs1 + 2];
    float g1_0 = gradYt[gc + 512];
    s00 += g1_0 * x1_0;
    s01 += g1_0 * x1_1;
    s02 += g1_0 * x1_2;
    float g1_1 = gradYt[gc + 576];
    s10 += g1_1 * x1_0;
    s11 += g1_1 * x1_1;
    s12 += g1_1 * x1_2;
    float g1_2 = gradYt[gc + 640];
    s20 += g1_2 * x1_0;
    s21 += g1_2 * x1_1;
    s22 += g1_2 * x1_2;
    float g1_3 = gradYt[gc + 704];
    s30 += g1_3 * x1_0;
    s31 += g1_3 * x1_1;
    s32 += g1_3 * x1_2;
    float g1_4 = gradYt[gc + 768];
    s40 += g1_4 * x1_0;
    s41 += g1_4 * x1_1;
    s42 += g1_4 * x1_2;
    float g1_5 = gradYt[gc + 832];
    s50 += g1_5 * x1_0;
    s51 += g1_5 * x1_1;
    s52 += g1_5 * x1_2;
    float g1_6 = gradYt[gc + 896];
    s60 += g1_6 * x1_0;
    s61 += g1_6 * x1_1;
    s62 += g1_6 * x1_2;
    float g1_7 = gradYt[gc + 960];
    s70 += g1_7 * x1_0;
    s71 += g1_7 * x1_1;
    s72 += g1_7 * x1_2;
    // slot 2: positions (tile0 + 2) · 64 + l
    int xs2 = o2 + xc;
    float x2_0 = x[xs2 + 0];
    float x2_1 = x[xs2 + 1];
    float x2_2 = x[xs2 + 2];
    float g2_0 = gradYt[gc + 1024];
    s00 += g2_0 * x2_0;
    s01 += g2_0 * x2_1;
    s02 += g2_0 * x2_2;
    float g2_1 = gradYt[gc + 1088];
    s10 += g2_1 * x2_0;
    s11 += g2_1 * x2_1;
    s12 += g2_1 * x2_2;
    float g2_2 = gradYt[gc + 1152];
    s20 += g2_2 * x2_0;
    s21 += g2_2 * x2_1;
    s22 += g2_2 * x2_2;
    float g2_3 = gradYt[gc + 1216];
    s30 += g2_3 * x2_0;
    s31 += g2_3 * x2_1;
    s32 += g2_3 * x2_2;
    float g2_4 = gradYt[gc + 1280];
    s40 += g2_4 * x2_0;
    s41 += g2_4 * x2_1;
    s42 += g2_4 * x2_2;
    float g2_5 = gradYt[gc + 1344];
    s50 += g2_5 * x2_0;
    s51 += g2_5 * x2_1;
    s52 += g2_5 * x2_2;
    float g2_6 = gradYt[gc + 1408];
    s60 += g2_6 * x2_0;
    s61 += g2_6 * x2_1;
    s62 += g2_6 * x2_2;
    float g2_7 = gradYt[gc + 1472];
    s70 += g2_7 * x2_0;
    s71 += g2_7 * x2_1;
    s72 += g2_7 * x2_2;
    // slot 3: positions (tile0 + 3) · 64 + l
    int xs3 = o3 + xc;
    float x3_0 = x[xs3 + 0];
    float x3_1 = x[xs3 + 1];
    float x3_2 = x[xs3 + 2];
    float g3_0 = gradYt[gc + 1536];
    s00 += g3_0 * x3_0;
    s01 += g3_0 * x3_1;
    s02 += g3_0 * x3_2;
    float g3_1 = gradYt[gc + 1600];
    s10 += g3_1 * x3_0;
    s11 += g3_1 * x3_1;
    s12 += g3_1 * x3_2;
    float g3_2 = gradYt[gc + 1664];
    s20 += g3_2 * x3_0;
    s21 += g3_2 * x3_1;
    s22 += g3_2 * x3_2;
    float g3_3 = gradYt[gc + 1728];
    s30 += g3_3 * x3_0;
    s31 += g3_3 * x3_1;
    s32 += g3_3 * x3_2;
    float g3_4 = gradYt[gc + 1792];
    s40 += g3_4 * x3_0;
    s41 += g3_4 * x3_1;
    s42 += g3_4 * x3_2;
    float g3_5 = gradYt[gc + 1856];
    s50 += g3_5 * x3_0;
    s51 += g3_5 * x3_1;
    s52 += g3_5 * x3_2;
    float g3_6 = gradYt[gc + 1920];
    s60 += g3_6 * x3_0;
    s61 += g3_6 * x3_1;
    s62 += g3_6 * x3_2;
    float g3_7 = gradYt[gc + 1984];
    s70 += g3_7 * x3_0;
    s71 += g3_7 * x3_1;
    s72 += g3_7 * x3_2;
    // slot 4: positions (tile0 + 4) · 64 + l
    int xs4 = o4 + xc;
    float x4_0 = x[xs4 + 0];
    float x4_1 = x[xs4 + 1];
    float x4_2 = x[xs4 + 2];
    float g4_0 = gradYt[gc + 2048];
    s00 += g4_0 * x4_0;
    s01 += g4_0 * x4_1;
    s02 += g4_0 * x4_2;
    float g4_1 = gradYt[gc + 2112];
    s10 += g4_1 * x4_0;
    s11 += g4_1 * x4_1;
    s12 += g4_1 * x4_2;
    float g4_2 = gradYt[gc + 2176];
    s20 += g4_2 * x4_0;
    s21 += g4_2 * x4_1;
    s22 += g4_2 * x4_2;
    float g4_3 = gradYt[gc + 2240];
    s30 += g4_3 * x4_0;
    s31 += g4_3 * x4_1;
    s32 += g4_3 * x4_2;
    float g4_4 = gradYt[gc + 2304];
    s40 += g4_4 * x4_0;
    s41 += g4_4 * x4_1;
    s42 += g4_4 * x4_2;
    float g4_5 = gradYt[gc + 2368];
    s50 += g4_5 * x4_0;
    s51 += g4_5 * x4_1;
    s52 += g4_5 * x4_2;
    float g4_6 = gradYt[gc + 2432];
    s60 += g4_6 * x4_0;
    s61 += g4_6 * x4_1;
    s62 += g4_6 * x4_2;
    float g4_7 = gradYt[gc + 2496];
    s70 += g4_7 * x4_0;
    s71 += g4_7 * x4_1;
    s72 += g4_7 * x4_2;
    // slot 5: positions (tile0 + 5) · 64 + l
    int xs5 = o5 + xc;
    float x5_0 = x[xs5 + 0];
    float x5_1 = x[xs5 + 1];
    float x5_2 = x[xs5 + 2];
    float g5_0 = gradYt[gc + 2560];
    s00 += g5_0 * x5_0;
    s01 += g5_0 * x5_1;
    s02 += g5_0 * x5_2;
    float g5_1 = gradYt[gc + 2624];
    s10 += g5_1 * x5_0;
    s11 += g5_1 * x5_1;
    s12 += g5_1 * x5_2;
    float g5_2 = gradYt[gc + 2688];
    s20 += g5_2 * x5_0;
    s21 += g5_2 * x5_1;
    s22 += g5_2 * x5_2;
    float g5_3 = gradYt[gc + 2752];
    s30 += g5_3 * x5_0;
    s31 += g5_3 * x5_1;
    s32 += g5_3 * x5_2;
    float g5_4 = gradYt[gc + 2816];
    s40 += g5_4 * x5_0;
    s41 += g5_4 * x5_1;
    s42 += g5_4 * x5_2;
    float g5_5 = gradYt[gc + 2880];
    s50 += g5_5 * x5_0;
    s51 += g5_5 * x5_1;
    s52 += g5_5 * x5_2;
    float g5_6 = gradYt[gc + 2944];
    s60 += g5_6 * x5_0;
    s61 += g5_6 * x5_1;
    s62 += g5_6 * x5_2;
    float g5_7 = gradYt[gc + 3008];
    s70 += g5_7 * x5_0;
    s71 += g5_7 * x5_1;
    s72 += g5_7 * x5_2;
    // slot 6: positions (tile0 + 6) · 64 + l
    int xs6 = o6 + xc;
    float x6_0 = x[xs6 + 0];
    float x6_1 = x[xs6 + 1];
    float x6_2 = x[xs6 + 2];
    float g6_0 = gradYt[gc + 3072];
    s00 += g6_0 * x6_0;
    s01 += g6_0 * x6_1;
    s02 += g6_0 * x6_2;
    float g6_1 = gradYt[gc + 3136];
    s10 += g6_1 * x6_0;
    s11 += g6_1 * x6_1;
    s12 += g6_1 * x6_2;
    float g6_2 = gradYt[gc + 3200];
    s20 += g6_2 * x6_0;
    s21 += g6_2 * x6_1;
    s22 += g6_2 * x6_2;
    float g6_3 = gradYt[gc + 3264];
    s30 += g6_3 * x6_0;
    s31 += g6_3 * x6_1;
    s32 += g6_3 * x6_2;
    float g6_4 = gradYt[gc + 3328];
    s40 += g6_4 * x6_0;
    s41 += g6_4 * x6_1;
    s42 += g6_4 * x6_2;
    float g6_5 = gradYt[gc + 3392];
    s50 += g6_5 * x6_0;
    s51 += g6_5 * x6_1;
    s52 += g6_5 * x6_2;
    float g6_6 = gradYt[gc + 3456];
    s60 += g6_6 * x6_0;
    s61 += g6_6 * x6_1;
    s62 += g6_6 * x6_2;
    float g6_7 = gradYt[gc + 3520];
    s70 += g6_7 * x6_0;
    s71 += g6_7 * x6_1;
    s72 += g6_7 * x6_2;
    // slot 7: positions (tile0 + 7) · 64 + l
    int xs7 = o7 + xc;
    float x7_0 = x[xs7 + 0];
    float x7_1 = x[xs7 + 1];
    float x7_2 = x[xs7 + 2];
    float g7_0 = gradYt[gc + 3584];
    s00 += g7_0 * x7_0;
    s01 += g7_0 * x7_1;
    s02 += g7_0 * x7_2;
    float g7_1 = gradYt[gc + 3648];
    s10 += g7_1 * x7_0;
    s11 += g7_1 * x7_1;
    s12 += g7_1 * x7_2;
    float g7_2 = gradYt[gc + 3712];
    s20 += g7_2 * x7_0;
    s21 += g7_2 * x7_1;
    s22 += g7_2 * x7_2;
    float g7_3 = gradYt[gc + 3776];
    s30 += g7_3 * x7_0;
    s31 += g7_3 * x7_1;
    s32 += g7_3 * x7_2;
    float g7_4 = gradYt[gc + 3840];
    s40 += g7_4 * x7_0;
    s41 += g7_4 * x7_1;
    s42 += g7_4 * x7_2;
    float g7_5 = gradYt[gc + 3904];
    s50 += g7_5 * x7_0;
    s51 += g7_5 * x7_1;
    s52 += g7_5 * x7_2;
    float g7_6 = gradYt[gc + 3968];
    s60 += g7_6 * x7_0;
    s61 += g7_6 * x7_1;
    s62 += g7_6 * x7_2;
    float g7_7 = gradYt[gc + 4032];
    s70 += g7_7 * x7_0;
    s71 += g7_7 * x7_1;
    s72 += g7_7 * x7_2;
    // slot 8: positions (tile0 + 8) · 64 + l
    int xs8 = o8 + xc;
    float x8_0 = x[xs8 + 0];
    float x8_1 = x[xs8 + 1];
    float x8_2 = x[xs8 + 2];
    float g8_0 = gradYt[gc + 4096];
    s00 += g8_0 * x8_0;
    s01 += g8_0 * x8_1;
    s02 += g8_0 * x8_2;
    float g8_1 = gradYt[gc + 4160];
    s10 += g8_1 * x8_0;
    s11 += g8_1 * x8_1;
    s12 += g8_1 * x8_2;
    float g8_2 = gradYt[gc + 4224];
    s20 += g8_2 * x8_0;
    s21 += g8_2 * x8_1;
    s22 += g8_2 * x8_2;
    float g8_3 = gradYt[gc + 4288];
    s30 += g8_3 * x8_0;
    s31 += g8_3 * x8_1;
    s32 += g8_3 * x8_2;
    float g8_4 = gradYt[gc + 4352];
    s40 += g8_4 * x8_0;
    s41 += g8_4 * x8_1;
    s42 += g8_4 * x8_2;
    float g8_5 = gradYt[gc + 4416];
    s50 += g8_5 * x8_0;
    s51 += g8_5 * x8_1;
    s52 += g8_5 * x8_2;
    float g8_6 = gradYt[gc + 4480];
    s60 += g8_6 * x8_0;
    s61 += g8_6 * x8_1;
    s62 += g8_6 * x8_2;
    float g8_7 = gradYt[gc + 4544];
    s70 += g8_7 * x8_0;
    s71 += g8_7 * x8_1;
    s72 += g8_7 * x8_2;
    // slot 9: positions (tile0 + 9) · 64 + l
    int xs9 = o9 + xc;
    float x9_0 = x[xs9 + 0];
    float x9_1 = x[xs9 + 1];
    float x9_2 = x[xs9 + 2];
    float g9_0 = gradYt[gc + 4608];
    s00 += g9_0 * x9_0;
    s01 += g9_0 * x9_1;
    s02 += g9_0 * x9_2;
    float g9_1 = gradYt[gc + 4672];
    s10 += g9_1 * x9_0;
    s11 += g9_1 * x9_1;
    s12 += g9_1 * x9_2;
    float g9_2 = gradYt[gc + 4736];
    s20 += g9_2 * x9_0;
    s21 += g9_2 * x9_1;
    s22 += g9_2 * x9_2;
    float g9_3 = gradYt[gc + 4800];
    s30 += g9_3 * x9_0;
    s31 += g9_3 * x9_1;
    s32 += g9_3 * x9_2;
    float g9_4 = gradYt[gc + 4864];
    s40 += g9_4 * x9_0;
    s41 += g9_4 * x9_1;
    s42 += g9_4 * x9_2;
    float g9_5 = gradYt[gc + 4928];
    s50 += g9_5 * x9_0;
    s51 += g9_5 * x9_1;
    s52 += g9_5 * x9_2;
    float g9_6 = gradYt[gc + 4992];
    s60 += g9_6 * x9_0;
    s61 += g9_6 * x9_1;
    s62 += g9_6 * x9_2;
    float g9_7 = gradYt[gc + 5056];
    s70 += g9_7 * x9_0;
    s71 += g9_7 * x9_1;
    s72 += g9_7 * x9_2;
    // slot 10: positions (tile0 + 10) · 64 + l
    int xs10 = o10 + xc;
    float x10_0 = x[xs10 + 0];
    float x10_1 = x[xs10 + 1];
    float x10_2 = x[xs10 + 2];
    float g10_0 = gradYt[gc + 5120];
    s00 += g10_0 * x10_0;
    s01 += g10_0 * x10_1;
    s02 += g10_0 * x10_2;
    float g10_1 = gradYt[gc + 5184];
    s10 += g10_1 * x10_0;
    s11 += g10_1 * x10_1;
    s12 += g10_1 * x10_2;
    float g10_2 = gradYt[gc + 5248];
    s20 += g10_2 * x10_0;
    s21 += g10_2 * x10_1;
    s22 += g10_2 * x10_2;
    float g10_3 = gradYt[gc + 5312];
    s30 += g10_3 * x10_0;
    s31 += g10_3 * x10_1;
    s32 += g10_3 * x10_2;
    float g10_4 = gradYt[gc + 5376];
    s40 += g10_4 * x10_0;
    s41 += g10_4 * x10_1;
    s42 += g10_4 * x10_2;
    float g10_5 = gradYt[gc + 5440];
    s50 += g10_5 * x10_0;
    s51 += g10_5 * x10_1;
    s52 += g10_5 * x10_2;
    float g10_6 = gradYt[gc + 5504];
    s60 += g10_6 * x10_0;
    s61 += g10_6 * x10_1;
    s62 += g10_6 * x10_2;
    float g10_7 = gradYt[gc + 5568];
    s70 += g10_7 * x10_0;
    s71 += g10_7 * x10_1;
    s72 += g10_7 * x10_2;
    // slot 11: positions (tile0 + 11) · 64 + l
    int xs11 = o11 + xc;
    float x11_0 = x[xs11 + 0];
    float x11_1 = x[xs11 + 1];
    float x11_2 = x[xs11 + 2];
    float g11_0 = gradYt[gc + 5632];
    s00 += g11_0 * x11_0;
    s01 += g11_0 * x11_1;
    s02 += g11_0 * x11_2;
    float g11_1 = gradYt[gc + 5696];
    s10 += g11_1 * x11_0;
    s11 += g11_1 * x11_1;
    s12 += g11_1 * x11_2;
    float g11_2 = gradYt[gc + 5760];
    s20 += g11_2 * x11_0;
    s21 += g11_2 * x11_1;
    s22 += g11_2 * x11_2;
    float g11_3 = gradYt[gc + 5824];
    s30 += g11_3 * x11_0;
    s31 += g11_3 * x11_1;
    s32 += g11_3 * x11_2;
    float g11_4 = gradYt[gc + 5888];
    s40 += g11_4 * x11_0;
    s41 += g11_4 * x11_1;
    s42 += g11_4 * x11_2;
    float g11_5 = gradYt[gc + 5952];
    s50 += g11_5 * x11_0;
    s51 += g11_5 * x11_1;
    s52 += g11_5 * x11_2;
    float g11_6 = gradYt[gc + 6016];
    s60 += g11_6 * x11_0;
    s61 += g11_6 * x11_1;
    s62 += g11_6 * x11_2;
    float g11_7 = gradYt[gc + 6080];
    s70 += g11_7 * x11_0;
    s71 += g11_7 * x11_1;
    s72 += g11_7 * x11_2;
    // slot 12: positions (tile0 + 12) · 64 + l
    int xs12 = o12 + xc;
    float x12_0 = x[xs12 + 0];
    float x12_1 = x[xs12 + 1];
    float x12_2 = x[xs12 + 2];
    float g12_0 = gradYt[gc + 6144];
    s00 += g12_0 * x12_0;
    s01 += g12_0 * x12_1;
    s02 += g12_0 * x12_2;
    float g12_1 = gradYt[gc + 6208];
    s10 += g12_1 * x12_0;
    s11 += g12_1 * x12_1;
    s12 += g12_1 * x12_2;
    float g12_2 = gradYt[gc + 6272];
    s20 += g12_2 * x12_0;
    s21 += g12_2 * x12_1;
    s22 += g12_2 * x12_2;
    float g12_3 = gradYt[gc + 6336];
    s30 += g12_3 * x12_0;
    s31 += g12_3 * x12_1;
    s32 += g12_3 * x12_2;
    float g12_4 = gradYt[gc + 6400];
    s40 += g12_4 * x12_0;
    s41 += g12_4 * x12_1;
    s42 += g12_4 * x12_2;
    float g12_5 = gradYt[gc + 6464];
    s50 += g12_5 * x12_0;
    s51 += g12_5 * x12_1;
    s52 += g12_5 * x12_2;
    float g12_6 = gradYt[gc + 6528];
    s60 += g12_6 * x12_0;
    s61 += g12_6 * x12_1;
    s62 += g12_6 * x12_2;
    float g12_7 = gradYt[gc + 6592];
    s70 += g12_7 * x12_0;
    s71 += g12_7 * x12_1;
    s72 += g12_7 * x12_2;
    // slot 13: positions (tile0 + 13) · 64 + l
    int xs13 = o13 + xc;
    float x13_0 = x[xs13 + 0];
    float x13_1 = x[xs13 + 1];
    float x13_2 = x[xs13 + 2];
    float g13_0 = gradYt[gc + 6656];
    s00 += g13_0 * x13_0;
    s01 += g13_0 * x13_1;
    s02 += g13_0 * x13_2;
    float g13_1 = gradYt[gc + 6720];
    s10 += g13_1 * x13_0;
    s11 += g13_1 * x13_1;
    s12 += g13_1 * x13_2;
    float g13_2 = gradYt[gc + 6784];
    s20 += g13_2 * x13_0;
    s21 += g13_2 * x13_1;
    s22 += g13_2 * x13_2;
    float g13_3 = gradYt[gc + 6848];
    s30 += g13_3 * x13_0;
    s31 += g13_3 * x13_1;
    s32 += g13_3 * x13_2;
    float g13_4 = gradYt[gc + 6912];
    s40 += g13_4 * x13_0;
    s41 += g13_4 * x13_1;
    s42 += g13_4 * x13_2;
    float g13_5 = gradYt[gc + 6976];
    s50 += g13_5 * x13_0;
    s51 += g13_5 * x13_1;
    s52 += g13_5 * x13_2;
    float g13_6 = gradYt[gc + 7040];
    s60 += g13_6 * x13_0;
    s61 += g13_6 * x13_1;
    s62 += g13_6 * x13_2;
    float g13_7 = gradYt[gc + 7104];
    s70 += g13_7 * x13_0;
    s71 += g13_7 * x13_1;
    s72 += g13_7 * x13_2;
    // slot 14: positions (tile0 + 14) · 64 + l
    int xs14 = o14 + xc;
    float x14_0 = x[xs14 + 0];
    float x14_1 = x[xs14 + 1];
    float x14_2 = x[xs14 + 2];
    float g14_0 = gradYt[gc + 7168];
    s00 += g14_0 * x14_0;
    s01 += g14_0 * x14_1;
    s02 += g14_0 * x14_2;
    float g14_1 = gradYt[gc + 7232];
    s10 += g14_1 * x14_0;
    s11 += g14_1 * x14_1;
    s12 += g14_1 * x14_2;
    float g14_2 = gradYt[gc + 7296];
    s20 += g14_2 * x14_0;
    s21 += g14_2 * x14_1;
    s22 += g14_2 * x14_2;
    float g14_3 = gradYt[gc + 7360];
    s30 += g14_3 * x14_0;
    s31 += g14_3 * x14_1;
    s32 += g14_3 * x14_2;
    float g14_4 = gradYt[gc + 7424];
    s40 += g14_4 * x14_0;
    s41 += g14_4 * x14_1;
    s42 += g14_4 * x14_2;
    float g14_5 = gradYt[gc + 7488];
    s50 += g14_5 * x14_0;
    s51 += g14_5 * x14_1;
    s52 += g14_5 * x14_2;
    float g14_6 = gradYt[gc + 7552];
    s60 += g14_6 * x14_0;
    s61 += g14_6 * x14_1;
    s62 += g14_6 * x14_2;
    float g14_7 = gradYt[gc + 7616];
    s70 += g14_7 * x14_0;
    s71 += g14_7 * x14_1;
    s72 += g14_7 * x14_2;
    // slot 15: positions (tile0 + 15) · 64 + l
    int xs15 = o15 + xc;
    float x15_0 = x[xs15 + 0];
    float x15_1 = x[xs15 + 1];
    float x15_2 = x[xs15 + 2];
    float g15_0 = gradYt[gc + 7680];
    s00 += g15_0 * x15_0;
    s01 += g15_0 * x15_1;
    s02 += g15_0 * x15_2;
    float g15_1 = gradYt[gc + 7744];
    s10 += g15_1 * x15_0;
    s11 += g15_1 * x15_1;
    s12 += g15_1 * x15_2;
    float g15_2 = gradYt[gc + 7808];
    s20 += g15_2 * x15_0;
    s21 += g15_2 * x15_1;
    s22 += g15_2 * x15_2;
    float g15_3 = gradYt[gc + 7872];
    s30 += g15_3 * x15_0;
    s31 += g15_3 * x15_1;
    s32 += g15_3 * x15_2;
    float g15_4 = gradYt[gc + 7936];
    s40 += g15_4 * x15_0;
    s41 += g15_4 * x15_1;
    s42 += g15_4 * x15_2;
    float g15_5 = gradYt[gc + 8000];
    s50 += g15_5 * x15_0;
    s51 += g15_5 * x15_1;
    s52 += g15_5 * x15_2;
    float g15_6 = gradYt[gc + 8064];
    s60 += g15_6 * x15_0;
    s61 += g15_6 * x15_1;
    s62 += g15_6 * x15_2;
    float g15_7 = gradYt[gc + 8128];
    s70 += g15_7 * x15_0;
    s71 += g15_7 * x15_1;
    s72 += g15_7 * x15_2;
    acc[at + 0] = s00;
    acc[at + 64] = s01;
    acc[at + 128] = s02;
    acc[at + 192] = s10;
    acc[at + 256] = s11;
    acc[at + 320] = s12;
    acc[at + 384] = s20;
    acc[at + 448] = s21;
    acc[at + 512] = s22;
    acc[at + 576] = s30;
    acc[at + 640] = s31;
    acc[at + 704] = s32;
    acc[at + 768] = s40;
    acc[at + 832] = s41;
    acc[at + 896] = s42;
    acc[at + 960] = s50;
    acc[at + 1024] = s51;
    acc[at + 1088] = s52;
    acc[at + 1152] = s60;
    acc[at + 1216] = s61;
    acc[at + 1280] = s62;
    acc[at + 1344] = s70;
    acc[at + 1408] = s71;
    acc[at + 1472] = s72;
  }
}
