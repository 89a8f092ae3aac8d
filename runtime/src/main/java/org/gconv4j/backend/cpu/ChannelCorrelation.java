package org.gconv4j.backend.cpu;

import static org.gconv4j.backend.cpu.VectorKernels.CB;
import static org.gconv4j.backend.cpu.VectorKernels.ROWS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.exec.CpuExecutor;

/**
 * The channel path: the three passes as matrix products with the vector over channels instead of
 * output positions, for geometries whose planes are too small for {@link CpuCorrelation}'s
 * extended positions (a 4×4 output plane in a 6-wide row computes 48 positions for 16; a 1×1
 * output, 48 for 1).
 *
 * <p>A "row" is one (image, position) pair: its base offset into the source and its destination.
 * Rows of all images are listed together, so a tile of {@link VectorKernels#ROWS} rows may span
 * images and no position is computed that is not an output. Channels come in blocks of {@link
 * VectorKernels#CB} (3 vectors), zero-padded.
 *
 * <ul>
 *   <li>Forward: tile[row][output channel] = Σ over (input channel, tap) entries of the packed
 *       weight row (a vector over output channels) times the row's input value (a broadcast); the
 *       input in the forward {@link CorrelationPlan}'s layout, read in place when it is the source's own.
 *   <li>Input gradient: tile[row][input channel] = Σ over the (output channel, tap) entries that
 *       reach the row's input position: rows are grouped by the taps that reach them (border
 *       positions are reached by fewer, a 1×1 output's 4×4 input positions by one each), so no zero
 *       padding is multiplied; the output gradient is read in place.
 *   <li>Weight gradient: per tile of 8 (input channel, tap) entries, Σ over the forward's rows of the
 *       output gradient transposed to [row][output channel] (vectors) times the row's input value.
 * </ul>
 *
 * Each output is written by one task and summed in a fixed order: bit-identical for any thread count.
 * Not thread-safe (the workspaces are the handle's).
 */
final class ChannelCorrelation {
  private static final ThreadLocal<float[]> ACCUMULATORS = ThreadLocal.withInitial(() -> new float[0]);
  /** The weight gradient's rows run in chunks of this many floats of output gradient (24 KB: within L1). */
  static final int ROW_CHUNK_FLOATS = 6144;
  /** The forward and input gradient run their entries in chunks of this many floats of packed weights (24 KB). */
  static final int K_CHUNK_FLOATS = 6144;
  /** ... over groups of this many tiles of rows. */
  static final int GROUP_TILES = 8;

  private final ConvGeometry g;
  private final CpuExecutor executor;
  private final CorrelationPlan plan;
  private final Rows forward;
  /** The forward's product: the same rows, ordered so that most tiles are runs (see {@link Rows#forwardRuns}). */
  private final Rows forwardRuns;
  /** The source of the forward rows: the input itself, or every image in the plan's layout. */
  private final boolean inPlace;
  private final int imageLength;
  private float[] buffer;
  private Rows input;
  private float[] forwardPacked;
  private float[] inputPacked;
  /** The output gradient as [block][row][CB]; lanes past the channel count stay zero. */
  private float[] gradientRows;
  /** The 8-row tiles (32 registers), or two 4-row halves (16). */
  private final boolean wide;

  ChannelCorrelation(ConvGeometry g, CorrelationPlan forwardPlan, CpuExecutor executor, boolean wide) {
    this.g = g;
    this.wide = wide;
    this.executor = executor;
    this.plan = forwardPlan;
    this.inPlace = forwardPlan.sourceIsBuffer();
    this.imageLength = inPlace ? forwardPlan.channels * forwardPlan.srcPlane() : forwardPlan.imageLength(forwardPlan.channels);
    this.forward = Rows.forward(forwardPlan, g.batch(), g.outChannels(), imageLength);
    this.forwardRuns = Rows.forwardRuns(forward, forwardPlan.out[2]);
  }

  /** Tiles of the forward's product and of the input gradient's that are runs ({@link VectorKernels#runTile}), of all. */
  String runTiles() {
    if (input == null) {
      input = Rows.inputGradient(g);
    }
    return "forward " + forwardRuns.runCount() + "/" + forwardRuns.kind.length + ", input gradient " + input.runCount() + "/"
        + input.kind.length;
  }

