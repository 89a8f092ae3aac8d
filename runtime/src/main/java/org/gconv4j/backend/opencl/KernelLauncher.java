package org.gconv4j.backend.opencl;

import com.aparapi.Kernel;
import com.aparapi.ProfileReport;
import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.exception.CompileFailedException;
import com.aparapi.internal.kernel.KernelDeviceProfile;
import com.aparapi.internal.kernel.KernelManager;
import com.aparapi.internal.kernel.KernelProfile;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.gconv4j.internal.Checks;

/**
 * Compiles Aparapi kernels for one OpenCL device and launches them with explicit buffers, proving after every
 * launch that the kernel ran as OpenCL on that device.
 *
 * <p>Aparapi falls back to Java silently (a log line at most) and {@code isRunningCL()} /
 * {@code getTargetDevice()} do not say where the last launch ran. The proof uses three facts instead:
 * <ol>
 *   <li>{@link Kernel#compile(Device)} translates the kernel to OpenCL C and builds it for the device, and throws
 *       {@link CompileFailedException} (no fallback in compile-only mode) when either step fails;</li>
 *   <li>after a launch, {@link KernelManager#getPreferences(Kernel)}{@code .getFailedDevices()} must not contain
 *       the device (Aparapi marks a device failed before it falls back);</li>
 *   <li>the kernel class's {@link KernelProfile} must name the device's profile as the last one used, and the
 *       device profile's last {@link ProfileReport} id must have advanced (one report per launch).</li>
 * </ol>
 * A violation throws {@link OpenClException}, unless the Java fallback is allowed: then one warning per kernel
 * class is printed and the kernel runs in Aparapi's Java thread pool from then on.
 */
final class KernelLauncher {
  /** Work-group size used for every launch (clamped to the device's limit). */
  static final int LOCAL_SIZE = 64;
  /** Bytes copied host → device ({@code put}) and device → host ({@code get}) by every launcher in this JVM. */
  private static final LongAdder HOST_TO_DEVICE = new LongAdder();
  private static final LongAdder DEVICE_TO_HOST = new LongAdder();
  /** Compile milliseconds per "deviceId:kernel class", first compile in this JVM only. */
  private static final Map<String, Double> COMPILE_MILLIS = new ConcurrentHashMap<>();

  private final OpenCLDevice device;
  private final String deviceName;
  private final boolean allowJavaFallback;
  /** Kernel classes that run in Java from now on (fallback allowed and OpenCL failed). */
  private final Map<Class<?>, Boolean> javaMode = new ConcurrentHashMap<>();
  /** Proven launches per kernel class on this launcher. */
  private final Map<Class<?>, LongAdder> launches = new ConcurrentHashMap<>();

  public KernelLauncher(OpenCLDevice device, boolean allowJavaFallback) {
    this.device = device;
    this.deviceName = OpenClDevices.describe(device);
    this.allowJavaFallback = allowJavaFallback;
  }

  public OpenCLDevice device() {
    return device;
  }

  /** The work-group size along dimension 0 of every launch: {@link #LOCAL_SIZE} clamped to the device's limit. */
  public int localSize() {
    return Math.min(LOCAL_SIZE, device.getMaxWorkGroupSize());
  }

  /** True for a CPU OpenCL device (PoCL's, for instance), which runs some passes with kernels shaped for it. */
  public boolean cpuDevice() {
    return device.getType() == Device.TYPE.CPU;
  }

  /**
   * Switches the kernel to explicit buffers and compiles it for the device (a no-op when already compiled).
   * Records the compile time as the kernel's first-launch latency.
   *
   * @throws OpenClException when translation or the OpenCL build fails and the Java fallback is not allowed
   */
  public <K extends Kernel> K prepare(K kernel) {
    kernel.setExplicit(true);
    long t0 = System.nanoTime();
    try {
      kernel.compile(device);
      COMPILE_MILLIS.putIfAbsent(device.getDeviceId() + ":" + kernel.getClass().getName(), (System.nanoTime() - t0) / 1e6);
    } catch (CompileFailedException | RuntimeException e) {
      fail(kernel, "could not be compiled to OpenCL for " + deviceName + ": " + rootMessage(e), e);
    }
    return kernel;
  }

  /**
   * Copies {@code inputs} to the device, runs {@code workItems} work-items of the kernel on it (a 1D launch),
   * proves it ran there, and copies {@code outputs} back. The caller holds the kernel's monitor while binding
   * and launching.
   */
  public void launch(Kernel kernel, int workItems, Object[] inputs, float[][] outputs) {
    launch(kernel, workItems, 1, inputs, outputs);
  }

  /**
   * As {@link #launch(Kernel, int, Object[], float[][])} with a 2D launch of {@code width × height} work-items
   * ({@code height == 1}: 1D). The width is rounded up to the work-group size; kernels guard with their bound.
   */
  public void launch(Kernel kernel, int width, int height, Object[] inputs, float[][] outputs) {
    if (width == 0 || height == 0) {
      return;
    }
    boolean java = javaMode.containsKey(kernel.getClass());
    for (Object in : inputs) {
      put(kernel, in);
    }
    if (java) {
      kernel.execute(range(null, width, height, LOCAL_SIZE));
    } else {
      int local = localSize();
      long before = lastReportId(kernel);
      try {
        kernel.execute(range(device, width, height, local));
      } catch (RuntimeException | AssertionError e) {
        fail(kernel, "failed on " + deviceName + ": " + rootMessage(e), e);
        kernel.execute(range(null, width, height, LOCAL_SIZE));
      }
      verifyRanOnDevice(kernel, before);
      if (!javaMode.containsKey(kernel.getClass())) {
        launches.computeIfAbsent(kernel.getClass(), c -> new LongAdder()).increment();
      }
    }
    for (float[] out : outputs) {
      kernel.get(out);
      DEVICE_TO_HOST.add(4L * out.length);
    }
  }

