package org.gconv4j.nn;

import java.util.SplittableRandom;
import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * Inverted dropout: in training each element is zeroed with probability p and the survivors are
 * scaled by 1 / (1 − p), so inference is the identity. Masks come from one
 * {@link SplittableRandom} stream seeded at construction: the same seed and the same sequence of
 * forward calls give the same masks, bit for bit.
 */
public final class Dropout implements ShapedLayer {
  private final double p;
  private final long seed;
  private final SplittableRandom random;
  private float[] mask;
  private boolean masked;
  private int[] shape;
  private final LayerBuffer output = new LayerBuffer();
  private final LayerBuffer inputGradient = new LayerBuffer();

  /**
   * @param p drop probability in [0, 1)
   * @param seed seed of the mask stream
   */
  public Dropout(double p, long seed) {
    if (!(p >= 0 && p < 1)) {
      throw Checks.argument("Dropout", "drop probability must be in [0, 1); got " + p);
    }
    this.p = p;
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  public double probability() {
    return p;
  }

  public long seed() {
    return seed;
  }

  @Override
  public Tensor forward(Tensor input, boolean training) {
    shape = input.shape();
    if (!training || p == 0) {
      masked = false;
      return input;
    }
    float scale = (float) (1.0 / (1.0 - p));
    float[] x = input.data();
    float[] m = mask = Workspace.floats(mask, x.length);
    Tensor result = output.take(shape);
    float[] y = result.data();
    for (int i = 0; i < x.length; i++) {
      if (random.nextDouble() >= p) {
        m[i] = scale;
        y[i] = x[i] * scale;
      } else {
        m[i] = 0f;
        y[i] = 0f;
      }
    }
    masked = true;
    return result;
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    if (shape == null) {
      throw Shapes.backwardBeforeForward("Dropout");
    }
    Checks.sameShape("Dropout", "gradOutput", shape, gradOutput.shape());
    if (!masked) {
      return gradOutput;
    }
    float[] g = gradOutput.data();
    Tensor result = inputGradient.take(shape);
    float[] gx = result.data();
    float[] m = mask;
    for (int i = 0; i < g.length; i++) {
      gx[i] = g[i] * m[i];
    }
    return result;
  }

  @Override
  public void reuseBuffers(boolean reuse) {
    output.reuse(reuse);
    inputGradient.reuse(reuse);
  }

  @Override
  public int[] outputShape(int[] sampleShape) {
    return sampleShape.clone();
  }

  @Override
  public String describe() {
    return "Dropout p=" + p;
  }
}
