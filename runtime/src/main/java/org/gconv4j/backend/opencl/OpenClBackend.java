package org.gconv4j.backend.opencl;

import com.aparapi.Kernel;
import com.aparapi.device.OpenCLDevice;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.opencl.kernels.ChannelsLastKernel;
import org.gconv4j.backend.opencl.kernels.CorrelateBackwardInputKernel;
import org.gconv4j.backend.opencl.kernels.CorrelateBackwardWeightsKernel;
import org.gconv4j.backend.opencl.kernels.Correlate3x3ChunkKernel;
import org.gconv4j.backend.opencl.kernels.Correlate3x3WeightsChunkKernel;
import org.gconv4j.backend.opencl.kernels.CorrelateForwardKernel;
import org.gconv4j.backend.opencl.kernels.CropColumnsKernel;
import org.gconv4j.backend.opencl.kernels.GroupTransformFiltersBackwardKernel;
import org.gconv4j.backend.opencl.kernels.GroupTransformFiltersKernel;
import org.gconv4j.backend.opencl.kernels.PadKernel;
import org.gconv4j.backend.opencl.kernels.PositionTilesKernel;
import org.gconv4j.backend.opencl.kernels.ReduceChunksKernel;
import org.gconv4j.backend.opencl.kernels.ReduceLanesKernel;
import org.gconv4j.backend.opencl.kernels.TransformFiltersBackwardKernel;
import org.gconv4j.backend.opencl.kernels.TransformFiltersKernel;
import org.gconv4j.group.Group;

/**
 * The OpenCL backend: Aparapi kernels, one per pass, on the best OpenCL device (a GPU if any, else a CPU device
 * such as PoCL's). Every kernel is compiled once per JVM and device, every launch uses explicit buffers
 * ({@code put} before, {@code get} after, correct on discrete GPUs), and every launch is proven to have run as
 * OpenCL on the device ({@link KernelLauncher}); a Java fallback throws {@link OpenClException} unless
 * {@link Options#allowJavaFallback()} is set.
 *
 * <p>Generated kernels: {@link #specialisedFor(Group, int)} returns a view of this backend that runs the kernels the
 * annotation processor generated for the group's {@code @GroupSpec} and the filter size ({@link GroupKernels}), with
 * the sizes as compile-time constants and the group's tables as array fields, whenever a call fits them; other calls
 * and groups without generated kernels run on the generic kernels. Both are proven to run as OpenCL alike.
 *
 * <p>Thread safety: launches of the same kernel are serialised; different passes may run concurrently.
 * The kernels keep references to the arrays of their last launch until {@link #close()}.
 */
public final class OpenClBackend implements ConvBackend {
  /** No arrays to put or get around a launch (the launches between a chained pass's first and last). */
  private static final Object[] NO_INPUTS = new Object[0];
  private static final float[][] NO_OUTPUTS = new float[0][];
  /** Kernel instances per device id: compiled once per JVM. */
  private static final Map<Long, Map<Class<?>, Kernel>> KERNELS = new ConcurrentHashMap<>();
  private static volatile Boolean available;

  private final Options options;
  private final OpenCLDevice device;
  private final KernelLauncher launcher;
  private final Map<Class<?>, Kernel> kernels;
  /** The generated kernels this view runs when a call fits them; null: the generic kernels only. */
  private final KernelClasses generated;
  private final String generatedFor;
  /** Scratch arrays of the filter gradient (gradY channels-last, per-chunk sums), per kernel, used under its monitor. */
  private final Map<Kernel, float[][]> scratch = new ConcurrentHashMap<>();
  /** Scratch arrays of the chunked 3 × 3 passes, per pass ("forward", "gradInput") and role, used under the kernel's monitor. */
  private final Map<String, float[]> chunkScratch = new ConcurrentHashMap<>();

  /**
   * What the backend may do.
   *
   * @param allowJavaFallback run a kernel in Java (with a one-line warning) instead of failing when it cannot run
   *                          as OpenCL; system property {@code gconv4j.opencl.fallback=java}
   * @param device            {@code gpu}, {@code cpu}, {@code acc}, part of a device name, or null for the best
   *                          device; system property {@code gconv4j.opencl.device}
   * @param generatedKernels  use the kernels generated per {@code @GroupSpec} where a group has them (the default);
   *                          false runs every layer on the generic kernels. System property
   *                          {@code gconv4j.opencl.kernels=generated|generic}
   * @param wideKernels       on a CPU device, run the large 3 × 3 stride-1 passes on {@link WideKernels} (OpenCL C with
   *                          16-wide vectors, the default); false runs them as launches of the Java-translated chunk
   *                          kernels. System property {@code gconv4j.opencl.wide=true|false}
   */
  public record Options(boolean allowJavaFallback, String device, boolean generatedKernels, boolean wideKernels) {
    /** Options with the generated kernels and the 16-wide CPU kernels enabled. */
    public Options(boolean allowJavaFallback, String device) {
      this(allowJavaFallback, device, true, true);
    }

