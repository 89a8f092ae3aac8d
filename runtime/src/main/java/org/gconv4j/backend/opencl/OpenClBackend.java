package org.gconv4j.backend.opencl;

import com.aparapi.Kernel;
import com.aparapi.device.OpenCLDevice;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.opencl.kernels.CorrelateBackwardInputKernel;
import org.gconv4j.backend.opencl.kernels.CorrelateBackwardWeightsKernel;
import org.gconv4j.backend.opencl.kernels.CorrelateForwardKernel;
import org.gconv4j.backend.opencl.kernels.TransformFiltersBackwardKernel;
import org.gconv4j.backend.opencl.kernels.TransformFiltersKernel;

/**
 * The OpenCL backend: Aparapi kernels, one per pass, on the best OpenCL device (a GPU if any, else a CPU device
 * such as PoCL's). Every kernel is compiled once per JVM and device, every launch uses explicit buffers
 * ({@code put} before, {@code get} after, correct on discrete GPUs), and every launch is proven to have run as
 * OpenCL on the device ({@link KernelLauncher}); a Java fallback throws {@link OpenClException} unless
 * {@link Options#allowJavaFallback()} is set.
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
        throw new IllegalArgumentException("[OpenCL] gconv4j.opencl.fallback is java or none; got " + fallback);
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

  /** Compiles every kernel now instead of at its first use. */
  public void warmUp() {
    kernel(TransformFiltersKernel.class, TransformFiltersKernel::new);
    kernel(TransformFiltersBackwardKernel.class, TransformFiltersBackwardKernel::new);
    kernel(CorrelateForwardKernel.class, CorrelateForwardKernel::new);
    kernel(CorrelateBackwardInputKernel.class, CorrelateBackwardInputKernel::new);
    kernel(CorrelateBackwardWeightsKernel.class, CorrelateBackwardWeightsKernel::new);
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
    CorrelateForwardKernel k = kernel(CorrelateForwardKernel.class, CorrelateForwardKernel::new);
    synchronized (k) {
      k.bind(g, x, w, y);
      launcher.launch(k, k.width(), k.height(), new Object[] {x, w}, new float[][] {y});
    }
  }

  @Override
  public void correlateBackwardInput(ConvGeometry g, float[] gradY, float[] w, float[] gradX) {
    requireLength("gradY", gradY, g.outputLength());
    requireLength("w", w, g.weightLength());
    requireLength("gradX", gradX, g.inputLength());
    CorrelateBackwardInputKernel k = kernel(CorrelateBackwardInputKernel.class, CorrelateBackwardInputKernel::new);
    synchronized (k) {
      k.bind(g, gradY, w, gradX);
      launcher.launch(k, k.width(), k.height(), new Object[] {gradY, w}, new float[][] {gradX});
    }
  }

  @Override
  public void correlateBackwardWeights(ConvGeometry g, float[] x, float[] gradY, float[] gradW) {
    requireLength("x", x, g.inputLength());
    requireLength("gradY", gradY, g.outputLength());
    requireLength("gradW", gradW, g.weightLength());
    CorrelateBackwardWeightsKernel k = kernel(CorrelateBackwardWeightsKernel.class, CorrelateBackwardWeightsKernel::new);
    synchronized (k) {
      k.bind(g, x, gradY, gradW);
      launcher.launch(k, k.workItems(), new Object[] {x, gradY}, new float[][] {gradW});
    }
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
    return "OpenClBackend[" + device() + (options.allowJavaFallback() ? ", Java fallback allowed" : "") + "]";
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
