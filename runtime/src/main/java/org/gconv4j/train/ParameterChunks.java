package org.gconv4j.train;

import java.util.List;
import org.gconv4j.exec.CpuExecutor;
import org.gconv4j.nn.Parameter;

/**
 * The elements of a list of parameters cut into chunks of at most {@link #CHUNK} elements, each
 * within one parameter, for element-wise optimizer updates on {@link CpuExecutor#shared()}. The cut
 * depends only on the parameter sizes, never on the thread count.
 */
final class ParameterChunks {
  /** Elements per chunk. */
  static final int CHUNK = 4096;

  /** An element-wise update of elements [from, to) of parameter {@code index}. */
  @FunctionalInterface
  interface Update {
    void run(int index, int from, int to);
  }

  private final int[] parameter;
  private final int[] from;
  private final int[] to;
  private final long elements;

  ParameterChunks(List<Parameter> params) {
    int count = 0;
    long total = 0;
    for (Parameter p : params) {
      count += (p.value().size() + CHUNK - 1) / CHUNK;
      total += p.value().size();
    }
    this.parameter = new int[count];
    this.from = new int[count];
    this.to = new int[count];
    this.elements = total;
    int c = 0;
    for (int i = 0; i < params.size(); i++) {
      int n = params.get(i).value().size();
      for (int start = 0; start < n; start += CHUNK, c++) {
        parameter[c] = i;
        from[c] = start;
        to[c] = Math.min(n, start + CHUNK);
      }
    }
  }

  /** Runs {@code update} over every chunk; {@code cost} is the scalar operations per element. */
  void run(int cost, Update update) {
    CpuExecutor.shared().run(parameter.length, cost * elements, c -> update.run(parameter[c], from[c], to[c]));
  }
}
