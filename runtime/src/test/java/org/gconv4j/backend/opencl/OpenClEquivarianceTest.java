package org.gconv4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.gconv4j.group.Group;
import org.gconv4j.group.TestGroups;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.nn.GroupConvEquivariance;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Exact equivariance of GroupConv running on OpenCL, for every stabilizer element of every sample
 * group (lifting, group-to-group and two stacked layers; odd sizes and P4's 4×4), with the same
 * check as the CPU backend's GroupConvTest. Fails, not skips, under -Dgconv4j.opencl=required when
 * the kernels did not run on an OpenCL device.
 */
class OpenClEquivarianceTest {
  @Test
  void z2() {
    GroupConvEquivariance.check(TestGroups.z2(), 3, 9, 3, OpenClTestSupport.backend());
  }

  @Test
  void p4OddAndEvenFilters() {
    GroupConvEquivariance.check(TestGroups.p4(), 3, 11, 3, OpenClTestSupport.backend());
    GroupConvEquivariance.check(TestGroups.p4(), 4, 11, 2, OpenClTestSupport.backend());
  }

  @Test
  void p4m() {
    GroupConvEquivariance.check(TestGroups.p4m(), 3, 9, 2, OpenClTestSupport.backend());
  }

  @Test
  void p6AndP6mInsideTheHexagon() {
    GroupConvEquivariance.check(TestGroups.p6(), 3, 11, 2, OpenClTestSupport.backend());
    GroupConvEquivariance.check(TestGroups.p6m(), 5, 13, 2, OpenClTestSupport.backend());
  }

  @Test
  void oAndOh() {
    GroupConvEquivariance.check(TestGroups.o(), 3, 7, 1, OpenClTestSupport.backend());
    GroupConvEquivariance.check(TestGroups.oh(), 3, 7, 1, OpenClTestSupport.backend());
  }

  /**
   * P4 layers large enough (batch 4, 20 × 20, padding 1) that on a CPU device their 3 × 3 forward passes run as the
   * wide kernels ({@link OpenClBackend#chunked}, {@link WideKernels}); proves they ran.
   */
  @Test
  void p4LayersOnTheChunkedKernel() {
    OpenClBackend backend = OpenClTestSupport.backend();
    Assumptions.assumeTrue(backend.launcher().cpuDevice(), "the chunked 3 x 3 kernel runs on CPU devices only");
    Group g = TestGroups.p4();
    Random rng = new Random(12);
    GroupConv lift = new GroupConv(g, 4, 5, 3, true, 1, 1, backend, rng);
    GroupConv mid = new GroupConv(g, 5, 3, 3, false, 1, 1, backend, rng);
    GroupConvEquivariance.randomBias(lift, rng);
    GroupConvEquivariance.randomBias(mid, rng);
    long before = backend.wideKernels().invocations();
    GroupConvEquivariance.assertEquivariant(g, true, GroupConvEquivariance.randomTensor(rng, 4, 4, 20, 20), lift);
    GroupConvEquivariance.assertEquivariant(g, false, GroupConvEquivariance.randomTensor(rng, 4, 5, 4, 20, 20), mid);
    assertTrue(backend.wideKernels().invocations() > before, "the wide 3 x 3 kernels ran");
  }
}