    /** Options with the 16-wide CPU kernels enabled. */
    public Options(boolean allowJavaFallback, String device, boolean generatedKernels) {
      this(allowJavaFallback, device, generatedKernels, true);
    }

    /**
     * Options from the system properties {@code gconv4j.opencl.fallback}, {@code gconv4j.opencl.device},
     * {@code gconv4j.opencl.kernels} and {@code gconv4j.opencl.wide}.
     */
    public static Options fromSystemProperties() {
      String fallback = System.getProperty("gconv4j.opencl.fallback", "none");
      if (!fallback.equals("java") && !fallback.equals("none")) {
        throw new IllegalArgumentException("[OpenCL] gconv4j.opencl.fallback is java or none; got " + fallback);
      }
      String kernels = System.getProperty("gconv4j.opencl.kernels", "generated");
      if (!kernels.equals("generated") && !kernels.equals("generic")) {
        throw new IllegalArgumentException("[OpenCL] gconv4j.opencl.kernels is generated or generic; got " + kernels);
      }
      String wide = System.getProperty("gconv4j.opencl.wide", "true");
      if (!wide.equals("true") && !wide.equals("false")) {
        throw new IllegalArgumentException("[OpenCL] gconv4j.opencl.wide is true or false; got " + wide);
      }
      return new Options(fallback.equals("java"), System.getProperty("gconv4j.opencl.device"), kernels.equals("generated"),
          wide.equals("true"));
    }

    public Options withJavaFallback(boolean allow) {
      return new Options(allow, device, generatedKernels, wideKernels);
    }

    public Options withDevice(String preference) {
      return new Options(allowJavaFallback, preference, generatedKernels, wideKernels);
    }

    public Options withGeneratedKernels(boolean use) {
      return new Options(allowJavaFallback, device, use, wideKernels);
    }

    public Options withWideKernels(boolean use) {
      return new Options(allowJavaFallback, device, generatedKernels, use);
    }
  }

  /** A backend with {@link Options#fromSystemProperties()}. */
  public OpenClBackend() {
    this(Options.fromSystemProperties());
  }

  /**
   * @throws OpenClException when there is no OpenCL device (check {@link #isAvailable()} first)
   */
  public OpenClBackend(Options options) {
    this.options = options;
    this.device = OpenClDevices.select(options.device());
    this.launcher = new KernelLauncher(device, options.allowJavaFallback());
    this.kernels = KERNELS.computeIfAbsent(device.getDeviceId(), id -> new ConcurrentHashMap<>());
    this.generated = null;
    this.generatedFor = null;
  }

  /** A view of {@code base} that runs {@code generated} where a call fits them. */
  private OpenClBackend(OpenClBackend base, KernelClasses generated, String generatedFor) {
    this.options = base.options;
    this.device = base.device;
    this.launcher = base.launcher;
    this.kernels = base.kernels;
    this.generated = generated;
    this.generatedFor = generatedFor;
  }

  /**
   * This backend for the layers of {@code group} with {@code kernelSize} filters: a view that runs the group's
   * generated kernels ({@link GroupKernels#of(Group)}) when it has them for that size and
   * {@link Options#generatedKernels()} is set, else this backend (the generic kernels).
   */
  @Override
  public OpenClBackend specialisedFor(Group group, int kernelSize) {
    if (!options.generatedKernels()) {
      return this;
    }
    return GroupKernels.of(group)
        .flatMap(k -> k.kernels(kernelSize))
        .filter(set -> set.dimension() == group.dimension())
        .map(set -> new OpenClBackend(this, set, group.name()))
        .orElse(this);
  }

  /** The generated kernels this view runs where a call fits them; empty for the generic backend. */
  public Optional<KernelClasses> generatedKernels() {
    return Optional.ofNullable(generated);
  }

  /** True when at least one OpenCL device exists (probed once per JVM). */
  public static boolean isAvailable() {
    Boolean a = available;
    if (a == null) {
      a = !OpenClDevices.all().isEmpty();
      available = a;
    }
    return a;
  }

  public Options options() {
    return options;
  }

  /** The Aparapi device every kernel runs on. */
  public OpenCLDevice openClDevice() {
    return device;
  }

  /** The launcher that compiles and proves launches (also for tests and benchmarks). */
  public KernelLauncher launcher() {
    return launcher;
  }

