package org.gconv4j.nn;

import java.util.Map;
import org.gconv4j.tensor.Tensor;

/**
 * A layer with non-trainable state that belongs in checkpoints (e.g. batch-norm running
 * statistics). The returned tensors are live: writing into their data restores the state.
 */
public interface BufferedLayer extends Layer {
  /** Named state tensors in a fixed order, e.g. {@code runningMean}, {@code runningVar}. */
  Map<String, Tensor> buffers();
}
