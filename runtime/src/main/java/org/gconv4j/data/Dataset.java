package org.gconv4j.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import org.gconv4j.internal.Checks;
import org.gconv4j.internal.ShapeMath;
import org.gconv4j.tensor.Tensor;

/**
 * Labelled images: float pixels in [0, 1], layout [N, C, H, W] (CONVENTIONS §5), or volumes
 * [N, C, D, H, W], and an int class label per image. Immutable by convention (the arrays are shared
 * with subsets only when a method says so).
 */
public final class Dataset {
  private final String name;
  private final float[] images;
  private final int[] labels;
  private final int[] sampleShape;
  private final int channels;
  private final int height;
  private final int width;
  private final int classes;

  /**
   * @param images N·C·H·W values in C order
   * @param labels N labels in [0, classes)
   */
  public Dataset(String name, float[] images, int[] labels, int channels, int height, int width, int classes) {
    this(name, images, labels, new int[] {channels, height, width}, classes);
  }

  /**
   * @param images N·prod(sampleShape) values in C order
   * @param sampleShape per sample [C, H, W] (images) or [C, D, H, W] (volumes)
   * @param labels N labels in [0, classes)
   */
  public Dataset(String name, float[] images, int[] labels, int[] sampleShape, int classes) {
    ShapeMath.requireSampleShape("Dataset", name + ": the sample shape", sampleShape);
    long per = 1;
    for (int d : sampleShape) {
      per *= d;
    }
    if (per * labels.length != images.length) {
      throw Checks.argument("Dataset", name + ": " + labels.length + " labels need "
          + per * labels.length + " values for [" + labels.length + ", "
          + Arrays.toString(sampleShape).substring(1) + ", got " + images.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw Checks.argument("Dataset", name + ": label " + labels[i] + " of image " + i
            + " is outside [0, " + classes + ")");
      }
    }
    this.name = name;
    this.images = images;
    this.labels = labels;
    this.sampleShape = sampleShape.clone();
    this.channels = sampleShape[0];
    this.height = sampleShape[sampleShape.length - 2];
    this.width = sampleShape[sampleShape.length - 1];
    this.classes = classes;
  }

  public String name() {
    return name;
  }

  public int size() {
    return labels.length;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int classes() {
    return classes;
  }

  /** Depth of a volume [C, D, H, W]; 1 for images [C, H, W]. */
  public int depth() {
    return sampleShape.length == 4 ? sampleShape[1] : 1;
  }

  /** Per-sample shape: [C, H, W] or, for volumes, [C, D, H, W] (a copy). */
  public int[] sampleShape() {
    return sampleShape.clone();
  }

  /** Values per image (C·H·W; volumes C·D·H·W). */
  public int imageSize() {
    return channels * depth() * height * width;
  }

  /** A tensor of {@code n} samples of this set's shape, zero-filled. */
  private Tensor zeros(int n) {
    int[] shape = new int[sampleShape.length + 1];
    shape[0] = n;
    System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    return Tensor.zeros(shape);
  }

  /** All pixels, [N, C, H, W] C order (shared, do not modify). */
  public float[] images() {
    return images;
  }

  /** All labels (shared, do not modify). */
  public int[] labels() {
    return labels;
  }

  public int label(int i) {
    return labels[i];
  }

  /** The whole set as one tensor [N, C, H, W] or [N, C, D, H, W] (shares the pixel array). */
  public Tensor tensor() {
    int[] shape = new int[sampleShape.length + 1];
    shape[0] = size();
    System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    return Tensor.of(images, shape);
  }

  /** A copy of the images at {@code indices}, [B, C, H, W], with their labels. */
  public Batch gather(int[] indices) {
    Batch b = new Batch(zeros(indices.length), new int[indices.length], indices.clone());
    fill(b);
    return b;
  }

  /** The first {@code n} images (copied); {@code n} larger than the set is an error. */
  public Dataset head(int n) {
    return range(0, n);
  }

  /** Images {@code [from, to)} as a new dataset (copied). */
  public Dataset range(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw Checks.argument("Dataset", name + " has " + size() + " images; cannot take ["
          + from + ", " + to + "). Ask for at most " + size());
    }
    int per = imageSize();
    return new Dataset(name, Arrays.copyOfRange(images, from * per, to * per), Arrays.copyOfRange(labels, from, to),
        sampleShape, classes);
  }

