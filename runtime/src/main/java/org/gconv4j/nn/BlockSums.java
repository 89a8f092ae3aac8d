package org.gconv4j.nn;

import org.gconv4j.tensor.Tensor;

/**
 * Per-block sums of one tensor, computed by the layer that wrote each block while the block was in
 * cache, for the next layer of a {@link Sequential} to use instead of reading the whole tensor again.
 * A block is one (sample, channel) pair of [N, C, ...]: block j = n·C + c covers elements
 * [j·inner, (j + 1)·inner). Two hand-offs use it:
 * <ul>
 *   <li>forward, {@link GroupConv} → {@link BatchNorm}: {@code sum[j]} and {@code squares[j]} are the
 *       batch norm's statistics partials of the correlation's output (bias added), computed by the same
 *       {@link VectorLoops} calls on the same block as batch norm's own pass, so the bits are the same;
 *   <li>backward, {@link BatchNorm} → {@link GroupConv}: {@code sum[j]} is the sum of the batch norm's
 *       input gradient over block j, which the correlation adds up into its bias gradient.
 * </ul>
 * The sums are valid for the tensor {@link #publish}ed with them until {@link #take} is called once
 * (taken or not, they are then dropped), so a later call on another tensor, or on the same tensor
 * changed in between by anyone but these two layers, never sees them.
 */
final class BlockSums {
  double[] sum;
  double[] squares;
  private Tensor source;
  private int inner;
  /** How many times {@link #take} found the sums valid (for tests: the hand-off happened). */
  long taken;

  /** Makes room for {@code blocks} sums (contents undefined) and drops what was published. */
  void prepare(int blocks, boolean withSquares) {
    source = null;
    sum = Workspace.doubles(sum, blocks);
    if (withSquares) {
      squares = Workspace.doubles(squares, blocks);
    }
  }

  /** The sums now describe {@code t}, in blocks of {@code inner} elements. */
  void publish(Tensor t, int inner) {
    this.source = t;
    this.inner = inner;
  }

  /** Whether the sums describe {@code t} in blocks of {@code inner}; they are dropped either way. */
  boolean take(Tensor t, int inner) {
    boolean valid = t != null && source == t && this.inner == inner && sum.length * (long) inner == t.size();
    source = null;
    taken += valid ? 1 : 0;
    return valid;
  }
}