  /** Lane efficiency of a block of channels: c / (CB · ⌈c / CB⌉). */
  static double channelEfficiency(int channels) {
    return (double) channels / (CB * ((channels + CB - 1) / CB));
  }

  void forward(float[] x, float[] w, float[] y) {
    forwardPacked = pack(w, g.outChannels(), g.inChannels(), plan.taps, false, forwardPacked);
    forwardRuns.run(source(x), forwardPacked, y, executor, wide);
  }

  void backwardInput(float[] gradY, float[] w, float[] gradX) {
    if (input == null) {
      input = Rows.inputGradient(g);
    }
    inputPacked = pack(w, g.outChannels(), g.inChannels(), plan.taps, true, inputPacked);
    input.run(gradY, inputPacked, gradX, executor, wide);
  }

  void backwardWeights(float[] x, float[] gradY, float[] gradW) {
    Rows f = forward;
    int outC = g.outChannels();
    int blocks = (outC + CB - 1) / CB;
    int rows = f.count;
    if (gradientRows == null) {
      gradientRows = new float[blocks * rows * CB];
    }
    float[] gyt = gradientRows;
    int plane = f.destPlane;
    int chunks = Math.max(1, Math.min(rows, 4 * executor.threads()));
    int perChunk = (rows + chunks - 1) / chunks;
    executor.run(chunks, (long) rows * outC, chunk -> {
      int r1 = Math.min(rows, (chunk + 1) * perChunk);
      for (int b = 0; b < blocks; b++) {
        int o0 = b * CB;
        int oc = Math.min(CB, outC - o0);
        for (int r = chunk * perChunk; r < r1; r++) {
          int d = f.dest[r] + o0 * plane;
          int t = (b * rows + r) * CB;
          for (int o = 0; o < oc; o++) {
            gyt[t + o] = gradY[d + o * plane];
          }
        }
      }
    });
    float[] src = source(x);
    int taps = plan.taps;
    int entries = g.inChannels() * taps;
    int entryTiles = (entries + ROWS - 1) / ROWS;
    int[] offs = f.weightOffs;
    int inC = g.inChannels();
    // a task: one block of output channels × a group of entry tiles, over the rows in chunks that stay in L1 while
    // every tile of the group runs over them (the tiles keep their sums between chunks: same order, same bits)
    int groups = Math.min(entryTiles, Math.max(1, (4 * executor.threads() + blocks - 1) / blocks));
    int perGroup = (entryTiles + groups - 1) / groups;
    int groupCount = (entryTiles + perGroup - 1) / perGroup;
    int chunkRows = Math.max(ROWS, ROW_CHUNK_FLOATS / CB);
    boolean wide = this.wide;
    executor.run(blocks * groupCount, (long) rows * entries * outC, task -> {
      int b = task / groupCount;
      int t0 = (task % groupCount) * perGroup;
      int t1 = Math.min(entryTiles, t0 + perGroup);
      int tileLength = ROWS * CB;
      float[] acc = accumulators((t1 - t0) * tileLength);
      for (int r0 = 0; r0 < rows; r0 += chunkRows) {
        int rc = Math.min(chunkRows, rows - r0);
        int gBase = (b * rows + r0) * CB;
        for (int t = t0; t < t1; t++) {
          int k0 = t * ROWS;
          int tBase = (t - t0) * tileLength;
          if (wide) {
            VectorKernels.weightRows(gyt, gBase, rc, src, f.base, r0, offs, k0, acc, tBase);
          } else {
            VectorKernels.weightRowsHalf(gyt, gBase, rc, src, f.base, r0, offs, k0, 0, acc, tBase);
            if (entries - k0 > ROWS / 2) {
              VectorKernels.weightRowsHalf(gyt, gBase, rc, src, f.base, r0, offs, k0, ROWS / 2, acc, tBase);
            }
          }
        }
      }
      int o0 = b * CB;
      int oc = Math.min(CB, outC - o0);
      for (int t = t0; t < t1; t++) {
        int k0 = t * ROWS;
        int kc = Math.min(ROWS, entries - k0);
        int tBase = (t - t0) * tileLength;
        for (int j = 0; j < kc; j++) {
          int k = k0 + j;
          int c = k / taps;
          int tap = k - c * taps;
          for (int o = 0; o < oc; o++) {
            gradW[((o0 + o) * inC + c) * taps + tap] = acc[tBase + j * CB + o];
          }
        }
      }
    });
  }

