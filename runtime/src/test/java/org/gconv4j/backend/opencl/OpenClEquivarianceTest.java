package org.gconv4j.backend.opencl;

import org.gconv4j.group.TestGroups;
import org.gconv4j.nn.GroupConvEquivariance;
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
}