  /** Compiles every kernel this backend may launch (the generic ones, a view's generated ones) now, not at first use. */
  public void warmUp() {
    kernel(TransformFiltersKernel.class, TransformFiltersKernel::new);
    kernel(TransformFiltersBackwardKernel.class, TransformFiltersBackwardKernel::new);
    kernel(CorrelateForwardKernel.class, CorrelateForwardKernel::new);
    kernel(CorrelateBackwardInputKernel.class, CorrelateBackwardInputKernel::new);
    kernel(CorrelateBackwardWeightsKernel.class, CorrelateBackwardWeightsKernel::new);
    kernel(ReduceChunksKernel.class, ReduceChunksKernel::new);
    kernel(ChannelsLastKernel.class, ChannelsLastKernel::new);
    kernel(PadKernel.class, PadKernel::new);
    if (launcher.cpuDevice() && options.wideKernels()) {
      wideKernels();
    } else if (launcher.cpuDevice()) {
      kernel(Correlate3x3ChunkKernel.class, Correlate3x3ChunkKernel::new);
      kernel(CropColumnsKernel.class, CropColumnsKernel::new);
      kernel(Correlate3x3WeightsChunkKernel.class, Correlate3x3WeightsChunkKernel::new);
      kernel(PositionTilesKernel.class, PositionTilesKernel::new);
      kernel(ReduceLanesKernel.class, ReduceLanesKernel::new);
    }
    if (generated != null) {
      kernel(generated.transformFilters());
      kernel(generated.transformFiltersBackward());
      kernel(generated.correlateForward());
      kernel(generated.correlateBackwardInput());
      kernel(generated.correlateBackwardWeights());
    }
  }

  /** First-launch latency (translation + OpenCL build) per kernel, in milliseconds; see {@link KernelLauncher}. */
  public Map<String, Double> compileMillis() {
    return launcher.compileMillis();
  }

  @Override
  public String name() {
    return "opencl";
  }

  @Override
  public String device() {
    return OpenClDevices.describe(device);
  }

  @Override
  public void transformFilters(float[] f, int outChannels, int inChannels, int[] table, int order, int inOrder, int cells,
      float[] fPlus) {
    int block = inOrder * cells;
    checkTable(table, order, block);
    requireLength("f", f, outChannels * inChannels * block);
    requireLength("fPlus", fPlus, outChannels * order * inChannels * block);
    if (generated != null) {
      GroupTransformFiltersKernel g = kernel(generated.transformFilters());
      if (g.matches(table, order, inOrder, cells)) {
        synchronized (g) {
          g.bindLayer(f, outChannels, inChannels, inOrder == 1, fPlus);
          launcher.launch(g, g.workItems(), new Object[] {f, g.boundTable()}, new float[][] {fPlus});
        }
        return;
      }
    }
    TransformFiltersKernel k = kernel(TransformFiltersKernel.class, TransformFiltersKernel::new);
    synchronized (k) {
      k.bind(f, outChannels, inChannels, table, order, block, fPlus);
      launcher.launch(k, k.workItems(), new Object[] {f, table}, new float[][] {fPlus});
    }
  }

  @Override
  public void transformFiltersBackward(float[] gradFPlus, int outChannels, int inChannels, int[] table, int order, int inOrder,
      int cells, float[] gradF) {
    int block = inOrder * cells;
    checkTable(table, order, block);
    requireLength("gradFPlus", gradFPlus, outChannels * order * inChannels * block);
    requireLength("gradF", gradF, outChannels * inChannels * block);
    if (generated != null && kernel(generated.transformFilters()).matches(table, order, inOrder, cells)) {
      GroupTransformFiltersBackwardKernel g = kernel(generated.transformFiltersBackward());
      synchronized (g) {
        g.bindLayer(gradFPlus, outChannels, inChannels, inOrder == 1, gradF);
        int[][] inv = g.boundInverse();
        launcher.launch(g, g.workItems(), new Object[] {gradFPlus, inv[0], inv[1]}, new float[][] {gradF});
      }
      return;
    }
    InverseTable inverse = InverseTable.of(table, block);
    // Aparapi cannot pass an empty array: a table with no source at all gets a one-entry dummy (never read).
    int[] positions = inverse.positions().length == 0 ? new int[1] : inverse.positions();
    TransformFiltersBackwardKernel k = kernel(TransformFiltersBackwardKernel.class, TransformFiltersBackwardKernel::new);
    synchronized (k) {
      k.bind(gradFPlus, outChannels, inChannels, inverse.offsets(), positions, order, block, gradF);
      launcher.launch(k, k.workItems(), new Object[] {gradFPlus, inverse.offsets(), positions}, new float[][] {gradF});
    }
  }

  @Override
  public void correlate(ConvGeometry g, float[] x, float[] w, float[] y) {
    requireLength("x", x, g.inputLength());
    requireLength("w", w, g.weightLength());
    requireLength("y", y, g.outputLength());
    if (chunked(g, false)) {
      if (options.wideKernels()) {
        correlateWide(g, x, w, y, false);
      } else {
        correlateChunked(g, x, w, y, false);
      }
      return;
    }
    CorrelateForwardKernel k = generated != null && generated.fits(g)
        ? kernel(generated.correlateForward())
        : kernel(CorrelateForwardKernel.class, CorrelateForwardKernel::new);
    synchronized (k) {
      if (g.stride() == 1 && g.padding() != 0) {
        float[] padded = pad(k, x, g.batch() * g.inChannels(), g, g.dims() == 3 ? g.padding() : 0, g.padding(), false);
        k.bindPadded(g, padded, w, y);
        launcher.launch(k, k.width(), k.height(), new Object[] {padded, w}, new float[][] {y});
      } else {
        k.bind(g, x, w, y);
        launcher.launch(k, k.width(), k.height(), new Object[] {x, w}, new float[][] {y});
      }
    }
  }

