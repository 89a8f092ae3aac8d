package org.gconv4j.backend.cpu;

import static org.gconv4j.backend.cpu.VectorKernels.GO;
import static org.gconv4j.backend.cpu.VectorKernels.GT;
import static org.gconv4j.backend.cpu.VectorKernels.OB;
import static org.gconv4j.backend.cpu.VectorKernels.TILE;
import static org.gconv4j.backend.cpu.VectorKernels.VL;

import java.util.Arrays;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.exec.CpuExecutor;

/**
 * The three planar passes of one {@link ConvGeometry} on the CPU, with everything derived from the
 * geometry computed once: the buffer layouts ({@link CorrelationPlan}), the tap offsets, the work
 * split, and the packed-weight buffers. A prepared layer keeps one per batch shape; the plain
 * {@link CpuBackend} calls build one per call.
 *
 * <p>Not thread-safe (the packed weights are a workspace); the per-task scratch is per thread.
 */
final class CpuCorrelation {
  /** Weight-gradient tiles run over at least this many vector steps (several images when they are small). */
  private static final int MIN_WEIGHT_STEPS = 96;
  /** ... but the output-gradient rows of one tile's images stay within this many floats (L1). */
  private static final int GRADIENT_L1_FLOATS = 5120;
  /**
   * Weight-gradient tasks per thread when output-channel blocks are plenty: each streams the input once (fewer
   * is less traffic), and the caller waits for the last one claimed (more, smaller ones are a shorter tail).
   */
  private static final int CO_CHUNKS_PER_THREAD = 3;
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private final ConvGeometry g;
  private final CpuExecutor executor;
  private final CorrelationPlan forwardPlan;
  private Pass forwardPass;
  private Pass inputPass;
  private WeightSplit weightSplit;
  /** The channel path, for the passes below that it serves better; null when none does. */
  private final ChannelCorrelation channels;
  private final boolean forwardByChannels;
  private final boolean inputByChannels;
  private final boolean weightsByChannels;
  /** The register file the tiles are shaped for. */
  private final RegisterFile registers;
  /** Winograd ({@link WinogradCorrelation}) for the forward / the input gradient / the weight gradient; null where it does not serve. */
  private final WinogradCorrelation winogradForward;
  private final WinogradCorrelation winogradInput;
  /** Whether {@link #winogradInput} is {@link #winogradForward}, run transposed ({@link WinogradCorrelation#runInput}). */
  private final boolean inputOnForwardTiles;
  /** {@link #winogradForward} where its tiles serve the weight gradient too, else null. */
  private final WinogradCorrelation winogradWeights;

  CpuCorrelation(ConvGeometry g, CpuExecutor executor) {
    this(g, executor, null, RegisterFile.DETECTED);
  }

  CpuCorrelation(ConvGeometry g, CpuExecutor executor, Boolean byChannels) {
    this(g, executor, byChannels, RegisterFile.DETECTED);
  }

