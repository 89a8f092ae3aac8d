package org.gconv4j.backend.cpu;

import static org.gconv4j.backend.cpu.VectorKernels.VL;

import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.PreparedConv;
import org.gconv4j.exec.CpuExecutor;
import org.gconv4j.internal.Checks;
import org.gconv4j.nn.ConvSpec;

/**
 * The CPU backend: planar correlations with {@code jdk.incubator.vector} (the preferred species,
 * e.g. 16 floats with AVX-512), multithreaded on the one CPU pool ({@link CpuExecutor}).
 *
 * <ul>
 *   <li>Forward: each image is copied once into a zero-padded, stride-deinterleaved buffer
 *       ({@link CorrelationPlan}); a register tile of 8 output channels × 3 vectors of output
 *       positions accumulates over input channels and taps. Work items: batch × output-channel blocks.
 *       With 16 vector registers (AVX2) every tile is cut into parts that C2 keeps in registers
 *       without spilling an accumulator ({@link RegisterFile}).
 *   <li>Input gradient: the same kernel, correlating the (dilated, padded) output gradient with
 *       the flipped, transposed filters.
 *   <li>Weight gradient: vectorised dot products over output positions, a tile of 4 output
 *       channels × 6 (input channel, tap) pairs kept in registers across several images when planes
 *       are small; work items own disjoint weight entries and sum over the batch in a fixed order.
 *   <li>Small planes: each pass may instead take the channel path ({@link ChannelCorrelation}:
 *       vectors over channels, rows over (image, position)), chosen per pass by {@link LaneUse}.
 *   <li>3D 3×3×3 stride-1 layers with ≥ 16 channels each side: each pass may take Winograd's F(2³, 3³)
 *       ({@link WinogradCorrelation}) where it saves enough multiplies; {@code -Dgconv4j.cpu.winograd=false}
 *       turns it off.
 * </ul>
 *
 * {@link #prepare} gives a layer a handle that derives all of this once per batch shape and keeps
 * its packing buffers ({@link CpuCorrelation}); the plain calls below derive it per call.
 *
 * <p>Every output entry is computed by one thread in an order that does not depend on the thread
 * count: the same inputs give the same bits. Threads: {@link CpuExecutor#shared()} (system property
 * {@code gconv4j.cpu.threads}, default the available processors), or a pool of its own when the
 * constructor asks for another count.
 */
public final class CpuBackend implements ConvBackend {
  private final CpuExecutor executor;
  private final boolean ownsExecutor;

  /** A backend on the shared pool ({@link CpuExecutor#shared()}). */
  public CpuBackend() {
    this(CpuExecutor.shared(), false);
  }

  /**
   * A backend with {@code threads} threads (1 runs everything on the calling thread): the shared pool
   * when it has that many, else a pool of its own, stopped by {@link #close()}.
   */
  public CpuBackend(int threads) {
    this(threads == CpuExecutor.shared().threads() ? CpuExecutor.shared() : new CpuExecutor(threads),
        threads != CpuExecutor.shared().threads());
  }

  private CpuBackend(CpuExecutor executor, boolean ownsExecutor) {
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
  }

  /** {@code -Dgconv4j.cpu.threads=N} if set, else {@link Runtime#availableProcessors()}. */
  public static int defaultThreads() {
    return CpuExecutor.configuredThreads();
  }

  public int threads() {
    return executor.threads();
  }

  /** The pool this backend's loops run on. */
  public CpuExecutor executor() {
    return executor;
  }

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public String device() {
    return "CPU, " + executor.threads() + " threads, Vector API " + VectorKernels.SPECIES.vectorBitSize() + "-bit (" + VL
        + " floats), " + RegisterFile.DETECTED.describe();
  }

  @Override
  public PreparedConv prepare(ConvSpec spec) {
    return new CpuPreparedConv(spec, this, executor);
  }

  public void transformFilters(float[] f, int outChannels, int inChannels, int[] table, int order, int inOrder, int cells, float[] fPlus) {
    checkTransform(f.length, outChannels, inChannels, table, order, inOrder, cells, fPlus.length, "f", "fPlus");
    executor.run(outChannels, o -> FilterGather.forward(f, o, inChannels, table, order, inOrder, cells, fPlus));
  }

  public void transformFiltersBackward(float[] gradFPlus, int outChannels, int inChannels, int[] table, int order, int inOrder, int cells, float[] gradF) {
    checkTransform(gradF.length, outChannels, inChannels, table, order, inOrder, cells, gradFPlus.length, "gradF", "gradFPlus");
    int[][] offsets = FilterGather.gatherOffsets(FilterGather.inverse(table, inOrder * cells), inOrder, cells, inChannels);
    executor.run(outChannels, o -> FilterGather.backward(gradFPlus, o, inChannels, offsets, order, inOrder, cells, gradF, false));
  }

  public void correlate(ConvGeometry g, float[] x, float[] w, float[] y) {
    checkLength("x", x, g.inputLength(), g);
    checkLength("w", w, g.weightLength(), g);
    checkLength("y", y, g.outputLength(), g);
    new CpuCorrelation(g, executor).forward(x, w, y);
  }

  public void correlateBackwardInput(ConvGeometry g, float[] gradY, float[] w, float[] gradX) {
    checkLength("gradY", gradY, g.outputLength(), g);
    checkLength("w", w, g.weightLength(), g);
    checkLength("gradX", gradX, g.inputLength(), g);
    new CpuCorrelation(g, executor).backwardInput(gradY, w, gradX);
  }

  public void correlateBackwardWeights(ConvGeometry g, float[] x, float[] gradY, float[] gradW) {
    checkLength("x", x, g.inputLength(), g);
    checkLength("gradY", gradY, g.outputLength(), g);
    checkLength("gradW", gradW, g.weightLength(), g);
    new CpuCorrelation(g, executor).backwardWeights(x, gradY, gradW);
  }

  private static void checkLength(String what, float[] a, int expected, ConvGeometry g) {
    Checks.floats("CpuBackend", what, a, expected, g, "Allocate it with the geometry's length");
  }

  private static void checkTransform(int fLength, int outC, int inC, int[] table, int order, int inOrder, int cells, int fPlusLength, String fName, String fPlusName) {
    long filter = (long) inOrder * cells;
    if (table.length != (long) order * filter) {
      throw Checks.argument("CpuBackend", "table must hold S·S_in·cells = " + order + "·" + inOrder + "·" + cells
          + " entries; got " + table.length + ". Pass the lifting table for S_in = 1, the group table for S_in = S");
    }
    if (fLength != outC * inC * filter) {
      throw Checks.argument("CpuBackend", fName + " must be [C_out, C_in, S_in·cells] = [" + outC + ", "
          + inC + ", " + filter + "] (" + outC * inC * filter + " floats); got " + fLength);
    }
    if (fPlusLength != (long) outC * order * inC * filter) {
      throw Checks.argument("CpuBackend", fPlusName + " must be [C_out, S, C_in, S_in·cells] = [" + outC
          + ", " + order + ", " + inC + ", " + filter + "] (" + (long) outC * order * inC * filter + " floats); got "
          + fPlusLength);
    }
  }

  @Override
  public void close() {
    if (ownsExecutor) {
      executor.close();
    }
  }
}
