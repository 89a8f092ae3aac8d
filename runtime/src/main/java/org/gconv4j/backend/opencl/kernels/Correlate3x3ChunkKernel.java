package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;

/**
 * One chunk of {@value #CHUNK} source channels and one block of {@value #LANES} written channels of a 3 × 3, stride-1,
 * 2D correlation, shaped for CPU OpenCL devices (PoCL): each work-item owns one position of the source's row grid in
 * one sample and adds the chunk's 3 × 3 × {@value #CHUNK} taps to its {@value #LANES} sums in {@code acc}. The body has
 * no loop and no divergent branch, so PoCL's work-group compiler vectorises the work-item loop itself: consecutive
 * work-items read consecutive source values (one vector load per tap) and share every filter value (a broadcast folded
 * into the multiply-add), {@value #LANES} independent multiply-adds per load, the shape of the Vector API backend's
 * kernel. A loop inside the body (over channels or taps) makes the work-item loop an outer loop that PoCL leaves scalar
 * (measured: 3-4x slower), which is why channels and blocks are chunked over launches ({@link #chunk},
 * {@link #bindFilters}) instead.
 *
 * <p>The filters of one launch are {@code w} [{@value #CHUNK} source channels][9 taps][{@value #LANES} lanes], read at
 * constant indices: the host copies the (block, chunk) slice of the lane-blocked filters ({@link #blockFilters}) into
 * it before each launch. With indices that depend on the block or chunk (a runtime offset plus a constant) LLVM hoisted
 * one 64-bit index per filter value out of the work-item loop and spilled them: one extra load per multiply-add (743
 * instructions per 288 multiply-adds in the kernel binary, against 453 with constant indices).
 *
 * <p>Positions run over the source's rows with its row stride {@code sW}: position q = oh · sW + ow reads
 * {@code src[channel plane + q + b · sW + c]}; the columns ow ≥ sW − 2 wrap into the next row and are junk that
 * {@link CropColumnsKernel} drops. {@code acc} is [N, blocks · LANES, positions] with {@code positions} the global size
 * (a multiple of the work-group size), so no work-item needs a bound check; {@code src} carries slack after its last
 * plane for the junk positions' reads.
 *
 * <p>Filters are zero for lanes past the written channels and for source channels past {@code srcChannels}, so padded
 * lanes and channels add zeros. The same body runs the input gradient on gradY padded by k − 1 − pad with the flipped,
 * transposed filters.
 */
public class Correlate3x3ChunkKernel extends Kernel {
  /** Written channels per work-item. */
  public static final int LANES = 8;
  /** Source channels per launch. */
  public static final int CHUNK = 8;
  /** Filter values per launch: CHUNK · 9 · LANES. */
  public static final int FILTERS = CHUNK * 9 * LANES;

  protected float[] src = new float[1];
  /** The filters of this launch's block and chunk, [CHUNK][9][LANES]. */
  protected float[] w = new float[FILTERS];
  protected float[] acc = new float[1];
  /** Channels of src. */
  protected int srcChannels;
  /** sH · sW of src. */
  protected int plane;
  protected int sW;
  /** Positions per written channel in acc: the launch's global size along dimension 0. */
  protected int positions;
  /** Blocks of LANES written channels. */
  protected int blocks;
  /** The block of written channels this launch adds to. */
  protected int block;
  /** The source channels this launch reads, clamped to the last one (their filters are 0 past srcChannels). */
  protected int c0;
  protected int c1;
  protected int c2;
  protected int c3;
  protected int c4;
  protected int c5;
  protected int c6;
  protected int c7;
  /** Lane-blocked filters of the whole correlation ({@link #blockFilters}); host only. */
  private float[] blocked = new float[1];
  /** srcChannels rounded up to a multiple of CHUNK: the source-channel extent of the blocked filters; host only. */
  private int chunkChannels;
  /** First source channel of the current chunk; host only. */
  private int ci0;