  /**
   * @param byChannels true / false: every pass on the channel path / the extended-position path
   *     (tests compare them); null: each pass on the path that wastes fewer lanes
   * @param registers the register file to shape the tiles for (the results' bits do not depend on it)
   */
  CpuCorrelation(ConvGeometry g, CpuExecutor executor, Boolean byChannels, RegisterFile registers) {
    this.g = g;
    this.registers = registers;
    this.executor = executor;
    this.forwardPlan = CorrelationPlan.forward(g, TILE);
    if (byChannels != null) {
      forwardByChannels = byChannels;
      inputByChannels = byChannels;
      weightsByChannels = byChannels;
    } else {
      LaneUse use = new LaneUse(g, forwardPlan);
      forwardByChannels = use.forwardByChannels();
      inputByChannels = use.inputByChannels();
      weightsByChannels = use.weightsByChannels();
    }
    channels = forwardByChannels || inputByChannels || weightsByChannels ? new ChannelCorrelation(g, forwardPlan, executor, registers.wide()) : null;
    boolean winograd = byChannels == null && winogradServes(g);
    boolean flat = g.dims() == 2;
    boolean wide = registers.wide();
    // 2D: every pass on 4×4 output tiles (F(4×4, 3×3), 4× fewer multiplies): 1.1-1.9× faster than 2×2 tiles on the
    // CIFAR and P4CNN layers (docs/notes/2026-12-07-winograd-2d.md); the weight gradient on the forward's tiles (its
    // sums, 36 × C_in × C_out floats, ran faster than the direct paths up to 2.6 MB). 3D: 2³ tiles (F(4³, 3³)'s 2 MB
    // of filters stream from L3), the weight gradient where its sums stay in L2
    WinogradCorrelation f = winograd ? WinogradCorrelation.forward(g, flat ? 4 : 2, executor, wide) : null;
    winogradForward = f != null && pays(f) ? f : null;
    winogradWeights = winogradForward != null && (flat || winogradForward.slabBytes() <= WINOGRAD_SLAB_BYTES) ? winogradForward : null;
    // the input gradient on 4-output tiles where they tile the layer's input exactly (3D: O's 12³ layer measured it
    // 15-25 % faster than on 2³ tiles, docs/notes/2026-12-07-winograd-3d.md) and in 2D
    int tile = flat || WinogradCorrelation.wholeTiles4(g) ? 4 : 2;
    // 2D valid layers: on the forward's tiles (WinogradCorrelation#runInput) where the output gradient padded by 2
    // would have more tiles (49 against the forward's 36 on a 26² input: 7.3-7.6 ms against 5.8-5.9 on the reference
    // layer, one thread)
    inputOnForwardTiles = winogradForward != null && winogradForward.inputOnTiles() && WinogradCorrelation.inputFewerTilesOnForward(g);
    WinogradCorrelation b = inputOnForwardTiles ? winogradForward
        : winograd && g.padding() <= 2 ? WinogradCorrelation.backwardInput(g, tile, executor, wide) : null;
    winogradInput = b != null && (inputOnForwardTiles || pays(b)) ? b : null;
  }

  /**
   * Whether the Winograd path takes the passes of {@code g} (2D or 3D, 3 taps per axis, stride 1, at least
   * {@link #WINOGRAD_MIN_CHANNELS} (3D) or {@link #WINOGRAD_MIN_CHANNELS_2D} (2D) channels on each side: fewer make its
   * products too short to pay for its transforms), unless {@code -Dgconv4j.cpu.winograd=false}; then each pass where
   * it {@link #pays}. The forward and the weight gradient share its tiles; the input gradient (padding at most 2) has
   * its own, or in 2D the forward's where those are fewer ({@link WinogradCorrelation#inputFewerTilesOnForward}).
   */
  static boolean winogradServes(ConvGeometry g) {
    return WinogradCorrelation.applies(g)
        && Math.min(g.inChannels(), g.outChannels()) >= (g.dims() == 2 ? WINOGRAD_MIN_CHANNELS_2D : WINOGRAD_MIN_CHANNELS);
  }

  /**
   * It saves at least 1.5× (3D) or 2.5× (2D) the multiplies of the direct paths (which skip the zero padding), and has
   * at least 4 work items. Measured (o-cnn3d, batch 32, two threads): the input gradient of a 4³ output (1.0×) and
   * every pass of a 2³ output (one work item) ran slower than the direct paths. 2D (one thread, P4CNN's 40 → 40
   * layers): 4×4 tiles saving 2.78-4× ran 1.0-1.3× faster than the direct paths (forward 26², 12², 10²; input
   * gradient 26², 12²), saving 2.25× (8²) or less (the input gradients of 10², 6² as padded correlations; the 10²
   * one now runs on the forward's tiles, which save 4×) the same or slower; 9 taps, not
   * 27, leave the direct paths less to lose. Not the thread count: the path, and so the bits, do not depend on it.
   */
  private static boolean pays(WinogradCorrelation w) {
    return w.savings() >= (w.dims() == 2 ? 2.5 : 1.5) && w.chunks() >= 4;
  }

