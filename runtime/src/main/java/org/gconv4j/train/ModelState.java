package org.gconv4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * Everything that defines a trained model's behaviour, as named arrays: parameters and buffers
 * (e.g. batch-norm running statistics), in a fixed order, in their file layout (filters
 * [C_out, C_in, S_in, n, n], CONVENTIONS §5). The tensors are live views: their data is the model's,
 * so writing into them changes the model. Names are stable checkpoint keys such as
 * {@code layer03.conv.weight}.
 */
@FunctionalInterface
public interface ModelState {
  /** The named live arrays, in a fixed order. */
  Map<String, Tensor> arrays();

  /** A deep copy of every array (e.g. the best model so far). */
  default Map<String, Tensor> snapshot() {
    Map<String, Tensor> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : arrays().entrySet()) {
      copy.put(e.getKey(), e.getValue().copy());
    }
    return copy;
  }

  /** Copies a {@link #snapshot} back into the live arrays. */
  default void restore(Map<String, Tensor> snapshot) {
    for (Map.Entry<String, Tensor> e : arrays().entrySet()) {
      Tensor saved = snapshot.get(e.getKey());
      if (saved == null || saved.size() != e.getValue().size()) {
        throw Checks.argument("ModelState", "snapshot has no array '" + e.getKey() + "' of shape "
            + e.getValue().shapeString() + (saved == null ? "" : "; found " + saved.shapeString()));
      }
      System.arraycopy(saved.data(), 0, e.getValue().data(), 0, saved.size());
    }
  }
}
