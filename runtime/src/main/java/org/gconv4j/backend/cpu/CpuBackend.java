package org.gconv4j.backend.cpu;

import static org.gconv4j.backend.cpu.VectorKernels.GO;
import static org.gconv4j.backend.cpu.VectorKernels.GT;
import static org.gconv4j.backend.cpu.VectorKernels.OB;
import static org.gconv4j.backend.cpu.VectorKernels.TILE;
import static org.gconv4j.backend.cpu.VectorKernels.VL;

import java.util.Arrays;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.ConvGeometry;

/**
 * The CPU backend: planar correlations with {@code jdk.incubator.vector} (the preferred species,
 * e.g. 16 floats with AVX-512), multithreaded on a fixed pool.
 *
 * <ul>
 *   <li>Forward: each image is copied once into a zero-padded, stride-deinterleaved buffer
 *       ({@link CorrelationPlan}); a register tile of 4 output channels × 3 vectors of output
 *       positions accumulates over input channels and taps. Work items: batch × output-channel
 *       blocks.
 *   <li>Input gradient: the same kernel, correlating the (dilated, padded) output gradient with
 *       the flipped, transposed filters.
 *   <li>Weight gradient: vectorised dot products over output positions, a tile of 8 output
 *       channels × 3 taps kept in registers across several images when planes are small; work
 *       items own disjoint weight entries and sum over the batch in a fixed order.
 * </ul>
 *
 * Every output entry is computed by one thread in an order that does not depend on the thread
 * count: the same inputs give the same bits. Threads: the constructor argument, else the system
 * property {@code gconv4j.cpu.threads}, else the number of available processors.
 */
