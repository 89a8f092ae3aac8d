package org.gconv4j.nn;

import org.gconv4j.tensor.Tensor;

/** A trainable array and its gradient (same shape). Layers accumulate into {@link #grad()}. */
public final class Parameter {
  private final String name;
  private final Tensor value;
  private final Tensor grad;

  public Parameter(String name, Tensor value) {
    this.name = name;
    this.value = value;
    this.grad = Tensor.zeros(value.shape());
  }

  public String name() {
    return name;
  }

  public Tensor value() {
    return value;
  }

  public Tensor grad() {
    return grad;
  }

  public void zeroGrad() {
    java.util.Arrays.fill(grad.data(), 0f);
  }
}