  static final int WINOGRAD_MIN_CHANNELS = 16;
  /** 2D: measured from 40 channels (P4CNN) up; fewer not measured. */
  static final int WINOGRAD_MIN_CHANNELS_2D = 32;
  /**
   * The weight gradient's sums dU (64 × C_in × C_out floats per slab) stay within L2 (2 MB here): o-cnn3d's 96 → 144
   * layer (3.5 MB) ran its weight gradient slower on the Winograd path than on the direct one, O's 48 → 48 layer
   * (0.6 MB) faster.
   */
  static final long WINOGRAD_SLAB_BYTES = 1L << 20;

  /** Which path each pass takes, e.g. {@code "forward channels, input gradient extended, weight gradient channels"}. */
  String paths() {
    return "forward " + (winogradForward != null ? "winograd" : path(forwardByChannels)) + ", input gradient "
        + (winogradInput != null ? "winograd" : path(inputByChannels)) + ", weight gradient "
        + (winogradWeights != null ? "winograd" : path(weightsByChannels));
  }

  /** Whether the input gradient runs on the forward's Winograd tiles ({@link WinogradCorrelation#runInput}). */
  boolean inputOnForwardTiles() {
    return inputOnForwardTiles;
  }

  /** Output tiles per axis of the Winograd passes (forward, input gradient, weight gradient; 0: not Winograd), e.g. {@code [4, 4, 2]}. */
  int[] winogradTiles() {
    return new int[] {tile(winogradForward), tile(winogradInput), tile(winogradWeights)};
  }

  private static int tile(WinogradCorrelation w) {
    return w == null ? 0 : w.tile();
  }

  private static String path(boolean byChannels) {
    return byChannels ? "channels" : "extended";
  }

  ConvGeometry geometry() {
    return g;
  }

  void forward(float[] x, float[] w, float[] y) {
    if (winogradForward != null) {
      winogradForward.run(x, w, y);
      return;
    }
    if (forwardByChannels) {
      channels.forward(x, w, y);
      return;
    }
    if (forwardPass == null) {
      forwardPass = new Pass(forwardPlan, g.batch(), g.outChannels(), executor.threads(), registers.wide());
    }
    forwardPass.pack(w, g.inChannels(), false);
    run(forwardPass, x, y);
  }

  void backwardInput(float[] gradY, float[] w, float[] gradX) {
    if (inputOnForwardTiles) {
      winogradInput.runInput(gradY, w, gradX);
      return;
    }
    if (winogradInput != null) {
      winogradInput.run(gradY, w, gradX);
      return;
    }
    if (inputByChannels) {
      channels.backwardInput(gradY, w, gradX);
      return;
    }
    if (inputPass == null) {
      inputPass = new Pass(CorrelationPlan.backwardInput(g, TILE), g.batch(), g.inChannels(), executor.threads(), registers.wide());
    }
    inputPass.pack(w, g.inChannels(), true);
    run(inputPass, gradY, gradX);
  }

  void backwardWeights(float[] x, float[] gradY, float[] gradW) {
    if (winogradWeights != null) {
      winogradWeights.runWeights(x, gradY, gradW);
      return;
    }
    if (weightsByChannels) {
      channels.backwardWeights(x, gradY, gradW);
      return;
    }
    if (weightSplit == null) {
      weightSplit = new WeightSplit(g, forwardPlan, executor.threads());
    }
    WeightSplit ws = weightSplit;
    boolean wide = registers.wide();
    executor.run(ws.tasks, task -> weightTask(ws, task, x, gradY, gradW, wide));
  }

  /** Forward-kernel work items: batch × chunks of output-channel blocks of OB. */
  private static final class Split {
    final int blocks;
    final int perChunk;
    final int chunkCount;

    Split(int batch, int outC, int threads) {
      blocks = (outC + OB - 1) / OB;
      int chunks = batch >= 2 * threads ? 1 : Math.min(blocks, (2 * threads + batch - 1) / batch);
      perChunk = (blocks + chunks - 1) / chunks;
      chunkCount = (blocks + perChunk - 1) / perChunk;
    }
  }