public final class CpuBackend implements ConvBackend {
  /** Weight-gradient tiles run over at least this many vector steps (several images when they are small). */
  private static final int MIN_WEIGHT_STEPS = 96;
  /** ... but the output-gradient rows of one tile's images stay within this many floats (L1). */
  private static final int GRADIENT_L1_FLOATS = 6144;
  private final ParallelLoop loop;
  private final ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[3][0]);

  /** A backend with {@link #defaultThreads()} worker threads. */
  public CpuBackend() {
    this(defaultThreads());
  }

  /** A backend with {@code threads} worker threads (1 runs everything on the calling thread). */
  public CpuBackend(int threads) {
    this.loop = new ParallelLoop(threads);
  }

  /** {@code -Dgconv4j.cpu.threads=N} if set, else {@link Runtime#availableProcessors()}. */
  public static int defaultThreads() {
    String p = System.getProperty("gconv4j.cpu.threads");
    if (p != null) {
      try {
        return Math.max(1, Integer.parseInt(p.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("[CpuBackend] gconv4j.cpu.threads must be an integer; got '" + p + "'");
      }
    }
    return Runtime.getRuntime().availableProcessors();
  }

  public int threads() {
    return loop.threads();
  }

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public String device() {
    return "CPU, " + loop.threads() + " threads, Vector API " + VectorKernels.SPECIES.vectorBitSize() + "-bit (" + VL
        + " floats)";
  }

  @Override
  public void transformFilters(float[] f, int outChannels, int inChannels, int[] table, int order, int inOrder, int cells, float[] fPlus) {
    checkTransform(f.length, outChannels, inChannels, table, order, inOrder, cells, fPlus.length, "f", "fPlus");
    loop.run(outChannels, o -> FilterGather.forward(f, o, inChannels, table, order, inOrder, cells, fPlus));
  }

  @Override
  public void transformFiltersBackward(float[] gradFPlus, int outChannels, int inChannels, int[] table, int order, int inOrder, int cells, float[] gradF) {
    checkTransform(gradF.length, outChannels, inChannels, table, order, inOrder, cells, gradFPlus.length, "gradF", "gradFPlus");
    int[][] positions = FilterGather.inverse(table, inOrder * cells);
    loop.run(outChannels, o -> FilterGather.backward(gradFPlus, o, inChannels, positions, order, inOrder, cells, gradF));
  }

  @Override
  public void correlate(ConvGeometry g, float[] x, float[] w, float[] y) {
    checkLength("x", x, g.inputLength(), g);
    checkLength("w", w, g.weightLength(), g);
    checkLength("y", y, g.outputLength(), g);
    CorrelationPlan plan = CorrelationPlan.forward(g, TILE);
    float[] packed = pack(w, g.outChannels(), g.inChannels(), plan.taps, false);
    runCorrelation(g.batch(), plan, x, packed, g.outChannels(), y);
  }

  @Override
  public void correlateBackwardInput(ConvGeometry g, float[] gradY, float[] w, float[] gradX) {
    checkLength("gradY", gradY, g.outputLength(), g);
    checkLength("w", w, g.weightLength(), g);
    checkLength("gradX", gradX, g.inputLength(), g);
    CorrelationPlan plan = CorrelationPlan.backwardInput(g, TILE);
    float[] packed = pack(w, g.outChannels(), g.inChannels(), plan.taps, true);
    runCorrelation(g.batch(), plan, gradY, packed, g.inChannels(), gradX);
  }

  @Override
  public void correlateBackwardWeights(ConvGeometry g, float[] x, float[] gradY, float[] gradW) {
    checkLength("x", x, g.inputLength(), g);
    checkLength("gradY", gradY, g.outputLength(), g);
    checkLength("gradW", gradW, g.weightLength(), g);
    CorrelationPlan plan = CorrelationPlan.forward(g, TILE);
    int inC = g.inChannels();
    int outC = g.outChannels();
    int taps = plan.taps;
    int tapGroups = (taps + GT - 1) / GT;
    int[] tapOff = Arrays.copyOf(plan.tapOff, tapGroups * GT);
    int coBlocks = (outC + GO - 1) / GO;
    int ciChunks = Math.min(inC, Math.max(1, (4 * loop.threads() + coBlocks - 1) / coBlocks));
    int ciPerChunk = (inC + ciChunks - 1) / ciChunks;
    int ciChunkCount = (inC + ciPerChunk - 1) / ciPerChunk;
    int inPlane = plan.srcPlane();
    int outPlane = plan.outPlane();
    int tileLen = GO * GT * VL;
    int stepsPerDepth = plan.pExt / VL;
    int stepsPerImage = plan.out[0] * stepsPerDepth;
    int group = Math.max(1, Math.min(Math.min(g.batch(), (MIN_WEIGHT_STEPS + stepsPerImage - 1) / stepsPerImage),
        GRADIENT_L1_FLOATS / (GO * stepsPerImage * VL)));
    loop.run(coBlocks * ciChunkCount, task -> {
      int cb = task / ciChunkCount;
      int ci0 = (task % ciChunkCount) * ciPerChunk;
      int ci1 = Math.min(inC, ci0 + ciPerChunk);
      int co0 = cb * GO;
      int coCount = Math.min(GO, outC - co0);
      int imageLength = plan.imageLength(ci1 - ci0);
      float[] scratchBuf = scratch(0, group * imageLength);
      int gStride = group * stepsPerImage * VL;
      float[] gy = scratch(1, GO * gStride);
      int[] xo = new int[group * stepsPerImage];
      int[] go = new int[group * stepsPerImage];
      float[] partial = new float[(ci1 - ci0) * tapGroups * tileLen];
      for (int n0 = 0; n0 < g.batch(); n0 += group) {
        int count = Math.min(group, g.batch() - n0);
        boolean direct = plan.sourceIsBuffer() && ((n0 + count - 1) * inC + ci0) * inPlane + imageLength <= x.length;
        float[] buf = direct ? x : scratchBuf;
        for (int nl = 0; nl < count; nl++) {
          int n = n0 + nl;
          int imageBase = direct ? (n * inC + ci0) * inPlane : nl * imageLength;
          if (!direct) {
            plan.fill(x, n * inC * inPlane, ci0, ci1, scratchBuf, imageBase);
          }
          plan.extend(gradY, n * outC * outPlane, co0, coCount, gy, nl * stepsPerImage * VL, gStride);
          for (int od = 0; od < plan.out[0]; od++) {
            for (int st = 0; st < stepsPerDepth; st++) {
              int k = nl * stepsPerImage + od * stepsPerDepth + st;
              xo[k] = imageBase + od * plan.rowQ + st * VL;
              go[k] = (nl * plan.out[0] + od) * plan.pExt + st * VL;
            }
          }
        }
        for (int cl = 0; cl < ci1 - ci0; cl++) {
          for (int tg = 0; tg < tapGroups; tg++) {
            int t = tg * GT;
            VectorKernels.weightTile(gy, go, gStride, buf, xo, cl * plan.chStride, tapOff[t], tapOff[t + 1], tapOff[t + 2],
                count * stepsPerImage, partial, (cl * tapGroups + tg) * tileLen);
          }
        }
      }
      for (int cl = 0; cl < ci1 - ci0; cl++) {
        for (int tg = 0; tg < tapGroups; tg++) {
          for (int j = 0; j < coCount; j++) {
            for (int tt = 0; tt < GT && tg * GT + tt < taps; tt++) {
              int base = (cl * tapGroups + tg) * tileLen + (j * GT + tt) * VL;
              float sum = 0f;
              for (int lane = 0; lane < VL; lane++) {
                sum += partial[base + lane];
              }
              gradW[((co0 + j) * inC + ci0 + cl) * taps + tg * GT + tt] = sum;
            }
          }
        }
      }
    });
  }

  /** Runs the forward kernel over batch × blocks of OB output channels. */
  private void runCorrelation(int batch, CorrelationPlan plan, float[] source, float[] packed, int outC, float[] dest) {
    int inC = plan.channels;
    int taps = plan.taps;
    int blocks = (outC + OB - 1) / OB;
    int chunks = batch >= 2 * loop.threads() ? 1 : Math.min(blocks, (2 * loop.threads() + batch - 1) / batch);
    int perChunk = (blocks + chunks - 1) / chunks;
    int chunkCount = (blocks + perChunk - 1) / perChunk;
    int inPlane = plan.srcPlane();
    int outPlane = plan.outPlane();
    int[] offs = new int[inC * taps];
    for (int c = 0; c < inC; c++) {
      for (int t = 0; t < taps; t++) {
        offs[c * taps + t] = c * plan.chStride + plan.tapOff[t];
      }
    }
    loop.run(batch * chunkCount, task -> {
      int n = task / chunkCount;
      int b0 = (task % chunkCount) * perChunk;
      int b1 = Math.min(blocks, b0 + perChunk);
      int srcBase = n * inC * inPlane;
      float[] buf;
      int base;
      if (plan.sourceIsBuffer() && srcBase + plan.imageLength(inC) <= source.length) {
        buf = source;
        base = srcBase;
      } else {
        buf = scratch(0, plan.imageLength(inC));
        base = 0;
        plan.fill(source, srcBase, 0, inC, buf, 0);
      }
      float[] ext = scratch(2, OB * plan.out[0] * plan.pExt);
      int eStride = plan.out[0] * plan.pExt;
      for (int b = b0; b < b1; b++) {
        for (int od = 0; od < plan.out[0]; od++) {
          VectorKernels.forwardBlock(buf, offs, base + od * plan.rowQ, plan.pExt, packed, b * inC * taps * OB, ext,
              od * plan.pExt, eStride);
        }
        plan.extract(ext, Math.min(OB, outC - b * OB), dest, n * outC * outPlane, b * OB);
      }
    });
  }

  /**
   * Packs w [outC, inC, taps] into [blocks of OB outputs][inputs][taps][OB], zero-filled past the last
   * output. With {@code flipTranspose} the roles swap: outputs are w's inputs, inputs are w's
   * outputs, and taps are reversed (the input-gradient correlation).
   */
  private static float[] pack(float[] w, int outC, int inC, int taps, boolean flipTranspose) {
    int pOut = flipTranspose ? inC : outC;
    int pIn = flipTranspose ? outC : inC;
    int blocks = (pOut + OB - 1) / OB;
    float[] packed = new float[blocks * pIn * taps * OB];
    for (int o = 0; o < pOut; o++) {
      int b = o / OB;
      int j = o % OB;
      for (int i = 0; i < pIn; i++) {
        for (int t = 0; t < taps; t++) {
          float v = flipTranspose ? w[(i * inC + o) * taps + (taps - 1 - t)] : w[(o * inC + i) * taps + t];
          packed[((b * pIn + i) * taps + t) * OB + j] = v;
        }
      }
    }
    return packed;
  }

  /** A zeroed per-thread scratch array of at least {@code length} floats. */
  private float[] scratch(int slot, int length) {
    float[][] slots = scratch.get();
    if (slots[slot].length < length) {
      slots[slot] = new float[length];
    } else {
      Arrays.fill(slots[slot], 0, length, 0f);
    }
    return slots[slot];
  }

  private static void checkLength(String what, float[] a, int expected, ConvGeometry g) {
    if (a.length != expected) {
      throw new IllegalArgumentException("[CpuBackend] " + what + " must hold " + expected + " floats for " + g + "; got "
          + a.length + ". Allocate it with the geometry's length");
    }
  }

  private static void checkTransform(int fLength, int outC, int inC, int[] table, int order, int inOrder, int cells, int fPlusLength, String fName, String fPlusName) {
    long filter = (long) inOrder * cells;
    if (table.length != (long) order * filter) {
      throw new IllegalArgumentException("[CpuBackend] table must hold S·S_in·cells = " + order + "·" + inOrder + "·" + cells
          + " entries; got " + table.length + ". Pass the lifting table for S_in = 1, the group table for S_in = S");
    }
    if (fLength != outC * inC * filter) {
      throw new IllegalArgumentException("[CpuBackend] " + fName + " must be [C_out, C_in, S_in·cells] = [" + outC + ", "
          + inC + ", " + filter + "] (" + outC * inC * filter + " floats); got " + fLength);
    }
    if (fPlusLength != (long) outC * order * inC * filter) {
      throw new IllegalArgumentException("[CpuBackend] " + fPlusName + " must be [C_out, S, C_in, S_in·cells] = [" + outC
          + ", " + order + ", " + inC + ", " + filter + "] (" + (long) outC * order * inC * filter + " floats); got "
          + fPlusLength);
    }
  }

  @Override
  public void close() {
    loop.close();
  }
}