  @Override
  public void correlateBackwardInput(ConvGeometry g, float[] gradY, float[] w, float[] gradX) {
    requireLength("gradY", gradY, g.outputLength());
    requireLength("w", w, g.weightLength());
    requireLength("gradX", gradX, g.inputLength());
    if (chunked(g, true)) {
      if (options.wideKernels()) {
        correlateWide(g, gradY, w, gradX, true);
      } else {
        correlateChunked(g, gradY, w, gradX, true);
      }
      return;
    }
    CorrelateBackwardInputKernel k = generated != null && generated.fits(g)
        ? kernel(generated.correlateBackwardInput())
        : kernel(CorrelateBackwardInputKernel.class, CorrelateBackwardInputKernel::new);
    synchronized (k) {
      int p = g.kernelSize() - 1 - g.padding();
      if (g.stride() == 1 && p != 0) {
        float[] padded = pad(k, gradY, g.batch() * g.outChannels(), g, g.dims() == 3 ? p : 0, p, true);
        k.bindPadded(g, padded, w, gradX);
        launcher.launch(k, k.width(), k.height(), new Object[] {padded, w}, new float[][] {gradX});
      } else {
        k.bind(g, gradY, w, gradX);
        launcher.launch(k, k.width(), k.height(), new Object[] {gradY, w}, new float[][] {gradX});
      }
    }
  }

  @Override
  public void correlateBackwardWeights(ConvGeometry g, float[] x, float[] gradY, float[] gradW) {
    requireLength("x", x, g.inputLength());
    requireLength("gradY", gradY, g.outputLength());
    requireLength("gradW", gradW, g.weightLength());
    if (options.wideKernels() && wideWeights(g)) {
      correlateWeightsWide(g, x, gradY, gradW);
      return;
    }
    if (!options.wideKernels() && chunkedWeights(g)) {
      correlateWeightsChunked(g, x, gradY, gradW);
      return;
    }
    CorrelateBackwardWeightsKernel k = generated != null && generated.fits(g)
        ? kernel(generated.correlateBackwardWeights())
        : kernel(CorrelateBackwardWeightsKernel.class, CorrelateBackwardWeightsKernel::new);
    int chunks = launcher.reductionChunks(CorrelateBackwardWeightsKernel.itemsPerChunk(g), g.batch());
    synchronized (k) {
      int paddedC = CorrelateBackwardWeightsKernel.paddedChannels(g);
      float[] gradYt = scratch(k, 0, g.batch() * g.outPlane() * paddedC);
      ChannelsLastKernel t = kernel(ChannelsLastKernel.class, ChannelsLastKernel::new);
      synchronized (t) {
        t.bind(gradY, g.batch(), g.outChannels(), g.outPlane(), paddedC, gradYt);
        launcher.launch(t, t.workItems(), new Object[] {gradY}, new float[][] {gradYt});
      }
      float[] partial = chunks == 1 ? gradW : scratch(k, 1, chunks * g.weightLength());
      k.bind(g, x, gradYt, chunks, partial);
      launcher.launch(k, k.workItems(), new Object[] {x, gradYt}, new float[][] {partial});
      if (chunks > 1) {
        ReduceChunksKernel r = kernel(ReduceChunksKernel.class, ReduceChunksKernel::new);
        synchronized (r) {
          r.bind(partial, chunks, g.weightLength(), gradW);
          launcher.launch(r, r.workItems(), new Object[] {partial}, new float[][] {gradW});
        }
      }
    }
  }

  /**
   * True when a pass of {@code g} (the input gradient when {@code gradient}, else the forward pass) runs as chunks of
   * {@link Correlate3x3ChunkKernel}: on a CPU device, for 2D 3 × 3 stride-1 layers with padding ≤ 2, at least
   * {@link #CHUNKED_MIN_POSITIONS} output positions over the batch and at least {@value #CHUNKED_MIN_SOURCES}
   * source channels (fewer would pad a chunk with zero filters). Other passes run the register-tiled kernels,
   * generated or generic: small layers pay more for the chunk launches than they save.
   */
  boolean chunked(ConvGeometry g, boolean gradient) {
    return launcher.cpuDevice() && g.dims() == 2 && g.kernelSize() == 3 && g.stride() == 1 && g.padding() <= 2
        && (long) g.batch() * Math.min(g.outPlane(), g.inPlane()) >= CHUNKED_MIN_POSITIONS
        && (gradient ? g.outChannels() : g.inChannels()) >= CHUNKED_MIN_SOURCES;
  }

