package org.gconv4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides whether OpenCL tests run, from the system property {@code gconv4j.opencl} (surefire forwards Maven user
 * properties, so {@code mvn -Dgconv4j.opencl=...} reaches it):
 * <ul>
 *   <li>{@code required} ({@code ./gconv4j test}): a missing OpenCL device, or a kernel that does not run as
 *       OpenCL on it, FAILS the test;</li>
 *   <li>{@code skip}: the tests are skipped with a loud message (explicit opt-out);</li>
 *   <li>unset ({@code mvn test} by hand): required when an OpenCL ICD is installed ({@code /etc/OpenCL/vendors/*.icd}
 *       or {@code OCL_ICD_VENDORS}, what clinfo finds), otherwise skipped loudly.</li>
 * </ul>
 */
final class OpenClTestSupport {
  private static OpenClBackend backend;
  private static boolean skipAnnounced;

  private OpenClTestSupport() {}

  /** The shared strict backend (no Java fallback), or a skip / failure per the rules above. */
  static synchronized OpenClBackend backend() {
    if (!required()) {
      return null;
    }
    if (backend == null) {
      if (!OpenClBackend.isAvailable()) {
        fail("gconv4j.opencl=" + mode() + " but no OpenCL device was found (install pocl-opencl-icd or run with "
            + "-Dgconv4j.opencl=skip to opt out)");
      }
      backend = new OpenClBackend(new OpenClBackend.Options(false, System.getProperty("gconv4j.opencl.device")));
      System.err.println("gconv4j tests: OpenCL backend on " + backend.device());
    }
    return backend;
  }

  /** True when OpenCL tests must run; otherwise aborts the calling test (a loud skip). */
  static boolean required() {
    String mode = mode();
    switch (mode) {
      case "required":
        return true;
      case "skip":
        skip("gconv4j.opencl=skip");
        return false;
      case "auto":
        if (icdInstalled()) {
          return true;
        }
        skip("no OpenCL ICD in /etc/OpenCL/vendors and gconv4j.opencl unset");
        return false;
      default:
        fail("gconv4j.opencl is required, skip or unset; got " + mode);
        return false;
    }
  }

  static String mode() {
    String m = System.getProperty("gconv4j.opencl", "");
    return m.isBlank() ? "auto" : m.trim();
  }

  private static boolean icdInstalled() {
    String vendors = System.getenv("OCL_ICD_VENDORS");
    File dir = new File(vendors != null && !vendors.isBlank() ? vendors : "/etc/OpenCL/vendors");
    if (dir.isFile()) {
      return true;
    }
    File[] icds = dir.listFiles((d, name) -> name.endsWith(".icd"));
    return icds != null && icds.length > 0;
  }

  private static synchronized void skip(String why) {
    if (!skipAnnounced) {
      skipAnnounced = true;
      System.err.println("################################################################################");
      System.err.println("# gconv4j: OPENCL TESTS SKIPPED (" + why + ").");
      System.err.println("# These results say nothing about the OpenCL backend.");
      System.err.println("################################################################################");
    }
    Assumptions.abort("OpenCL tests skipped: " + why);
  }
}
