package org.gconv4j.backend.opencl;

import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.opencl.kernels.CorrelateBackwardInputKernel;
import org.gconv4j.backend.opencl.kernels.CorrelateBackwardWeightsKernel;
import org.gconv4j.backend.opencl.kernels.CorrelateForwardKernel;
import org.gconv4j.backend.opencl.kernels.GroupTransformFiltersBackwardKernel;
import org.gconv4j.backend.opencl.kernels.GroupTransformFiltersKernel;

/**
 * The five generated kernel classes of one group and filter size, one per pass. Each has a public no-argument
 * constructor; {@link OpenClBackend} creates and compiles one instance per class and device.
 *
 * @param kernelSize the filter size n the correlation kernels are specialised for
 * @param dimension  2 or 3 (the correlation kernels' filter depth is n in 3D, 1 in 2D)
 */
public record KernelClasses(
    int kernelSize,
    int dimension,
    Class<? extends GroupTransformFiltersKernel> transformFilters,
    Class<? extends GroupTransformFiltersBackwardKernel> transformFiltersBackward,
    Class<? extends CorrelateForwardKernel> correlateForward,
    Class<? extends CorrelateBackwardInputKernel> correlateBackwardInput,
    Class<? extends CorrelateBackwardWeightsKernel> correlateBackwardWeights) {

  public KernelClasses {
    if (kernelSize < 1 || (dimension != 2 && dimension != 3)) {
      throw new IllegalArgumentException("[OpenCL] generated kernels need n >= 1 and d = 2 or 3; got n=" + kernelSize + ", d="
          + dimension);
    }
  }

  /** True when the correlation kernels were specialised for this geometry's filter size and dimension. */
  public boolean fits(ConvGeometry g) {
    return g.kernelSize() == kernelSize && g.dims() == dimension;
  }
}