  /** This thread's weight-gradient accumulators: {@code length} zeros. */
  private static float[] accumulators(int length) {
    float[] a = ACCUMULATORS.get();
    if (a.length < length) {
      a = new float[length];
      ACCUMULATORS.set(a);
    } else {
      Arrays.fill(a, 0, length, 0f);
    }
    return a;
  }

  /** The input itself, or every image written into the (zero-initialised, once) buffer. */
  private float[] source(float[] x) {
    if (inPlace) {
      return x;
    }
    int batch = g.batch();
    if (buffer == null) {
      buffer = new float[batch * imageLength];
    }
    float[] buf = buffer;
    int c = plan.channels;
    int srcImage = c * plan.srcPlane();
    executor.run(batch, (long) batch * srcImage, n -> plan.fill(x, n * srcImage, 0, c, buf, n * imageLength));
    return buf;
  }

  /**
   * Packs w [outC, inC, taps] into [block of CB lanes][row][CB]: rows (input channel, tap) with lanes over
   * output channels, or with {@code transpose} rows (output channel, tap) with lanes over input channels.
   */
  private static float[] pack(float[] w, int outC, int inC, int taps, boolean transpose, float[] packed) {
    int lanes = transpose ? inC : outC;
    int rows = (transpose ? outC : inC) * taps;
    float[] p = packed != null ? packed : new float[(lanes + CB - 1) / CB * rows * CB];
    for (int o = 0; o < outC; o++) {
      for (int c = 0; c < inC; c++) {
        int src = (o * inC + c) * taps;
        int lane = transpose ? c : o;
        int row = (transpose ? o : c) * taps;
        int dst = ((lane / CB) * rows + row) * CB + lane % CB;
        for (int t = 0; t < taps; t++) {
          p[dst + t * CB] = w[src + t];
        }
      }
    }
    return p;
  }

  /**
   * Rows of one product and their entries: row r reads src[base[r] + offs[k]] for the entries k of its tile
   * ([tileFrom[t], tileTo[t]) for tile t = r / ROWS) against packed weight row wRows[k], and writes channel c of
   * its result to dest[r] + c · destPlane (rows with dest −1 pad a tile and are dropped).
   */
  private static final class Rows {
    static final byte GENERAL = 0;
    static final byte RUN = 1;
    final int channels;
    final int destPlane;
    /** Rows that are not padding (the forward lists them first, in order). */
    final int count;
    final int[] base;
    final int[] dest;
    final int[] offs;
    final int[] wRows;
    final int[] tileFrom;
    final int[] tileTo;
    /** The forward's entries padded to a multiple of ROWS with 0 (weight-gradient tiles read them; dropped). */
    final int[] weightOffs;
    /** Lane multiply-adds per block of channels (to run small products on the calling thread). */
    final long laneMacs;
    /**
     * Per tile: {@link #RUN} when its ROWS rows read consecutive source elements (8 positions of one output row, or of
     * the interior of an input-gradient row), else {@link #GENERAL}.
     */
    final byte[] kind;

    private Rows(int channels, int destPlane, int count, int[] base, int[] dest, int[] offs, int[] wRows, int[] tileFrom,
        int[] tileTo) {
      this.channels = channels;
      this.destPlane = destPlane;
      this.count = count;
      this.base = base;
      this.dest = dest;
      this.offs = offs;
      this.wRows = wRows;
      this.tileFrom = tileFrom;
      this.tileTo = tileTo;
      this.weightOffs = Arrays.copyOf(offs, (offs.length + ROWS - 1) / ROWS * ROWS);
      long macs = 0;
      for (int t = 0; t < tileFrom.length; t++) {
        macs += (long) (tileTo[t] - tileFrom[t]) * ROWS * CB;
      }
      this.laneMacs = macs;
      kind = new byte[tileFrom.length];
      for (int t = 0; t < kind.length; t++) {
        int r0 = t * ROWS;
        boolean run = dest[r0] >= 0;
        for (int r = 1; r < ROWS; r++) {
          run &= dest[r0 + r] >= 0 && base[r0 + r] == base[r0] + r;
        }
        kind[t] = run ? RUN : GENERAL;
      }
    }

