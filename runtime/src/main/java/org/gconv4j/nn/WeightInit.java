package org.gconv4j.nn;

import java.util.List;
import java.util.Locale;
import org.gconv4j.internal.Checks;

/**
 * How a G-correlation draws its initial weights: zero-mean normal with variance {@code gain / fanIn},
 * fanIn = C_in · S_in · (filter cells in the support). Biases start at 0 either way.
 */
public enum WeightInit {
  /** He / Kaiming normal, N(0, 2 / fanIn): the library's default (layers followed by ReLU). */
  HE_NORMAL(2.0),
  /**
   * N(0, 1 / fanIn) ("LeCun normal"): GrouPy's {@code SplitGConv2D} default ({@code wscale = 1}),
   * which the authors' MNIST-rot experiments used.
   */
  LECUN_NORMAL(1.0);

  private final double gain;

  WeightInit(double gain) {
    this.gain = gain;
  }

  /** The standard deviation of a weight for this fan-in. */
  public double std(double fanIn) {
    return Math.sqrt(gain / fanIn);
  }

  /** The name {@code --init} takes: {@code he} or {@code lecun}. */
  public String optionName() {
    return this == HE_NORMAL ? "he" : "lecun";
  }

  /** The value for an {@code --init} name ({@code he}, {@code lecun}). */
  public static WeightInit ofOptionName(String name) {
    for (WeightInit w : values()) {
      if (w.optionName().equals(name.toLowerCase(Locale.ROOT))) {
        return w;
      }
    }
    throw Checks.unknown("WeightInit", "initialisation", name, List.of("he", "lecun"));
  }
}
