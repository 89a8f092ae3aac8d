package org.gconv4j.backend.cpu;

import static org.gconv4j.backend.cpu.VectorKernels.SPECIES;
import static org.gconv4j.backend.cpu.VectorKernels.VL;

import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.exec.CpuExecutor;
import org.gconv4j.internal.Checks;

/**
 * A 3×3×3 (3D) or 3×3 (2D), stride-1 correlation by Winograd's minimal filtering F(m, 3) along each axis (Lavin &amp;
 * Gray, "Fast Algorithms for Convolutional Neural Networks", 2016), m = 2 or 4 outputs per tile and axis: F(2×2×2,
 * 3×3×3) does 64 multiplies per 8 outputs and channel pair where the direct correlation does 216, F(2×2, 3×3) 16 per
 * 4 (36), F(4×4, 3×3) 36 per 16 (144). The steps below are written for 3D; a 2D layer is one depth slice (depth 1,
 * no padding along it, no transform along it).
 *
 * <ol>
 *   <li>Filters: U[pos][ic][oc] = G g Gᵀ along each axis (G (m + 2)×3), once per call.
 *   <li>Input: each image copied once into a zero-padded, channels-last buffer whose size is the tile grid's
 *       (m·tiles + 2 per axis); each (m + 2)³ tile (stride m) transformed V[pos][tile][ic] = Bᵀ d B along each axis,
 *       vectors along input channels.
 *   <li>(m + 2)³ independent products M[pos] = V[pos] (tiles × ic) · U[pos] (ic × oc), a register tile of 8 (4 on
 *       16-register files) tiles × 3 vectors of output channels.
 *   <li>Output: Y = Aᵀ M A along each axis (Aᵀ m×(m + 2)), the outputs past the layer's edge dropped, written 8
 *       channels at a time.
 * </ol>
 *
 * Work items are chunks of {@link #CHUNK} consecutive tiles (image, depth, row, column order), so the transformed
 * tiles of a chunk stay in L2 between the three steps ({@link #run}: two chunks where the transformed filters pass 1
 * MB, see {@link #runTiles}). Each output is computed by one work item, summing over input
 * channels in order: the bits do not depend on the thread count. The input gradient of a stride-1 layer is the same
 * correlation of the output gradient padded by 2 − padding with the flipped, transposed filters ({@code flip}), or
 * (2D, 4×4 tiles) the forward transposed on the forward's own tiles ({@link #runInput}).
 *
 * <p>Not thread-safe (the filter and input buffers are a workspace); the per-chunk scratch is per thread.
 */