  /**
   * Weight-gradient work items: chunks of blocks of GO output channels × chunks of input channels; images
   * per tile. A task runs its images in order and, per image, each of its output-channel blocks over the
   * image's input (kept in L2 across the blocks, not streamed again per block); a chunk's (input channel,
   * tap) pairs are tiled GT at a time. Each weight entry sums its images and steps in the same order in
   * every split, so the split may depend on the thread count.
   */
  private static final class WeightSplit {
    final CorrelationPlan plan;
    final int taps;
    final int coBlocks;
    final int coChunks;
    final int ciPerChunk;
    final int ciChunkCount;
    final int stepsPerDepth;
    final int stepsPerImage;
    final int group;
    final int tasks;

    WeightSplit(ConvGeometry g, CorrelationPlan plan, int threads) {
      this.plan = plan;
      taps = plan.taps;
      coBlocks = (g.outChannels() + GO - 1) / GO;
      int inC = g.inChannels();
      int ciChunks = Math.min(inC, Math.max(1, (4 * threads + coBlocks - 1) / coBlocks));
      ciPerChunk = (inC + ciChunks - 1) / ciChunks;
      ciChunkCount = (inC + ciPerChunk - 1) / ciPerChunk;
      coChunks = ciChunkCount > 1 ? coBlocks : Math.min(coBlocks, CO_CHUNKS_PER_THREAD * threads);
      stepsPerDepth = (plan.pUsed + VL - 1) / VL; // not pExt: the forward tile's rounding would add steps of zeros
      stepsPerImage = plan.out[0] * stepsPerDepth;
      group = Math.max(1, Math.min(Math.min(g.batch(), (MIN_WEIGHT_STEPS + stepsPerImage - 1) / stepsPerImage),
          GRADIENT_L1_FLOATS / (GO * stepsPerImage * VL)));
      tasks = coChunks * ciChunkCount;
    }

    /**
     * The first output-channel block of chunk c (and the end of chunk c − 1): the larger chunks first, so the
     * last ones claimed are the smallest (10 blocks in 6 chunks: 2, 2, 2, 2, 1, 1).
     */
    int blockStart(int c) {
      return c * (coBlocks / coChunks) + Math.min(c, coBlocks % coChunks);
    }
  }

