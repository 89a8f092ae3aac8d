package org.gconv4j.nn;

import java.util.List;
import java.util.Random;
import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * Fully connected layer y = x·Wᵀ + b: [N, F] → [N, K]. {@code weight} is [K, F], {@code bias} is
 * [K] (initialised to 0). Sums run in a fixed order (deterministic).
 */
public final class Dense implements ShapedLayer {
  /** Weight initialisation schemes. */
  public enum Init {
    /** He / Kaiming normal: N(0, 2 / fanIn), for layers followed by ReLU (the default). */
    HE_NORMAL,
    /** Glorot / Xavier uniform: U(−a, a), a = √(6 / (fanIn + fanOut)), for layers feeding a softmax. */
    GLOROT_UNIFORM
  }

  private final int inFeatures;
  private final int outFeatures;
  private final Parameter weight;
  private final Parameter bias;
  private Tensor input;
  private final LayerBuffer output = new LayerBuffer();
  private final LayerBuffer inputGradient = new LayerBuffer();
  private final int[] outShape = new int[2];
  private final int[] inShape = new int[2];

  /** He-normal weights, zero bias. */
  public Dense(int inFeatures, int outFeatures, Random rng) {
    this(inFeatures, outFeatures, Init.HE_NORMAL, rng);
  }

  public Dense(int inFeatures, int outFeatures, Init init, Random rng) {
    if (inFeatures < 1 || outFeatures < 1) {
      throw Checks.argument("Dense", "need inFeatures >= 1 and outFeatures >= 1; got " + inFeatures
          + " -> " + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    float[] w = new float[outFeatures * inFeatures];
    if (init == Init.HE_NORMAL) {
      double std = Math.sqrt(2.0 / inFeatures);
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (rng.nextGaussian() * std);
      }
    } else {
      double a = Math.sqrt(6.0 / (inFeatures + outFeatures));
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) ((2 * rng.nextDouble() - 1) * a);
      }
    }
    this.weight = new Parameter("weight", Tensor.of(w, outFeatures, inFeatures));
    this.bias = new Parameter("bias", Tensor.zeros(outFeatures));
  }

  public int inFeatures() {
    return inFeatures;
  }

  public int outFeatures() {
    return outFeatures;
  }

  /** W, shape [K, F]. */
  public Parameter weight() {
    return weight;
  }

  /** b, shape [K]. */
  public Parameter bias() {
    return bias;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    check(x.shape(), 1);
    int n = x.shape(0);
    float[] in = x.data();
    float[] w = weight.value().data();
    float[] b = bias.value().data();
    outShape[0] = n;
    outShape[1] = outFeatures;
    Tensor result = output.take(outShape);
    float[] y = result.data();
    Parallel.forEach(n, (long) n * outFeatures * inFeatures, s -> {
      int xBase = s * inFeatures;
      for (int k = 0; k < outFeatures; k++) {
        int wBase = k * inFeatures;
        float acc = 0f;
        for (int f = 0; f < inFeatures; f++) {
          acc += w[wBase + f] * in[xBase + f];
        }
        y[s * outFeatures + k] = acc + b[k];
      }
    });
    input = x;
    return result;
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    if (input == null) {
      throw Shapes.backwardBeforeForward("Dense");
    }
    int n = input.shape(0);
    if (gradOutput.rank() != 2 || gradOutput.shape(0) != n || gradOutput.shape(1) != outFeatures) {
      throw Checks.argument("Dense", "gradOutput must be [" + n + ", " + outFeatures + "]; got "
          + gradOutput.shapeString());
    }
    float[] g = gradOutput.data();
    float[] in = input.data();
    float[] w = weight.value().data();
    float[] gw = weight.grad().data();
    float[] gb = bias.grad().data();
    inShape[0] = n;
    inShape[1] = inFeatures;
    Tensor result = inputGradient.takeZeroed(inShape);
    float[] gx = result.data();
    long work = (long) n * outFeatures * inFeatures;
    Parallel.forEach(n, work, s -> {
      int xBase = s * inFeatures;
      for (int k = 0; k < outFeatures; k++) {
        float gk = g[s * outFeatures + k];
        int wBase = k * inFeatures;
        for (int f = 0; f < inFeatures; f++) {
          gx[xBase + f] += gk * w[wBase + f];
        }
      }
    });
    Parallel.forEach(outFeatures, work, k -> {
      int wBase = k * inFeatures;
      float biasSum = 0f;
      for (int s = 0; s < n; s++) {
        float gk = g[s * outFeatures + k];
        biasSum += gk;
        int xBase = s * inFeatures;
        for (int f = 0; f < inFeatures; f++) {
          gw[wBase + f] += gk * in[xBase + f];
        }
      }
      gb[k] += biasSum;
    });
    return result;
  }

  @Override
  public void reuseBuffers(boolean reuse) {
    output.reuse(reuse);
    inputGradient.reuse(reuse);
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }

  @Override
  public int[] outputShape(int[] sampleShape) {
    check(sampleShape, 0);
    return new int[] {outFeatures};
  }

  private void check(int[] shape, int leading) {
    if (shape.length != leading + 1 || shape[leading] != inFeatures) {
      throw Checks.argument("Dense", "input must be " + (leading == 1 ? "[N, " : "[") + inFeatures
          + "]; got " + Shapes.text(shape) + ". Flatten or globally pool before Dense, or create Dense("
          + (shape.length == leading + 1 ? shape[leading] : "F") + ", " + outFeatures + ", rng)");
    }
  }

  @Override
  public String describe() {
    return "Dense " + inFeatures + "->" + outFeatures;
  }
}
