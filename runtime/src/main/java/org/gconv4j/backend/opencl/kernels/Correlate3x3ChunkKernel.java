package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;
import java.util.Arrays;

/**
 * One chunk of {@value #CHUNK} source channels of a 3 × 3, stride-1, 2D correlation, shaped for CPU OpenCL devices
 * (PoCL): each work-item owns one position of the source's row grid and {@value #LANES} written channels, and adds the
 * chunk's 3 × 3 × {@value #CHUNK} taps to its {@value #LANES} sums in {@code acc}. The body has no loop and no
 * divergent branch, so PoCL's work-group compiler vectorises the work-item loop itself: consecutive work-items read
 * consecutive source values (one vector load per tap) and share every filter value (a broadcast), {@value #LANES}
 * independent multiply-adds per load, the shape of the Vector API backend's kernel. A loop inside the body (over
 * channels or taps) makes the work-item loop an outer loop that PoCL leaves scalar (measured: 3-4x slower), which is
 * why the channels are chunked over launches ({@code ci0}) instead.
 *
 * <p>Positions run over the source's rows with its row stride {@code sW}: position q = oh · sW + ow reads
 * {@code src[channel plane + q + b · sW + c]}; the columns ow ≥ sW − 2 wrap into the next row and are junk that
 * {@link CropColumnsKernel} drops. {@code acc} is [N, blocks · LANES, positions] with {@code positions} the global size
 * (a multiple of the work-group size), so no work-item needs a bound check; {@code src} carries slack after its last
 * plane for the junk positions' reads.
 *
 * <p>Filters come lane-blocked ({@link #blockFilters}): {@code w[((block · chunkChannels + ci) · 9 + tap) · LANES + lane]},
 * zero for lanes past the written channels and for source channels past {@code srcChannels}, so padded lanes and
 * channels add zeros. The same body runs the input gradient on gradY padded by k − 1 − pad with the flipped,
 * transposed filters.
 */
public class Correlate3x3ChunkKernel extends Kernel {
  /** Written channels per work-item. */
  public static final int LANES = 8;
  /** Source channels per launch. */
  public static final int CHUNK = 4;

  protected float[] src = new float[1];
  protected float[] w = new float[1];
  protected float[] acc = new float[1];
  /** Channels of src. */
  protected int srcChannels;
  /** srcChannels rounded up to a multiple of CHUNK: the source-channel extent of w. */
  protected int chunkChannels;
  /** sH · sW of src. */
  protected int plane;
  protected int sW;
  /** Positions per written channel in acc: the launch's global size along dimension 0. */
  protected int positions;
  /** Blocks of LANES written channels. */
  protected int blocks;
  /** First source channel of this launch. */
  protected int ci0;
  /** The source channels this launch reads, clamped to the last one (their filters are 0 past srcChannels). */
  protected int c0;
  protected int c1;
  protected int c2;
  protected int c3;

  /** Sets the arrays and sizes shared by the launches of one correlation. */
  public void bind(float[] src, int srcChannels, int sH, int sW, float[] w, int blocks, int positions, float[] acc) {
    this.src = src;
    this.srcChannels = srcChannels;
    this.chunkChannels = chunkChannels(srcChannels);
    this.plane = sH * sW;
    this.sW = sW;
    this.w = w;
    this.blocks = blocks;
    this.positions = positions;
    this.acc = acc;
  }

  /**
   * Selects the chunk of source channels of the next launch. The launch adds to {@code acc}: the caller zeroes it
   * before the first chunk (a conditional load in the body would keep PoCL from vectorising it).
   */
  public void chunk(int index) {
    this.ci0 = index * CHUNK;
    this.c0 = Math.min(ci0, srcChannels - 1);
    this.c1 = Math.min(ci0 + 1, srcChannels - 1);
    this.c2 = Math.min(ci0 + 2, srcChannels - 1);
    this.c3 = Math.min(ci0 + 3, srcChannels - 1);
  }