  private void weightTask(WeightSplit ws, int task, float[] x, float[] gradY, float[] gradW, boolean wide) {
    CorrelationPlan plan = ws.plan;
    int inC = g.inChannels();
    int outC = g.outChannels();
    int cc = task / ws.ciChunkCount;
    int cb0 = ws.blockStart(cc);
    int cb1 = ws.blockStart(cc + 1);
    int ci0 = (task % ws.ciChunkCount) * ws.ciPerChunk;
    int ci1 = Math.min(inC, ci0 + ws.ciPerChunk);
    int inPlane = plan.srcPlane();
    int outPlane = plan.outPlane();
    int tileLen = GO * GT * VL;
    int group = ws.group;
    int stepsPerImage = ws.stepsPerImage;
    int imageLength = plan.imageLength(ci1 - ci0);
    Scratch s = SCRATCH.get();
    float[] scratchBuf = plan.sourceIsBuffer() ? null : s.floats(0, group * imageLength);
    int gStride = group * stepsPerImage * VL;
    float[] gy = s.floats(1, GO * gStride);
    int[] xo = s.ints(0, group * stepsPerImage);
    int pairs = (ci1 - ci0) * ws.taps;
    int pairGroups = (pairs + GT - 1) / GT;
    int[] offs = s.ints(1, pairGroups * GT);
    for (int q = 0; q < pairGroups * GT; q++) {
      offs[q] = q < pairs ? (q / ws.taps) * plan.chStride + plan.tapOff[q % ws.taps] : 0; // padding reads tap 0, dropped
    }
    int blockPartial = pairGroups * tileLen;
    float[] partial = s.floats(2, (cb1 - cb0) * blockPartial);
    for (int n0 = 0; n0 < g.batch(); n0 += group) {
      int count = Math.min(group, g.batch() - n0);
      boolean direct = plan.sourceIsBuffer() && ((n0 + count - 1) * inC + ci0) * inPlane + imageLength <= x.length;
      if (!direct && scratchBuf == null) {
        scratchBuf = s.floats(0, group * imageLength); // the last images of x: too close to its end to read in place
      }
      float[] buf = direct ? x : scratchBuf;
      for (int nl = 0; nl < count; nl++) {
        int n = n0 + nl;
        int imageBase = direct ? (n * inC + ci0) * inPlane : nl * imageLength;
        if (!direct) {
          plan.fill(x, n * inC * inPlane, ci0, ci1, scratchBuf, imageBase);
        }
        for (int od = 0; od < plan.out[0]; od++) {
          for (int st = 0; st < ws.stepsPerDepth; st++) {
            int k = nl * stepsPerImage + od * ws.stepsPerDepth + st;
            xo[k] = imageBase + od * plan.rowQ + st * VL; // its output gradient is at k·VL
          }
        }
      }
      for (int cb = cb0; cb < cb1; cb++) {
        int co0 = cb * GO;
        int coCount = Math.min(GO, outC - co0);
        for (int nl = 0; nl < count; nl++) {
          plan.extend(gradY, (n0 + nl) * outC * outPlane, co0, coCount, gy, nl * stepsPerImage * VL, gStride, ws.stepsPerDepth * VL);
        }
        int pb = (cb - cb0) * blockPartial;
        int steps = count * stepsPerImage;
        for (int pg = 0; pg < pairGroups; pg++) {
          if (wide) {
            VectorKernels.weightTile(gy, gStride, buf, xo, offs, pg * GT, steps, partial, pb + pg * tileLen);
          } else {
            for (int h = 0; h < GT && h < pairs - pg * GT; h += 2) {
              VectorKernels.weightTileThird(gy, gStride, buf, xo, offs, pg * GT, h, steps, partial, pb + pg * tileLen);
            }
          }
        }
      }
    }
    for (int cb = cb0; cb < cb1; cb++) {
      int co0 = cb * GO;
      int coCount = Math.min(GO, outC - co0);
      int pb = (cb - cb0) * blockPartial;
      for (int q = 0; q < pairs; q++) {
        int cl = q / ws.taps;
        int t = q % ws.taps;
        for (int j = 0; j < coCount; j++) {
          int base = pb + (q / GT) * tileLen + (j * GT + q % GT) * VL;
          float sum = 0f;
          for (int lane = 0; lane < VL; lane++) {
            sum += partial[base + lane];
          }
          gradW[((co0 + j) * inC + ci0 + cl) * ws.taps + t] = sum;
        }
      }
    }
  }

  /**
   * One pass of the forward kernel: its plan, the live taps of its tiles ({@link TapClasses}), its work
   * split and, per tap class, the packed weights.
   */
  private static final class Pass {
    final CorrelationPlan plan;
    final TapClasses classes;
    final Split split;
    final int outC;
    final float[][] packed;

    /** The 8 × 3 tile (32 registers), or 3 + 3 + 2 channels × 3 vectors ({@link VectorKernels#forward3}: 16). */
    final boolean wide;

    Pass(CorrelationPlan plan, int batch, int outC, int threads, boolean wide) {
      this.plan = plan;
      this.wide = wide;
      this.classes = new TapClasses(plan, TILE);
      this.split = new Split(batch, outC, threads);
      this.outC = outC;
      packed = new float[classes.live.length][];
      for (int c = 0; c < packed.length; c++) {
        packed[c] = new float[(outC + OB - 1) / OB * plan.channels * classes.liveCount[c] * OB];
      }
    }

