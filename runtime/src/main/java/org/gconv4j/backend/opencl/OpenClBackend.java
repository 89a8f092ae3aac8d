package org.gconv4j.backend.opencl;

import com.aparapi.Kernel;
import com.aparapi.device.OpenCLDevice;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.PreparedConv;
import org.gconv4j.backend.opencl.kernels.CorrelateBackwardInputKernel;
import org.gconv4j.backend.opencl.kernels.CorrelateBackwardWeightsKernel;
import org.gconv4j.backend.opencl.kernels.CorrelateForwardKernel;
import org.gconv4j.backend.opencl.kernels.TransformFiltersBackwardKernel;
import org.gconv4j.backend.opencl.kernels.TransformFiltersKernel;
import org.gconv4j.internal.Checks;
import org.gconv4j.nn.ConvSpec;

/**
 * The OpenCL backend: Aparapi kernels, one per pass, on the best OpenCL device (a GPU if any, else a CPU device
 * such as PoCL's). Every kernel is compiled once per JVM and device, every launch uses explicit buffers
 * ({@code put} before, {@code get} after, correct on discrete GPUs), and every launch is proven to have run as
 * OpenCL on the device; a Java fallback throws {@link OpenClException} unless
 * {@link Options#allowJavaFallback()} is set.
 *
 * <p>The kernels are the same on every device: written once in Java, translated by Aparapi, with the group's
 * filter tables and the geometry as kernel arguments. Instruction counts on a simulated GPU showed that kernels
 * generated per {@code @GroupSpec} with the sizes as constants executed the same instructions (docs/notes/).
 *
 * <p>Each prepared layer owns its kernel instances and their device buffers ({@link LayerKernels}); closing the
 * layer's {@link PreparedConv} releases them. Layers may run on different threads; one layer is not thread-safe.
 */
public final class OpenClBackend implements ConvBackend {
  private static volatile Boolean available;

  private final Options options;
  private final OpenCLDevice device;
  private final KernelLauncher launcher;

  /**
   * What the backend may do.
   *
   * @param allowJavaFallback run a kernel in Java (with a one-line warning) instead of failing when it cannot run
   *                          as OpenCL; system property {@code gconv4j.opencl.fallback=java}
   * @param device            {@code gpu}, {@code cpu}, {@code acc}, part of a device name, or null for the best
   *                          device; system property {@code gconv4j.opencl.device}
   */
  public record Options(boolean allowJavaFallback, String device) {
    /** Options from the system properties {@code gconv4j.opencl.fallback} and {@code gconv4j.opencl.device}. */
    public static Options fromSystemProperties() {
      String fallback = System.getProperty("gconv4j.opencl.fallback", "none");
      if (!fallback.equals("java") && !fallback.equals("none")) {
        throw Checks.argument("OpenCL", "gconv4j.opencl.fallback is java or none; got " + fallback);
      }
      return new Options(fallback.equals("java"), System.getProperty("gconv4j.opencl.device"));
    }

    public Options withJavaFallback(boolean allow) {
      return new Options(allow, device);
    }

    public Options withDevice(String preference) {
      return new Options(allowJavaFallback, preference);
    }
  }

  /** A backend with {@link Options#fromSystemProperties()}. */
  /** Bytes copied between host and device by the OpenCL launches of this JVM so far (every backend, every device). */
  public record Transfers(long hostToDevice, long deviceToHost) {
    /** The bytes copied since {@code earlier}. */
    public Transfers since(Transfers earlier) {
      return new Transfers(hostToDevice - earlier.hostToDevice, deviceToHost - earlier.deviceToHost);
    }
  }

  /** The bytes copied so far ({@link Transfers}); take two and subtract for one piece of work. */
  public static Transfers transfers() {
    return KernelLauncher.transfers();
  }

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
  KernelLauncher launcher() {
    return launcher;
  }

  /** Compiles every kernel this backend may launch now, not at first use (Aparapi keeps the build per class). */
  public void warmUp() {
    try (LayerKernels k = new LayerKernels()) {
      k.transform();
      k.transformBackward();
      k.forward();
      k.backwardInput();
      k.backwardWeights();
    }
  }

  /** First-launch latency (translation + OpenCL build) per kernel, in milliseconds. */
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

  /**
   * Prepares one layer: its own kernel instances (so its device buffers and tables stay on the device between
   * steps), the table checked and inverted once, the filter gradient's batch chunks and host buffers chosen once per
   * batch shape, all owned by the handle ({@link OpenClPreparedConv}).
   */
  @Override
  public PreparedConv prepare(ConvSpec spec) {
    return new OpenClPreparedConv(spec, this);
  }

  // One-shot passes (tests, benchmarks of single kernels): each runs on kernels of its own, as a prepared layer does,
  // and releases them. Lengths must be exact, as in PreparedConv.

