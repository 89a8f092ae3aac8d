package org.gconv4j.backend.opencl;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the OpenCL devices Aparapi can use and picks one: a GPU if any (most compute units first), then an
 * accelerator, then a CPU device such as PoCL's. A preference ({@code gpu}, {@code cpu}, {@code acc} or a
 * substring of the device name, system property {@code gconv4j.opencl.device}) narrows the choice.
 */
public final class OpenClDevices {
  private static volatile boolean jsigWarned;

  private OpenClDevices() {}

  /** Every OpenCL device, GPUs first, then accelerators, then CPUs; empty when no OpenCL runtime loads. */
  public static List<OpenCLDevice> all() {
    warnIfNoJsig();
    List<OpenCLDevice> out = new ArrayList<>();
    try {
      if (!OpenCLLoader.isOpenCLAvailable()) {
        return out;
      }
      Comparator<OpenCLDevice> byUnits = Comparator.comparingInt(OpenCLDevice::getMaxComputeUnits).reversed();
      for (Device.TYPE type : new Device.TYPE[] {Device.TYPE.GPU, Device.TYPE.ACC, Device.TYPE.CPU}) {
        List<OpenCLDevice> ofType = new ArrayList<>(OpenCLDevice.listDevices(type));
        ofType.sort(byUnits);
        out.addAll(ofType);
      }
    } catch (RuntimeException | LinkageError e) {
      // No OpenCL ICD loader, no platform, or Aparapi's native library failed to load: no devices.
      return new ArrayList<>();
    }
    return out;
  }

  /**
   * The best device matching {@code preference} ({@code null} or blank: any).
   *
   * @throws OpenClException when there is no OpenCL device, or none matches the preference
   */
  public static OpenCLDevice select(String preference) {
    List<OpenCLDevice> devices = all();
    if (devices.isEmpty()) {
      throw new OpenClException("[OpenCL] no OpenCL device found; Aparapi's OpenCL loader reports "
          + (safeAvailable() ? "a runtime but no device" : "no OpenCL runtime")
          + ". Install an OpenCL driver (Debian: apt-get install pocl-opencl-icd ocl-icd-libopencl1) or use --backend cpu");
    }
    if (preference == null || preference.isBlank()) {
      return devices.get(0);
    }
    String p = preference.trim().toLowerCase(Locale.ROOT);
    for (OpenCLDevice d : devices) {
      boolean typeMatch = p.equals(d.getType().name().toLowerCase(Locale.ROOT));
      if (typeMatch || d.getName().toLowerCase(Locale.ROOT).contains(p)) {
        return d;
      }
    }
    List<String> names = new ArrayList<>();
    for (OpenCLDevice d : devices) {
      names.add(describe(d));
    }
    throw new OpenClException("[OpenCL] no device matches gconv4j.opencl.device=" + preference + "; devices: " + names
        + ". Use gpu, cpu, acc or part of a device name");
  }

  /** e.g. {@code "OpenCL CPU pthread-skylake-avx512 (The pocl project, OpenCL 3.0 PoCL 3.1)"}. */
  public static String describe(OpenCLDevice d) {
    String platform = "";
    try {
      String version = d.getOpenCLPlatform().getVersion().trim().split(",")[0].split("  ")[0];
      platform = " (" + d.getOpenCLPlatform().getVendor().trim() + ", " + version + ")";
    } catch (RuntimeException e) {
      platform = "";
    }
    return "OpenCL " + d.getType() + " " + d.getName().trim() + platform;
  }

  /**
   * True when libjsig is loaded into this JVM. OpenCL runtimes such as PoCL install their own signal handlers;
   * without libjsig's chaining the JVM's handlers (implicit null checks, safepoints) are lost and the JVM can
   * crash later at a random point. The launcher and surefire preload it; see docs/opencl.md.
   */
  public static boolean jsigLoaded() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
        if (line.contains("libjsig")) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      String preload = System.getenv("LD_PRELOAD");
      return preload != null && preload.contains("libjsig");
    }
  }

  /** Prints, once per JVM, a warning when OpenCL is about to load without libjsig. */
  static void warnIfNoJsig() {
    if (!jsigWarned && !jsigLoaded()) {
      jsigWarned = true;
      System.err.println("gconv4j: WARNING: OpenCL is loading without libjsig; the OpenCL runtime may replace the JVM's "
          + "signal handlers and crash it. Start java with LD_PRELOAD=$JAVA_HOME/lib/libjsig.so (./gconv4j does)");
    }
  }

  private static boolean safeAvailable() {
    try {
      return OpenCLLoader.isOpenCLAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