    /**
     * Packs w [·, wIn, taps] into [blocks of OB outputs][inputs][live taps][OB] per class, zero past the
     * last output. With {@code flipTranspose} the roles swap: outputs are w's inputs, inputs are w's outputs,
     * and taps are reversed (the input-gradient correlation).
     */
    void pack(float[] w, int wIn, boolean flipTranspose) {
      int taps = plan.taps;
      int pIn = plan.channels;
      for (int c = 0; c < packed.length; c++) {
        boolean[] live = classes.live[c];
        int lc = classes.liveCount[c];
        float[] dst = packed[c];
        for (int o = 0; o < outC; o++) {
          int b = o / OB;
          int j = o % OB;
          for (int i = 0; i < pIn; i++) {
            int l = 0;
            for (int t = 0; t < taps; t++) {
              if (live[t]) {
                float v = flipTranspose ? w[(i * wIn + o) * taps + (taps - 1 - t)] : w[(o * wIn + i) * taps + t];
                dst[((b * pIn + i) * lc + l++) * OB + j] = v;
              }
            }
          }
        }
      }
    }
  }

  /** Runs the forward kernel over batch × chunks of blocks of OB output channels. */
  private void run(Pass pass, float[] source, float[] dest) {
    executor.run(g.batch() * pass.split.chunkCount, task -> correlationTask(pass, task, source, dest));
  }

  private static void correlationTask(Pass pass, int task, float[] source, float[] dest) {
    CorrelationPlan plan = pass.plan;
    TapClasses classes = pass.classes;
    Split split = pass.split;
    int outC = pass.outC;
    int inC = plan.channels;
    int n = task / split.chunkCount;
    int b0 = (task % split.chunkCount) * split.perChunk;
    int b1 = Math.min(split.blocks, b0 + split.perChunk);
    int srcBase = n * inC * plan.srcPlane();
    Scratch s = SCRATCH.get();
    float[] buf;
    int base;
    if (plan.sourceIsBuffer() && srcBase + plan.imageLength(inC) <= source.length) {
      buf = source;
      base = srcBase;
    } else {
      buf = s.floats(0, plan.imageLength(inC));
      base = 0;
      plan.fill(source, srcBase, 0, inC, buf, 0);
    }
    int eStride = plan.out[0] * plan.pExt;
    float[] ext = s.floats(3, OB * eStride);
    for (int b = b0; b < b1; b++) {
      int channels = Math.min(OB, outC - b * OB);
      for (int od = 0; od < plan.out[0]; od++) {
        int[] runs = classes.runs[od];
        for (int r = 0; r < runs.length; r += 3) {
          int c = runs[r + 2];
          int[] offs = classes.offs[c];
          int rowBase = base + od * plan.rowQ;
          int wBase = b * inC * classes.liveCount[c] * OB;
          float[] wp = pass.packed[c];
          int e = od * plan.pExt;
          if (pass.wide) {
            VectorKernels.forwardBlock(buf, offs, rowBase, runs[r], runs[r + 1], wp, wBase, ext, e, eStride);
          } else {
            VectorKernels.forward3(buf, offs, rowBase, runs[r], runs[r + 1], wp, wBase, 0, ext, e, eStride);
            if (channels > 3) {
              VectorKernels.forward3(buf, offs, rowBase, runs[r], runs[r + 1], wp, wBase, 3, ext, e, eStride);
            }
            if (channels > 6) {
              VectorKernels.forward2(buf, offs, rowBase, runs[r], runs[r + 1], wp, wBase, 6, ext, e, eStride);
            }
          }
        }
      }
      plan.extract(ext, channels, dest, n * outC * plan.outPlane(), b * OB);
    }
  }

  /** Per-thread scratch arrays, grown on demand and zeroed on every use. */
  private static final class Scratch {
    private final float[][] floats = new float[4][0];
    private final int[][] ints = new int[2][0];

    float[] floats(int slot, int length) {
      if (floats[slot].length < length) {
        floats[slot] = new float[length];
      } else {
        Arrays.fill(floats[slot], 0, length, 0f);
      }
      return floats[slot];
    }

    int[] ints(int slot, int length) {
      if (ints[slot].length < length) {
        ints[slot] = new int[length];
      }
      return ints[slot];
    }
  }
}