  void transformFilters(float[] f, int outChannels, int inChannels, int[] table, int order, int inOrder, int cells, float[] fPlus) {
    try (LayerKernels k = new LayerKernels()) {
      FilterPass pass = new FilterPass(k, table, order, inOrder, cells);
      requireLength("f", f, outChannels * inChannels * pass.block);
      requireLength("fPlus", fPlus, outChannels * order * inChannels * pass.block);
      pass.transform(f, outChannels, inChannels, fPlus);
    }
  }

  void transformFiltersBackward(float[] gradFPlus, int outChannels, int inChannels, int[] table, int order, int inOrder, int cells,
      float[] gradF) {
    try (LayerKernels k = new LayerKernels()) {
      FilterPass pass = new FilterPass(k, table, order, inOrder, cells);
      requireLength("gradFPlus", gradFPlus, outChannels * order * inChannels * pass.block);
      requireLength("gradF", gradF, outChannels * inChannels * pass.block);
      pass.backward(gradFPlus, outChannels, inChannels, gradF);
    }
  }

  void correlate(ConvGeometry g, float[] x, float[] w, float[] y) {
    requireLength("x", x, g.inputLength());
    requireLength("w", w, g.weightLength());
    requireLength("y", y, g.outputLength());
    try (LayerKernels k = new LayerKernels()) {
      new Planar(k, g).forward(x, w, y);
    }
  }

  void correlateBackwardInput(ConvGeometry g, float[] gradY, float[] w, float[] gradX) {
    requireLength("gradY", gradY, g.outputLength());
    requireLength("w", w, g.weightLength());
    requireLength("gradX", gradX, g.inputLength());
    try (LayerKernels k = new LayerKernels()) {
      new Planar(k, g).backwardInput(gradY, w, gradX);
    }
  }

  void correlateBackwardWeights(ConvGeometry g, float[] x, float[] gradY, float[] gradW) {
    requireLength("x", x, g.inputLength());
    requireLength("gradY", gradY, g.outputLength());
    requireLength("gradW", gradW, g.weightLength());
    try (LayerKernels k = new LayerKernels()) {
      new Planar(k, g).backwardWeights(x, gradY, gradW);
    }
  }

  /**
   * One layer's kernel instances, each created and compiled for the device at first use (the build is Aparapi's,
   * cached per class: a new instance costs about a millisecond). Aparapi keeps a device buffer per kernel and
   * argument, re-created when the argument's array changes; a layer that owns its kernels keeps its arrays, so its
   * buffers live from one step to the next and its tables are copied once. Not thread-safe: one layer, one set.
   * {@link #close} releases the buffers ({@code cleanUpArrays}; Aparapi 3.0.2's {@code dispose} crashes in native
   * code on a kernel that was compiled but not launched).
   */
  final class LayerKernels implements AutoCloseable {
    private final Map<Class<?>, Kernel> created = new LinkedHashMap<>();

    TransformFiltersKernel transform() {
      return get(TransformFiltersKernel.class, TransformFiltersKernel::new);
    }

    TransformFiltersBackwardKernel transformBackward() {
      return get(TransformFiltersBackwardKernel.class, TransformFiltersBackwardKernel::new);
    }

    CorrelateForwardKernel forward() {
      return get(CorrelateForwardKernel.class, CorrelateForwardKernel::new);
    }

    CorrelateBackwardInputKernel backwardInput() {
      return get(CorrelateBackwardInputKernel.class, CorrelateBackwardInputKernel::new);
    }

    CorrelateBackwardWeightsKernel backwardWeights() {
      return get(CorrelateBackwardWeightsKernel.class, CorrelateBackwardWeightsKernel::new);
    }

    /** The layer's instance of a kernel class the annotation processor generated. */
    GeneratedForwardKernel generatedForward(GeneratedKernels.Forward f) {
      return get(GeneratedForwardKernel.class, f.create());
    }

    private <K extends Kernel> K get(Class<K> type, Supplier<K> create) {
      return type.cast(created.computeIfAbsent(type, t -> launcher.prepare(create.get())));
    }

    @Override
    public void close() {
      for (Kernel k : created.values()) {
        k.cleanUpArrays();
      }
    }
  }

  /**
   * F+ = T(f) and its gradient for one table: the table checked, copied and inverted (for the gradient's gather) once,
   * and copied to the device at the first launch of each pass only (its kernels are the layer's own).
   */
  final class FilterPass {
    final int block;
    private final int order;
    private final int[] table;
    private final InverseTable inverse;
    private final LayerKernels kernels;
    private boolean tableOnDevice;
    private boolean inverseOnDevice;

