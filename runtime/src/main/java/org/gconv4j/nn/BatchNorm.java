package org.gconv4j.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * Batch normalization with one scale (γ, {@code weight}) and one shift (β, {@code bias}) per channel
 * (axis 1). Statistics run over every other axis: for a G-feature map [N, C, S, H, W] that is
 * (N, S, H, W), one mean and variance per G-feature map, which keeps the layer G-equivariant
 * (paper §6.1, CONVENTIONS §5). Works unchanged on planar maps [N, C, H, W], on 3D maps and on
 * feature vectors [N, C].
 *
 * <p>Training mode normalizes with the batch's mean and biased variance and updates the running
 * statistics: {@code running = (1 − momentum)·running + momentum·batch}, with the unbiased batch
 * variance for {@code runningVar} (PyTorch's convention). Inference mode uses the running
 * statistics. Sums are accumulated in double: one partial sum per (sample, channel) block, in
 * parallel (vectorised, see {@link VectorLoops}), then added in sample order, so results do not depend
 * on the thread count. Forward reads the input twice: once for the statistics (each block's sum,
 * then its squares around the block's mean while the block is still in cache, merged exactly), once
 * for {@code y = x·scale + shift} with {@code scale = γ·invStd}, {@code shift = β − mean·scale}.
 * The element-wise passes run in float on the preferred vector species. Backward recomputes the normalized input x̂ from the forward input (which must not change in
 * between, as for every layer) instead of storing it; scratch arrays are reused by the next call.
 */
public final class BatchNorm implements ShapedLayer, BufferedLayer {
  /** Default momentum of the running statistics (PyTorch's 0.1). */
  public static final float DEFAULT_MOMENTUM = 0.1f;
  /** Default variance epsilon (PyTorch's 1e-5). */
  public static final float DEFAULT_EPS = 1e-5f;

  private final int channels;
  private final float momentum;
  private final float eps;
  private final Parameter weight;
  private final Parameter bias;
  private final Tensor runningMean;
  private final Tensor runningVar;

  private Tensor input;
  private boolean trainedForward;
  /** The ReLU whose output the last forward pass wrote ({@link #forwardRelu}), or null. */
  private ReLU fusedRelu;
  private final LayerBuffer output = new LayerBuffer();
  private final LayerBuffer inputGradient = new LayerBuffer();
  // per-channel and per-block scratch, reused by every call
  private final float[] meanF;
  private final double[] invStd;
  private final double[] mean;
  private final double[] sumSq;
  private final float[] scale;
  private final float[] shift;
  private final float[] gradScale;
  private final float[] meanG;
  private final float[] meanGH;
  private final double[] sumG;
  private final double[] sumGH;
  private double[] partial;
  private double[] partial2;
  /** The statistics partials of the next input, when the GroupConv before this layer computes them ({@link BlockSums}). */
  private final BlockSums inputSums = new BlockSums();

  /** γ = 1, β = 0, momentum 0.1, eps 1e-5. */
  public BatchNorm(int channels) {
    this(channels, DEFAULT_MOMENTUM, DEFAULT_EPS);
  }

  public BatchNorm(int channels, float momentum, float eps) {
    if (channels < 1 || !(momentum >= 0f && momentum <= 1f) || !(eps > 0f)) {
      throw Checks.argument("BatchNorm", "need channels >= 1, momentum in [0, 1], eps > 0; got channels="
          + channels + ", momentum=" + momentum + ", eps=" + eps);
    }
    this.channels = channels;
    this.momentum = momentum;
    this.eps = eps;
    float[] ones = new float[channels];
    Arrays.fill(ones, 1f);
    this.weight = new Parameter("weight", Tensor.of(ones, channels));
    this.bias = new Parameter("bias", Tensor.zeros(channels));
    this.runningMean = Tensor.zeros(channels);
    float[] unitVar = new float[channels];
    Arrays.fill(unitVar, 1f);
    this.runningVar = Tensor.of(unitVar, channels);
    this.meanF = new float[channels];
    this.invStd = new double[channels];
    this.mean = new double[channels];
    this.sumSq = new double[channels];
    this.scale = new float[channels];
    this.shift = new float[channels];
    this.gradScale = new float[channels];
    this.meanG = new float[channels];
    this.meanGH = new float[channels];
    this.sumG = new double[channels];
    this.sumGH = new double[channels];
  }

  public int channels() {
    return channels;
  }

  public float momentum() {
    return momentum;
  }

  public float eps() {
    return eps;
  }

  /** γ, shape [C]. */
  public Parameter weight() {
    return weight;
  }

  /** β, shape [C]. */
  public Parameter bias() {
    return bias;
  }

  /** Running mean, shape [C] (live). */
  public Tensor runningMean() {
    return runningMean;
  }

  /** Running (unbiased) variance, shape [C] (live). */
  public Tensor runningVar() {
    return runningVar;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    return forward(x, training, null);
  }

  /**
   * This layer followed by {@code relu}, in one pass over memory: {@code max(x·scale + shift, 0)} is
   * written straight into {@code relu}'s output buffer, which {@code relu} then holds as its output
   * (so its own {@link ReLU#backward} still works). Bit-identical to {@code relu.forward(forward(x))}.
   * {@link Sequential} runs every BatchNorm directly followed by a ReLU this way.
   */
  Tensor forwardRelu(Tensor x, boolean training, ReLU relu) {
    return forward(x, training, relu);
  }

  private Tensor forward(Tensor x, boolean training, ReLU relu) {
    checkInput(x.shape());
    int n = x.shape(0);
    int inner = Shapes.product(x.shape(), 2);
    long count = (long) n * inner;
    if (training && count < 2) {
      throw Checks.argument("BatchNorm", "training needs at least 2 values per channel; got input "
          + x.shapeString() + ". Use a batch of at least 2, or forward with training=false");
    }
    float[] in = x.data();
    Tensor result = relu == null ? output.take(x.shape()) : relu.outputBuffer(x.shape());
    float[] out = result.data();
    float[] meanF = this.meanF;
    double[] inv = this.invStd;
    int blocks = n * channels;
    boolean summed = inputSums.take(x, inner);
    if (training) {
      // One pass over memory: each (sample, channel) block is summed and then, while it is still in
      // the L1 cache, its squares around the block's own mean are summed; the blocks are merged exactly below.
      // A GroupConv right before this layer in a Sequential has done this pass while writing x (BlockSums).
      double[] partial;
      double[] partial2;
      if (summed) {
        partial = inputSums.sum;
        partial2 = inputSums.squares;
      } else {
        double[] p1 = partial = this.partial = Workspace.doubles(this.partial, blocks);
        double[] p2 = partial2 = this.partial2 = Workspace.doubles(this.partial2, blocks);
        Parallel.forEach(blocks, 3L * in.length, j -> {
          int from = j * inner;
          double sum = VectorLoops.sum(in, from, from + inner);
          p1[j] = sum;
          p2[j] = VectorLoops.sumSquaredDeviation(in, from, from + inner, (float) (sum / inner));
        });
      }
      reduce(partial, n, mean);
      for (int c = 0; c < channels; c++) {
        mean[c] /= count;
        meanF[c] = (float) mean[c];
      }
      double[] sq = sumSq;
      mergeSquares(partial, partial2, n, inner, sq);
      float[] rm = runningMean.data();
      float[] rv = runningVar.data();
      for (int c = 0; c < channels; c++) {
        inv[c] = 1.0 / Math.sqrt(sq[c] / count + eps);
        rm[c] = (float) ((1.0 - momentum) * rm[c] + momentum * mean[c]);
        rv[c] = (float) ((1.0 - momentum) * rv[c] + momentum * sq[c] / (count - 1));
      }
    } else {
      for (int c = 0; c < channels; c++) {
        meanF[c] = runningMean.data()[c];
        inv[c] = 1.0 / Math.sqrt(runningVar.data()[c] + (double) eps);
      }
    }
    float[] gamma = weight.value().data();
    float[] beta = bias.value().data();
    float[] scale = this.scale;
    float[] shift = this.shift;
    for (int c = 0; c < channels; c++) { // γ·(x − mean)·invStd + β = x·scale + shift
      double sc = gamma[c] * inv[c];
      scale[c] = (float) sc;
      shift[c] = (float) (beta[c] - meanF[c] * sc);
    }
    boolean fused = relu != null;
    Parallel.forEach(blocks, 2L * in.length, j -> {
      int c = j % channels;
      if (fused) {
        VectorLoops.scaleShiftRelu(in, out, j * inner, (j + 1) * inner, scale[c], shift[c]);
      } else {
        VectorLoops.scaleAndShift(in, out, j * inner, (j + 1) * inner, scale[c], shift[c]);
      }
    });
    this.input = x;
    this.trainedForward = training;
    this.fusedRelu = relu;
    if (fused) {
      relu.adoptOutput(result);
    }
    return result;
  }

  /**
   * sq[c] = Σ (x − mean[c])² over channel c, from each block j's sum s = partial[j] and its squares
   * q = partial2[j] around m = (float) (s / inner): Σ (x − μ)² = q + 2(m − μ)(s − inner·m) + inner·(m − μ)²
   * (exact algebra, in double), added in sample order.
   */
  private void mergeSquares(double[] partial, double[] partial2, int n, int inner, double[] sq) {
    java.util.Arrays.fill(sq, 0);
    for (int b = 0; b < n; b++) {
      for (int c = 0; c < channels; c++) {
        int j = b * channels + c;
        double s = partial[j];
        double m = (float) (s / inner);
        double d = m - mean[c];
        sq[c] += partial2[j] + 2 * d * (s - inner * m) + inner * d * d;
      }
    }
  }

  /** total[c] = Σ_b partial[b·C + c], in sample order. */
  private void reduce(double[] partial, int n, double[] total) {
    java.util.Arrays.fill(total, 0);
    for (int b = 0; b < n; b++) {
      for (int c = 0; c < channels; c++) {
        total[c] += partial[b * channels + c];
      }
    }
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    return backward(gradOutput, false, null);
  }

  /**
   * Whether the last forward pass was {@link #forwardRelu} with {@code relu}, so that
   * {@link #backwardRelu} may run in its place.
   */
  boolean fusedWith(ReLU relu) {
    return fusedRelu == relu && relu != null;
  }

  /**
   * The backward pass of this layer and the ReLU after it, in one: {@code gradOutput} is ∂L/∂ of the
   * ReLU's output; where {@code x·scale + shift} (recomputed from the saved input) is not positive the
   * gradient is taken as 0, as {@link ReLU#backward} does. Bit-identical to
   * {@code backward(relu.backward(gradOutput))}; needs a {@link #forwardRelu} forward pass.
   */
  Tensor backwardRelu(Tensor gradOutput, ReLU relu) {
    return backwardRelu(gradOutput, relu, null);
  }

  /** {@link #backwardRelu(Tensor, ReLU)}, also filling {@code gradientSums} (see {@link #backward(Tensor, BlockSums)}). */
  Tensor backwardRelu(Tensor gradOutput, ReLU relu, BlockSums gradientSums) {
    if (!fusedWith(relu)) {
      throw Checks.state("BatchNorm", "backwardRelu needs forwardRelu with the same ReLU first");
    }
    return backward(gradOutput, true, gradientSums);
  }

  /**
   * {@link #backward(Tensor)}; with {@code gradientSums} non-null, also the sum of the returned
   * gradient over each (sample, channel) block, computed while the block is in cache and published
   * for the result ({@link BlockSums}: a GroupConv before this layer turns them into its bias gradient).
   */
  Tensor backward(Tensor gradOutput, BlockSums gradientSums) {
    return backward(gradOutput, false, gradientSums);
  }

  /** Where the GroupConv before this layer puts the statistics partials of the output it hands on. */
  BlockSums inputSums() {
    return inputSums;
  }

  private Tensor backward(Tensor gradOutput, boolean throughRelu, BlockSums gradientSums) {
    if (input == null) {
      throw Shapes.backwardBeforeForward("BatchNorm");
    }
    Shapes.requireSameShape("BatchNorm", input, gradOutput, "gradOutput");
    int n = input.shape(0);
    int inner = Shapes.product(input.shape(), 2);
    long count = (long) n * inner;
    float[] g = gradOutput.data();
    Tensor result = inputGradient.take(gradOutput.shape());
    float[] gx = result.data();
    int blocks = n * channels;
    double[] partialG = this.partial = Workspace.doubles(this.partial, blocks);
    double[] partialGH = this.partial2 = Workspace.doubles(this.partial2, blocks);
    float[] in = input.data();
    float[] meanF = this.meanF;
    double[] invStd = this.invStd;
    // Through the ReLU: the gradient counts where the forward output x·scale + shift (recomputed with
    // the forward pass's scale and shift, so exactly as the ReLU saw it) was positive.
    float[] fwdScale = this.scale;
    float[] fwdShift = this.shift;
    Parallel.forEach(blocks, 2L * g.length, j -> {
      int c = j % channels;
      if (throughRelu) {
        VectorLoops.sumAndDotThroughRelu(g, in, meanF[c], (float) invStd[c], j * inner, (j + 1) * inner, partialG,
            partialGH, j, fwdScale[c], fwdShift[c]);
      } else {
        VectorLoops.sumAndDot(g, in, meanF[c], (float) invStd[c], j * inner, (j + 1) * inner, partialG, partialGH, j);
      }
    });
    reduce(partialG, n, sumG);
    reduce(partialGH, n, sumGH);
    float[] gamma = weight.value().data();
    float[] gGamma = weight.grad().data();
    float[] gBeta = bias.grad().data();
    float[] scale = this.gradScale;
    float[] meanG = this.meanG;
    float[] meanGH = this.meanGH;
    for (int c = 0; c < channels; c++) {
      gGamma[c] += (float) sumGH[c];
      gBeta[c] += (float) sumG[c];
      scale[c] = (float) (gamma[c] * invStd[c]);
      meanG[c] = (float) (sumG[c] / count);
      meanGH[c] = (float) (sumGH[c] / count);
    }
    boolean batchStats = trainedForward;
    if (gradientSums != null) {
      gradientSums.prepare(blocks, false);
    }
    double[] blockSums = gradientSums == null ? null : gradientSums.sum;
    Parallel.forEach(blocks, 2L * g.length, j -> {
      int c = j % channels;
      int from = j * inner;
      int to = from + inner;
      if (batchStats && throughRelu) {
        VectorLoops.batchNormGradientThroughRelu(g, in, meanF[c], (float) invStd[c], gx, from, to, scale[c], meanG[c],
            meanGH[c], fwdScale[c], fwdShift[c]);
      } else if (batchStats) {
        VectorLoops.batchNormGradient(g, in, meanF[c], (float) invStd[c], gx, from, to, scale[c], meanG[c], meanGH[c]);
      } else if (throughRelu) {
        VectorLoops.scaleThroughRelu(g, in, gx, from, to, scale[c], fwdScale[c], fwdShift[c]);
      } else {
        VectorLoops.scale(g, gx, from, to, scale[c]);
      }
      if (blockSums != null) {
        blockSums[j] = VectorLoops.sum(gx, from, to);
      }
    });
    if (gradientSums != null) {
      gradientSums.publish(result, inner);
    }
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
  public Map<String, Tensor> buffers() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("runningMean", runningMean);
    m.put("runningVar", runningVar);
    return m;
  }

  @Override
  public int[] outputShape(int[] sampleShape) {
    checkInput(Shapes.withBatch(1, sampleShape));
    return sampleShape.clone();
  }

  private void checkInput(int[] shape) {
    if (shape.length < 2 || shape[1] != channels) {
      throw Checks.argument("BatchNorm", "input must be [N, " + channels + ", ...] (channels on axis 1); got "
          + Shapes.text(shape) + ". Create BatchNorm(" + (shape.length >= 2 ? shape[1] : "C") + ") for this input");
    }
  }

  @Override
  public String describe() {
    return "BatchNorm " + channels;
  }
}