  /**
   * True when the filter gradient of {@code g} runs as launches of {@link Correlate3x3WeightsChunkKernel}: on a CPU
   * device, for the layers whose forward pass runs as chunks ({@link #chunked}) with at least
   * {@link #CHUNKED_WEIGHTS_MIN_POSITIONS} output positions over the batch; other layers run
   * {@link CorrelateBackwardWeightsKernel}, generated or generic.
   */
  boolean chunkedWeights(ConvGeometry g) {
    return chunked(g, false) && (long) g.batch() * g.outPlane() >= CHUNKED_WEIGHTS_MIN_POSITIONS;
  }

  /**
   * True when the filter gradient of {@code g} runs on {@link WideKernels#weights3x3} (the wide kernels on): on a CPU
   * device, for 2D 3 × 3 stride-1 layers with padding ≤ 2 and at least {@link #CHUNKED_MIN_POSITIONS} output positions
   * over the batch, whatever the channel counts (a lifting layer's single input channel included).
   */
  boolean wideWeights(ConvGeometry g) {
    return launcher.cpuDevice() && g.dims() == 2 && g.kernelSize() == 3 && g.stride() == 1 && g.padding() <= 2
        && (long) g.batch() * g.outPlane() >= CHUNKED_MIN_POSITIONS;
  }

  /**
   * Output positions over the batch from which a CPU device runs the filter gradient as chunks
   * ({@link #chunkedWeights}). Below it the chunked pass's fixed costs (gradY re-laid out, the lanes' sums zeroed,
   * copied and added up) outweigh its faster launches; measured (PoCL, loaded 2-core machine, 40 → 40 channels):
   * 1.6x faster at 32 × 24 × 24 positions, even at 64 × 10 × 10, 0.4-0.7x at 32 × 10 × 10 and 32 × 6 × 6.
   */
  static final int CHUNKED_WEIGHTS_MIN_POSITIONS = 8192;

  /** Output positions over the batch from which a CPU device runs 3 × 3 layers as chunks ({@link #chunked}). */
  static final int CHUNKED_MIN_POSITIONS = 1024;

  /** Source channels from which a CPU device runs 3 × 3 passes as chunks ({@link #chunked}): fewer pad a chunk with zero filters. */
  static final int CHUNKED_MIN_SOURCES = 4;

  /** The 16-wide kernels of this backend's (CPU) device, bound at first use. */
  public WideKernels wideKernels() {
    return WideKernels.bind(device);
  }

  /**
   * The forward pass (y = x ⋆ w) or, with {@code gradient}, the input gradient (gradX = gradY ⋆ flipped, transposed w)
   * as one call of {@link WideKernels#correlate3x3}: the source zero-padded on the host (the input gradient by
   * 2 − pad) with slack for the junk positions, the filters lane-blocked on the host, the sums cropped into
   * {@code result} on the host.
   */
  private void correlateWide(ConvGeometry g, float[] source, float[] w, float[] result, boolean gradient) {
    WideKernels k = wideKernels();
    Sides side = Sides.of(g, gradient);
    int sW = side.rowStride();
    int rows = side.rows();
    int cols = side.cols();
    int resC = side.resultChannels();
    int planes = g.batch() * side.sourceChannels();
    int positions = KernelLauncher.roundUp(rows * sW, WideKernels.POSITIONS);
    int blocks = WideKernels.blocks(resC);
    String pass = gradient ? "wide.gradInput" : "wide.forward";
    synchronized (k) {
      float[] padded = chunkScratch(pass + ".source", planes * side.paddedPlane() + positions - rows * sW + 3);
      padPlanes(source, planes, side.height(), side.width(), side.pad(), padded);
      float[] blocked = chunkScratch(pass + ".filters", blocks * side.sourceChannels() * 9 * WideKernels.LANES);
      WideKernels.blockFilters(w, g.outChannels(), g.inChannels(), gradient, blocked);
      float[] sums = chunkScratch(pass + ".sums", g.batch() * blocks * WideKernels.LANES * positions);
      k.correlate3x3(padded, padded.length, blocked, blocked.length, sums, sums.length, g.batch(), side.sourceChannels(),
          blocks, sW, side.paddedPlane(), positions);
      for (int n = 0; n < g.batch(); n++) {
        for (int c = 0; c < resC; c++) {
          int from = (n * blocks * WideKernels.LANES + c) * positions;
          int to = (n * resC + c) * rows * cols;
          for (int r = 0; r < rows; r++) {
            System.arraycopy(sums, from + r * sW, result, to + r * cols, cols);
          }
        }
      }
    }
  }

