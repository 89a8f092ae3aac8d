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
import org.gconv4j.backend.opencl.kernels.CorrelateForwardKernel;
import org.gconv4j.backend.opencl.kernels.GroupTransformFiltersBackwardKernel;
import org.gconv4j.backend.opencl.kernels.GroupTransformFiltersKernel;
import org.gconv4j.backend.opencl.kernels.PadKernel;
import org.gconv4j.backend.opencl.kernels.ReduceChunksKernel;
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
   */
  public record Options(boolean allowJavaFallback, String device, boolean generatedKernels) {
    /** Options with the generated kernels enabled. */
    public Options(boolean allowJavaFallback, String device) {
      this(allowJavaFallback, device, true);
    }

    /** Options from the system properties {@code gconv4j.opencl.fallback}, {@code gconv4j.opencl.device} and {@code gconv4j.opencl.kernels}. */
    public static Options fromSystemProperties() {
      String fallback = System.getProperty("gconv4j.opencl.fallback", "none");
      if (!fallback.equals("java") && !fallback.equals("none")) {
        throw new IllegalArgumentException("[OpenCL] gconv4j.opencl.fallback is java or none; got " + fallback);
      }
      String kernels = System.getProperty("gconv4j.opencl.kernels", "generated");
      if (!kernels.equals("generated") && !kernels.equals("generic")) {
        throw new IllegalArgumentException("[OpenCL] gconv4j.opencl.kernels is generated or generic; got " + kernels);
      }
      return new Options(fallback.equals("java"), System.getProperty("gconv4j.opencl.device"), kernels.equals("generated"));
    }

    public Options withJavaFallback(boolean allow) {
      return new Options(allow, device, generatedKernels);
    }

    public Options withDevice(String preference) {
      return new Options(allowJavaFallback, preference, generatedKernels);
    }

    public Options withGeneratedKernels(boolean use) {
      return new Options(allowJavaFallback, device, use);
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