  /**
   * Sets the arrays and sizes shared by the launches of one correlation; {@code blocked} holds the lane-blocked filters
   * ({@link #blockFilters}).
   */
  public void bind(float[] src, int srcChannels, int sH, int sW, float[] blocked, int blocks, int positions, float[] acc) {
    this.src = src;
    this.srcChannels = srcChannels;
    this.chunkChannels = chunkChannels(srcChannels);
    this.plane = sH * sW;
    this.sW = sW;
    this.blocked = blocked;
    this.blocks = blocks;
    this.positions = positions;
    this.acc = acc;
  }

  /**
   * Selects the source channels of the next launches. They add to {@code acc}: the caller zeroes it before the first
   * chunk (a conditional load in the body would keep PoCL from vectorising it).
   */
  public void chunk(int index) {
    this.ci0 = index * CHUNK;
    this.c0 = Math.min(ci0 + 0, srcChannels - 1);
    this.c1 = Math.min(ci0 + 1, srcChannels - 1);
    this.c2 = Math.min(ci0 + 2, srcChannels - 1);
    this.c3 = Math.min(ci0 + 3, srcChannels - 1);
    this.c4 = Math.min(ci0 + 4, srcChannels - 1);
    this.c5 = Math.min(ci0 + 5, srcChannels - 1);
    this.c6 = Math.min(ci0 + 6, srcChannels - 1);
    this.c7 = Math.min(ci0 + 7, srcChannels - 1);
  }

  /**
   * Selects the block of written channels of the next launch and copies its filters for the current chunk into
   * {@link #filters()}, which the caller puts on the device before the launch.
   */
  public void bindFilters(int block) {
    this.block = block;
    System.arraycopy(blocked, (block * chunkChannels + ci0) * 9 * LANES, w, 0, FILTERS);
  }

  /** The filters of the next launch (put them on the device before it). */
  public float[] filters() {
    return w;
  }

  /** Chunks of source channels one correlation needs. */
  public int chunks() {
    return chunkChannels / CHUNK;
  }

  /** Source channels rounded up to a multiple of {@link #CHUNK}. */
  public static int chunkChannels(int channels) {
    return (channels + CHUNK - 1) / CHUNK * CHUNK;
  }

  /** Written channels rounded up to a multiple of {@link #LANES}. */
  public static int blocks(int channels) {
    return (channels + LANES - 1) / LANES;
  }

  /**
   * Lane-blocked 3 × 3 filters for this kernel from w [Cout, Cin, 3, 3]: with {@code transposed} false the written
   * channels are Cout and the source channels Cin (forward); with true they are Cin and Cout and the taps are flipped
   * (wT[ci, co, t] = w[co, ci, 8 − t], the input gradient). {@code into} has
   * {@code blocks(written) · chunkChannels(source) · 9 · LANES} floats, [block][source channel][tap][lane]; entries past
   * the channels are 0.
   */
  public static void blockFilters(float[] w, int outC, int inC, boolean transposed, float[] into) {
    org.gconv4j.backend.opencl.WideKernels.blockFilters(w, outC, inC, transposed, chunkChannels(transposed ? outC : inC), into);
  }

