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

  /** The same splits with the test set cut to its first {@code n} images (quick runs). */
  public Splits withTestSize(int n) {
    if (n >= test.size()) {
      return this;
    }
    return new Splits(train, validation, test.head(n), provenance + ", first " + n + " test images");
  }

  /**
   * The authors' final-run split: train on training + validation images, and monitor (never select
   * on) the first {@code monitorSize} test images, e.g. MNIST-rot 12,000 train / 2,000 monitor / 50,000 test.
   */
  public Splits trainOnTrainAndValidation(int monitorSize) {
    Dataset merged = Dataset.concat(train.name() + "+validation", train, validation);
    int m = Math.min(monitorSize, test.size());
    Dataset monitor = test.range(0, m);
    Dataset named = new Dataset(test.name() + "[0:" + m + "] (monitor)", monitor.images(), monitor.labels(),
        monitor.channels(), monitor.height(), monitor.width(), monitor.classes());
    return new Splits(merged, named, test, provenance + ", trained on train+validation");
  }
}
