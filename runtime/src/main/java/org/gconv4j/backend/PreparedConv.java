package org.gconv4j.backend;

import java.util.Arrays;
import org.gconv4j.internal.Checks;
import org.gconv4j.nn.ConvSpec;

/**
 * One G-correlation layer prepared on a backend ({@link ConvBackend#prepare}): it owns the group's
 * filter table and what the backend derives from it once (the inverse table, the choice between the
 * kernels generated for the group's spec and the generic ones), the planar geometry of the current
 * batch shape, the argument checks (the same on every backend) and the workspaces: the expanded
 * filter bank F+, its gradient, and the backend's packing buffers. The workspaces are reused while
 * the batch shape stays the same; a new shape resizes them once.
 *
 * <p>{@link #forward} keeps F+ for the following {@link #backward}. A handle is not thread-safe: one
 * layer, one handle.
 */
public abstract class PreparedConv implements AutoCloseable {
  private final ConvSpec spec;
  private final int filterLength;
  private final float[] expanded;
  private final float[] gradExpanded;
  private int[] inputShape;
  private ConvGeometry geometry;
  private boolean expandedValid;
  /** F of the last forward, kept when that forward ran from F directly and F+ is formed only when a pass needs it. */
  private final float[] base;
  private boolean expandedStale;

  protected PreparedConv(ConvSpec spec) {
    this.spec = spec;
    this.filterLength = spec.outChannels() * spec.inChannels() * spec.inOrder() * spec.tables().cells();
    int bank = filterLength * spec.order();
    this.expanded = new float[bank];
    this.gradExpanded = new float[bank];
    this.base = new float[filterLength];
  }

  public final ConvSpec spec() {
    return spec;
  }

  /** The backend the passes run on. */
  public abstract ConvBackend backend();

  /** Which kernels run, in words, e.g. {@code "Vector API"} or {@code "OpenCL kernels generated for P4 n=3"}. */
  public abstract String kernels();

  /**
   * The planar correlation for a batched input shape [N, C_in, (S,) ...spatial], checked against the
   * spec; kept, with the workspaces sized for it, while the shape repeats.
   */
  public final ConvGeometry geometry(int[] inputShape) {
    if (geometry != null && Arrays.equals(inputShape, this.inputShape)) {
      return geometry;
    }
    int[] spatial = spec.inputSpatial(inputShape, "GroupConv");
    ConvGeometry g = spec.geometry(inputShape[0], spatial);
    resize(g);
    this.inputShape = inputShape.clone();
    this.geometry = g;
    return g;
  }

  /** The geometry of the last {@link #forward}, or null before the first one. */
  public final ConvGeometry lastGeometry() {
    return geometry;
  }

  /**
   * F+ of the last {@link #forward}: [C_out·S, C_in·S_in, n^d] (read-only; overwritten by the next forward). When that
   * forward ran from F directly ({@link #correlateFromBase}), F+ is expanded here, once.
   */
  public final float[] expandedBank() {
    ensureExpanded();
    return expanded;
  }

  private void ensureExpanded() {
    if (expandedStale) {
      transform(base, expanded);
      expandedStale = false;
    }
  }

  /**
   * y = x ⋆ F+ (no bias) with F+ the expansion of {@code filters} [C_out, C_in, S_in, n^d]; x has
   * shape {@code inputShape}, y the output shape {@link ConvSpec#outputShapeOf} of its geometry.
   *
   * @return the geometry of this call
   */
  public final ConvGeometry forward(float[] filters, float[] x, int[] inputShape, float[] y) {
    ConvGeometry g = geometry(inputShape);
    checkLength("filters F", filters, filterLength, "[C_out, C_in, S_in, n^d] = " + Arrays.toString(spec.filterShape()));
    checkLength("input x", x, g.inputLength(), Arrays.toString(inputShape));
    checkLength("output y", y, g.outputLength(), Arrays.toString(spec.outputShapeOf(g)));
    if (correlateFromBase(g, filters, x, y)) {
      System.arraycopy(filters, 0, base, 0, filterLength);
      expandedStale = true;
    } else {
      transform(filters, expanded);
      expandedStale = false;
      correlate(g, x, expanded, y);
    }
    expandedValid = true;
    return g;
  }

  /**
   * Backward of the last {@link #forward} (same x, same filters): adds ∂L/∂F to {@code gradFilters}
   * and writes ∂L/∂x to {@code gradX} (skipped when null, e.g. for a first layer).
   */
  public final void backward(float[] x, float[] gradY, float[] gradFilters, float[] gradX) {
    backwardFilters(x, gradY, gradFilters);
    if (gradX != null) {
      backwardInput(gradY, gradX);
    }
  }

  /** The filter half of {@link #backward}: adds ∂L/∂F of the last forward to {@code gradFilters}. */
  public final void backwardFilters(float[] x, float[] gradY, float[] gradFilters) {
    ConvGeometry g = lastForward();
    checkLength("input x", x, g.inputLength(), Arrays.toString(inputShape));
    checkLength("output gradient", gradY, g.outputLength(), Arrays.toString(spec.outputShapeOf(g)));
    checkLength("filter gradient", gradFilters, filterLength, Arrays.toString(spec.filterShape()));
    correlateBackwardWeights(g, x, gradY, gradExpanded);
    transformBackwardAdd(gradExpanded, gradFilters);
  }

  /** The input half of {@link #backward}: writes ∂L/∂x of the last forward to {@code gradX}. */
  public final void backwardInput(float[] gradY, float[] gradX) {
    ConvGeometry g = lastForward();
    checkLength("output gradient", gradY, g.outputLength(), Arrays.toString(spec.outputShapeOf(g)));
    checkLength("input gradient", gradX, g.inputLength(), Arrays.toString(inputShape));
    ensureExpanded();
    correlateBackwardInput(g, gradY, expanded, gradX);
  }

  private ConvGeometry lastForward() {
    if (geometry == null || !expandedValid) {
      throw Checks.state("GroupConv", "backward needs a forward pass first. Call forward(input, true) before backward");
    }
    return geometry;
  }

  /** Called when the batch shape changes, before the first pass with {@code g}: size the workspaces. */
  protected void resize(ConvGeometry g) {}

  /**
   * y = x ⋆ T(f) straight from the base filter f, without forming F+ (a kernel generated for the group), when the
   * backend has one for this layer and geometry: returns true; false (the default) runs {@link #transform} and
   * {@link #correlate}. F+ is then expanded from a copy of f only when a later pass needs it (the input gradient).
   */
  protected boolean correlateFromBase(ConvGeometry g, float[] f, float[] x, float[] y) {
    return false;
  }

  /** fPlus = T(f) (CONVENTIONS §4). */
  protected abstract void transform(float[] f, float[] fPlus);

  /** gradF += Tᵀ(gradFPlus), as a gather through the inverse table. */
  protected abstract void transformBackwardAdd(float[] gradFPlus, float[] gradF);

  protected abstract void correlate(ConvGeometry g, float[] x, float[] w, float[] y);

  protected abstract void correlateBackwardInput(ConvGeometry g, float[] gradY, float[] w, float[] gradX);

  protected abstract void correlateBackwardWeights(ConvGeometry g, float[] x, float[] gradY, float[] gradW);

  private static void checkLength(String what, float[] a, int expected, String shape) {
    Checks.floats("GroupConv", what, a, expected, shape, "Allocate it with the shape the layer reports");
  }

  /** Releases what the handle holds on the backend (device buffers); the backend stays open. */
  @Override
  public void close() {}
}