  /**
   * The filter gradient as one call of {@link WideKernels#weights3x3}: x zero-padded on the host with slack, gradY
   * laid out on x's row grid (zeros at the junk columns, past the last row and past the last output channel), and the
   * partial sums of the batch's chunks added up on the host.
   */
  private void correlateWeightsWide(ConvGeometry g, float[] x, float[] gradY, float[] gradW) {
    WideKernels k = wideKernels();
    Sides side = Sides.of(g, false);
    int sW = side.rowStride();
    int planeIn = side.paddedPlane();
    int rows = side.rows();
    int cols = side.cols();
    int positions = KernelLauncher.roundUp(rows * sW, WideKernels.WIDTH);
    int outC = g.outChannels();
    int inC = g.inChannels();
    int outBlocks = WideKernels.blocks(outC);
    int outC8 = outBlocks * WideKernels.LANES;
    int chunks = WideKernels.chunks(g.batch());
    synchronized (k) {
      float[] padded = chunkScratch("wide.weights.source", g.batch() * inC * planeIn + positions - rows * sW + 3);
      padPlanes(x, g.batch() * inC, side.height(), side.width(), side.pad(), padded);
      float[] grid = chunkScratch("wide.weights.gradY", g.batch() * outC8 * positions);
      for (int n = 0; n < g.batch(); n++) {
        for (int c = 0; c < outC8; c++) {
          int to = (n * outC8 + c) * positions;
          if (c >= outC) {
            Arrays.fill(grid, to, to + positions, 0f);
            continue;
          }
          int from = (n * outC + c) * rows * cols;
          for (int r = 0; r < rows; r++) {
            System.arraycopy(gradY, from + r * cols, grid, to + r * sW, cols);
            Arrays.fill(grid, to + r * sW + cols, to + (r + 1) * sW, 0f);
          }
          Arrays.fill(grid, to + rows * sW, to + positions, 0f);
        }
      }
      float[] partial = chunkScratch("wide.weights.partial", chunks * outC8 * inC * 9);
      k.weights3x3(padded, padded.length, grid, grid.length, partial, partial.length, g.batch(), inC, sW, planeIn, positions,
          outBlocks);
      int per = outC * inC * 9;
      System.arraycopy(partial, 0, gradW, 0, per);
      for (int c = 1; c < chunks; c++) {
        int base = c * outC8 * inC * 9;
        for (int i = 0; i < per; i++) {
          gradW[i] += partial[base + i];
        }
      }
    }
  }

  /**
   * The two sides of a 3 × 3 stride-1 pass run as a forward correlation: the forward pass (source x, result y) or the
   * input gradient (source gradY padded by 2 − pad, result gradX). The filter gradient reads the forward pass's sides
   * (x padded, the output's rows and columns).
   *
   * @param pad            zero padding of the source on every side
   * @param height         source plane height, unpadded
   * @param width          source plane width, unpadded
   * @param rows           result plane height
   * @param cols           result plane width
   */
  private record Sides(int pad, int sourceChannels, int resultChannels, int height, int width, int rows, int cols) {
    static Sides of(ConvGeometry g, boolean gradient) {
      return gradient
          ? new Sides(2 - g.padding(), g.outChannels(), g.inChannels(), g.outSize(0), g.outSize(1), g.inSize(0), g.inSize(1))
          : new Sides(g.padding(), g.inChannels(), g.outChannels(), g.inSize(0), g.inSize(1), g.outSize(0), g.outSize(1));
    }

    /** Row stride of the padded source. */
    int rowStride() {
      return width + 2 * pad;
    }

    /** Floats per padded source plane. */
    int paddedPlane() {
      return (height + 2 * pad) * rowStride();
    }
  }

  /**
   * {@code planes} planes h × wd of {@code source} zero-padded by {@code p} on every side into {@code into}
   * [planes, (h + 2p) · (wd + 2p)], and the rest of {@code into} (the slack) zeroed. Every entry is written.
   */
  private static void padPlanes(float[] source, int planes, int h, int wd, int p, float[] into) {
    int sW = wd + 2 * p;
    int plane = (h + 2 * p) * sW;
    for (int pl = 0; pl < planes; pl++) {
      int base = pl * plane;
      Arrays.fill(into, base, base + p * sW + p, 0f);
      for (int r = 0; r < h; r++) {
        int row = base + (r + p) * sW + p;
        System.arraycopy(source, (pl * h + r) * wd, into, row, wd);
        Arrays.fill(into, row + wd, row + wd + 2 * p, 0f);
      }
      Arrays.fill(into, base + (h + p) * sW + p, base + plane, 0f);
    }
    Arrays.fill(into, planes * plane, into.length, 0f);
  }