final class WinogradCorrelation {
  /** {@code -Dgconv4j.cpu.winograd=false} turns the path off. */
  static final String PROPERTY = "gconv4j.cpu.winograd";
  /** Tiles per work item: a multiple of 8. */
  static final int CHUNK = 32;
  /** Vectors of output channels per register tile. */
  private static final int CV = 3;
  private static final int CB = CV * VL;
  /**
   * Floats between the blocks of two transformed positions: the transforms read and write one vector per position, and
   * blocks a multiple of 4 KB apart would fall into two L1 sets.
   */
  private static final int SKEW = 16;
  /** Input channels are padded to whole vectors and to whole weight-gradient register tiles (8 rows). */
  private static final int ROUND = Math.max(VL, 8);
  /** Weight gradient: the tiles are summed in this many fixed slabs (whatever the thread count), then the slabs in order. */
  private static final int SLABS = 4;
  /** The register tiles' start when they do not add to m. */
  private static final float[] ZERO = new float[VL];
  /** Vectors of transform scratch per thread (the 3D 4³ tiles' input transform needs the most). */
  private static final int TMP = 432;
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[6][0]);
  /** Transformed filters above this many bytes make {@link #run}'s work items 2 chunks long. */
  private static final long RUN_PAIR_BYTES = 1L << 20;
  /** Output channels written together (see {@link #chunk}). */
  private static final int LANE_GROUP = 8;

  private final CpuExecutor executor;
  /** 2 or 3: the axes the transforms run along (a 2D layer is held as depth 1). */
  private final int dims;
  /** Filter taps: 3^dims. */
  private final int taps;
  /** Zero padding along depth: the layer's for 3D, none for 2D. */
  private final int padD;
  /** Output tile per axis: 2 (F(2, 3) per axis) or 4 (F(4, 3); in 3D the weight gradient runs on 2 only). */
  private final int m;
  /** Transformed positions per tile: (m + 2)^dims. */
  private final int positions;
  /**
   * Tiles per work item: 8 for 3D m = 4 (the 216 positions' blocks stay in L2), else {@link #CHUNK} (2D m = 4: each
   * position's filters, streamed from L3, then serve 4 register tiles of rows, not 2: CIFAR 32²'s products 24-25 ms
   * against 28-30 on 16 tiles).
   */
  private final int chunkTiles;
  /**
   * Tiles per work item of {@link #run}: 2 chunks in 2D where the transformed filters pass 1 MB, which each work item
   * streams from L3 once (CIFAR's 128 → 128: 2.4 MB), if every thread still gets an item; else one chunk. Any split
   * gives the same bits (each output is one item's). The gradients' items, and the work-item count that decides
   * whether the path pays, stay in chunks.
   */
  private final int runTiles;
  private final int runItems;
  private final boolean wide;
  /** Rows of a register tile: 8 ({@link #gemm8}) on 32-register files, 4 ({@link #gemm4}) on 16. */
  private final int tileRows;
  private final boolean flip;
  private final int batch;
  private final int cin;
  private final int cout;
  /** Input channels rounded up to whole vectors; output channels to whole register tiles (CB). */
  private final int icP;
  private final int ocP;
  private final int[] in;
  private final int[] out;
  private final int pad;
  private final int tD;
  private final int tH;
  private final int tW;
  private final int pD;
  private final int pH;
  private final int pW;
  private final int tilesPerImage;
  private final int tiles;
  private final int chunks;
  /** U [positions][cin][ocP], zero past the last output channel. */
  private final float[] u;
  /** Weight gradient only (made on its first call): the output gradient channels-last on the tile grid, zero past
   * its edges, [batch][m·tD][m·tH][m·tW][ocP] (depth 1 in 2D); the slabs' dU [SLABS][positions][icP][ocP]; lane l: l
   * channels further in gy. */
  private float[] gyt;
  private float[] partial;
  private Lanes outputs;
  /**
   * Input gradient on the forward's tiles only (made on its first call): Uᵀ [positions][cout][icB] (input channels
   * rounded up to whole register tiles, zero past the last one).
   */
  private float[] ut;
  private int icB;
  /** Input gradient on the forward's tiles: whole images per work item, so each sums its overlapping tiles in order. */
  private int imagesPerItem;
  /** Lane l: l filters further in w. */
  private final Lanes filters;
  /** Lane l: l input channels further in x. */
  private final Lanes channels;
  /** The padded channels-last input [batch][pD][pH][pW][icP]; its padding is never written, so stays zero. */
  private final float[] xt;

  /** Whether this path may serve a pass of {@code g}: 2D or 3D, 3 taps per axis, stride 1 and the property not false. */
  static boolean applies(ConvGeometry g) {
    return enabled() && g.kernelSize() == 3 && g.stride() == 1;
  }

  static boolean enabled() {
    return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim());
  }

  /**
   * Direct multiply-adds that meet the input (not the zero padding) per Winograd multiply, per channel pair: how much
   * work the transform saves on this correlation (O's 12³ layer: 3.4 forward, 2.0 input gradient; a 2³ output's
   * input gradient, mostly padding: 0.4).
   */
  double savings() {
    long live = 1;
    for (int a = 0; a < 3; a++) {
      int count = 0;
      int k1 = a == 0 && dims == 2 ? 1 : 3;
      int p = a == 0 ? padD : pad;
      for (int o = 0; o < out[a]; o++) {
        for (int k = 0; k < k1; k++) {
          int i = o + k - p;
          count += i >= 0 && i < in[a] ? 1 : 0;
        }
      }
      live *= count;
    }
    return (double) live / ((double) positions * tilesPerImage);
  }

  /** Bytes of one slab's dU (positions × icP × ocP floats), which the weight gradient reads and writes once per chunk. */
  long slabBytes() {
    return (long) positions * icP * ocP * 4;
  }

  /** Work items (chunks of {@link #CHUNK} tiles). */
  int chunks() {
    return chunks;
  }

  /** Work items of {@link #run} (one or two chunks each). */
  int runItems() {
    return runItems;
  }

  /** The forward correlation of {@code g} on 2-output tiles. */
  static WinogradCorrelation forward(ConvGeometry g, CpuExecutor executor, boolean wide) {
    return forward(g, 2, executor, wide);
  }

  /** The forward correlation of {@code g} on output tiles of {@code tile} (2 or 4) per axis. */
  static WinogradCorrelation forward(ConvGeometry g, int tile, CpuExecutor executor, boolean wide) {
    return new WinogradCorrelation(g.dims(), g.batch(), g.inChannels(), g.outChannels(), g.inSize(), g.padding(), false, tile, executor, wide);
  }

  /** The input gradient of {@code g} (padding at most 2): the output gradient correlated with the flipped filters. */
  static WinogradCorrelation backwardInput(ConvGeometry g, CpuExecutor executor, boolean wide) {
    return backwardInput(g, 2, executor, wide);
  }

  /** {@link #backwardInput} with output tiles of {@code tile} (2 or 4) per axis. */
  static WinogradCorrelation backwardInput(ConvGeometry g, int tile, CpuExecutor executor, boolean wide) {
    return new WinogradCorrelation(g.dims(), g.batch(), g.outChannels(), g.inChannels(), g.outSize(), 2 - g.padding(), true, tile, executor, wide);
  }

  /** Whether the input gradient of {@code g} fills whole 4³ tiles (every axis of the layer's input a multiple of 4). */
  static boolean wholeTiles4(ConvGeometry g) {
    int[] size = g.inSize();
    return g.dims() == 3 && size[0] % 4 == 0 && size[1] % 4 == 0 && size[2] % 4 == 0;
  }

  /**
   * Whether the input gradient of the 2D layer {@code g} (padding at most 2) has fewer 4×4 tiles on the forward's grid
   * ({@link #runInput}: ⌈(size + 2·padding − 2) / 4⌉ per axis) than as the correlation of its output gradient padded
   * by 2 − padding ({@link #backwardInput}: ⌈size / 4⌉): a valid layer whose input size is 1 or 2 past a multiple of 4
   * (P4CNN's 26² and 10²). On as many tiles, the correlation ran faster (no overlapping tiles to add; P4CNN's 12²
   * 0.72 ms against 0.80, CIFAR's padded 16² 8.2-8.7 against 8.5-9.3, docs/notes/2026-12-07-winograd-2d.md).
   */
  static boolean inputFewerTilesOnForward(ConvGeometry g) {
    if (g.dims() != 2 || g.padding() > 2) {
      return false;
    }
    int[] size = g.inSize();
    int p = g.padding();
    long forward = (long) ((size[0] + 2 * p - 2 + 3) / 4) * ((size[1] + 2 * p - 2 + 3) / 4);
    long gradient = (long) ((size[0] + 3) / 4) * ((size[1] + 3) / 4);
    return forward < gradient;
  }

  /** Output tile per axis (2 or 4). */
  int tile() {
    return m;
  }

  /** 2 or 3. */
  int dims() {
    return dims;
  }

  private WinogradCorrelation(int dims, int batch, int cin, int cout, int[] in, int pad, boolean flip, int tile, CpuExecutor executor, boolean wide) {
    if (tile != 2 && tile != 4) {
      throw Checks.argument("WinogradCorrelation", "output tile must be 2 or 4; got " + tile);
    }
    if (dims != 2 && dims != 3 || in.length != dims) {
      throw Checks.argument("WinogradCorrelation", "2D or 3D sizes expected; got " + java.util.Arrays.toString(in));
    }
    this.dims = dims;
    this.taps = dims == 3 ? 27 : 9;
    this.padD = dims == 3 ? pad : 0;
    this.m = tile;
    int n = tile + 2;
    this.positions = dims == 3 ? n * n * n : n * n;
    this.chunkTiles = tile == 4 && dims == 3 ? 8 : CHUNK;
    this.executor = executor;
    this.wide = wide;
    this.tileRows = wide ? 8 : 4;
    this.flip = flip;
    this.batch = batch;
    this.cin = cin;
    this.cout = cout;
    this.icP = (cin + ROUND - 1) / ROUND * ROUND;
    this.ocP = (cout + CB - 1) / CB * CB;
    this.in = dims == 3 ? in.clone() : new int[] {1, in[0], in[1]};
    this.pad = pad;
    this.out = new int[3];
    for (int a = 0; a < 3; a++) {
      out[a] = a == 0 && dims == 2 ? 1 : this.in[a] + 2 * pad - 2;
    }
    tD = dims == 3 ? (out[0] + m - 1) / m : 1;
    tH = (out[1] + m - 1) / m;
    tW = (out[2] + m - 1) / m;
    pD = dims == 3 ? m * tD + 2 : 1;
    pH = m * tH + 2;
    pW = m * tW + 2;
    tilesPerImage = tD * tH * tW;
    tiles = batch * tilesPerImage;
    chunks = (tiles + chunkTiles - 1) / chunkTiles;
    boolean large = dims == 2 && (long) positions * cin * ocP * 4 > RUN_PAIR_BYTES;
    runTiles = large && tiles >= 2L * chunkTiles * executor.threads() ? 2 * chunkTiles : chunkTiles;
    runItems = (tiles + runTiles - 1) / runTiles;
    u = new float[positions * cin * ocP];
    xt = new float[batch * pD * pH * pW * icP];
    channels = new Lanes(cin, this.in[0] * this.in[1] * this.in[2]);
    filters = new Lanes(cout, flip ? taps : cin * taps);
  }

  /**
   * y = the correlation of x with w: w is [cout][cin][27] (or, with flip, [cin][cout][27] read flipped), x
   * [batch][cin][in³], y [batch][cout][out³].
   */
  void run(float[] x, float[] w, float[] y) {
    runTogether(cin, ic -> transformFilter(w, ic), batch * in[0], task -> copyIn(x, task / in[0], task % in[0]));
    executor.run(runItems, item -> chunk(item, y));
  }

  /**
   * first(i) for i &lt; n1 and second(j) for j &lt; n2, two independent steps, as one parallel loop: the threads meet once
   * less, and the filter transform (bound by its writes of U: 2.4 MB for 128 → 128 in 2D) overlaps the copies.
   */
  private void runTogether(int n1, IntConsumer first, int n2, IntConsumer second) {
    executor.run(n1 + n2, task -> {
      if (task < n1) {
        first.accept(task);
      } else {
        second.accept(task - n1);
      }
    });
  }

  /**
   * U[·][ic][·] = G g Gᵀ along each axis (G (m + 2) × 3: depth, height, width), for all output channels, VL at a time
   * (gathered across filters).
   */
  private void transformFilter(float[] w, int ic) {
    float[] s = scratch(2, TMP * VL); // taps [27] at 0, a [n][9] at 27, b [depth][n][3] at 27 + 9n
    float[] rows = scratch(5, positions * ocP); // U[·][ic][·], copied to u row by row at the end
    int n = m + 2;
    int depth = dims == 3 ? n : 1;
    int a0 = 27;
    int b0 = a0 + 9 * n;
    for (int oc0 = 0; oc0 < cout; oc0 += VL) {
      int base = flip ? (ic * cout + oc0) * taps : (oc0 * cin + ic) * taps;
      for (int t = 0; t < taps; t++) { // flipped for the input gradient
        filters.gather(w, base + (flip ? taps - 1 - t : t), oc0, s, t * VL);
      }
      if (dims == 3) {
        for (int j = 0; j < 9; j++) { // along depth: g[kd][j] -> a[d][j]
          gAxis(s, j * VL, 9 * VL, s, (a0 + j) * VL, 9 * VL);
        }
      }
      int src = dims == 3 ? a0 : 0;
      for (int d = 0; d < depth; d++) { // along height: -> b[d][h][k]
        for (int k = 0; k < 3; k++) {
          gAxis(s, (src + d * 9 + k) * VL, 3 * VL, s, (b0 + d * n * 3 + k) * VL, 3 * VL);
        }
      }
      for (int dh = 0; dh < depth * n; dh++) { // along width; lanes past the last channel are 0
        gAxis(s, (b0 + dh * 3) * VL, VL, rows, dh * n * ocP + oc0, ocP);
      }
    }
    // whole rows: U[pos] blocks are cin·ocP floats apart (73 KB for 128 → 128), and a vector per position and block
    // wrote 36 lines far apart; filter transform of CIFAR 8² 0.37-0.39 ms → 0.30-0.32 (two threads, caches cold)
    int written = (cout + VL - 1) / VL * VL; // channels past it stay 0 in u
    for (int pos = 0; pos < positions; pos++) {
      System.arraycopy(rows, pos * ocP, u, (pos * cin + ic) * ocP, written);
    }
  }


  /** Copies depth slice z of image n into the padded channels-last buffer, VL channels at a time (gathered). */
  private void copyIn(float[] x, int n, int z) {
    int plane = in[1] * in[2];
    for (int ic0 = 0; ic0 < cin; ic0 += VL) {
      int src = ((n * cin + ic0) * in[0] + z) * plane;
      for (int yy = 0; yy < in[1]; yy++) {
        int d = (((n * pD + z + padD) * pH + yy + pad) * pW + pad) * icP + ic0;
        int s = src + yy * in[2];
        for (int xx = 0; xx < in[2]; xx++) {
          channels.gather(x, s + xx, ic0, xt, d + xx * icP); // lanes past cin: 0
        }
      }
    }
  }

  /**
   * The weight gradient of the forward correlation (this must be a {@link #forward} one): dU[pos] = Σ_tiles V[pos]ᵀ
   * dM[pos] with dM = A dY Aᵀ along each axis, then gradW = Gᵀ dU G. The tiles are summed in {@link #SLABS} fixed
   * slabs, then the slabs in order: the same bits for any thread count.
   */
  void runWeights(float[] x, float[] gy, float[] gw) {
    if (flip || dims == 3 && m != 2) {
      throw Checks.state("WinogradCorrelation", "the weight gradient runs on a forward correlation (on 2³ tiles in 3D); this is " + (flip ? "an input gradient" : "on 4³ tiles"));
    }
    gradientBuffer();
    if (partial == null) {
      partial = new float[SLABS * positions * icP * ocP];
    }
    runTogether(batch * in[0], task -> copyIn(x, task / in[0], task % in[0]),
        batch * out[0], task -> copyGradient(gy, task / out[0], task % out[0]));
    int slabs = Math.min(SLABS, chunks);
    executor.run(slabs, slab -> weightSlab(slab, slabs));
    executor.run(cin, ic -> weightTransform(ic, slabs, gw));
  }

  private void gradientBuffer() {
    if (gyt == null) {
      gyt = new float[batch * gD() * m * tH * m * tW * ocP];
      outputs = new Lanes(cout, out[0] * out[1] * out[2]);
    }
  }

  /** Whether {@link #runInput} serves this correlation: a 2D forward one on 4×4 tiles. */
  boolean inputOnTiles() {
    return !flip && dims == 2 && m == 4;
  }

  /**
   * The input gradient of the forward correlation (2D, 4×4 tiles) on the forward's own tiles, the transpose of the
   * forward: per tile dM = A dY Aᵀ, dV[pos] = dM[pos] (tiles × oc) · U[pos]ᵀ (oc × ic), then the tile's 6×6 input
   * gradient B dV Bᵀ added at the tile's origin (tiles overlap by 2 rows and columns; what falls on the zero padding
   * or past the input is dropped). A valid layer's forward has fewer tiles than the correlation of its output
   * gradient padded by 2 ({@link #backwardInput}: 49 against 36 on a 26² input). A work item owns whole images and
   * adds their tiles in order: the same bits for any thread count.
   */
  void runInput(float[] gy, float[] w, float[] gx) {
    if (!inputOnTiles()) {
      throw Checks.state("WinogradCorrelation", "the input gradient on the forward's tiles runs on a 2D forward correlation on 4×4 tiles; this is " + (flip ? "an input gradient" : dims + "D on " + m + "-output tiles"));
    }
    gradientBuffer();
    if (ut == null) {
      icB = (cin + CB - 1) / CB * CB;
      ut = new float[positions * cout * icB];
      imagesPerItem = imagesPerItem();
    }
    runTogether(cin, ic -> transformFilter(w, ic), batch * out[0], task -> copyGradient(gy, task / out[0], task % out[0]));
    executor.run(positions, this::transposeFilter);
    executor.run((batch + imagesPerItem - 1) / imagesPerItem, item -> inputItem(item, gx));
  }

  /**
   * Images per work item of {@link #runInput}: at most 8 and a quarter of the batch (work for each thread), the fewest
   * whose tiles fill their chunks' 8-row register tiles best (the reference layer's 36 tiles per image: 2 images, 72
   * rows in 32 + 32 + 8, where one image takes 32 + 8 rows for 36 tiles; P4CNN's 10², 4 tiles: 8 images).
   */
  private int imagesPerItem() {
    int most = Math.max(1, Math.min(8, batch / 4));
    int best = 1;
    double bestWaste = Double.MAX_VALUE;
    for (int k = 1; k <= most; k++) {
      int t = k * tilesPerImage;
      int rows = t / chunkTiles * chunkTiles + (t % chunkTiles + 7) / 8 * 8;
      double waste = (double) rows / t;
      if (waste < bestWaste - 1e-9) {
        best = k;
        bestWaste = waste;
      }
    }
    return best;
  }

  /** Uᵀ[pos][oc][ic] = U[pos][ic][oc]. */
  private void transposeFilter(int pos) {
    for (int oc = 0; oc < cout; oc++) {
      int d = (pos * cout + oc) * icB;
      for (int ic = 0; ic < cin; ic++) {
        ut[d + ic] = u[(pos * cin + ic) * ocP + oc];
      }
    }
  }

  /** The input gradient of images n0 … n1 − 1: their tiles in order, in chunks, added up in a padded channels-last buffer. */
  private void inputItem(int item, float[] gx) {
    int n0 = item * imagesPerItem;
    int n1 = Math.min(batch, n0 + imagesPerItem);
    int image = pH * pW * icB;
    float[] acc = scratch(4, imagesPerItem * image);
    java.util.Arrays.fill(acc, 0, (n1 - n0) * image, 0f);
    int dvPos = chunkTiles * icB + SKEW;
    int mPos = chunkTiles * ocP + SKEW;
    float[] dv = scratch(0, positions * dvPos);
    float[] mm = scratch(1, positions * mPos);
    float[] tmp = scratch(2, TMP * VL);
    int last = n1 * tilesPerImage;
    for (int t0 = n0 * tilesPerImage; t0 < last; t0 += chunkTiles) {
      int count = Math.min(chunkTiles, last - t0);
      gradientTiles(t0, count, cout, tmp, mm, mPos); // the products read output channels 0 … cout − 1 only
      // rows past the last tile (up to a whole register tile) hold older tiles: their products are dropped
      int rows = (count + tileRows - 1) / tileRows * tileRows;
      for (int pos = 0; pos < positions; pos++) {
        int uBase = pos * cout * icB;
        for (int cb = 0; cb < icB; cb += CB) {
          for (int r = 0; r < rows; r += tileRows) {
            product(mm, pos * mPos + r * ocP, ocP, 1, cout, ut, uBase + cb, icB, dv, pos * dvPos + r * icB + cb, icB, false);
          }
        }
      }
      for (int r = 0; r < count; r++) {
        int rest = (t0 + r) % tilesPerImage;
        int a0 = ((t0 + r) / tilesPerImage - n0) * image + (rest / tW * m * pW + rest % tW * m) * icB;
        for (int c = 0; c < cin; c += VL) {
          for (int j = 0; j < 6; j++) { // along height: tmp[h·6 + j]
            b6(dv, r * icB + c + j * dvPos, 6 * dvPos, tmp, j * VL, 6 * VL, false);
          }
          for (int h = 0; h < 6; h++) { // along width, added to the tile's 6×6 cells
            b6(tmp, h * 6 * VL, VL, acc, a0 + h * pW * icB + c, icB, true);
          }
        }
      }
    }
    int plane = in[1] * in[2];
    for (int n = n0; n < n1; n++) {
      for (int c = 0; c < cin; c++) {
        int d = (n * cin + c) * plane;
        int s = (n - n0) * image + (pad * pW + pad) * icB + c;
        for (int yy = 0; yy < in[1]; yy++) {
          int sy = s + yy * pW * icB;
          int dy = d + yy * in[2];
          for (int xx = 0; xx < in[2]; xx++) {
            gx[dy + xx] = acc[sy + xx * icB];
          }
        }
      }
    }
  }

  /**
   * B (the transpose of Bᵀ, F(4, 3)) of the 6 vectors at src[s0 + k·ss] to dst[d0 + k·ds], or added to what is there
   * ({@code add}).
   */
  private static void b6(float[] src, int s0, int ss, float[] dst, int d0, int ds, boolean add) {
    FloatVector x0 = FloatVector.fromArray(SPECIES, src, s0);
    FloatVector x1 = FloatVector.fromArray(SPECIES, src, s0 + ss);
    FloatVector x2 = FloatVector.fromArray(SPECIES, src, s0 + 2 * ss);
    FloatVector x3 = FloatVector.fromArray(SPECIES, src, s0 + 3 * ss);
    FloatVector x4 = FloatVector.fromArray(SPECIES, src, s0 + 4 * ss);
    FloatVector x5 = FloatVector.fromArray(SPECIES, src, s0 + 5 * ss);
    FloatVector p = x1.sub(x2); // rows 1, 3: −4p − 2q + 4x5, p + 2q − 5x5
    FloatVector q = x3.sub(x4);
    FloatVector s = x1.add(x2); // rows 2, 4: −5x0 − 4s − t, x0 + s + t
    FloatVector t = x3.add(x4);
    float[] a = add ? dst : ZERO; // no merge of two vectors: JDK 17 C2 may box a vector phi
    FloatVector.fromArray(SPECIES, a, add ? d0 : 0).add(x0.mul(4f)).intoArray(dst, d0);
    FloatVector.fromArray(SPECIES, a, add ? d0 + ds : 0).add(x5.sub(p).mul(4f).sub(q.mul(2f))).intoArray(dst, d0 + ds);
    FloatVector.fromArray(SPECIES, a, add ? d0 + 2 * ds : 0).add(x0.mul(-5f).sub(s.mul(4f)).sub(t)).intoArray(dst, d0 + 2 * ds);
    FloatVector.fromArray(SPECIES, a, add ? d0 + 3 * ds : 0).add(q.mul(2f).add(p).sub(x5.mul(5f))).intoArray(dst, d0 + 3 * ds);
    FloatVector.fromArray(SPECIES, a, add ? d0 + 4 * ds : 0).add(x0.add(s).add(t)).intoArray(dst, d0 + 4 * ds);
    FloatVector.fromArray(SPECIES, a, add ? d0 + 5 * ds : 0).add(x5).intoArray(dst, d0 + 5 * ds);
  }

  /** Depth of the output-gradient grid: the tiles' outputs along depth (3D), 1 (2D). */
  private int gD() {
    return dims == 3 ? m * tD : 1;
  }

  /** Depth slice z of image n of the output gradient into the channels-last buffer on the tile grid. */
  private void copyGradient(float[] gy, int n, int z) {
    int plane = out[1] * out[2];
    int gH = m * tH;
    int gW = m * tW;
    for (int oc0 = 0; oc0 < cout; oc0 += VL) {
      int src = ((n * cout + oc0) * out[0] + z) * plane;
      for (int yy = 0; yy < out[1]; yy++) {
        int d = (((n * gD() + z) * gH + yy) * gW) * ocP + oc0;
        int s = src + yy * out[2];
        for (int xx = 0; xx < out[2]; xx++) {
          outputs.gather(gy, s + xx, oc0, gyt, d + xx * ocP);
        }
      }
    }
  }

  private void weightSlab(int slab, int slabs) {
    int c0 = slab * chunks / slabs;
    int c1 = (slab + 1) * chunks / slabs;
    int dStride = positions * icP * ocP;
    float[] acc = partial;
    int accBase = slab * dStride;
    int vPos = chunkTiles * icP + SKEW;
    int mPos = chunkTiles * ocP + SKEW;
    float[] v = scratch(0, positions * vPos);
    float[] mm = scratch(1, positions * mPos);
    float[] tmp = scratch(2, TMP * VL);
    for (int chunk = c0; chunk < c1; chunk++) {
      int t0 = chunk * chunkTiles;
      int count = Math.min(chunkTiles, tiles - t0);
      transformTiles(t0, count, tmp, v, vPos);
      gradientTiles(t0, count, ocP, tmp, mm, mPos);
      // the slab's first chunk writes its sums, the rest add to them: the register tiles cover every dU row and
      // column, so the slab needs no zeroing (0 + x is x: the same bits), and a 2.6 MB slab (CIFAR's 128 → 128) is not
      // written an extra time: the 8² weight gradient 2.5-2.7 → 2.1-2.2 ms on two threads
      boolean add = chunk != c0;
      for (int pos = 0; pos < positions; pos++) {
        int aBase = accBase + pos * icP * ocP;
        for (int cb = 0; cb < ocP; cb += CB) {
          for (int i = 0; i < icP; i += tileRows) {
            product(v, pos * vPos + i, 1, icP, count, mm, pos * mPos + cb, ocP, acc, aBase + i * ocP + cb, ocP, add);
          }
        }
      }
    }
  }

  /** Where tile t (image, depth, row, column order) starts on a per-image grid of d × h × w cells. */
  private int origin(int t, int d, int h, int w) {
    int n = t / tilesPerImage;
    int rest = t % tilesPerImage;
    return ((n * d + rest / (tH * tW) * m) * h + rest / tW % tH * m) * w + rest % tW * m;
  }

  /** V of tiles t0 … t0 + count − 1 into rows 0 … count − 1 of v (position pos at pos·vPos). */
  private void transformTiles(int t0, int count, float[] tmp, float[] v, int vPos) {
    for (int r = 0; r < count; r++) {
      int base = origin(t0 + r, pD, pH, pW) * icP;
      for (int c = 0; c < icP; c += VL) {
        if (dims == 2) {
          inputTile2d(base + c, tmp, v, r * icP + c, vPos);
        } else if (m == 4) {
          inputTile4(base + c, tmp, v, r * icP + c, vPos);
        } else {
          inputTile(base + c, tmp, v, r * icP + c, vPos);
        }
      }
    }
  }

  /** dM of tiles t0 … t0 + count − 1 into rows 0 … count − 1 of mm (position pos at pos·mPos), channels below {@code cols} (rounded up to whole vectors). */
  private void gradientTiles(int t0, int count, int cols, float[] tmp, float[] mm, int mPos) {
    int gH = m * tH;
    int gW = m * tW;
    for (int r = 0; r < count; r++) {
      int gBase = origin(t0 + r, gD(), gH, gW) * ocP;
      for (int c = 0; c < cols; c += VL) {
        if (dims == 2) {
          gradientTile2d(gyt, gBase + c, gW * ocP, ocP, tmp, mm, r * ocP + c, mPos);
        } else {
          gradientTile(gyt, gBase + c, gW * ocP, gH * gW * ocP, ocP, tmp, mm, r * ocP + c, mPos);
        }
      }
    }
  }

  /** dM[pos] at mBase + pos·mPos = A dY Aᵀ along each axis of the 2³ output-gradient tile at g[base] (one vector). */
  private static void gradientTile(float[] g, int base, int sy, int sz, int sx, float[] tmp, float[] m, int mBase, int mPos) {
    for (int h = 0; h < 2; h++) { // along width, then height: 4 → 16 per depth slice
      int b = base + h * sz;
      FloatVector d00 = FloatVector.fromArray(SPECIES, g, b);
      FloatVector d01 = FloatVector.fromArray(SPECIES, g, b + sx);
      FloatVector d10 = FloatVector.fromArray(SPECIES, g, b + sy);
      FloatVector d11 = FloatVector.fromArray(SPECIES, g, b + sy + sx);
      // rows i: (d0, d0 + d1, d0 − d1, −d1) along width
      FloatVector r01 = d00.add(d01);
      FloatVector r02 = d00.sub(d01);
      FloatVector r03 = d01.neg();
      FloatVector r11 = d10.add(d11);
      FloatVector r12 = d10.sub(d11);
      FloatVector r13 = d11.neg();
      int o = h * 16 * VL;
      d00.intoArray(tmp, o);
      r01.intoArray(tmp, o + VL);
      r02.intoArray(tmp, o + 2 * VL);
      r03.intoArray(tmp, o + 3 * VL);
      d00.add(d10).intoArray(tmp, o + 4 * VL);
      r01.add(r11).intoArray(tmp, o + 5 * VL);
      r02.add(r12).intoArray(tmp, o + 6 * VL);
      r03.add(r13).intoArray(tmp, o + 7 * VL);
      d00.sub(d10).intoArray(tmp, o + 8 * VL);
      r01.sub(r11).intoArray(tmp, o + 9 * VL);
      r02.sub(r12).intoArray(tmp, o + 10 * VL);
      r03.sub(r13).intoArray(tmp, o + 11 * VL);
      d10.neg().intoArray(tmp, o + 12 * VL);
      r11.neg().intoArray(tmp, o + 13 * VL);
      r12.neg().intoArray(tmp, o + 14 * VL);
      d11.intoArray(tmp, o + 15 * VL);
    }
    for (int bc = 0; bc < 16; bc++) { // along depth
      FloatVector t0 = FloatVector.fromArray(SPECIES, tmp, bc * VL);
      FloatVector t1 = FloatVector.fromArray(SPECIES, tmp, (16 + bc) * VL);
      t0.intoArray(m, mBase + bc * mPos);
      t0.add(t1).intoArray(m, mBase + (16 + bc) * mPos);
      t0.sub(t1).intoArray(m, mBase + (32 + bc) * mPos);
      t1.neg().intoArray(m, mBase + (48 + bc) * mPos);
    }
  }

  /**
   * gradW[·][ic][·] = Gᵀ (Σ_slabs dU) G along width, height (and depth), VL output channels at a time (scattered across
   * filters).
   */
  private void weightTransform(int ic, int slabs, float[] gw) {
    float[] s = scratch(2, TMP * VL); // dU [positions] at 0, [depth][n][3] at p, [depth][3][3] at q, [3][9] at r
    int n = m + 2;
    int depth = dims == 3 ? n : 1;
    int p = positions;
    int q = p + depth * n * 3;
    int r = q + depth * 9;
    int dStride = positions * icP * ocP;
    for (int oc0 = 0; oc0 < cout; oc0 += VL) {
      for (int pos = 0; pos < positions; pos++) {
        int a = (pos * icP + ic) * ocP + oc0;
        FloatVector sum = FloatVector.fromArray(SPECIES, partial, a);
        for (int sl = 1; sl < slabs; sl++) {
          sum = sum.add(FloatVector.fromArray(SPECIES, partial, sl * dStride + a));
        }
        sum.intoArray(s, pos * VL);
      }
      for (int dh = 0; dh < depth * n; dh++) { // along width
        gtAxis(s, dh * n * VL, VL, s, (p + dh * 3) * VL, VL);
      }
      for (int d = 0; d < depth; d++) { // along height
        for (int k = 0; k < 3; k++) {
          gtAxis(s, (p + d * n * 3 + k) * VL, 3 * VL, s, (q + d * 9 + k) * VL, 3 * VL);
        }
      }
      if (dims == 3) {
        for (int j = 0; j < 9; j++) { // along depth
          gtAxis(s, (q + j) * VL, 9 * VL, s, (r + j) * VL, 9 * VL);
        }
      }
      int t0 = dims == 3 ? r : q;
      int base = (oc0 * cin + ic) * taps;
      for (int t = 0; t < taps; t++) {
        filters.scatter(s, (t0 + t) * VL, gw, base + t, oc0);
      }
    }
  }

  /**
   * Gathers and scatters of VL channels {@code stride} floats apart; the lanes past the last channel read as 0 and are
   * not written. Unmasked gathers and a blend: JDK 17 runs masked gathers lane by lane in Java (40 channels, a partial
   * third vector, made the reference layer's input copy 4 ms instead of 0.5).
   */
  private static final class Lanes {
    private final int count;
    private final int[] map = new int[VL];
    /** The last block's map: its missing lanes read lane 0's float. */
    private final int[] tailMap = new int[VL];
    private final VectorMask<Float> tail;

    Lanes(int count, int stride) {
      this.count = count;
      boolean[] bits = new boolean[VL];
      for (int l = 0; l < VL; l++) {
        map[l] = l * stride;
        bits[l] = l < count % VL;
        tailMap[l] = bits[l] ? map[l] : 0;
      }
      tail = VectorMask.fromArray(SPECIES, bits, 0);
    }

    /** dst[dOff + l] = a[base + l·stride] for the channels c0 + l &lt; count, 0 past them. */
    void gather(float[] a, int base, int c0, float[] dst, int dOff) {
      if (c0 + VL <= count) {
        FloatVector.fromArray(SPECIES, a, base, map, 0).intoArray(dst, dOff);
      } else {
        FloatVector.zero(SPECIES).blend(FloatVector.fromArray(SPECIES, a, base, tailMap, 0), tail).intoArray(dst, dOff);
      }
    }

    /**
     * a[base + l·stride] = src[sOff + l] for the channels c0 + l &lt; count. Scalar stores: AVX2 has no scatter
     * instruction, and JDK 17 runs a vector scatter there lane by lane in Java (it allocated 0.2 MB per weight gradient
     * of P4CNN's 12² layer); it writes each weight once per call.
     */
    void scatter(float[] src, int sOff, float[] a, int base, int c0) {
      int lanes = Math.min(VL, count - c0);
      for (int l = 0; l < lanes; l++) {
        a[base + map[l]] = src[sOff + l];
      }
    }
  }

  private static float[] scratch(int slot, int length) {
    float[][] s = SCRATCH.get();
    if (s[slot].length < length) {
      s[slot] = new float[length];
    }
    return s[slot];
  }

  private void chunk(int item, float[] y) {
    int t0 = item * runTiles;
    int count = Math.min(runTiles, tiles - t0);
    int rows = (count + 7) / 8 * 8;
    int vPos = runTiles * icP + SKEW;
    int mPos = runTiles * ocP + SKEW;
    float[] v = scratch(0, positions * vPos);
    float[] mm = scratch(1, positions * mPos);
    float[] tmp = scratch(2, TMP * VL);
    transformTiles(t0, count, tmp, v, vPos);
    // rows past the last tile (up to a whole register tile) hold older tiles: their products are dropped
    for (int pos = 0; pos < positions; pos++) {
      int uBase = pos * cin * ocP;
      for (int cb = 0; cb < ocP; cb += CB) {
        for (int r = 0; r < rows; r += tileRows) {
          product(v, pos * vPos + r * icP, icP, 1, cin, u, uBase + cb, ocP, mm, pos * mPos + r * ocP + cb, ocP, false);
        }
      }
    }
    int plane = out[1] * out[2];
    int volume = out[0] * plane;
    int per = dims == 3 ? m * m * m : m * m;
    float[] ot = scratch(3, runTiles * per * VL);
    for (int c = 0; c < cout; c += VL) {
      for (int r = 0; r < count; r++) {
        if (dims == 2) {
          outputTile2d(mm, r * ocP + c, mPos, tmp);
        } else if (m == 4) {
          outputTile4(mm, r * ocP + c, mPos, tmp);
        } else {
          outputTile(mm, r * ocP + c, mPos, tmp);
        }
        System.arraycopy(tmp, 0, ot, r * per * VL, per * VL);
      }
      // a few channels at a time: VL channel planes a multiple of 4 KB apart would share one L1 set
      int lanes = Math.min(VL, cout - c);
      for (int l0 = 0; l0 < lanes; l0 += LANE_GROUP) {
        int l1 = Math.min(lanes, l0 + LANE_GROUP);
        for (int r = 0; r < count; r++) {
          int t = t0 + r;
          int n = t / tilesPerImage;
          int rest = t % tilesPerImage;
          int z = rest / (tH * tW) * m;
          int yy = rest / tW % tH * m;
          int xx = rest % tW * m;
          for (int h = 0; h < m && z + h < out[0]; h++) {
            for (int i = 0; i < m && yy + i < out[1]; i++) {
              int e = (r * per + (h * m + i) * m) * VL;
              int d = (n * cout + c) * volume + (z + h) * plane + (yy + i) * out[2] + xx;
              // per channel, the tile row's outputs as consecutive stores; a whole row of a 4×4 tile unrolled (a loop
              // over the row, as below for the rest, made CIFAR's forward 12-15 % slower)
              if (m == 4 && xx + 4 <= out[2]) {
                for (int l = l0; l < l1; l++) {
                  int dl = d + l * volume;
                  int el = e + l;
                  y[dl] = ot[el];
                  y[dl + 1] = ot[el + VL];
                  y[dl + 2] = ot[el + 2 * VL];
                  y[dl + 3] = ot[el + 3 * VL];
                }
              } else {
                for (int j = 0; j < m && xx + j < out[2]; j++) {
                  for (int l = l0; l < l1; l++) {
                    y[d + j + l * volume] = ot[e + j * VL + l];
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  // 2D: the 1D transforms along height, then width (or back), one vector of channels (of filters) at a time.


  /** V[pos][·] at vBase + pos·vPos = Bᵀ d B of the (m + 2)² tile at xt[base] (one vector of channels). */
  private void inputTile2d(int base, float[] tmp, float[] v, int vBase, int vPos) {
    int n = m + 2;
    for (int h = 0; h < n; h++) { // along width: tmp[h·n + w]
      btAxis(xt, base + h * pW * icP, icP, tmp, h * n * VL, VL);
    }
    for (int w = 0; w < n; w++) { // along height
      btAxis(tmp, w * VL, n * VL, v, vBase + w * vPos, n * vPos);
    }
  }

  /** tmp[(i·m + j)·VL] = (Aᵀ M A)[i][j] for one vector of channels at m[mBase + pos·mPos]. */
  private void outputTile2d(float[] mm, int mBase, int mPos, float[] tmp) {
    int n = m + 2;
    int o = m * m;
    for (int h = 0; h < n; h++) { // along width: tmp[o + h·m + j]
      atAxis(mm, mBase + h * n * mPos, mPos, tmp, (o + h * m) * VL, VL);
    }
    for (int j = 0; j < m; j++) { // along height
      atAxis(tmp, (o + j) * VL, m * VL, tmp, j * VL, m * VL);
    }
  }

  /** dM[pos] at mBase + pos·mPos = A dY Aᵀ of the m² output-gradient tile at g[base] (one vector; rows sy apart). */
  private void gradientTile2d(float[] g, int base, int sy, int sx, float[] tmp, float[] mm, int mBase, int mPos) {
    int n = m + 2;
    for (int i = 0; i < m; i++) { // along width: tmp[i·n + w]
      aAxis(g, base + i * sy, sx, tmp, i * n * VL, VL);
    }
    for (int w = 0; w < n; w++) { // along height
      aAxis(tmp, w * VL, n * VL, mm, mBase + w * mPos, n * mPos);
    }
  }


  /**
   * G (3 → m + 2) along one axis: src[s0 + k·ss] to dst[d0 + k·ds]. For m = 4: g0/4, −(g0+g1+g2)/6, −(g0−g1+g2)/6,
   * g0/24 ± g1/12 + g2/6, g2.
   */
  private void gAxis(float[] src, int s0, int ss, float[] dst, int d0, int ds) {
    FloatVector g0 = FloatVector.fromArray(SPECIES, src, s0);
    FloatVector g1 = FloatVector.fromArray(SPECIES, src, s0 + ss);
    FloatVector g2 = FloatVector.fromArray(SPECIES, src, s0 + 2 * ss);
    if (m == 4) {
      FloatVector e = g0.add(g2);
      FloatVector p = g0.mul(1f / 24f).add(g2.mul(1f / 6f));
      FloatVector q = g1.mul(1f / 12f);
      g0.mul(0.25f).intoArray(dst, d0);
      e.add(g1).mul(-1f / 6f).intoArray(dst, d0 + ds);
      e.sub(g1).mul(-1f / 6f).intoArray(dst, d0 + 2 * ds);
      p.add(q).intoArray(dst, d0 + 3 * ds);
      p.sub(q).intoArray(dst, d0 + 4 * ds);
      g2.intoArray(dst, d0 + 5 * ds);
    } else {
      g0.intoArray(dst, d0);
      g0.add(g1).add(g2).mul(0.5f).intoArray(dst, d0 + ds);
      g0.sub(g1).add(g2).mul(0.5f).intoArray(dst, d0 + 2 * ds);
      g2.intoArray(dst, d0 + 3 * ds);
    }
  }

  /** Bᵀ (m + 2 → m + 2) along one axis: src[s0 + k·ss] to dst[d0 + k·ds]. */
  private void btAxis(float[] src, int s0, int ss, float[] dst, int d0, int ds) {
    if (m == 4) {
      bt6(src, s0, ss, dst, d0, ds);
    } else {
      FloatVector x0 = FloatVector.fromArray(SPECIES, src, s0);
      FloatVector x1 = FloatVector.fromArray(SPECIES, src, s0 + ss);
      FloatVector x2 = FloatVector.fromArray(SPECIES, src, s0 + 2 * ss);
      FloatVector x3 = FloatVector.fromArray(SPECIES, src, s0 + 3 * ss);
      x0.sub(x2).intoArray(dst, d0);
      x1.add(x2).intoArray(dst, d0 + ds);
      x2.sub(x1).intoArray(dst, d0 + 2 * ds);
      x1.sub(x3).intoArray(dst, d0 + 3 * ds);
    }
  }

  /** Aᵀ (m + 2 → m) along one axis. */
  private void atAxis(float[] src, int s0, int ss, float[] dst, int d0, int ds) {
    if (m == 4) {
      at6(src, s0, ss, dst, d0, ds);
    } else {
      FloatVector x1 = FloatVector.fromArray(SPECIES, src, s0 + ss);
      FloatVector x2 = FloatVector.fromArray(SPECIES, src, s0 + 2 * ss);
      FloatVector.fromArray(SPECIES, src, s0).add(x1).add(x2).intoArray(dst, d0);
      x1.sub(x2).sub(FloatVector.fromArray(SPECIES, src, s0 + 3 * ss)).intoArray(dst, d0 + ds);
    }
  }

  /** A (m → m + 2) along one axis: (d0, d0 + d1, d0 − d1, −d1) for m = 2; Aᵀ's columns for m = 4. */
  private void aAxis(float[] src, int s0, int ss, float[] dst, int d0, int ds) {
    FloatVector x0 = FloatVector.fromArray(SPECIES, src, s0);
    FloatVector x1 = FloatVector.fromArray(SPECIES, src, s0 + ss);
    if (m == 4) {
      FloatVector x2 = FloatVector.fromArray(SPECIES, src, s0 + 2 * ss);
      FloatVector x3 = FloatVector.fromArray(SPECIES, src, s0 + 3 * ss);
      FloatVector e = x0.add(x2);
      FloatVector o = x1.add(x3);
      FloatVector e4 = x0.add(x2.mul(4f));
      FloatVector o8 = x1.mul(2f).add(x3.mul(8f));
      x0.intoArray(dst, d0);
      e.add(o).intoArray(dst, d0 + ds);
      e.sub(o).intoArray(dst, d0 + 2 * ds);
      e4.add(o8).intoArray(dst, d0 + 3 * ds);
      e4.sub(o8).intoArray(dst, d0 + 4 * ds);
      x3.intoArray(dst, d0 + 5 * ds);
    } else {
      x0.intoArray(dst, d0);
      x0.add(x1).intoArray(dst, d0 + ds);
      x0.sub(x1).intoArray(dst, d0 + 2 * ds);
      x1.neg().intoArray(dst, d0 + 3 * ds);
    }
  }

  /** Gᵀ (m + 2 → 3) along one axis. */
  private void gtAxis(float[] src, int s0, int ss, float[] dst, int d0, int ds) {
    FloatVector u0 = FloatVector.fromArray(SPECIES, src, s0);
    FloatVector u1 = FloatVector.fromArray(SPECIES, src, s0 + ss);
    FloatVector u2 = FloatVector.fromArray(SPECIES, src, s0 + 2 * ss);
    FloatVector u3 = FloatVector.fromArray(SPECIES, src, s0 + 3 * ss);
    if (m == 4) {
      FloatVector u4 = FloatVector.fromArray(SPECIES, src, s0 + 4 * ss);
      FloatVector u5 = FloatVector.fromArray(SPECIES, src, s0 + 5 * ss);
      FloatVector p = u1.add(u2).mul(1f / 6f);
      FloatVector q = u3.add(u4);
      u0.mul(0.25f).sub(p).add(q.mul(1f / 24f)).intoArray(dst, d0);
      u2.sub(u1).mul(1f / 6f).add(u3.sub(u4).mul(1f / 12f)).intoArray(dst, d0 + ds);
      q.mul(1f / 6f).sub(p).add(u5).intoArray(dst, d0 + 2 * ds);
    } else {
      FloatVector h = u1.add(u2).mul(0.5f);
      u0.add(h).intoArray(dst, d0);
      u1.sub(u2).mul(0.5f).intoArray(dst, d0 + ds);
      h.add(u3).intoArray(dst, d0 + 2 * ds);
    }
  }

  // F(4, 3) (Lavin & Gray): points 0, ±1, ±2, ∞. Bᵀ 6×6, G 6×3, Aᵀ 4×6; applied along each axis, vectors of channels.



  /** V[pos][·] at vBase + pos·vPos = Bᵀ d B of the 6³ tile at xt[base] (one vector of channels). */
  private void inputTile4(int base, float[] tmp, float[] v, int vBase, int vPos) {
    int sx = icP;
    int sy = pW * icP;
    int sz = pH * pW * icP;
    for (int d = 0; d < 6; d++) { // along width: tmp[(d·6 + h)·6 + w]
      for (int h = 0; h < 6; h++) {
        bt6(xt, base + d * sz + h * sy, sx, tmp, (d * 6 + h) * 6 * VL, VL);
      }
    }
    for (int d = 0; d < 6; d++) { // along height: tmp[216 + (d·6 + h)·6 + w]
      for (int w = 0; w < 6; w++) {
        bt6(tmp, (d * 36 + w) * VL, 6 * VL, tmp, (216 + d * 36 + w) * VL, 6 * VL);
      }
    }
    for (int hw = 0; hw < 36; hw++) { // along depth
      bt6(tmp, (216 + hw) * VL, 36 * VL, v, vBase + hw * vPos, 36 * vPos);
    }
  }

  /** Bᵀ of the 6 vectors at src[s0 + k·ss] to dst[d0 + k·ds]. */
  private static void bt6(float[] src, int s0, int ss, float[] dst, int d0, int ds) {
    FloatVector x0 = FloatVector.fromArray(SPECIES, src, s0);
    FloatVector x1 = FloatVector.fromArray(SPECIES, src, s0 + ss);
    FloatVector x2 = FloatVector.fromArray(SPECIES, src, s0 + 2 * ss);
    FloatVector x3 = FloatVector.fromArray(SPECIES, src, s0 + 3 * ss);
    FloatVector x4 = FloatVector.fromArray(SPECIES, src, s0 + 4 * ss);
    FloatVector x5 = FloatVector.fromArray(SPECIES, src, s0 + 5 * ss);
    FloatVector a = x4.sub(x2); // rows 1, 2: x4 + x3 − 4(x1 + x2), x4 − x3 + 4(x1 − x2)
    FloatVector b = x3.sub(x1); // rows 3, 4: x4 − x2 ± 2(x3 − x1)
    x2.mul(-5f).add(x4).add(x0.mul(4f)).intoArray(dst, d0);
    x1.add(x2).mul(-4f).add(x4.add(x3)).intoArray(dst, d0 + ds);
    x1.sub(x2).mul(4f).add(x4.sub(x3)).intoArray(dst, d0 + 2 * ds);
    b.mul(2f).add(a).intoArray(dst, d0 + 3 * ds);
    a.sub(b.mul(2f)).intoArray(dst, d0 + 4 * ds);
    x3.mul(-5f).add(x5).add(x1.mul(4f)).intoArray(dst, d0 + 5 * ds);
  }

  /** tmp[((h·4 + i)·4 + j)·VL] = (Aᵀ M A)[h][i][j] for one vector of channels at m[mBase + pos·mPos] (216 positions). */
  private static void outputTile4(float[] m, int mBase, int mPos, float[] tmp) {
    for (int dh = 0; dh < 36; dh++) { // along width: tmp[64 + dh·4 + j]
      at6(m, mBase + dh * 6 * mPos, mPos, tmp, (64 + dh * 4) * VL, VL);
    }
    for (int d = 0; d < 6; d++) { // along height: tmp[208 + (d·4 + i)·4 + j]
      for (int j = 0; j < 4; j++) {
        at6(tmp, (64 + d * 24 + j) * VL, 4 * VL, tmp, (208 + d * 16 + j) * VL, 4 * VL);
      }
    }
    for (int ij = 0; ij < 16; ij++) { // along depth
      at6(tmp, (208 + ij) * VL, 16 * VL, tmp, ij * VL, 16 * VL);
    }
  }

  /** Aᵀ of the 6 vectors at src[s0 + k·ss] to the 4 at dst[d0 + k·ds]. */
  private static void at6(float[] src, int s0, int ss, float[] dst, int d0, int ds) {
    FloatVector x0 = FloatVector.fromArray(SPECIES, src, s0);
    FloatVector x1 = FloatVector.fromArray(SPECIES, src, s0 + ss);
    FloatVector x2 = FloatVector.fromArray(SPECIES, src, s0 + 2 * ss);
    FloatVector x3 = FloatVector.fromArray(SPECIES, src, s0 + 3 * ss);
    FloatVector x4 = FloatVector.fromArray(SPECIES, src, s0 + 4 * ss);
    FloatVector x5 = FloatVector.fromArray(SPECIES, src, s0 + 5 * ss);
    FloatVector p = x1.add(x2);
    FloatVector q = x1.sub(x2);
    FloatVector r = x3.add(x4);
    FloatVector t = x3.sub(x4);
    x0.add(p).add(r).intoArray(dst, d0);
    t.mul(2f).add(q).intoArray(dst, d0 + ds);
    r.mul(4f).add(p).intoArray(dst, d0 + 2 * ds);
    t.mul(8f).add(q).add(x5).intoArray(dst, d0 + 3 * ds);
  }

  /** V[pos][·] at vBase + pos·vPos = Bᵀ d B of the 4³ tile at xt[base] (one vector of channels). */
  private void inputTile(int base, float[] tmp, float[] v, int vBase, int vPos) {
    int sx = icP;
    int sy = pW * icP;
    int sz = pH * pW * icP;
    for (int a = 0; a < 4; a++) { // along width, then height, in registers
      int b0 = base + a * sz;
      FloatVector r00 = row(b0, sx);
      FloatVector r01 = rowB(b0, sx);
      FloatVector r02 = rowC(b0, sx);
      FloatVector r03 = rowD(b0, sx);
      int b1 = b0 + sy;
      FloatVector r10 = row(b1, sx);
      FloatVector r11 = rowB(b1, sx);
      FloatVector r12 = rowC(b1, sx);
      FloatVector r13 = rowD(b1, sx);
      int b2 = b1 + sy;
      FloatVector r20 = row(b2, sx);
      FloatVector r21 = rowB(b2, sx);
      FloatVector r22 = rowC(b2, sx);
      FloatVector r23 = rowD(b2, sx);
      int b3 = b2 + sy;
      FloatVector r30 = row(b3, sx);
      FloatVector r31 = rowB(b3, sx);
      FloatVector r32 = rowC(b3, sx);
      FloatVector r33 = rowD(b3, sx);
      int o = a * 16 * VL;
      // columns c: Bᵀ along height of (r0c, r1c, r2c, r3c)
      r00.sub(r20).intoArray(tmp, o + 0 * VL);
      r01.sub(r21).intoArray(tmp, o + 1 * VL);
      r02.sub(r22).intoArray(tmp, o + 2 * VL);
      r03.sub(r23).intoArray(tmp, o + 3 * VL);
      r10.add(r20).intoArray(tmp, o + 4 * VL);
      r11.add(r21).intoArray(tmp, o + 5 * VL);
      r12.add(r22).intoArray(tmp, o + 6 * VL);
      r13.add(r23).intoArray(tmp, o + 7 * VL);
      r20.sub(r10).intoArray(tmp, o + 8 * VL);
      r21.sub(r11).intoArray(tmp, o + 9 * VL);
      r22.sub(r12).intoArray(tmp, o + 10 * VL);
      r23.sub(r13).intoArray(tmp, o + 11 * VL);
      r10.sub(r30).intoArray(tmp, o + 12 * VL);
      r11.sub(r31).intoArray(tmp, o + 13 * VL);
      r12.sub(r32).intoArray(tmp, o + 14 * VL);
      r13.sub(r33).intoArray(tmp, o + 15 * VL);
    }
    for (int bc = 0; bc < 16; bc++) { // along depth
      FloatVector d0 = FloatVector.fromArray(SPECIES, tmp, bc * VL);
      FloatVector d1 = FloatVector.fromArray(SPECIES, tmp, (16 + bc) * VL);
      FloatVector d2 = FloatVector.fromArray(SPECIES, tmp, (32 + bc) * VL);
      FloatVector d3 = FloatVector.fromArray(SPECIES, tmp, (48 + bc) * VL);
      d0.sub(d2).intoArray(v, vBase + bc * vPos);
      d1.add(d2).intoArray(v, vBase + (16 + bc) * vPos);
      d2.sub(d1).intoArray(v, vBase + (32 + bc) * vPos);
      d1.sub(d3).intoArray(v, vBase + (48 + bc) * vPos);
    }
  }

  // Bᵀ along width of the 4 elements at b, b + sx, b + 2sx, b + 3sx: (d0 − d2, d1 + d2, d2 − d1, d1 − d3).
  private FloatVector row(int b, int sx) {
    return FloatVector.fromArray(SPECIES, xt, b).sub(FloatVector.fromArray(SPECIES, xt, b + 2 * sx));
  }

  private FloatVector rowB(int b, int sx) {
    return FloatVector.fromArray(SPECIES, xt, b + sx).add(FloatVector.fromArray(SPECIES, xt, b + 2 * sx));
  }

  private FloatVector rowC(int b, int sx) {
    return FloatVector.fromArray(SPECIES, xt, b + 2 * sx).sub(FloatVector.fromArray(SPECIES, xt, b + sx));
  }

  private FloatVector rowD(int b, int sx) {
    return FloatVector.fromArray(SPECIES, xt, b + sx).sub(FloatVector.fromArray(SPECIES, xt, b + 3 * sx));
  }

  /** tmp[(h·4 + i·2 + j)·VL] = (Aᵀ M A)[h][i][j] for one vector of channels at m[mBase + pos·mPos]. */
  private static void outputTile(float[] m, int mBase, int mPos, float[] tmp) {
    // along width and height per depth slice a: 16 → 4, kept at tmp[(16 + a·4 + i·2 + j)·VL]
    for (int a = 0; a < 4; a++) {
      int p = mBase + a * 16 * mPos;
      FloatVector x00 = widthSum(m, p, mPos);
      FloatVector x01 = widthDiff(m, p, mPos);
      FloatVector x10 = widthSum(m, p + 4 * mPos, mPos);
      FloatVector x11 = widthDiff(m, p + 4 * mPos, mPos);
      FloatVector x20 = widthSum(m, p + 8 * mPos, mPos);
      FloatVector x21 = widthDiff(m, p + 8 * mPos, mPos);
      FloatVector x30 = widthSum(m, p + 12 * mPos, mPos);
      FloatVector x31 = widthDiff(m, p + 12 * mPos, mPos);
      int o = (16 + a * 4) * VL;
      x00.add(x10).add(x20).intoArray(tmp, o);
      x01.add(x11).add(x21).intoArray(tmp, o + VL);
      x10.sub(x20).sub(x30).intoArray(tmp, o + 2 * VL);
      x11.sub(x21).sub(x31).intoArray(tmp, o + 3 * VL);
    }
    for (int k = 0; k < 4; k++) { // along depth
      FloatVector d0 = FloatVector.fromArray(SPECIES, tmp, (16 + k) * VL);
      FloatVector d1 = FloatVector.fromArray(SPECIES, tmp, (20 + k) * VL);
      FloatVector d2 = FloatVector.fromArray(SPECIES, tmp, (24 + k) * VL);
      FloatVector d3 = FloatVector.fromArray(SPECIES, tmp, (28 + k) * VL);
      d0.add(d1).add(d2).intoArray(tmp, k * VL);
      d1.sub(d2).sub(d3).intoArray(tmp, (4 + k) * VL);
    }
  }

  private static FloatVector widthSum(float[] m, int q, int mPos) {
    return FloatVector.fromArray(SPECIES, m, q).add(FloatVector.fromArray(SPECIES, m, q + mPos))
        .add(FloatVector.fromArray(SPECIES, m, q + 2 * mPos));
  }

  private static FloatVector widthDiff(float[] m, int q, int mPos) {
    return FloatVector.fromArray(SPECIES, m, q + mPos).sub(FloatVector.fromArray(SPECIES, m, q + 2 * mPos))
        .sub(FloatVector.fromArray(SPECIES, m, q + 3 * mPos));
  }

  /** m[mBase + r·mStride + 0..CB) (+)= Σ_k v[vBase + r·vStride + k·vk] · u[uBase + k·uStride + 0..CB) for r &lt; 8. */
  static void gemm8(float[] v, int vBase, int vStride, int vk, int k1, float[] u, int uBase, int uStride, float[] m, int mBase, int mStride, boolean add) {
    float[] a = add ? m : ZERO; // no merge of two vectors: JDK 17 C2 may box a vector phi
    FloatVector a00 = FloatVector.fromArray(SPECIES, a, add ? mBase + 0 * mStride + 0 * VL : 0);
    FloatVector a01 = FloatVector.fromArray(SPECIES, a, add ? mBase + 0 * mStride + 1 * VL : 0);
    FloatVector a02 = FloatVector.fromArray(SPECIES, a, add ? mBase + 0 * mStride + 2 * VL : 0);
    FloatVector a10 = FloatVector.fromArray(SPECIES, a, add ? mBase + 1 * mStride + 0 * VL : 0);
    FloatVector a11 = FloatVector.fromArray(SPECIES, a, add ? mBase + 1 * mStride + 1 * VL : 0);
    FloatVector a12 = FloatVector.fromArray(SPECIES, a, add ? mBase + 1 * mStride + 2 * VL : 0);
    FloatVector a20 = FloatVector.fromArray(SPECIES, a, add ? mBase + 2 * mStride + 0 * VL : 0);
    FloatVector a21 = FloatVector.fromArray(SPECIES, a, add ? mBase + 2 * mStride + 1 * VL : 0);
    FloatVector a22 = FloatVector.fromArray(SPECIES, a, add ? mBase + 2 * mStride + 2 * VL : 0);
    FloatVector a30 = FloatVector.fromArray(SPECIES, a, add ? mBase + 3 * mStride + 0 * VL : 0);
    FloatVector a31 = FloatVector.fromArray(SPECIES, a, add ? mBase + 3 * mStride + 1 * VL : 0);
    FloatVector a32 = FloatVector.fromArray(SPECIES, a, add ? mBase + 3 * mStride + 2 * VL : 0);
    FloatVector a40 = FloatVector.fromArray(SPECIES, a, add ? mBase + 4 * mStride + 0 * VL : 0);
    FloatVector a41 = FloatVector.fromArray(SPECIES, a, add ? mBase + 4 * mStride + 1 * VL : 0);
    FloatVector a42 = FloatVector.fromArray(SPECIES, a, add ? mBase + 4 * mStride + 2 * VL : 0);
    FloatVector a50 = FloatVector.fromArray(SPECIES, a, add ? mBase + 5 * mStride + 0 * VL : 0);
    FloatVector a51 = FloatVector.fromArray(SPECIES, a, add ? mBase + 5 * mStride + 1 * VL : 0);
    FloatVector a52 = FloatVector.fromArray(SPECIES, a, add ? mBase + 5 * mStride + 2 * VL : 0);
    FloatVector a60 = FloatVector.fromArray(SPECIES, a, add ? mBase + 6 * mStride + 0 * VL : 0);
    FloatVector a61 = FloatVector.fromArray(SPECIES, a, add ? mBase + 6 * mStride + 1 * VL : 0);
    FloatVector a62 = FloatVector.fromArray(SPECIES, a, add ? mBase + 6 * mStride + 2 * VL : 0);
    FloatVector a70 = FloatVector.fromArray(SPECIES, a, add ? mBase + 7 * mStride + 0 * VL : 0);
    FloatVector a71 = FloatVector.fromArray(SPECIES, a, add ? mBase + 7 * mStride + 1 * VL : 0);
    FloatVector a72 = FloatVector.fromArray(SPECIES, a, add ? mBase + 7 * mStride + 2 * VL : 0);
    int v0 = vBase;
    int v1 = vBase + vStride;
    int v2 = vBase + 2 * vStride;
    int v3 = vBase + 3 * vStride;
    int v4 = vBase + 4 * vStride;
    int v5 = vBase + 5 * vStride;
    int v6 = vBase + 6 * vStride;
    int v7 = vBase + 7 * vStride;
    for (int k = 0; k < k1; k++) {
      int uk = uBase + k * uStride;
      FloatVector w0 = FloatVector.fromArray(SPECIES, u, uk);
      FloatVector w1 = FloatVector.fromArray(SPECIES, u, uk + VL);
      FloatVector w2 = FloatVector.fromArray(SPECIES, u, uk + 2 * VL);
      FloatVector x;
      x = FloatVector.broadcast(SPECIES, v[v0 + k * vk]);
      a00 = w0.fma(x, a00);
      a01 = w1.fma(x, a01);
      a02 = w2.fma(x, a02);
      x = FloatVector.broadcast(SPECIES, v[v1 + k * vk]);
      a10 = w0.fma(x, a10);
      a11 = w1.fma(x, a11);
      a12 = w2.fma(x, a12);
      x = FloatVector.broadcast(SPECIES, v[v2 + k * vk]);
      a20 = w0.fma(x, a20);
      a21 = w1.fma(x, a21);
      a22 = w2.fma(x, a22);
      x = FloatVector.broadcast(SPECIES, v[v3 + k * vk]);
      a30 = w0.fma(x, a30);
      a31 = w1.fma(x, a31);
      a32 = w2.fma(x, a32);
      x = FloatVector.broadcast(SPECIES, v[v4 + k * vk]);
      a40 = w0.fma(x, a40);
      a41 = w1.fma(x, a41);
      a42 = w2.fma(x, a42);
      x = FloatVector.broadcast(SPECIES, v[v5 + k * vk]);
      a50 = w0.fma(x, a50);
      a51 = w1.fma(x, a51);
      a52 = w2.fma(x, a52);
      x = FloatVector.broadcast(SPECIES, v[v6 + k * vk]);
      a60 = w0.fma(x, a60);
      a61 = w1.fma(x, a61);
      a62 = w2.fma(x, a62);
      x = FloatVector.broadcast(SPECIES, v[v7 + k * vk]);
      a70 = w0.fma(x, a70);
      a71 = w1.fma(x, a71);
      a72 = w2.fma(x, a72);
    }
    a00.intoArray(m, mBase);
    a01.intoArray(m, mBase + VL);
    a02.intoArray(m, mBase + 2 * VL);
    a10.intoArray(m, mBase + mStride);
    a11.intoArray(m, mBase + mStride + VL);
    a12.intoArray(m, mBase + mStride + 2 * VL);
    a20.intoArray(m, mBase + 2 * mStride);
    a21.intoArray(m, mBase + 2 * mStride + VL);
    a22.intoArray(m, mBase + 2 * mStride + 2 * VL);
    a30.intoArray(m, mBase + 3 * mStride);
    a31.intoArray(m, mBase + 3 * mStride + VL);
    a32.intoArray(m, mBase + 3 * mStride + 2 * VL);
    a40.intoArray(m, mBase + 4 * mStride);
    a41.intoArray(m, mBase + 4 * mStride + VL);
    a42.intoArray(m, mBase + 4 * mStride + 2 * VL);
    a50.intoArray(m, mBase + 5 * mStride);
    a51.intoArray(m, mBase + 5 * mStride + VL);
    a52.intoArray(m, mBase + 5 * mStride + 2 * VL);
    a60.intoArray(m, mBase + 6 * mStride);
    a61.intoArray(m, mBase + 6 * mStride + VL);
    a62.intoArray(m, mBase + 6 * mStride + 2 * VL);
    a70.intoArray(m, mBase + 7 * mStride);
    a71.intoArray(m, mBase + 7 * mStride + VL);
    a72.intoArray(m, mBase + 7 * mStride + 2 * VL);
  }

  /** {@link #gemm8} on 32-register files, {@link #gemm4} (rows r &lt; 4) on 16: {@link #tileRows} rows. */
  private void product(float[] v, int vBase, int vStride, int vk, int k1, float[] u, int uBase, int uStride, float[] m, int mBase, int mStride, boolean add) {
    if (wide) {
      gemm8(v, vBase, vStride, vk, k1, u, uBase, uStride, m, mBase, mStride, add);
    } else {
      gemm4(v, vBase, vStride, vk, k1, u, uBase, uStride, m, mBase, mStride, add);
    }
  }

  /** {@link #gemm8} for 4 rows: 12 accumulators, for 16-register files. */
  static void gemm4(float[] v, int vBase, int vStride, int vk, int k1, float[] u, int uBase, int uStride, float[] m, int mBase, int mStride, boolean add) {
    float[] a = add ? m : ZERO; // no merge of two vectors: JDK 17 C2 may box a vector phi
    FloatVector a00 = FloatVector.fromArray(SPECIES, a, add ? mBase + 0 * mStride + 0 * VL : 0);
    FloatVector a01 = FloatVector.fromArray(SPECIES, a, add ? mBase + 0 * mStride + 1 * VL : 0);
    FloatVector a02 = FloatVector.fromArray(SPECIES, a, add ? mBase + 0 * mStride + 2 * VL : 0);
    FloatVector a10 = FloatVector.fromArray(SPECIES, a, add ? mBase + 1 * mStride + 0 * VL : 0);
    FloatVector a11 = FloatVector.fromArray(SPECIES, a, add ? mBase + 1 * mStride + 1 * VL : 0);
    FloatVector a12 = FloatVector.fromArray(SPECIES, a, add ? mBase + 1 * mStride + 2 * VL : 0);
    FloatVector a20 = FloatVector.fromArray(SPECIES, a, add ? mBase + 2 * mStride + 0 * VL : 0);
    FloatVector a21 = FloatVector.fromArray(SPECIES, a, add ? mBase + 2 * mStride + 1 * VL : 0);
    FloatVector a22 = FloatVector.fromArray(SPECIES, a, add ? mBase + 2 * mStride + 2 * VL : 0);
    FloatVector a30 = FloatVector.fromArray(SPECIES, a, add ? mBase + 3 * mStride + 0 * VL : 0);
    FloatVector a31 = FloatVector.fromArray(SPECIES, a, add ? mBase + 3 * mStride + 1 * VL : 0);
    FloatVector a32 = FloatVector.fromArray(SPECIES, a, add ? mBase + 3 * mStride + 2 * VL : 0);
    int v0 = vBase;
    int v1 = vBase + vStride;
    int v2 = vBase + 2 * vStride;
    int v3 = vBase + 3 * vStride;
    for (int k = 0; k < k1; k++) {
      int uk = uBase + k * uStride;
      FloatVector w0 = FloatVector.fromArray(SPECIES, u, uk);
      FloatVector w1 = FloatVector.fromArray(SPECIES, u, uk + VL);
      FloatVector w2 = FloatVector.fromArray(SPECIES, u, uk + 2 * VL);
      FloatVector x;
      x = FloatVector.broadcast(SPECIES, v[v0 + k * vk]);
      a00 = w0.fma(x, a00);
      a01 = w1.fma(x, a01);
      a02 = w2.fma(x, a02);
      x = FloatVector.broadcast(SPECIES, v[v1 + k * vk]);
      a10 = w0.fma(x, a10);
      a11 = w1.fma(x, a11);
      a12 = w2.fma(x, a12);
      x = FloatVector.broadcast(SPECIES, v[v2 + k * vk]);
      a20 = w0.fma(x, a20);
      a21 = w1.fma(x, a21);
      a22 = w2.fma(x, a22);
      x = FloatVector.broadcast(SPECIES, v[v3 + k * vk]);
      a30 = w0.fma(x, a30);
      a31 = w1.fma(x, a31);
      a32 = w2.fma(x, a32);
    }
    a00.intoArray(m, mBase);
    a01.intoArray(m, mBase + VL);
    a02.intoArray(m, mBase + 2 * VL);
    a10.intoArray(m, mBase + mStride);
    a11.intoArray(m, mBase + mStride + VL);
    a12.intoArray(m, mBase + mStride + 2 * VL);
    a20.intoArray(m, mBase + 2 * mStride);
    a21.intoArray(m, mBase + 2 * mStride + VL);
    a22.intoArray(m, mBase + 2 * mStride + 2 * VL);
    a30.intoArray(m, mBase + 3 * mStride);
    a31.intoArray(m, mBase + 3 * mStride + VL);
    a32.intoArray(m, mBase + 3 * mStride + 2 * VL);
  }
}