  /** Launches one correlation needs. */
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
   * {@code blocks(written) · chunkChannels(source) · 9 · LANES} floats; entries past the channels are 0.
   */
  public static void blockFilters(float[] w, int outC, int inC, boolean transposed, float[] into) {
    int written = transposed ? inC : outC;
    int source = transposed ? outC : inC;
    int sourceP = chunkChannels(source);
    Arrays.fill(into, 0, blocks(written) * sourceP * 9 * LANES, 0f);
    for (int r = 0; r < written; r++) {
      int block = r / LANES;
      int lane = r % LANES;
      for (int s = 0; s < source; s++) {
        int co = transposed ? s : r;
        int ci = transposed ? r : s;
        int from = (co * inC + ci) * 9;
        int to = (block * sourceP + s) * 9 * LANES + lane;
        for (int t = 0; t < 9; t++) {
          into[to + t * LANES] = w[from + (transposed ? 8 - t : t)];
        }
      }
    }
  }

  @Override
  public void run() {
    int q = getGlobalId(0);
    int nb = getGlobalId(1);
    int n = nb / blocks;
    int block = nb - n * blocks;
    int at = nb * LANES * positions + q;
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
    int w0 = (block * chunkChannels + ci0 + 0) * 9 * LANES;
    float x00 = src[s0 + 0];
    float x01 = src[s0 + 1];
    float x02 = src[s0 + 2];
    float x03 = src[s0 + 1 * sW + 0];
    float x04 = src[s0 + 1 * sW + 1];
    float x05 = src[s0 + 1 * sW + 2];
    float x06 = src[s0 + 2 * sW + 0];
    float x07 = src[s0 + 2 * sW + 1];
    float x08 = src[s0 + 2 * sW + 2];
    a0 += x00 * w[w0 + 0];
    a1 += x00 * w[w0 + 1];
    a2 += x00 * w[w0 + 2];
    a3 += x00 * w[w0 + 3];
    a4 += x00 * w[w0 + 4];
    a5 += x00 * w[w0 + 5];
    a6 += x00 * w[w0 + 6];
    a7 += x00 * w[w0 + 7];
    a0 += x01 * w[w0 + 8];
    a1 += x01 * w[w0 + 9];
    a2 += x01 * w[w0 + 10];
    a3 += x01 * w[w0 + 11];
    a4 += x01 * w[w0 + 12];
    a5 += x01 * w[w0 + 13];
    a6 += x01 * w[w0 + 14];
    a7 += x01 * w[w0 + 15];
    a0 += x02 * w[w0 + 16];
    a1 += x02 * w[w0 + 17];
    a2 += x02 * w[w0 + 18];
    a3 += x02 * w[w0 + 19];
    a4 += x02 * w[w0 + 20];
    a5 += x02 * w[w0 + 21];
    a6 += x02 * w[w0 + 22];
    a7 += x02 * w[w0 + 23];
    a0 += x03 * w[w0 + 24];
    a1 += x03 * w[w0 + 25];
    a2 += x03 * w[w0 + 26];
    a3 += x03 * w[w0 + 27];
    a4 += x03 * w[w0 + 28];
    a5 += x03 * w[w0 + 29];
    a6 += x03 * w[w0 + 30];
    a7 += x03 * w[w0 + 31];
    a0 += x04 * w[w0 + 32];
    a1 += x04 * w[w0 + 33];
    a2 += x04 * w[w0 + 34];
    a3 += x04 * w[w0 + 35];
    a4 += x04 * w[w0 + 36];
    a5 += x04 * w[w0 + 37];
    a6 += x04 * w[w0 + 38];
    a7 += x04 * w[w0 + 39];
    a0 += x05 * w[w0 + 40];
    a1 += x05 * w[w0 + 41];
    a2 += x05 * w[w0 + 42];
    a3 += x05 * w[w0 + 43];
    a4 += x05 * w[w0 + 44];
    a5 += x05 * w[w0 + 45];
    a6 += x05 * w[w0 + 46];
    a7 += x05 * w[w0 + 47];
    a0 += x06 * w[w0 + 48];
    a1 += x06 * w[w0 + 49];
    a2 += x06 * w[w0 + 50];
    a3 += x06 * w[w0 + 51];
    a4 += x06 * w[w0 + 52];
    a5 += x06 * w[w0 + 53];
    a6 += x06 * w[w0 + 54];
    a7 += x06 * w[w0 + 55];
    a0 += x07 * w[w0 + 56];
    a1 += x07 * w[w0 + 57];
    a2 += x07 * w[w0 + 58];
    a3 += x07 * w[w0 + 59];
    a4 += x07 * w[w0 + 60];
    a5 += x07 * w[w0 + 61];
    a6 += x07 * w[w0 + 62];
    a7 += x07 * w[w0 + 63];
    a0 += x08 * w[w0 + 64];
    a1 += x08 * w[w0 + 65];
    a2 += x08 * w[w0 + 66];
    a3 += x08 * w[w0 + 67];
    a4 += x08 * w[w0 + 68];
    a5 += x08 * w[w0 + 69];
    a6 += x08 * w[w0 + 70];
    a7 += x08 * w[w0 + 71];
    // source channel ci0 + 1 (clamped: its filters are 0 past srcChannels)
    int s1 = (n * srcChannels + c1) * plane + q;
    int w1 = (block * chunkChannels + ci0 + 1) * 9 * LANES;
    float x10 = src[s1 + 0];
    float x11 = src[s1 + 1];
    float x12 = src[s1 + 2];
    float x13 = src[s1 + 1 * sW + 0];
    float x14 = src[s1 + 1 * sW + 1];
    float x15 = src[s1 + 1 * sW + 2];
    float x16 = src[s1 + 2 * sW + 0];
    float x17 = src[s1 + 2 * sW + 1];
    float x18 = src[s1 + 2 * sW + 2];
    a0 += x10 * w[w1 + 0];
    a1 += x10 * w[w1 + 1];
    a2 += x10 * w[w1 + 2];
    a3 += x10 * w[w1 + 3];
    a4 += x10 * w[w1 + 4];
    a5 += x10 * w[w1 + 5];
    a6 += x10 * w[w1 + 6];
    a7 += x10 * w[w1 + 7];
    a0 += x11 * w[w1 + 8];
    a1 += x11 * w[w1 + 9];
    a2 += x11 * w[w1 + 10];
    a3 += x11 * w[w1 + 11];
    a4 += x11 * w[w1 + 12];
    a5 += x11 * w[w1 + 13];
    a6 += x11 * w[w1 + 14];
    a7 += x11 * w[w1 + 15];
    a0 += x12 * w[w1 + 16];
    a1 += x12 * w[w1 + 17];
    a2 += x12 * w[w1 + 18];
    a3 += x12 * w[w1 + 19];
    a4 += x12 * w[w1 + 20];
    a5 += x12 * w[w1 + 21];
    a6 += x12 * w[w1 + 22];
    a7 += x12 * w[w1 + 23];
    a0 += x13 * w[w1 + 24];
    a1 += x13 * w[w1 + 25];
    a2 += x13 * w[w1 + 26];
    a3 += x13 * w[w1 + 27];
    a4 += x13 * w[w1 + 28];
    a5 += x13 * w[w1 + 29];
    a6 += x13 * w[w1 + 30];
    a7 += x13 * w[w1 + 31];
    a0 += x14 * w[w1 + 32];
    a1 += x14 * w[w1 + 33];
    a2 += x14 * w[w1 + 34];
    a3 += x14 * w[w1 + 35];
    a4 += x14 * w[w1 + 36];
    a5 += x14 * w[w1 + 37];
    a6 += x14 * w[w1 + 38];
    a7 += x14 * w[w1 + 39];
    a0 += x15 * w[w1 + 40];
    a1 += x15 * w[w1 + 41];
    a2 += x15 * w[w1 + 42];
    a3 += x15 * w[w1 + 43];
    a4 += x15 * w[w1 + 44];
    a5 += x15 * w[w1 + 45];
    a6 += x15 * w[w1 + 46];
    a7 += x15 * w[w1 + 47];
    a0 += x16 * w[w1 + 48];
    a1 += x16 * w[w1 + 49];
    a2 += x16 * w[w1 + 50];
    a3 += x16 * w[w1 + 51];
    a4 += x16 * w[w1 + 52];
    a5 += x16 * w[w1 + 53];
    a6 += x16 * w[w1 + 54];
    a7 += x16 * w[w1 + 55];
    a0 += x17 * w[w1 + 56];
    a1 += x17 * w[w1 + 57];
    a2 += x17 * w[w1 + 58];
    a3 += x17 * w[w1 + 59];
    a4 += x17 * w[w1 + 60];
    a5 += x17 * w[w1 + 61];
    a6 += x17 * w[w1 + 62];
    a7 += x17 * w[w1 + 63];
    a0 += x18 * w[w1 + 64];
    a1 += x18 * w[w1 + 65];
    a2 += x18 * w[w1 + 66];
    a3 += x18 * w[w1 + 67];
    a4 += x18 * w[w1 + 68];
    a5 += x18 * w[w1 + 69];
    a6 += x18 * w[w1 + 70];
    a7 += x18 * w[w1 + 71];
    // source channel ci0 + 2 (clamped: its filters are 0 past srcChannels)
    int s2 = (n * srcChannels + c2) * plane + q;
    int w2 = (block * chunkChannels + ci0 + 2) * 9 * LANES;
    float x20 = src[s2 + 0];
    float x21 = src[s2 + 1];
    float x22 = src[s2 + 2];
    float x23 = src[s2 + 1 * sW + 0];
    float x24 = src[s2 + 1 * sW + 1];
    float x25 = src[s2 + 1 * sW + 2];
    float x26 = src[s2 + 2 * sW + 0];
    float x27 = src[s2 + 2 * sW + 1];
    float x28 = src[s2 + 2 * sW + 2];
    a0 += x20 * w[w2 + 0];
    a1 += x20 * w[w2 + 1];
    a2 += x20 * w[w2 + 2];
    a3 += x20 * w[w2 + 3];
    a4 += x20 * w[w2 + 4];
    a5 += x20 * w[w2 + 5];
    a6 += x20 * w[w2 + 6];
    a7 += x20 * w[w2 + 7];
    a0 += x21 * w[w2 + 8];
    a1 += x21 * w[w2 + 9];
    a2 += x21 * w[w2 + 10];
    a3 += x21 * w[w2 + 11];
    a4 += x21 * w[w2 + 12];
    a5 += x21 * w[w2 + 13];
    a6 += x21 * w[w2 + 14];
    a7 += x21 * w[w2 + 15];
    a0 += x22 * w[w2 + 16];
    a1 += x22 * w[w2 + 17];
    a2 += x22 * w[w2 + 18];
    a3 += x22 * w[w2 + 19];
    a4 += x22 * w[w2 + 20];
    a5 += x22 * w[w2 + 21];
    a6 += x22 * w[w2 + 22];
    a7 += x22 * w[w2 + 23];
    a0 += x23 * w[w2 + 24];
    a1 += x23 * w[w2 + 25];
    a2 += x23 * w[w2 + 26];
    a3 += x23 * w[w2 + 27];
    a4 += x23 * w[w2 + 28];
    a5 += x23 * w[w2 + 29];
    a6 += x23 * w[w2 + 30];
    a7 += x23 * w[w2 + 31];
    a0 += x24 * w[w2 + 32];
    a1 += x24 * w[w2 + 33];
    a2 += x24 * w[w2 + 34];
    a3 += x24 * w[w2 + 35];
    a4 += x24 * w[w2 + 36];
    a5 += x24 * w[w2 + 37];
    a6 += x24 * w[w2 + 38];
    a7 += x24 * w[w2 + 39];
    a0 += x25 * w[w2 + 40];
    a1 += x25 * w[w2 + 41];
    a2 += x25 * w[w2 + 42];
    a3 += x25 * w[w2 + 43];
    a4 += x25 * w[w2 + 44];
    a5 += x25 * w[w2 + 45];
    a6 += x25 * w[w2 + 46];
    a7 += x25 * w[w2 + 47];
    a0 += x26 * w[w2 + 48];
    a1 += x26 * w[w2 + 49];
    a2 += x26 * w[w2 + 50];
    a3 += x26 * w[w2 + 51];
    a4 += x26 * w[w2 + 52];
    a5 += x26 * w[w2 + 53];
    a6 += x26 * w[w2 + 54];
    a7 += x26 * w[w2 + 55];
    a0 += x27 * w[w2 + 56];
    a1 += x27 * w[w2 + 57];
    a2 += x27 * w[w2 + 58];
    a3 += x27 * w[w2 + 59];
    a4 += x27 * w[w2 + 60];
    a5 += x27 * w[w2 + 61];
    a6 += x27 * w[w2 + 62];
    a7 += x27 * w[w2 + 63];
    a0 += x28 * w[w2 + 64];
    a1 += x28 * w[w2 + 65];
    a2 += x28 * w[w2 + 66];
    a3 += x28 * w[w2 + 67];
    a4 += x28 * w[w2 + 68];
    a5 += x28 * w[w2 + 69];
    a6 += x28 * w[w2 + 70];
    a7 += x28 * w[w2 + 71];
    // source channel ci0 + 3 (clamped: its filters are 0 past srcChannels)
    int s3 = (n * srcChannels + c3) * plane + q;
    int w3 = (block * chunkChannels + ci0 + 3) * 9 * LANES;
    float x30 = src[s3 + 0];
    float x31 = src[s3 + 1];
    float x32 = src[s3 + 2];
    float x33 = src[s3 + 1 * sW + 0];
    float x34 = src[s3 + 1 * sW + 1];
    float x35 = src[s3 + 1 * sW + 2];
    float x36 = src[s3 + 2 * sW + 0];
    float x37 = src[s3 + 2 * sW + 1];
    float x38 = src[s3 + 2 * sW + 2];
    a0 += x30 * w[w3 + 0];
    a1 += x30 * w[w3 + 1];
    a2 += x30 * w[w3 + 2];
    a3 += x30 * w[w3 + 3];
    a4 += x30 * w[w3 + 4];
    a5 += x30 * w[w3 + 5];
    a6 += x30 * w[w3 + 6];
    a7 += x30 * w[w3 + 7];
    a0 += x31 * w[w3 + 8];
    a1 += x31 * w[w3 + 9];
    a2 += x31 * w[w3 + 10];
    a3 += x31 * w[w3 + 11];
    a4 += x31 * w[w3 + 12];
    a5 += x31 * w[w3 + 13];
    a6 += x31 * w[w3 + 14];
    a7 += x31 * w[w3 + 15];
    a0 += x32 * w[w3 + 16];
    a1 += x32 * w[w3 + 17];
    a2 += x32 * w[w3 + 18];
    a3 += x32 * w[w3 + 19];
    a4 += x32 * w[w3 + 20];
    a5 += x32 * w[w3 + 21];
    a6 += x32 * w[w3 + 22];
    a7 += x32 * w[w3 + 23];
    a0 += x33 * w[w3 + 24];
    a1 += x33 * w[w3 + 25];
    a2 += x33 * w[w3 + 26];
    a3 += x33 * w[w3 + 27];
    a4 += x33 * w[w3 + 28];
    a5 += x33 * w[w3 + 29];
    a6 += x33 * w[w3 + 30];
    a7 += x33 * w[w3 + 31];
    a0 += x34 * w[w3 + 32];
    a1 += x34 * w[w3 + 33];
    a2 += x34 * w[w3 + 34];
    a3 += x34 * w[w3 + 35];
    a4 += x34 * w[w3 + 36];
    a5 += x34 * w[w3 + 37];
    a6 += x34 * w[w3 + 38];
    a7 += x34 * w[w3 + 39];
    a0 += x35 * w[w3 + 40];
    a1 += x35 * w[w3 + 41];
    a2 += x35 * w[w3 + 42];
    a3 += x35 * w[w3 + 43];
    a4 += x35 * w[w3 + 44];
    a5 += x35 * w[w3 + 45];
    a6 += x35 * w[w3 + 46];
    a7 += x35 * w[w3 + 47];
    a0 += x36 * w[w3 + 48];
    a1 += x36 * w[w3 + 49];
    a2 += x36 * w[w3 + 50];
    a3 += x36 * w[w3 + 51];
    a4 += x36 * w[w3 + 52];
    a5 += x36 * w[w3 + 53];
    a6 += x36 * w[w3 + 54];
    a7 += x36 * w[w3 + 55];
    a0 += x37 * w[w3 + 56];
    a1 += x37 * w[w3 + 57];
    a2 += x37 * w[w3 + 58];
    a3 += x37 * w[w3 + 59];
    a4 += x37 * w[w3 + 60];
    a5 += x37 * w[w3 + 61];
    a6 += x37 * w[w3 + 62];
    a7 += x37 * w[w3 + 63];
    a0 += x38 * w[w3 + 64];
    a1 += x38 * w[w3 + 65];
    a2 += x38 * w[w3 + 66];
    a3 += x38 * w[w3 + 67];
    a4 += x38 * w[w3 + 68];
    a5 += x38 * w[w3 + 69];
    a6 += x38 * w[w3 + 70];
    a7 += x38 * w[w3 + 71];
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