    /** The forward: every output position of every image, all (input channel, tap) entries. */
    static Rows forward(CorrelationPlan plan, int batch, int outChannels, int imageLength) {
      int[] out = plan.out;
      int plane = plan.outPlane();
      int count = batch * plane;
      int tiles = (count + ROWS - 1) / ROWS;
      int[] base = new int[tiles * ROWS];
      int[] dest = new int[tiles * ROWS];
      Arrays.fill(dest, -1);
      int r = 0;
      for (int n = 0; n < batch; n++) {
        for (int od = 0; od < out[0]; od++) {
          for (int oh = 0; oh < out[1]; oh++) {
            for (int ow = 0; ow < out[2]; ow++) {
              base[r] = n * imageLength + od * plan.rowQ + oh * plan.q[2] + ow;
              dest[r] = n * outChannels * plane + (od * out[1] + oh) * out[2] + ow;
              r++;
            }
          }
        }
      }
      for (; r < base.length; r++) {
        base[r] = base[0];
      }
      int entries = plan.channels * plan.taps;
      int[] offs = new int[entries];
      int[] wRows = new int[entries];
      for (int c = 0; c < plan.channels; c++) {
        for (int t = 0; t < plan.taps; t++) {
          int k = c * plan.taps + t;
          offs[k] = c * plan.chStride + plan.tapOff[t];
          wRows[k] = k * CB;
        }
      }
      int[] from = new int[tiles];
      int[] to = new int[tiles];
      Arrays.fill(to, entries);
      return new Rows(outChannels, plane, count, base, dest, offs, wRows, from, to);
    }

    int runCount() {
      int n = 0;
      for (byte k : kind) {
        n += k == RUN ? 1 : 0;
      }
      return n;
    }

    /**
     * The forward's rows reordered for its product: per output row, its whole runs of ROWS positions (one tile each),
     * the rest gathered ROWS at a time into tiles of their own as they come (an output row of 10: a run of 8 and 2 left
     * over, 4 rows' leftovers one tile), so the runs' kernel ({@link VectorKernels#runTile}) covers 8 of 10 positions
     * where the list in order has a run in 2 tiles of 5. Each output sums the same entries in the same order: the same bits.
     */
    static Rows forwardRuns(Rows f, int width) {
      int[] base = new int[f.base.length];
      int[] dest = new int[f.base.length];
      Arrays.fill(dest, -1);
      int[] restBase = new int[ROWS];
      int[] restDest = new int[ROWS];
      int rest = 0;
      int at = 0;
      int whole = width / ROWS * ROWS;
      for (int r = 0; r < f.count; r++) {
        if (r % width < whole) {
          base[at] = f.base[r];
          dest[at++] = f.dest[r];
        } else {
          restBase[rest] = f.base[r];
          restDest[rest++] = f.dest[r];
          if (rest == ROWS) {
            System.arraycopy(restBase, 0, base, at, ROWS);
            System.arraycopy(restDest, 0, dest, at, ROWS);
            at += ROWS;
            rest = 0;
          }
        }
      }
      System.arraycopy(restBase, 0, base, at, rest);
      System.arraycopy(restDest, 0, dest, at, rest);
      at += rest;
      for (int r = at; r < base.length; r++) {
        base[r] = base[at / ROWS * ROWS]; // padding rows read their tile's first row, dropped
      }
      return new Rows(f.channels, f.destPlane, f.count, base, dest, f.offs, f.wRows, f.tileFrom, f.tileTo);
    }