  /**
   * The forward pass (y = x ⋆ w) or, with {@code gradient}, the input gradient (gradX = gradY ⋆ flipped, transposed w)
   * as launches of {@link Correlate3x3ChunkKernel}, one per {@value Correlate3x3ChunkKernel#CHUNK} source channels and
   * {@value Correlate3x3ChunkKernel#LANES} written channels: the source zero-padded (the input gradient by 2 − pad) with
   * slack for the junk positions, the filters lane-blocked on the host (a few thousand floats, each launch's slice put
   * before it), the sums cropped into {@code result} at the end.
   */
  private void correlateChunked(ConvGeometry g, float[] source, float[] w, float[] result, boolean gradient) {
    Sides sides = Sides.of(g, gradient);
    int p = sides.pad();
    int srcC = sides.sourceChannels();
    int resC = sides.resultChannels();
    int h = sides.height();
    int wd = sides.width();
    int rows = sides.rows();
    int cols = sides.cols();
    int sH = h + 2 * p;
    int sW = wd + 2 * p;
    int planes = g.batch() * srcC;
    int positions = KernelLauncher.roundUp(rows * sW, launcher.localSize());
    int blocks = Correlate3x3ChunkKernel.blocks(resC);
    String pass = gradient ? "gradInput" : "forward";
    Correlate3x3ChunkKernel k = kernel(Correlate3x3ChunkKernel.class, Correlate3x3ChunkKernel::new);
    synchronized (k) {
      int paddedLength = PadKernel.paddedLength(planes, 1, h, wd, 0, p);
      float[] padded = chunkScratch(pass + ".source", paddedLength + positions - rows * sW + 3);
      PadKernel pk = kernel(PadKernel.class, PadKernel::new);
      synchronized (pk) {
        pk.bind(source, planes, 1, h, wd, 0, p, padded);
        launcher.launch(pk, pk.workItems(), new Object[] {source}, new float[][] {padded});
      }
      float[] blocked = chunkScratch(pass + ".filters", blocks * Correlate3x3ChunkKernel.chunkChannels(srcC) * 9 * Correlate3x3ChunkKernel.LANES);
      Correlate3x3ChunkKernel.blockFilters(w, g.outChannels(), g.inChannels(), gradient, blocked);
      float[] acc = chunkScratch(pass + ".sums", g.batch() * blocks * Correlate3x3ChunkKernel.LANES * positions);
      Arrays.fill(acc, 0f);
      k.bind(padded, srcC, sH, sW, blocked, blocks, positions, acc);
      int chunks = k.chunks();
      Object[] filters = {k.filters()};
      for (int c = 0; c < chunks; c++) {
        k.chunk(c);
        for (int b = 0; b < blocks; b++) {
          k.bindFilters(b);
          boolean first = c == 0 && b == 0;
          boolean last = c == chunks - 1 && b == blocks - 1;
          launcher.launch(k, positions, g.batch(), first ? new Object[] {padded, acc, k.filters()} : filters,
              last ? new float[][] {acc} : NO_OUTPUTS);
        }
      }
      CropColumnsKernel crop = kernel(CropColumnsKernel.class, CropColumnsKernel::new);
      synchronized (crop) {
        crop.bind(acc, g.batch(), resC, blocks * Correlate3x3ChunkKernel.LANES, positions, rows, cols, sW, result);
        launcher.launch(crop, crop.workItems(), new Object[] {acc}, new float[][] {result});
      }
    }
  }

  /**
   * The filter gradient as launches of {@link Correlate3x3WeightsChunkKernel}, {@value Correlate3x3WeightsChunkKernel#SLOTS}
   * tiles of {@value Correlate3x3WeightsChunkKernel#LANES} positions each: x zero-padded with slack for the junk
   * positions, gradY laid out in tiles on x's row grid ({@link PositionTilesKernel}), the lanes' sums added up at the
   * end ({@link ReduceLanesKernel}).
   */
  private void correlateWeightsChunked(ConvGeometry g, float[] x, float[] gradY, float[] gradW) {
    int p = g.padding();
    int h = g.inSize(0);
    int wd = g.inSize(1);
    int sW = wd + 2 * p;
    int plane = (h + 2 * p) * sW;
    int rows = g.outSize(0);
    int lanes = Correlate3x3WeightsChunkKernel.LANES;
    int outLanes = Correlate3x3WeightsChunkKernel.OUT_LANES;
    int tiles = (rows * sW + lanes - 1) / lanes;
    int planes = g.batch() * g.inChannels();
    Correlate3x3WeightsChunkKernel k = kernel(Correlate3x3WeightsChunkKernel.class, Correlate3x3WeightsChunkKernel::new);
    synchronized (k) {
      float[] padded = chunkScratch("weights.source", PadKernel.paddedLength(planes, 1, h, wd, 0, p) + lanes + 3);
      PadKernel pk = kernel(PadKernel.class, PadKernel::new);
      synchronized (pk) {
        pk.bind(x, planes, 1, h, wd, 0, p, padded);
        launcher.launch(pk, pk.workItems(), new Object[] {x}, new float[][] {padded});
      }
      int flatTiles = Correlate3x3WeightsChunkKernel.flatTiles(g.batch(), tiles);
      float[] tiled = chunkScratch("weights.gradY", Correlate3x3ChunkKernel.blocks(g.outChannels()) * flatTiles * outLanes * lanes);
      PositionTilesKernel tk = kernel(PositionTilesKernel.class, PositionTilesKernel::new);
      synchronized (tk) {
        tk.bind(gradY, g.batch(), g.outChannels(), rows, g.outSize(1), sW, tiles, flatTiles, lanes, outLanes, tiled);
        launcher.launch(tk, tk.workItems(), new Object[] {gradY}, new float[][] {tiled});
      }
      int blocks = Correlate3x3WeightsChunkKernel.blocks(g.outChannels(), g.inChannels());
      float[] acc = chunkScratch("weights.sums", blocks * outLanes * 3 * lanes);
      Arrays.fill(acc, 0f);
      k.bind(padded, g.batch(), g.inChannels(), plane, sW, tiles, tiled, acc);
      int launches = k.launches();
      for (int i = 0; i < launches; i++) {
        k.slots(i);
        launcher.launch(k, lanes, blocks, i == 0 ? new Object[] {padded, tiled, acc} : NO_INPUTS,
            i == launches - 1 ? new float[][] {acc} : NO_OUTPUTS);
      }
      ReduceLanesKernel r = kernel(ReduceLanesKernel.class, ReduceLanesKernel::new);
      synchronized (r) {
        r.bind(acc, g.outChannels(), g.inChannels(), lanes, outLanes, gradW);
        launcher.launch(r, r.workItems(), new Object[] {acc}, new float[][] {gradW});
      }
    }
  }

