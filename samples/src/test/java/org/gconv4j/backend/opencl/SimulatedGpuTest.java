package org.gconv4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenCL backend on a simulated GPU: Oclgrind (Debian {@code oclgrind}, installed by {@code ./gconv4j test})
 * interprets every work-item of every kernel and reports out-of-bounds accesses, races between work-items
 * ({@code OCLGRIND_DATA_RACES=1}) and OpenCL API misuse ({@code OCLGRIND_CHECK_API=1}) on stderr. It reports itself
 * as an accelerator, so the kernels and choices a GPU gets run here, on every machine.
 *
 * <p>Oclgrind is selected by the environment of a process ({@code OCL_ICD_VENDORS} naming a folder with a one-line
 * {@code oclgrind.icd}), so {@link SimulatedGpuRun} runs in a JVM of its own; this test reads its stdout (the checks
 * it passed) and its stderr, where any line but the JVM's incubator notice fails the test. The negative control
 * runs a kernel that reads one element past its buffer and must be reported.
 *
 * <p>Runs when the simulator is installed; {@code -Dgconv4j.opencl=required} ({@code ./gconv4j test}) fails without
 * it, {@code skip} skips.
 */
class SimulatedGpuTest {
  private static final List<String> LIBRARY = List.of("/usr/lib/oclgrind/liboclgrind-rt-icd.so",
      "/usr/lib/x86_64-linux-gnu/oclgrind/liboclgrind-rt-icd.so", "/usr/local/lib/liboclgrind-rt-icd.so");
  private static final String JVM_NOTICE = "WARNING: Using incubator modules: jdk.incubator.vector";
  private static Path icd;

  @BeforeAll
  static void findTheSimulator(@TempDir Path dir) throws IOException {
    String mode = OpenClTestSupport.mode();
    Assumptions.assumeFalse(mode.equals("skip"), "OpenCL tests skipped: gconv4j.opencl=skip");
    Optional<String> lib = LIBRARY.stream().filter(p -> Files.isRegularFile(Path.of(p))).findFirst();
    if (lib.isEmpty()) {
      if (mode.equals("required")) {
        fail("gconv4j.opencl=required but Oclgrind's ICD library is not installed (looked for " + LIBRARY
            + "). Install it: apt-get install oclgrind (./gconv4j test does)");
      }
      System.err.println("# gconv4j: SIMULATED-GPU TESTS SKIPPED: oclgrind is not installed (apt-get install oclgrind)");
      Assumptions.abort("oclgrind is not installed");
    }
    icd = dir.resolve("icd");
    Files.createDirectories(icd);
    Files.writeString(icd.resolve("oclgrind.icd"), lib.get() + "\n");
  }

  @Test
  void everyPassAndTwoTrainingStepsRunCleanOnTheSimulatedGpu() throws Exception {
    Run r = run("checks");
    assertEquals(List.of(), diagnostics(r.stderr), "the simulator or the JVM reported:\n" + r.stderr);
    assertEquals(0, r.status, "the checks failed:\n" + r.stderr);
    assertTrue(r.stdout.contains("ok device OpenCL ACC Oclgrind"), "auto picks the simulated device:\n" + r.stdout);
    for (String g : List.of("P4", "P4M", "P6", "O")) {
      for (String layer : List.of(" lifting ", " group ")) {
        assertTrue(r.stdout.contains("ok passes " + g + layer), g + layer + "layer passes:\n" + r.stdout);
      }
    }
    assertTrue(r.stdout.contains("ok training p4cnn-small"), "training steps:\n" + r.stdout);
    // which forward kernel ran: the one the processor generated for P4 n = 3, the generic one for O (3D)
    assertTrue(line(r.stdout, "ok passes P4 group ").contains(
        "OpenCL forward generated for P4 n=3 (org.gconv4j.samples.groups.P4Forward3)"), r.stdout);
    assertTrue(line(r.stdout, "ok passes P4 lifting ").contains("(org.gconv4j.samples.groups.P4LiftingForward3)"), r.stdout);
    assertTrue(line(r.stdout, "ok passes P4M group ").contains("(org.gconv4j.samples.groups.P4MForward3)"), r.stdout);
    assertTrue(line(r.stdout, "ok passes O group ").contains("OpenCL generic kernels on "), r.stdout);
    assertTrue(line(r.stdout, "ok passes O lifting ").contains("OpenCL generic kernels on "), r.stdout);
  }

  private static String line(String stdout, String prefix) {
    return stdout.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(no line " + prefix + ")");
  }

  @Test
  void generatedKernelsThatCarryTheGroupMatchTheReference() throws Exception {
    Run r = run("fused");
    assertEquals(List.of(), diagnostics(r.stderr), "the simulator or the JVM reported:\n" + r.stderr);
    assertEquals(0, r.status, "the checks failed:\n" + r.stderr);
    for (FusedInputSource.Spec s : FusedInputSource.SPECS) {
      assertEquals(2, r.stdout.lines().filter(l -> l.startsWith("ok fused " + s.className() + " ")).count(),
          s.className() + ", valid and padded:\n" + r.stdout);
    }
  }

  @Test
  void negativeControlAReadPastTheEndIsReported() throws Exception {
    Run r = run("out-of-bounds");
    assertTrue(r.stdout.contains("ok out-of-bounds launched on OpenCL ACC Oclgrind"), r.stdout + r.stderr);
    List<String> found = diagnostics(r.stderr);
    assertFalse(found.isEmpty(), "the read past the end went unreported:\n" + r.stderr);
    assertTrue(r.stderr.contains("Invalid read of size 4 at global memory address"), r.stderr);
    assertTrue(r.stderr.contains("this->in[(i + 1)]"), "names the faulty read:\n" + r.stderr);
  }

  /** The lines of stderr that are not the JVM's incubator notice (or blank). */
  static List<String> diagnostics(String stderr) {
    return stderr.lines().filter(l -> !l.isBlank() && !l.equals(JVM_NOTICE)).collect(Collectors.toList());
  }

  private record Run(int status, String stdout, String stderr) {}

  private static Run run(String what) throws IOException, InterruptedException {
    String javaHome = System.getProperty("java.home");
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(), "-Xmx1g",
        "--add-modules=jdk.incubator.vector", "-cp", classPath, SimulatedGpuRun.class.getName(), what));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("OCL_ICD_VENDORS", icd.toString());
    pb.environment().put("OCLGRIND_CHECK_API", "1");
    pb.environment().put("OCLGRIND_DATA_RACES", "1");
    pb.environment().put("LD_PRELOAD", Path.of(javaHome, "lib", "libjsig.so").toString());
    Path out = Files.createTempFile(icd, what, ".out");
    Path err = Files.createTempFile(icd, what, ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("the simulated-GPU run '" + what + "' took over 10 minutes");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }
}
