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
 *
 * <p>When the annotation processor generated a forward kernel for the layer's group, filter size and kind
 * ({@link GeneratedKernels}, 2D only) and the geometry fits it (stride 1, output at least a tile wide), the forward pass
 * runs that kernel on the base filter F: one launch, no F+ on the device. Otherwise, and for every backward pass, the
 * generic kernels run ({@code -Dgconv4j.opencl.generated=false}: always the generic kernels, read when a layer is
 * prepared). {@link #kernels()} says which forward ran last.
 */
final class OpenClPreparedConv extends PreparedConv {
  /** {@code -Dgconv4j.opencl.generated=false}: the generic kernels even where a generated forward kernel exists. */
  static final String GENERATED_PROPERTY = "gconv4j.opencl.generated";

  private final OpenClBackend backend;
  private final OpenClBackend.LayerKernels kernels;
  private final OpenClBackend.FilterPass filters;
  private final float[] gradFilters;
  private OpenClBackend.Planar planar;
  /** The one before: a training loop alternates between the batch size and a smaller last batch. */
  private OpenClBackend.Planar previous;
  /** The generated forward kernel for this layer, or null. */
  private final GeneratedKernels.Forward generated;
  /** Whether the last forward pass ran the generated kernel. */
  private boolean lastForwardGenerated;

  OpenClPreparedConv(ConvSpec spec, OpenClBackend backend) {
    super(spec);
    this.backend = backend;
    this.kernels = backend.new LayerKernels();
    this.filters = backend.new FilterPass(kernels, spec.table(), spec.order(), spec.inOrder(), spec.tables().cells());
    this.gradFilters = new float[spec.outChannels() * spec.inChannels() * filters.block];
    this.generated = Boolean.parseBoolean(System.getProperty(GENERATED_PROPERTY, "true"))
        ? GeneratedKernels.forward(spec).orElse(null)
        : null;
  }

  @Override
  public ConvBackend backend() {
    return backend;
  }

  @Override
  public String kernels() {
    String forward = lastForwardGenerated
        ? "forward generated for " + spec().group().name() + " n=" + spec().kernelSize() + " (" + generated.className() + ")"
        : "generic kernels";
    return "OpenCL " + forward + " on " + backend.device();
  }

  /** Whether the last forward pass ran the kernel generated for the layer's group (false: the generic kernels). */
  boolean lastForwardGenerated() {
    return lastForwardGenerated;
  }

  @Override
  protected boolean correlateFromBase(ConvGeometry g, float[] f, float[] x, float[] y) {
    lastForwardGenerated = false;
    if (generated == null || g.dims() != 2 || g.stride() != 1 || g.outSize(1) < generated.tile()) {
      return false;
    }
    GeneratedForwardKernel k = kernels.generatedForward(generated);
    k.bind(x, f, y, g.batch(), spec().inChannels(), spec().outChannels(), g.inSize(0), g.inSize(1), g.padding());
    backend.launcher().launch(k, k.workItems(), new Object[] {x, f}, new float[][] {y});
    lastForwardGenerated = true;
    return true;
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