    /**
     * The input gradient: every input position of every image, grouped by the set of taps through which
     * some output reaches it (per axis: tap k reaches input i from output (i + pad − k) / stride when that
     * is a whole number inside the output); a group's entries are (output channel, reaching tap).
     */
    static Rows inputGradient(ConvGeometry g) {
      boolean is3d = g.dims() == 3;
      int[] in = axes3(g.inSize(), is3d);
      int[] out = axes3(g.outSize(), is3d);
      int[] k = new int[3];
      int[] pad = new int[3];
      int[] s = new int[3];
      for (int a = 0; a < 3; a++) {
        boolean real = a > 0 || is3d;
        k[a] = real ? g.kernelSize() : 1;
        pad[a] = real ? g.padding() : 0;
        s[a] = real ? g.stride() : 1;
      }
      // per axis and coordinate: the reaching taps (a bit set) and the output reached through the lowest one
      long[][] mask = new long[3][];
      int[][] first = new int[3][];
      for (int a = 0; a < 3; a++) {
        mask[a] = new long[in[a]];
        first[a] = new int[in[a]];
        for (int i = 0; i < in[a]; i++) {
          first[a][i] = -1;
          for (int kk = k[a] - 1; kk >= 0; kk--) {
            int num = i + pad[a] - kk;
            if (num >= 0 && num % s[a] == 0 && num / s[a] < out[a]) {
              mask[a][i] |= 1L << kk;
              first[a][i] = num / s[a]; // ends at the lowest reaching tap
            }
          }
        }
      }
      int outC = g.outChannels();
      int outPlane = out[0] * out[1] * out[2];
      int inPlane = in[0] * in[1] * in[2];
      int taps = k[0] * k[1] * k[2];
      // group input positions by their three masks, in order of first appearance
      Map<List<Long>, List<Integer>> groups = new LinkedHashMap<>();
      for (int z = 0; z < in[0]; z++) {
        for (int y = 0; y < in[1]; y++) {
          for (int x = 0; x < in[2]; x++) {
            groups.computeIfAbsent(List.of(mask[0][z], mask[1][y], mask[2][x]), key -> new ArrayList<>())
                .add((z * in[1] + y) * in[2] + x);
          }
        }
      }
      int batch = g.batch();
      int tiles = 0;
      int entries = 0;
      for (Map.Entry<List<Long>, List<Integer>> e : groups.entrySet()) {
        tiles += (batch * e.getValue().size() + ROWS - 1) / ROWS;
        entries += outC * Long.bitCount(e.getKey().get(0)) * Long.bitCount(e.getKey().get(1)) * Long.bitCount(e.getKey().get(2));
      }
      int[] base = new int[tiles * ROWS];
      int[] dest = new int[tiles * ROWS];
      int[] offs = new int[entries];
      int[] wRows = new int[entries];
      int[] from = new int[tiles];
      int[] to = new int[tiles];
      int r = 0;
      int kk = 0;
      int t = 0;
      int[] outStride = {out[1] * out[2], out[2], 1};
      for (Map.Entry<List<Long>, List<Integer>> e : groups.entrySet()) {
        long[] m = {e.getKey().get(0), e.getKey().get(1), e.getKey().get(2)};
        int k0 = kk;
        for (int oc = 0; oc < outC; oc++) {
          for (int kd = 0; kd < k[0]; kd++) {
            for (int kh = 0; kh < k[1]; kh++) {
              for (int kw = 0; kw < k[2]; kw++) {
                if ((m[0] >> kd & 1) == 0 || (m[1] >> kh & 1) == 0 || (m[2] >> kw & 1) == 0) {
                  continue;
                }
                int[] kt = {kd, kh, kw};
                int off = oc * outPlane;
                for (int a = 0; a < 3; a++) {
                  off -= (kt[a] - Long.numberOfTrailingZeros(m[a])) / s[a] * outStride[a];
                }
                offs[kk] = off;
                wRows[kk] = (oc * taps + (kd * k[1] + kh) * k[2] + kw) * CB;
                kk++;
              }
            }
          }
        }
        int r0 = r;
        for (int n = 0; n < batch; n++) {
          for (int pos : e.getValue()) {
            int z = pos / (in[1] * in[2]);
            int y = pos / in[2] % in[1];
            int x = pos % in[2];
            int o = m[0] == 0 || m[1] == 0 || m[2] == 0 ? 0
                : (first[0][z] * out[1] + first[1][y]) * out[2] + first[2][x];
            base[r] = n * outC * outPlane + o;
            dest[r] = n * g.inChannels() * inPlane + pos;
            r++;
          }
        }
        int end = (r + ROWS - 1) / ROWS * ROWS;
        for (; r < end; r++) {
          base[r] = base[r0];
          dest[r] = -1;
        }
        for (; t < end / ROWS; t++) {
          from[t] = k0;
          to[t] = kk;
        }
      }
      return new Rows(g.inChannels(), inPlane, batch * inPlane, base, dest, offs, wRows, from, to);
    }

