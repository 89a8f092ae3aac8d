package org.gconv4j.backend;

import org.gconv4j.nn.ConvSpec;

/**
 * The prepared G-correlation of a backend that has no prepared form of its own (the OpenCL
 * backend): a thin layer over the backend's calls, on the view {@link ConvBackend#specialisedFor}
 * chose once for the group and filter size.
 */
final class BackendPreparedConv extends PreparedConv {
  private final ConvBackend base;
  private final ConvBackend view;
  private final int[] table;
  private final int cells;
  private float[] gradF;

  BackendPreparedConv(ConvSpec spec, ConvBackend base) {
    super(spec);
    this.base = base;
    this.view = base.specialisedFor(spec.group(), spec.kernelSize());
    this.table = spec.table();
    this.cells = spec.tables().cells();
  }

  @Override
  public ConvBackend backend() {
    return view;
  }

  @Override
  public String kernels() {
    return view == base ? base.name() + " generic kernels" : view.toString();
  }

  @Override
  protected void transform(float[] f, float[] fPlus) {
    ConvSpec s = spec();
    view.transformFilters(f, s.outChannels(), s.inChannels(), table, s.order(), s.inOrder(), cells, fPlus);
  }

  @Override
  protected void transformBackwardAdd(float[] gradFPlus, float[] grad) {
    ConvSpec s = spec();
    if (gradF == null) {
      gradF = new float[grad.length];
    }
    view.transformFiltersBackward(gradFPlus, s.outChannels(), s.inChannels(), table, s.order(), s.inOrder(), cells, gradF);
    for (int i = 0; i < grad.length; i++) {
      grad[i] += gradF[i];
    }
  }

  @Override
  protected void correlate(ConvGeometry g, float[] x, float[] w, float[] y) {
    view.correlate(g, x, w, y);
  }

  @Override
  protected void correlateBackwardInput(ConvGeometry g, float[] gradY, float[] w, float[] gradX) {
    view.correlateBackwardInput(g, gradY, w, gradX);
  }

  @Override
  protected void correlateBackwardWeights(ConvGeometry g, float[] x, float[] gradY, float[] gradW) {
    view.correlateBackwardWeights(g, x, gradY, gradW);
  }
}