    FilterPass(LayerKernels kernels, int[] table, int order, int inOrder, int cells) {
      this.block = inOrder * cells;
      checkTable(table, order, block);
      this.kernels = kernels;
      this.order = order;
      this.table = table.clone();
      this.inverse = InverseTable.of(table, block).nonEmpty();
    }

    void transform(float[] f, int outC, int inC, float[] fPlus) {
      TransformFiltersKernel k = kernels.transform();
      k.bind(f, outC, inC, table, order, block, fPlus);
      launcher.launch(k, k.workItems(), tableOnDevice ? new Object[] {f} : new Object[] {f, table}, new float[][] {fPlus});
      tableOnDevice = true;
    }

    void backward(float[] gradFPlus, int outC, int inC, float[] gradF) {
      TransformFiltersBackwardKernel k = kernels.transformBackward();
      k.bind(gradFPlus, outC, inC, inverse.offsets(), inverse.positions(), order, block, gradF);
      launcher.launch(k, k.workItems(),
          inverseOnDevice ? new Object[] {gradFPlus} : new Object[] {gradFPlus, inverse.offsets(), inverse.positions()},
          new float[][] {gradF});
      inverseOnDevice = true;
    }
  }

  /**
   * The three planar passes of one geometry with what they keep between launches: the batch chunks of the filter
   * gradient and the host arrays its launch reads and writes (gradY channels-last, the chunks' partial sums). Each
   * pass copies its inputs to the device once and its result back once: padding is the kernels' masked border path,
   * not a padded copy, and the filter gradient's re-layout and chunk sum run on the host (on the device each was a
   * round trip of the array through host memory, since Aparapi kernels do not share device buffers).
   */
  final class Planar {
    final ConvGeometry g;
    private final LayerKernels kernels;
    private final int chunks;
    private final int paddedC;
    private final float[] gradYt;
    private final float[] partial;

    Planar(LayerKernels kernels, ConvGeometry g) {
      this.g = g;
      this.kernels = kernels;
      chunks = launcher.reductionChunks(CorrelateBackwardWeightsKernel.itemsPerChunk(g), g.batch());
      paddedC = CorrelateBackwardWeightsKernel.paddedChannels(g);
      gradYt = new float[g.batch() * g.outPlane() * paddedC];
      partial = chunks == 1 ? null : new float[chunks * g.weightLength()];
    }

    void forward(float[] x, float[] w, float[] y) {
      CorrelateForwardKernel k = kernels.forward();
      k.bind(g, x, w, y);
      launcher.launch(k, k.width(), k.height(), new Object[] {x, w}, new float[][] {y});
    }

    void backwardInput(float[] gradY, float[] w, float[] gradX) {
      CorrelateBackwardInputKernel k = kernels.backwardInput();
      k.bind(g, gradY, w, gradX);
      launcher.launch(k, k.width(), k.height(), new Object[] {gradY, w}, new float[][] {gradX});
    }

    void backwardWeights(float[] x, float[] gradY, float[] gradW) {
      int positions = g.outPlane();
      int channels = g.outChannels();
      for (int n = 0; n < g.batch(); n++) {
        for (int c = 0; c < channels; c++) {
          int from = (n * channels + c) * positions;
          int to = n * positions * paddedC + c;
          for (int p = 0; p < positions; p++) {
            gradYt[to + p * paddedC] = gradY[from + p];
          }
        }
      }
      CorrelateBackwardWeightsKernel k = kernels.backwardWeights();
      float[] out = chunks == 1 ? gradW : partial;
      k.bind(g, x, gradYt, chunks, out);
      launcher.launch(k, k.workItems(), new Object[] {x, gradYt}, new float[][] {out});
      if (chunks > 1) {
        int length = g.weightLength();
        System.arraycopy(partial, 0, gradW, 0, length);
        for (int c = 1; c < chunks; c++) {
          for (int i = 0, at = c * length; i < length; i++, at++) {
            gradW[i] += partial[at];
          }
        }
      }
    }
  }

  @Override
  public String toString() {
    return "OpenClBackend[" + device()
        + (options.allowJavaFallback() ? ", Java fallback allowed" : "") + "]";
  }

  private static void checkTable(int[] table, int order, int block) {
    if (table.length != order * block) {
      throw Checks.argument("OpenCL", "table is [S, S_in, cells] = [" + order + ", " + block + "] flattened, "
          + order * block + " entries; got " + table.length + ". Pass the table that matches order, inOrder and cells");
    }
    // each entry's range: InverseTable.of, which every FilterPass builds next (one home for that rule)
  }

  private static void requireLength(String name, float[] a, int expected) {
    Checks.floats("OpenCL", name, a, expected, null,
        "Allocate it from the geometry (ConvGeometry.inputLength/outputLength/weightLength)");
  }
}
