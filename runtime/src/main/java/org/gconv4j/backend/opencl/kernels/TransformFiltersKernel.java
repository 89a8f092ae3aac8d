package org.gconv4j.backend.opencl.kernels;

import com.aparapi.Kernel;

/**
 * Filter transformation F → F+ (paper §7.1, CONVENTIONS §4) as a table gather: one work-item per entry of
 * F+ [C_out, S, C_in, S_in·cells]; entry (o, s', i, j) reads F[o, i, table[s', j]] or writes 0 where the
 * table holds −1.
 *
 * <p>The device copy of the one gather rule whose host home is the CPU backend's filter gather (which
 * {@code GroupConv.expandedBank} and the CPU passes run); the OpenCL tests check the two agree.
 */
public class TransformFiltersKernel extends Kernel {
  /** F [C_out, C_in, S_in·cells]. */
  protected float[] f = new float[1];
  /** [S, S_in·cells] sources into one filter's S_in·cells entries, −1 outside the support. */
  protected int[] table = new int[1];
  /** F+ [C_out, S, C_in, S_in·cells]. */
  protected float[] fPlus = new float[1];
  protected int inChannels;
  protected int order;
  /** S_in·cells: the length of one filter and of one table row. */
  protected int block;
  protected int total;

  /** Sets the arrays and sizes of the next launch; {@code total} work-items are needed. */
  public void bind(float[] f, int outChannels, int inChannels, int[] table, int order, int block, float[] fPlus) {
    this.f = f;
    this.table = table;
    this.fPlus = fPlus;
    this.inChannels = inChannels;
    this.order = order;
    this.block = block;
    this.total = outChannels * order * inChannels * block;
  }

  /** Work-items needed by the bound launch. */
  public int workItems() {
    return total;
  }

  @Override
  public void run() {
    transform(order, block);
  }

  /**
   * The body of {@link #run()} with the stabilizer size and the filter length as parameters.
   *
   * @param order S, the rows of the table
   * @param block S_in·cells, the length of one filter and one table row
   */
  private void transform(int order, int block) {
    int gid = getGlobalId(0);
    if (gid < total) {
      int j = gid % block;
      int rest = gid / block;
      int i = rest % inChannels;
      rest = rest / inChannels;
      int s = rest % order;
      int o = rest / order;
      int src = table[s * block + j];
      float v = 0f;
      if (src >= 0) {
        v = f[(o * inChannels + i) * block + src];
      }
      fPlus[gid] = v;
    }
  }
}
