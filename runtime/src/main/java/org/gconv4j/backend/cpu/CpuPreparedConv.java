package org.gconv4j.backend.cpu;

import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.PreparedConv;
import org.gconv4j.exec.CpuExecutor;
import org.gconv4j.nn.ConvSpec;

/**
 * A G-correlation layer prepared on the {@link CpuBackend}: the filter table and its inverse
 * (computed once), and a {@link CpuCorrelation} with its packing buffers for the current batch shape
 * (and the previous one).
 */
final class CpuPreparedConv extends PreparedConv {
  private final CpuBackend backend;
  private final CpuExecutor executor;
  private final int[] table;
  /** The inverse table as offsets into the expanded gradient ({@link FilterGather#gatherOffsets}). */
  private final int[][] inverse;
  private final int cells;
  private CpuCorrelation correlation;
  /** The one before: a training loop alternates between the batch size and a smaller last batch. */
  private CpuCorrelation previous;

  CpuPreparedConv(ConvSpec spec, CpuBackend backend, CpuExecutor executor) {
    super(spec);
    this.backend = backend;
    this.executor = executor;
    this.table = spec.table();
    this.cells = spec.tables().cells();
    this.inverse = FilterGather.gatherOffsets(FilterGather.inverse(table, spec.inOrder() * cells), spec.inOrder(), cells,
        spec.inChannels());
  }

  @Override
  public ConvBackend backend() {
    return backend;
  }

  @Override
  public String kernels() {
    return "Vector API " + VectorKernels.SPECIES.vectorBitSize() + "-bit";
  }

  @Override
  protected void resize(ConvGeometry g) {
    CpuCorrelation c = previous != null && previous.geometry().equals(g) ? previous : new CpuCorrelation(g, executor);
    previous = correlation;
    correlation = c;
  }

  @Override
  protected void transform(float[] f, float[] fPlus) {
    ConvSpec s = spec();
    int inC = s.inChannels();
    int order = s.order();
    int inOrder = s.inOrder();
    executor.run(s.outChannels(), (long) fPlus.length * 4, o -> FilterGather.forward(f, o, inC, table, order, inOrder, cells, fPlus));
  }

  @Override
  protected void transformBackwardAdd(float[] gradFPlus, float[] gradF) {
    ConvSpec s = spec();
    int inC = s.inChannels();
    int order = s.order();
    int inOrder = s.inOrder();
    executor.run(s.outChannels(), (long) gradFPlus.length * 4,
        o -> FilterGather.backward(gradFPlus, o, inC, inverse, order, inOrder, cells, gradF, true));
  }

  @Override
  protected void correlate(ConvGeometry g, float[] x, float[] w, float[] y) {
    correlation.forward(x, w, y);
  }

  @Override
  protected void correlateBackwardInput(ConvGeometry g, float[] gradY, float[] w, float[] gradX) {
    correlation.backwardInput(gradY, w, gradX);
  }

  @Override
  protected void correlateBackwardWeights(ConvGeometry g, float[] x, float[] gradY, float[] gradW) {
    correlation.backwardWeights(x, gradY, gradW);
  }
}