  private static Range range(Device device, int width, int height, int local) {
    int global = roundUp(width, local);
    if (height == 1) {
      return device == null ? Range.create(global, local) : Range.create(device, global, local);
    }
    return device == null ? Range.create2D(global, height, local, 1) : Range.create2D(device, global, height, local, 1);
  }

  /**
   * Proves the last launch of {@code kernel} ran as OpenCL on the device.
   *
   * @param reportIdBefore the device profile's last report id before the launch ({@link #lastReportId})
   * @throws OpenClException when it did not and the Java fallback is not allowed
   */
  public void verifyRanOnDevice(Kernel kernel, long reportIdBefore) {
    if (javaMode.containsKey(kernel.getClass())) {
      return;
    }
    List<Device> failed = KernelManager.instance().getPreferences(kernel).getFailedDevices();
    if (failed.contains(device)) {
      fail(kernel, "fell back to Java: Aparapi marked " + deviceName + " as failed for it (see the Aparapi warning above)", null);
      return;
    }
    KernelProfile profile = KernelManager.instance().getProfile(kernel.getClass());
    KernelDeviceProfile onDevice = profile.getDeviceProfile(device);
    if (onDevice == null || profile.getLastDeviceProfile() != onDevice) {
      KernelDeviceProfile last = profile.getLastDeviceProfile();
      fail(kernel, "did not run on " + deviceName + "; Aparapi's profile says it last ran on "
          + (last == null ? "nothing" : last.toString()), null);
      return;
    }
    long after = lastReportId(kernel);
    if (after == reportIdBefore) {
      fail(kernel, "left no execution report for " + deviceName + ": the launch did not reach OpenCL", null);
    }
  }

  /** Id of the last profile report of this kernel class on the device; -1 when there is none. */
  public long lastReportId(Kernel kernel) {
    WeakReference<ProfileReport> ref = kernel.getProfileReportLastThread(device);
    ProfileReport report = ref == null ? null : ref.get();
    return report == null ? -1 : report.getReportId();
  }

  /** Launches of this kernel class that this launcher proved to have run as OpenCL on its device. */
  public long provenLaunches(Class<? extends Kernel> kernelClass) {
    LongAdder n = launches.get(kernelClass);
    return n == null ? 0 : n.sum();
  }

  /** True when this kernel class now runs in Java (only possible with the fallback allowed). */
  public boolean runsInJava(Class<? extends Kernel> kernelClass) {
    return javaMode.containsKey(kernelClass);
  }

  /**
   * Milliseconds the first {@link #prepare} of each kernel class took on this device in this JVM (translation to
   * OpenCL C plus the driver's build): the first-launch latency. Keyed by the kernel's simple class name.
   */
  public Map<String, Double> compileMillis() {
    Map<String, Double> out = new TreeMap<>();
    String prefix = device.getDeviceId() + ":";
    COMPILE_MILLIS.forEach((key, ms) -> {
      if (key.startsWith(prefix)) {
        String name = key.substring(prefix.length());
        out.put(name.substring(name.lastIndexOf('.') + 1), ms);
      }
    });
    return out;
  }

  private void fail(Kernel kernel, String what, Throwable cause) {
    String name = kernel.getClass().getSimpleName();
    if (!allowJavaFallback) {
      throw new OpenClException("[OpenCL] kernel " + name + " " + what
          + ". This is a bug in the kernel or the OpenCL driver; to run it in Java instead (slow), set "
          + "-Dgconv4j.opencl.fallback=java or OpenClBackend.Options.allowJavaFallback", cause);
    }
    if (javaMode.putIfAbsent(kernel.getClass(), Boolean.TRUE) == null) {
      System.err.println("gconv4j: WARNING: OpenCL kernel " + name + " " + what + "; running it in Java (fallback allowed)");
    }
    useJava(kernel);
  }

  @SuppressWarnings("deprecation")
  private static void useJava(Kernel kernel) {
    kernel.setExecutionModeWithoutFallback(Kernel.EXECUTION_MODE.JTP);
  }

  private static void put(Kernel kernel, Object array) {
    if (array instanceof float[] f) {
      kernel.put(f);
      HOST_TO_DEVICE.add(4L * f.length);
    } else if (array instanceof int[] i) {
      kernel.put(i);
      HOST_TO_DEVICE.add(4L * i.length);
    } else {
      throw Checks.argument("OpenCL", "inputs are float[] or int[]; got " + array.getClass().getSimpleName());
    }
  }

  /** The bytes copied so far by every launcher ({@link OpenClBackend#transfers()}). */
  static OpenClBackend.Transfers transfers() {
    return new OpenClBackend.Transfers(HOST_TO_DEVICE.sum(), DEVICE_TO_HOST.sum());
  }

  /**
   * Into how many chunks a reduction over {@code batch} samples is split so that {@code itemsPerChunk} work-items
   * per chunk fill the device: a GPU or accelerator wants about 2048 work-items per compute unit in flight, a CPU
   * device (PoCL) about 256 per core (several work-groups per core). 1 when one chunk already fills it (no second pass).
   */
  public int reductionChunks(int itemsPerChunk, int batch) {
    boolean wide = device.getType() == Device.TYPE.GPU || device.getType() == Device.TYPE.ACC;
    long target = (long) Math.max(1, device.getMaxComputeUnits()) * (wide ? 2048 : 256);
    long chunks = (target + itemsPerChunk - 1) / Math.max(1, itemsPerChunk);
    return (int) Math.max(1, Math.min(batch, chunks));
  }

  static int roundUp(int n, int multiple) {
    return (n + multiple - 1) / multiple * multiple;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