  /** The images at {@code indices}, in that order, as a new dataset. */
  public Dataset select(String newName, int[] indices) {
    Batch b = gather(indices);
    return new Dataset(newName, b.images().data(), b.labels(), sampleShape, classes);
  }

  /** Concatenation of two sets with the same image shape and classes. */
  public static Dataset concat(String name, Dataset a, Dataset b) {
    if (!Arrays.equals(a.sampleShape, b.sampleShape) || a.classes != b.classes) {
      throw Checks.argument("Dataset", "cannot concatenate " + a.describe() + " and " + b.describe());
    }
    float[] x = Arrays.copyOf(a.images, a.images.length + b.images.length);
    System.arraycopy(b.images, 0, x, a.images.length, b.images.length);
    int[] y = Arrays.copyOf(a.labels, a.labels.length + b.labels.length);
    System.arraycopy(b.labels, 0, y, a.labels.length, b.labels.length);
    return new Dataset(name, x, y, a.sampleShape, a.classes);
  }

  /**
   * Mini-batches in a seeded random order: the permutation is a Fisher–Yates shuffle driven by
   * {@code new java.util.Random(seed)}, so the same seed gives the same batches on every JVM. The
   * last batch is smaller when the size is not a multiple of {@code batchSize}. Every batch is a
   * fresh copy.
   */
  public Iterable<Batch> shuffledBatches(int batchSize, long seed) {
    return batches(batchSize, permutation(size(), new Random(seed)), false);
  }

  /**
   * The batches of {@link #shuffledBatches}, written into the same arrays: a batch is valid until
   * the next one is drawn (for loops that finish with a batch before taking the next; a smaller
   * last batch gets its own arrays).
   */
  public Iterable<Batch> shuffledBatchesReusing(int batchSize, long seed) {
    return batches(batchSize, permutation(size(), new Random(seed)), true);
  }

  /** Mini-batches in dataset order (for evaluation), each a fresh copy. */
  public Iterable<Batch> batches(int batchSize) {
    return batches(batchSize, identity(size()), false);
  }

  /** The batches of {@link #batches}, written into the same arrays (see {@link #shuffledBatchesReusing}). */
  public Iterable<Batch> batchesReusing(int batchSize) {
    return batches(batchSize, identity(size()), true);
  }

  /** Number of batches of {@code batchSize} (the last one may be partial). */
  public int batchCount(int batchSize) {
    return (size() + batchSize - 1) / batchSize;
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  private Iterable<Batch> batches(int batchSize, int[] order, boolean reuse) {
    Checks.positive("Dataset", "batch size", batchSize);
    return () -> new Iterator<>() {
      int next = 0;
      Batch last;

      @Override
      public boolean hasNext() {
        return next < order.length;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int end = Math.min(order.length, next + batchSize);
        int size = end - next;
        if (!reuse) {
          Batch b = gather(Arrays.copyOfRange(order, next, end));
          next = end;
          return b;
        }
        if (last == null || last.size() != size) {
          last = new Batch(zeros(size), new int[size], new int[size]);
        }
        System.arraycopy(order, next, last.indices(), 0, size);
        fill(last);
        next = end;
        return last;
      }
    };
  }

  /** Copies the images and labels at {@code b.indices()} into {@code b}. */
  private void fill(Batch b) {
    int per = imageSize();
    int[] idx = b.indices();
    float[] x = b.images().data();
    int[] y = b.labels();
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(images, idx[i] * per, x, i * per, per);
      y[i] = labels[idx[i]];
    }
  }

  /**
   * A uniformly random permutation of {@code 0..n-1}: for i = n−1 down to 1, swap i with
   * {@code rng.nextInt(i + 1)} (Fisher–Yates, the same algorithm as {@code Collections.shuffle}).
   */
  public static int[] permutation(int n, Random rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** E.g. {@code "mnist-rot/train: 10000 images [1, 28, 28], 10 classes"}. */
  public String describe() {
    String shape = Arrays.toString(sampleShape);
    return name + ": " + size() + (sampleShape.length == 4 ? " volumes " : " images ") + shape + ", " + classes + " classes";
  }

  @Override
  public String toString() {
    return describe();
  }
}