  private float[] chunkScratch(String key, int length) {
    float[] a = chunkScratch.get(key);
    if (a == null || a.length != length) {
      a = new float[length];
      chunkScratch.put(key, a);
    }
    return a;
  }

  /**
   * {@code source} [planes, spatial] (the input of g when {@code output} is false, else its output) zero-padded by
   * {@code padD} / {@code pad} into a scratch array of {@code k}, on the device.
   */
  private float[] pad(Kernel k, float[] source, int planes, ConvGeometry g, int padD, int pad, boolean output) {
    boolean is3d = g.dims() == 3;
    int d = is3d ? (output ? g.outSize(0) : g.inSize(0)) : 1;
    int h = output ? g.outSize(g.dims() - 2) : g.inSize(g.dims() - 2);
    int wd = output ? g.outSize(g.dims() - 1) : g.inSize(g.dims() - 1);
    float[] padded = scratch(k, 0, PadKernel.paddedLength(planes, d, h, wd, padD, pad));
    PadKernel p = kernel(PadKernel.class, PadKernel::new);
    synchronized (p) {
      p.bind(source, planes, d, h, wd, padD, pad, padded);
      launcher.launch(p, p.workItems(), new Object[] {source}, new float[][] {padded});
    }
    return padded;
  }

  /** Scratch array {@code slot} of a kernel, at least {@code length} floats, reused between calls (under its monitor). */
  private float[] scratch(Kernel k, int slot, int length) {
    float[][] slots = scratch.computeIfAbsent(k, kk -> new float[2][]);
    if (slots[slot] == null || slots[slot].length != length) {
      slots[slot] = new float[length];
    }
    return slots[slot];
  }

  /** Releases the device buffers the kernels hold (the compiled kernels stay cached for the JVM). */
  @Override
  public void close() {
    for (Kernel k : List.copyOf(kernels.values())) {
      synchronized (k) {
        k.cleanUpArrays();
      }
    }
  }

  @Override
  public String toString() {
    return "OpenClBackend[" + device() + (generated == null ? "" : ", kernels generated for " + generatedFor + " n=" + generated.kernelSize())
        + (options.allowJavaFallback() ? ", Java fallback allowed" : "") + "]";
  }

  /** The cached instance of a kernel class with a public no-argument constructor (the generated kernels). */
  private <K extends Kernel> K kernel(Class<K> type) {
    return kernel(type, () -> {
      try {
        return type.getConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new OpenClException("[OpenCL] generated kernel " + type.getName() + " could not be created: " + e
            + ". Recompile the @GroupSpec with the same gconv4j version as the runtime", e);
      }
    });
  }

  @SuppressWarnings("unchecked")
  private <K extends Kernel> K kernel(Class<K> type, Supplier<K> create) {
    Kernel k = kernels.get(type);
    if (k == null) {
      synchronized (kernels) {
        k = kernels.get(type);
        if (k == null) {
          k = launcher.prepare(create.get());
          kernels.put(type, k);
        }
      }
    }
    return (K) k;
  }

  private static void checkTable(int[] table, int order, int block) {
    if (table.length != order * block) {
      throw new IllegalArgumentException("[OpenCL] table is [S, S_in, cells] = [" + order + ", " + block + "] flattened, "
          + order * block + " entries; got " + table.length + ". Pass the table that matches order, inOrder and cells");
    }
    for (int p = 0; p < table.length; p++) {
      if (table[p] < -1 || table[p] >= block) {
        throw new IllegalArgumentException("[OpenCL] table entries are -1 or a source in [0, " + block + "); entry " + p + " is "
            + table[p] + ". Check that the table was built for S_in = inOrder and this kernel size");
      }
    }
  }

  private static void requireLength(String name, float[] a, int expected) {
    if (a.length < expected) {
      throw new IllegalArgumentException("[OpenCL] " + name + " needs " + expected + " floats for this shape; got " + a.length
          + ". Allocate it from the geometry (ConvGeometry.inputLength/outputLength/weightLength)");
    }
  }
}