    private static int[] axes3(int[] sizes, boolean is3d) {
      return is3d ? sizes : new int[] {1, sizes[0], sizes[1]};
    }

    /** dst[row, channel] = the product of every row with the packed weights, per block of CB channels. */
    void run(float[] src, float[] packed, float[] dst, CpuExecutor executor, boolean wide) {
      int blocks = (channels + CB - 1) / CB;
      int tiles = tileFrom.length;
      int chunks = Math.min(tiles, Math.max(1, 4 * executor.threads()));
      int perChunk = (tiles + chunks - 1) / chunks;
      int chunkCount = (tiles + perChunk - 1) / perChunk;
      int blockLength = packed.length / blocks;
      int kChunk = Math.max(ROWS, K_CHUNK_FLOATS / CB);
      int tileLength = ROWS * CB;
      executor.run(blocks * chunkCount, laneMacs * blocks, task -> {
        int b = task / chunkCount;
        int t0 = (task % chunkCount) * perChunk;
        int t1 = Math.min(tiles, t0 + perChunk);
        int o0 = b * CB;
        int oc = Math.min(CB, channels - o0);
        int wBase = b * blockLength;
        float[] acc = accumulators(GROUP_TILES * tileLength);
        // groups of tiles run chunk by chunk of entries, so a chunk's packed weights stay in L1 across the group
        for (int g0 = t0; g0 < t1; g0 += GROUP_TILES) {
          int g1 = Math.min(t1, g0 + GROUP_TILES);
          int kLo = Integer.MAX_VALUE;
          int kHi = 0;
          for (int t = g0; t < g1; t++) {
            kLo = Math.min(kLo, tileFrom[t]);
            kHi = Math.max(kHi, tileTo[t]);
          }
          if (g0 > t0) {
            Arrays.fill(acc, 0, (g1 - g0) * tileLength, 0f);
          }
          for (int kc = kLo; kc < kHi; kc += kChunk) {
            int kcEnd = Math.min(kHi, kc + kChunk);
            for (int t = g0; t < g1; t++) {
              int from = Math.max(tileFrom[t], kc);
              int to = Math.min(tileTo[t], kcEnd);
              if (from >= to) {
                continue;
              }
              int r0 = t * ROWS;
              int tBase = (t - g0) * tileLength;
              if (wide && kind[t] == RUN) {
                // (16 registers: the general halves; runTile's halves measured 0-20 % slower with AVX2 code)
                VectorKernels.runTile(src, base[r0], offs, wRows, from, to, packed, wBase, acc, tBase);
              } else if (wide) {
                VectorKernels.rowTile(src, base, r0, offs, wRows, from, to, packed, wBase, acc, tBase);
              } else {
                VectorKernels.rowTileHalf(src, base, r0, 0, offs, wRows, from, to, packed, wBase, acc, tBase);
                if (dest[r0 + ROWS / 2] >= 0) {
                  VectorKernels.rowTileHalf(src, base, r0, ROWS / 2, offs, wRows, from, to, packed, wBase, acc, tBase);
                }
              }
            }
          }
          for (int t = g0; t < g1; t++) {
            int r0 = t * ROWS;
            int tBase = (t - g0) * tileLength;
            for (int r = 0; r < ROWS; r++) {
              int d0 = dest[r0 + r];
              if (d0 < 0) {
                continue;
              }
              int d = d0 + o0 * destPlane;
              int tr = tBase + r * CB;
              for (int o = 0; o < oc; o++) {
                dst[d + o * destPlane] = acc[tr + o];
              }
            }
          }
        }
      });
    }
  }
}
