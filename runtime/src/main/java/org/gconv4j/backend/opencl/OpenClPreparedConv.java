package org.gconv4j.backend.opencl;

import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.PreparedConv;
import org.gconv4j.nn.ConvSpec;

/**
 * A G-correlation layer prepared on the {@link OpenClBackend}: its own kernel instances, whose device buffers live
 * as long as the layer ({@link OpenClBackend.LayerKernels}, released by {@link #close}), the layer's table checked,
 * copied and inverted once
 * (the inverse drives the gradient's gather), and per batch shape the planar passes with the batch chunks and host
 * buffers of the filter gradient
 * ({@link OpenClBackend.Planar}, kept for the current shape and the previous one). Argument checks are
 * {@link PreparedConv}'s, the same on every backend.
 */
final class OpenClPreparedConv extends PreparedConv {
  private final OpenClBackend backend;
  private final OpenClBackend.LayerKernels kernels;
  private final OpenClBackend.FilterPass filters;
  private final float[] gradFilters;
  private OpenClBackend.Planar planar;
  /** The one before: a training loop alternates between the batch size and a smaller last batch. */
  private OpenClBackend.Planar previous;

  OpenClPreparedConv(ConvSpec spec, OpenClBackend backend) {
    super(spec);
    this.backend = backend;
    this.kernels = backend.new LayerKernels();
    this.filters = backend.new FilterPass(kernels, spec.table(), spec.order(), spec.inOrder(), spec.tables().cells());
    this.gradFilters = new float[spec.outChannels() * spec.inChannels() * filters.block];
  }

  @Override
  public ConvBackend backend() {
    return backend;
  }

  @Override
  public String kernels() {
    return "OpenCL on " + backend.device();
  }

  @Override
  protected void resize(ConvGeometry g) {
    OpenClBackend.Planar p = previous != null && previous.g.equals(g) ? previous : backend.new Planar(kernels, g);
    previous = planar;
    planar = p;
  }

  @Override
  protected void transform(float[] f, float[] fPlus) {
    filters.transform(f, spec().outChannels(), spec().inChannels(), fPlus);
  }

  @Override
  protected void transformBackwardAdd(float[] gradFPlus, float[] gradF) {
    filters.backward(gradFPlus, spec().outChannels(), spec().inChannels(), gradFilters);
    for (int i = 0; i < gradF.length; i++) {
      gradF[i] += gradFilters[i];
    }
  }

  @Override
  protected void correlate(ConvGeometry g, float[] x, float[] w, float[] y) {
    planar.forward(x, w, y);
  }

  @Override
  protected void correlateBackwardInput(ConvGeometry g, float[] gradY, float[] w, float[] gradX) {
    planar.backwardInput(gradY, w, gradX);
  }

  @Override
  protected void correlateBackwardWeights(ConvGeometry g, float[] x, float[] gradY, float[] gradW) {
    planar.backwardWeights(x, gradY, gradW);
  }

  /** Releases the layer's kernels and their device buffers; the backend stays open. */
  @Override
  public void close() {
    kernels.close();
  }
}
