package org.gconv4j.data;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * Data augmentation: rotates every image of a batch by its own angle drawn uniformly from
 * [−maxDegrees, maxDegrees], about the image centre, bilinear, zero outside ({@link ImageRotation},
 * the interpolation of {@code skimage.transform.rotate}'s default order 1).
 *
 * <p>The authors' MNIST-rot runs ({@code gconv_experiments}, {@code augmentation.py}) draw
 * {@code r = uniform(−0.5, 0.5)·2π} and pass it to {@code skimage.transform.rotate}, whose angle is
 * in degrees: their "rotation" augmentation is a jitter of at most ±π degrees ({@link #PAPER_DEGREES}).
 * The angles come from one {@link Random} seeded at construction, so a run repeats exactly.
 */
public final class RotationJitter implements UnaryOperator<Batch> {
  /** ±π degrees: what the authors' code does (radians passed where skimage expects degrees). */
  public static final double PAPER_DEGREES = Math.PI;

  private final double maxRadians;
  private final Random rng;

  public RotationJitter(double maxDegrees, long seed) {
    Checks.require(maxDegrees >= 0 && maxDegrees <= 180, "RotationJitter", "the largest angle must be in [0, 180] degrees",
        maxDegrees);
    this.maxRadians = Math.toRadians(maxDegrees);
    this.rng = new Random(seed);
  }

  @Override
  public Batch apply(Batch b) {
    Tensor x = b.images();
    int n = x.shape(0);
    int c = x.shape(1);
    int h = x.shape(2);
    int w = x.shape(3);
    float[] src = x.data();
    float[] dst = new float[src.length];
    for (int i = 0; i < n; i++) {
      double angle = (2 * rng.nextDouble() - 1) * maxRadians;
      for (int ch = 0; ch < c; ch++) {
        int off = (i * c + ch) * h * w;
        ImageRotation.rotate(src, off, h, w, angle, dst, off);
      }
    }
    return new Batch(Tensor.of(dst, n, c, h, w), b.labels(), b.indices());
  }
}