  @Override
  public void run() {
    int q = getGlobalId(0);
    int n = getGlobalId(1);
    int at = (n * blocks + block) * LANES * positions + q;
    float a0 = acc[at + 0 * positions];
    float a1 = acc[at + 1 * positions];
    float a2 = acc[at + 2 * positions];
    float a3 = acc[at + 3 * positions];
    float a4 = acc[at + 4 * positions];
    float a5 = acc[at + 5 * positions];
    float a6 = acc[at + 6 * positions];
    float a7 = acc[at + 7 * positions];
    // source channel ci0 + 0 (clamped: its filters are 0 past srcChannels)
    int s0 = (n * srcChannels + c0) * plane + q;
    float x00 = src[s0 + 0];
    a0 += x00 * w[0];
    a1 += x00 * w[1];
    a2 += x00 * w[2];
    a3 += x00 * w[3];
    a4 += x00 * w[4];
    a5 += x00 * w[5];
    a6 += x00 * w[6];
    a7 += x00 * w[7];
    float x01 = src[s0 + 1];
    a0 += x01 * w[8];
    a1 += x01 * w[9];
    a2 += x01 * w[10];
    a3 += x01 * w[11];
    a4 += x01 * w[12];
    a5 += x01 * w[13];
    a6 += x01 * w[14];
    a7 += x01 * w[15];
    float x02 = src[s0 + 2];
    a0 += x02 * w[16];
    a1 += x02 * w[17];
    a2 += x02 * w[18];
    a3 += x02 * w[19];
    a4 += x02 * w[20];
    a5 += x02 * w[21];
    a6 += x02 * w[22];
    a7 += x02 * w[23];
    float x03 = src[s0 + sW];
    a0 += x03 * w[24];
    a1 += x03 * w[25];
    a2 += x03 * w[26];
    a3 += x03 * w[27];
    a4 += x03 * w[28];
    a5 += x03 * w[29];
    a6 += x03 * w[30];
    a7 += x03 * w[31];
    float x04 = src[s0 + sW + 1];
    a0 += x04 * w[32];
    a1 += x04 * w[33];
    a2 += x04 * w[34];
    a3 += x04 * w[35];
    a4 += x04 * w[36];
    a5 += x04 * w[37];
    a6 += x04 * w[38];
    a7 += x04 * w[39];
    float x05 = src[s0 + sW + 2];
    a0 += x05 * w[40];
    a1 += x05 * w[41];
    a2 += x05 * w[42];
    a3 += x05 * w[43];
    a4 += x05 * w[44];
    a5 += x05 * w[45];
    a6 += x05 * w[46];
    a7 += x05 * w[47];
    float x06 = src[s0 + 2 * sW];
    a0 += x06 * w[48];
    a1 += x06 * w[49];
    a2 += x06 * w[50];
    a3 += x06 * w[51];
    a4 += x06 * w[52];
    a5 += x06 * w[53];
    a6 += x06 * w[54];
    a7 += x06 * w[55];
    float x07 = src[s0 + 2 * sW + 1];
    a0 += x07 * w[56];
    a1 += x07 * w[57];
    a2 += x07 * w[58];
    a3 += x07 * w[59];
    a4 += x07 * w[60];
    a5 += x07 * w[61];
    a6 += x07 * w[62];
    a7 += x07 * w[63];
    float x08 = src[s0 + 2 * sW + 2];
    a0 += x08 * w[64];
    a1 += x08 * w[65];
    a2 += x08 * w[66];
    a3 += x08 * w[67];
    a4 += x08 * w[68];
    a5 += x08 * w[69];
    a6 += x08 * w[70];
    a7 += x08 * w[71];
    // source channel ci0 + 1 (clamped: its filters are 0 past srcChannels)
    int s1 = (n * srcChannels + c1) * plane + q;
    float x10 = src[s1 + 0];
    a0 += x10 * w[72];
    a1 += x10 * w[73];
    a2 += x10 * w[74];
    a3 += x10 * w[75];
    a4 += x10 * w[76];
    a5 += x10 * w[77];
    a6 += x10 * w[78];
    a7 += x10 * w[79];
    float x11 = src[s1 + 1];
    a0 += x11 * w[80];
    a1 += x11 * w[81];
    a2 += x11 * w[82];
    a3 += x11 * w[83];
    a4 += x11 * w[84];
    a5 += x11 * w[85];
    a6 += x11 * w[86];
    a7 += x11 * w[87];
    float x12 = src[s1 + 2];
    a0 += x12 * w[88];
    a1 += x12 * w[89];
    a2 += x12 * w[90];
    a3 += x12 * w[91];
    a4 += x12 * w[92];
    a5 += x12 * w[93];
    a6 += x12 * w[94];
    a7 += x12 * w[95];
    float x13 = src[s1 + sW];
    a0 += x13 * w[96];
    a1 += x13 * w[97];
    a2 += x13 * w[98];
    a3 += x13 * w[99];
    a4 += x13 * w[100];
    a5 += x13 * w[101];
    a6 += x13 * w[102];
    a7 += x13 * w[103];
    float x14 = src[s1 + sW + 1];
    a0 += x14 * w[104];
    a1 += x14 * w[105];
    a2 += x14 * w[106];
    a3 += x14 * w[107];
    a4 += x14 * w[108];
    a5 += x14 * w[109];
    a6 += x14 * w[110];
    a7 += x14 * w[111];
    float x15 = src[s1 + sW + 2];
    a0 += x15 * w[112];
    a1 += x15 * w[113];
    a2 += x15 * w[114];
    a3 += x15 * w[115];
    a4 += x15 * w[116];
    a5 += x15 * w[117];
    a6 += x15 * w[118];
    a7 += x15 * w[119];
    float x16 = src[s1 + 2 * sW];
    a0 += x16 * w[120];
    a1 += x16 * w[121];
    a2 += x16 * w[122];
    a3 += x16 * w[123];
    a4 += x16 * w[124];
    a5 += x16 * w[125];
    a6 += x16 * w[126];
    a7 += x16 * w[127];
    float x17 = src[s1 + 2 * sW + 1];
    a0 += x17 * w[128];
    a1 += x17 * w[129];
    a2 += x17 * w[130];
    a3 += x17 * w[131];
    a4 += x17 * w[132];
    a5 += x17 * w[133];
    a6 += x17 * w[134];
    a7 += x17 * w[135];
    float x18 = src[s1 + 2 * sW + 2];
    a0 += x18 * w[136];
    a1 += x18 * w[137];
    a2 += x18 * w[138];
    a3 += x18 * w[139];
    a4 += x18 * w[140];
    a5 += x18 * w[141];
    a6 += x18 * w[142];
    a7 += x18 * w[143];
    // source channel ci0 + 2 (clamped: its filters are 0 past srcChannels)
    int s2 = (n * srcChannels + c2) * plane + q;
    float x20 = src[s2 + 0];
    a0 += x20 * w[144];
    a1 += x20 * w[145];
    a2 += x20 * w[146];
    a3 += x20 * w[147];
    a4 += x20 * w[148];
    a5 += x20 * w[149];
    a6 += x20 * w[150];
    a7 += x20 * w[151];
    float x21 = src[s2 + 1];
    a0 += x21 * w[152];
    a1 += x21 * w[153];
    a2 += x21 * w[154];
    a3 += x21 * w[155];
    a4 += x21 * w[156];
    a5 += x21 * w[157];
    a6 += x21 * w[158];
    a7 += x21 * w[159];
    float x22 = src[s2 + 2];
    a0 += x22 * w[160];
    a1 += x22 * w[161];
    a2 += x22 * w[162];
    a3 += x22 * w[163];
    a4 += x22 * w[164];
    a5 += x22 * w[165];
    a6 += x22 * w[166];
    a7 += x22 * w[167];
    float x23 = src[s2 + sW];
    a0 += x23 * w[168];
    a1 += x23 * w[169];
    a2 += x23 * w[170];
    a3 += x23 * w[171];
    a4 += x23 * w[172];
    a5 += x23 * w[173];
    a6 += x23 * w[174];
    a7 += x23 * w[175];
    float x24 = src[s2 + sW + 1];
    a0 += x24 * w[176];
    a1 += x24 * w[177];
    a2 += x24 * w[178];
    a3 += x24 * w[179];
    a4 += x24 * w[180];
    a5 += x24 * w[181];
    a6 += x24 * w[182];
    a7 += x24 * w[183];
    float x25 = src[s2 + sW + 2];
    a0 += x25 * w[184];
    a1 += x25 * w[185];
    a2 += x25 * w[186];
    a3 += x25 * w[187];
    a4 += x25 * w[188];
    a5 += x25 * w[189];
    a6 += x25 * w[190];
    a7 += x25 * w[191];
    float x26 = src[s2 + 2 * sW];
    a0 += x26 * w[192];
    a1 += x26 * w[193];
    a2 += x26 * w[194];
    a3 += x26 * w[195];
    a4 += x26 * w[196];
    a5 += x26 * w[197];
    a6 += x26 * w[198];
    a7 += x26 * w[199];
    float x27 = src[s2 + 2 * sW + 1];
    a0 += x27 * w[200];
    a1 += x27 * w[201];
    a2 += x27 * w[202];
    a3 += x27 * w[203];
    a4 += x27 * w[204];
    a5 += x27 * w[205];
    a6 += x27 * w[206];
    a7 += x27 * w[207];
    float x28 = src[s2 + 2 * sW + 2];
    a0 += x28 * w[208];
    a1 += x28 * w[209];
    a2 += x28 * w[210];
    a3 += x28 * w[211];
    a4 += x28 * w[212];
    a5 += x28 * w[213];
    a6 += x28 * w[214];
    a7 += x28 * w[215];
    // source channel ci0 + 3 (clamped: its filters are 0 past srcChannels)
    int s3 = (n * srcChannels + c3) * plane + q;
    float x30 = src[s3 + 0];
    a0 += x30 * w[216];
    a1 += x30 * w[217];
    a2 += x30 * w[218];
    a3 += x30 * w[219];
    a4 += x30 * w[220];
    a5 += x30 * w[221];
    a6 += x30 * w[222];
    a7 += x30 * w[223];
    float x31 = src[s3 + 1];
    a0 += x31 * w[224];
    a1 += x31 * w[225];
    a2 += x31 * w[226];
    a3 += x31 * w[227];
    a4 += x31 * w[228];
    a5 += x31 * w[229];
    a6 += x31 * w[230];
    a7 += x31 * w[231];
    float x32 = src[s3 + 2];
    a0 += x32 * w[232];
    a1 += x32 * w[233];
    a2 += x32 * w[234];
    a3 += x32 * w[235];
    a4 += x32 * w[236];
    a5 += x32 * w[237];
    a6 += x32 * w[238];
    a7 += x32 * w[239];
    float x33 = src[s3 + sW];
    a0 += x33 * w[240];
    a1 += x33 * w[241];
    a2 += x33 * w[242];
    a3 += x33 * w[243];
    a4 += x33 * w[244];
    a5 += x33 * w[245];
    a6 += x33 * w[246];
    a7 += x33 * w[247];
    float x34 = src[s3 + sW + 1];
    a0 += x34 * w[248];
    a1 += x34 * w[249];
    a2 += x34 * w[250];
    a3 += x34 * w[251];
    a4 += x34 * w[252];
    a5 += x34 * w[253];
    a6 += x34 * w[254];
    a7 += x34 * w[255];
    float x35 = src[s3 + sW + 2];
    a0 += x35 * w[256];
    a1 += x35 * w[257];
    a2 += x35 * w[258];
    a3 += x35 * w[259];
    a4 += x35 * w[260];
    a5 += x35 * w[261];
    a6 += x35 * w[262];
    a7 += x35 * w[263];
    float x36 = src[s3 + 2 * sW];
    a0 += x36 * w[264];
    a1 += x36 * w[265];
    a2 += x36 * w[266];
    a3 += x36 * w[267];
    a4 += x36 * w[268];
    a5 += x36 * w[269];
    a6 += x36 * w[270];
    a7 += x36 * w[271];
    float x37 = src[s3 + 2 * sW + 1];
    a0 += x37 * w[272];
    a1 += x37 * w[273];
    a2 += x37 * w[274];
    a3 += x37 * w[275];
    a4 += x37 * w[276];
    a5 += x37 * w[277];
    a6 += x37 * w[278];
    a7 += x37 * w[279];
    float x38 = src[s3 + 2 * sW + 2];
    a0 += x38 * w[280];
    a1 += x38 * w[281];
    a2 += x38 * w[282];
    a3 += x38 * w[283];
    a4 += x38 * w[284];
    a5 += x38 * w[285];
    a6 += x38 * w[286];
    a7 += x38 * w[287];
    // source channel ci0 + 4 (clamped: its filters are 0 past srcChannels)
    int s4 = (n * srcChannels + c4) * plane + q;
    float x40 = src[s4 + 0];
    a0 += x40 * w[288];
    a1 += x40 * w[289];
    a2 += x40 * w[290];
    a3 += x40 * w[291];
    a4 += x40 * w[292];
    a5 += x40 * w[293];
    a6 += x40 * w[294];
    a7 += x40 * w[295];
    float x41 = src[s4 + 1];
    a0 += x41 * w[296];
    a1 += x41 * w[297];
    a2 += x41 * w[298];
    a3 += x41 * w[299];
    a4 += x41 * w[300];
    a5 += x41 * w[301];
    a6 += x41 * w[302];
    a7 += x41 * w[303];
    float x42 = src[s4 + 2];
    a0 += x42 * w[304];
    a1 += x42 * w[305];
    a2 += x42 * w[306];
    a3 += x42 * w[307];
    a4 += x42 * w[308];
    a5 += x42 * w[309];
    a6 += x42 * w[310];
    a7 += x42 * w[311];
    float x43 = src[s4 + sW];
    a0 += x43 * w[312];
    a1 += x43 * w[313];
    a2 += x43 * w[314];
    a3 += x43 * w[315];
    a4 += x43 * w[316];
    a5 += x43 * w[317];
    a6 += x43 * w[318];
    a7 += x43 * w[319];
    float x44 = src[s4 + sW + 1];
    a0 += x44 * w[320];
    a1 += x44 * w[321];
    a2 += x44 * w[322];
    a3 += x44 * w[323];
    a4 += x44 * w[324];
    a5 += x44 * w[325];
    a6 += x44 * w[326];
    a7 += x44 * w[327];
    float x45 = src[s4 + sW + 2];
    a0 += x45 * w[328];
    a1 += x45 * w[329];
    a2 += x45 * w[330];
    a3 += x45 * w[331];
    a4 += x45 * w[332];
    a5 += x45 * w[333];
    a6 += x45 * w[334];
    a7 += x45 * w[335];
    float x46 = src[s4 + 2 * sW];
    a0 += x46 * w[336];
    a1 += x46 * w[337];
    a2 += x46 * w[338];
    a3 += x46 * w[339];
    a4 += x46 * w[340];
    a5 += x46 * w[341];
    a6 += x46 * w[342];
    a7 += x46 * w[343];
    float x47 = src[s4 + 2 * sW + 1];
    a0 += x47 * w[344];
    a1 += x47 * w[345];
    a2 += x47 * w[346];
    a3 += x47 * w[347];
    a4 += x47 * w[348];
    a5 += x47 * w[349];
    a6 += x47 * w[350];
    a7 += x47 * w[351];
    float x48 = src[s4 + 2 * sW + 2];
    a0 += x48 * w[352];
    a1 += x48 * w[353];
    a2 += x48 * w[354];
    a3 += x48 * w[355];
    a4 += x48 * w[356];
    a5 += x48 * w[357];
    a6 += x48 * w[358];
    a7 += x48 * w[359];
    // source channel ci0 + 5 (clamped: its filters are 0 past srcChannels)
    int s5 = (n * srcChannels + c5) * plane + q;
    float x50 = src[s5 + 0];
    a0 += x50 * w[360];
    a1 += x50 * w[361];
    a2 += x50 * w[362];
    a3 += x50 * w[363];
    a4 += x50 * w[364];
    a5 += x50 * w[365];
    a6 += x50 * w[366];
    a7 += x50 * w[367];
    float x51 = src[s5 + 1];
    a0 += x51 * w[368];
    a1 += x51 * w[369];
    a2 += x51 * w[370];
    a3 += x51 * w[371];
    a4 += x51 * w[372];
    a5 += x51 * w[373];
    a6 += x51 * w[374];
    a7 += x51 * w[375];
    float x52 = src[s5 + 2];
    a0 += x52 * w[376];
    a1 += x52 * w[377];
    a2 += x52 * w[378];
    a3 += x52 * w[379];
    a4 += x52 * w[380];
    a5 += x52 * w[381];
    a6 += x52 * w[382];
    a7 += x52 * w[383];
    float x53 = src[s5 + sW];
    a0 += x53 * w[384];
    a1 += x53 * w[385];
    a2 += x53 * w[386];
    a3 += x53 * w[387];
    a4 += x53 * w[388];
    a5 += x53 * w[389];
    a6 += x53 * w[390];
    a7 += x53 * w[391];
    float x54 = src[s5 + sW + 1];
    a0 += x54 * w[392];
    a1 += x54 * w[393];
    a2 += x54 * w[394];
    a3 += x54 * w[395];
    a4 += x54 * w[396];
    a5 += x54 * w[397];
    a6 += x54 * w[398];
    a7 += x54 * w[399];
    float x55 = src[s5 + sW + 2];
    a0 += x55 * w[400];
    a1 += x55 * w[401];
    a2 += x55 * w[402];
    a3 += x55 * w[403];
    a4 += x55 * w[404];
    a5 += x55 * w[405];
    a6 += x55 * w[406];
    a7 += x55 * w[407];
    float x56 = src[s5 + 2 * sW];
    a0 += x56 * w[408];
    a1 += x56 * w[409];
    a2 += x56 * w[410];
    a3 += x56 * w[411];
    a4 += x56 * w[412];
    a5 += x56 * w[413];
    a6 += x56 * w[414];
    a7 += x56 * w[415];
    float x57 = src[s5 + 2 * sW + 1];
    a0 += x57 * w[416];
    a1 += x57 * w[417];
    a2 += x57 * w[418];
    a3 += x57 * w[419];
    a4 += x57 * w[420];
    a5 += x57 * w[421];
    a6 += x57 * w[422];
    a7 += x57 * w[423];
    float x58 = src[s5 + 2 * sW + 2];
    a0 += x58 * w[424];
    a1 += x58 * w[425];
    a2 += x58 * w[426];
    a3 += x58 * w[427];
    a4 += x58 * w[428];
    a5 += x58 * w[429];
    a6 += x58 * w[430];
    a7 += x58 * w[431];
    // source channel ci0 + 6 (clamped: its filters are 0 past srcChannels)
    int s6 = (n * srcChannels + c6) * plane + q;
    float x60 = src[s6 + 0];
    a0 += x60 * w[432];
    a1 += x60 * w[433];
    a2 += x60 * w[434];
    a3 += x60 * w[435];
    a4 += x60 * w[436];
    a5 += x60 * w[437];
    a6 += x60 * w[438];
    a7 += x60 * w[439];
    float x61 = src[s6 + 1];
    a0 += x61 * w[440];
    a1 += x61 * w[441];
    a2 += x61 * w[442];
    a3 += x61 * w[443];
    a4 += x61 * w[444];
    a5 += x61 * w[445];
    a6 += x61 * w[446];
    a7 += x61 * w[447];
    float x62 = src[s6 + 2];
    a0 += x62 * w[448];
    a1 += x62 * w[449];
    a2 += x62 * w[450];
    a3 += x62 * w[451];
    a4 += x62 * w[452];
    a5 += x62 * w[453];
    a6 += x62 * w[454];
    a7 += x62 * w[455];
    float x63 = src[s6 + sW];
    a0 += x63 * w[456];
    a1 += x63 * w[457];
    a2 += x63 * w[458];
    a3 += x63 * w[459];
    a4 += x63 * w[460];
    a5 += x63 * w[461];
    a6 += x63 * w[462];
    a7 += x63 * w[463];
    float x64 = src[s6 + sW + 1];
    a0 += x64 * w[464];
    a1 += x64 * w[465];
    a2 += x64 * w[466];
    a3 += x64 * w[467];
    a4 += x64 * w[468];
    a5 += x64 * w[469];
    a6 += x64 * w[470];
    a7 += x64 * w[471];
    float x65 = src[s6 + sW + 2];
    a0 += x65 * w[472];
    a1 += x65 * w[473];
    a2 += x65 * w[474];
    a3 += x65 * w[475];
    a4 += x65 * w[476];
    a5 += x65 * w[477];
    a6 += x65 * w[478];
    a7 += x65 * w[479];
    float x66 = src[s6 + 2 * sW];
    a0 += x66 * w[480];
    a1 += x66 * w[481];
    a2 += x66 * w[482];
    a3 += x66 * w[483];
    a4 += x66 * w[484];
    a5 += x66 * w[485];
    a6 += x66 * w[486];
    a7 += x66 * w[487];
    float x67 = src[s6 + 2 * sW + 1];
    a0 += x67 * w[488];
    a1 += x67 * w[489];
    a2 += x67 * w[490];
    a3 += x67 * w[491];
    a4 += x67 * w[492];
    a5 += x67 * w[493];
    a6 += x67 * w[494];
    a7 += x67 * w[495];
    float x68 = src[s6 + 2 * sW + 2];
    a0 += x68 * w[496];
    a1 += x68 * w[497];
    a2 += x68 * w[498];
    a3 += x68 * w[499];
    a4 += x68 * w[500];
    a5 += x68 * w[501];
    a6 += x68 * w[502];
    a7 += x68 * w[503];
    // source channel ci0 + 7 (clamped: its filters are 0 past srcChannels)
    int s7 = (n * srcChannels + c7) * plane + q;
    float x70 = src[s7 + 0];
    a0 += x70 * w[504];
    a1 += x70 * w[505];
    a2 += x70 * w[506];
    a3 += x70 * w[507];
    a4 += x70 * w[508];
    a5 += x70 * w[509];
    a6 += x70 * w[510];
    a7 += x70 * w[511];
    float x71 = src[s7 + 1];
    a0 += x71 * w[512];
    a1 += x71 * w[513];
    a2 += x71 * w[514];
    a3 += x71 * w[515];
    a4 += x71 * w[516];
    a5 += x71 * w[517];
    a6 += x71 * w[518];
    a7 += x71 * w[519];
    float x72 = src[s7 + 2];
    a0 += x72 * w[520];
    a1 += x72 * w[521];
    a2 += x72 * w[522];
    a3 += x72 * w[523];
    a4 += x72 * w[524];
    a5 += x72 * w[525];
    a6 += x72 * w[526];
    a7 += x72 * w[527];
    float x73 = src[s7 + sW];
    a0 += x73 * w[528];
    a1 += x73 * w[529];
    a2 += x73 * w[530];
    a3 += x73 * w[531];
    a4 += x73 * w[532];
    a5 += x73 * w[533];
    a6 += x73 * w[534];
    a7 += x73 * w[535];
    float x74 = src[s7 + sW + 1];
    a0 += x74 * w[536];
    a1 += x74 * w[537];
    a2 += x74 * w[538];
    a3 += x74 * w[539];
    a4 += x74 * w[540];
    a5 += x74 * w[541];
    a6 += x74 * w[542];
    a7 += x74 * w[543];
    float x75 = src[s7 + sW + 2];
    a0 += x75 * w[544];
    a1 += x75 * w[545];
    a2 += x75 * w[546];
    a3 += x75 * w[547];
    a4 += x75 * w[548];
    a5 += x75 * w[549];
    a6 += x75 * w[550];
    a7 += x75 * w[551];
    float x76 = src[s7 + 2 * sW];
    a0 += x76 * w[552];
    a1 += x76 * w[553];
    a2 += x76 * w[554];
    a3 += x76 * w[555];
    a4 += x76 * w[556];
    a5 += x76 * w[557];
    a6 += x76 * w[558];
    a7 += x76 * w[559];
    float x77 = src[s7 + 2 * sW + 1];
    a0 += x77 * w[560];
    a1 += x77 * w[561];
    a2 += x77 * w[562];
    a3 += x77 * w[563];
    a4 += x77 * w[564];
    a5 += x77 * w[565];
    a6 += x77 * w[566];
    a7 += x77 * w[567];
    float x78 = src[s7 + 2 * sW + 2];
    a0 += x78 * w[568];
    a1 += x78 * w[569];
    a2 += x78 * w[570];
    a3 += x78 * w[571];
    a4 += x78 * w[572];
    a5 += x78 * w[573];
    a6 += x78 * w[574];
    a7 += x78 * w[575];
    acc[at + 0 * positions] = a0;
    acc[at + 1 * positions] = a1;
    acc[at + 2 * positions] = a2;
    acc[at + 3 * positions] = a3;
    acc[at + 4 * positions] = a4;
    acc[at + 5 * positions] = a5;
    acc[at + 6 * positions] = a6;
    acc[at + 7 * positions] = a7;
  }
}
