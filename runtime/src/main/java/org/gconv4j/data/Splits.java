package org.gconv4j.data;

/**
 * Training, validation and test sets, plus one line saying where they came from.
 *
 * @param provenance e.g. {@code "MNIST-rot v1, seed 0, from ~/.cache/gconv4j/mnist-rot/..."}
 */
public record Splits(Dataset train, Dataset validation, Dataset test, String provenance) {
  /** The same splits with the training set cut to its first {@code n} images. */
  public Splits withTrainSize(int n) {
    if (n >= train.size()) {
      return this;
    }
    return new Splits(train.head(n), validation, test, provenance + ", first " + n + " training images");
  }

  /** The same splits with the test set cut to its first {@code n} images. */
  public Splits withTestSize(int n) {
    if (n >= test.size()) {
      return this;
    }
    return new Splits(train, validation, test.head(n), provenance + ", first " + n + " test images");
  }
}
