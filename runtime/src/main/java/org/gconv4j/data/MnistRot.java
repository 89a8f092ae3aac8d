package org.gconv4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.gconv4j.internal.CacheDirs;
import org.gconv4j.internal.Checks;
import org.gconv4j.io.AtomicFiles;
import org.gconv4j.io.NpyArray;
import org.gconv4j.io.Npz;

/**
 * MNIST-rot as in Larochelle et al. (2007), generated deterministically from the 70,000 original
 * MNIST digits.
 *
 * <p>Recipe (version {@value #VERSION}):
 *
 * <ol>
 *   <li>Pool: the 60,000 MNIST training digits followed by the 10,000 test digits (pool index
 *       0..69,999), pixels scaled to [0, 1] by /255.
 *   <li>{@code rng = new java.util.Random(seed)}; a Fisher–Yates permutation of the pool
 *       ({@link Dataset#permutation}: for i = 69,999 down to 1, swap i with rng.nextInt(i + 1)).
 *   <li>The first 10,000 permuted digits are the training set, the next 2,000 the validation set,
 *       the next 50,000 the test set (62,000 in all; 8,000 digits are unused).
 *   <li>Continuing with the same {@code rng}, in that order (train, validation, test), each digit
 *       gets the angle θ = 2π·rng.nextDouble(), uniform in [0, 2π).
 *   <li>Each digit is rotated by θ counter-clockwise about the image centre (13.5, 13.5) with
 *       bilinear interpolation, zero outside ({@link ImageRotation#rotate}).
 * </ol>
 *
 * <p>The result is cached as {@code <cache>/mnist-rot/mnist-rot-v1-seed<S>.npz} with, per split
 * ({@code train}, {@code validation}, {@code test}): {@code _images} float32 [N, 28, 28],
 * {@code _labels} int32 [N], {@code _source} int32 [N] (pool index), {@code _angle} float64 [N]
 * (radians), plus {@code info.json}. Python: {@code np.load(path)['train_images']}.
 */
final class MnistRot {
  /** Bump when the recipe changes: it is part of the cache key. */
  public static final int VERSION = 1;
  public static final int TRAIN = 10_000;
  public static final int VALIDATION = 2_000;
  public static final int TEST = 50_000;
  private static final String[] SPLITS = {"train", "validation", "test"};

  private MnistRot() {}

  /** The cache file for a seed. */
  public static Path cacheFile(Path cacheRoot, long seed) {
    return cacheRoot.resolve("mnist-rot").resolve("mnist-rot-v" + VERSION + "-seed" + seed + ".npz");
  }

  /**
   * Loads MNIST-rot for {@code seed} from the cache, generating (and caching) it from the MNIST
   * files when missing or unreadable. With {@code dataDir} ({@code --data DIR}) the digits come from
   * that folder: the cache file is then keyed by a CRC-32 of its four files
   * ({@code mnist-rot-v1-seed<S>-data<crc>.npz}), so another MNIST never reads a cache made from the
   * default one. When the cache cannot be written (a read-only folder) it warns and goes on.
   */
  public static Splits load(MnistFetcher fetcher, java.util.Optional<Path> dataDir, Path cacheRoot, long seed,
      PrintStream log) throws IOException {
    MnistFiles given = dataDir.isPresent() ? fetcher.locate(dataDir) : null;
    Path file = given == null ? cacheFile(cacheRoot, seed) : cacheFile(cacheRoot, seed, fingerprint(given));
    AtomicFiles.sweepStale(file.getParent()); // temporary files of killed runs
    if (Files.exists(file)) {
      try {
        return read(file, seed);
      } catch (IOException | RuntimeException e) {
        if (isMemory(e)) {
          throw e; // a heap too small is not a damaged cache
        }
        log.println("gconv4j: cached MNIST-rot " + file + " is unreadable (" + e.getMessage() + "); generating it again");
      }
    }
    MnistFiles files = given != null ? given : fetcher.locate(dataDir);
    Dataset[] mnist = files.load("mnist");
    Generated g = generate(mnist[0], mnist[1], seed, log);
    Splits splits = g.splits();
    try {
      write(file, g, seed);
      log.println("gconv4j: MNIST-rot cached in " + file);
    } catch (IOException e) {
      log.println("gconv4j: warning: cannot cache MNIST-rot in " + file + " (" + describe(e)
          + "); going on without the cache. Set " + CacheDirs.ENV + " to a writable folder to keep it");
      return new Splits(splits.train(), splits.validation(), splits.test(),
          "MNIST-rot v" + VERSION + " (seed " + seed + ", not cached)");
    }
    return new Splits(splits.train(), splits.validation(), splits.test(), provenance(seed, file));
  }

  /** The cache file for a seed and MNIST files given with {@code --data} (see {@link #fingerprint}). */
  public static Path cacheFile(Path cacheRoot, long seed, String fingerprint) {
    return cacheRoot.resolve("mnist-rot").resolve("mnist-rot-v" + VERSION + "-seed" + seed + "-data" + fingerprint + ".npz");
  }

  /** Whether a failure is the heap being too small ({@code [Memory]} from MemoryBudget), anywhere in its causes. */
  static boolean isMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError || String.valueOf(t.getMessage()).contains("[Memory]")) {
        return true;
      }
    }
    return false;
  }

  /** The square cache's key (its file name without .npz) that a derived cache file's name starts with. */
  static String squareKey(Path derived) {
    String n = derived.getFileName().toString();
    int hex = n.indexOf("-hex");
    return hex < 0 ? n : n.substring(0, hex);
  }

  /** CRC-32 of the four files' bytes in order, as 8 hex digits. */
  static String fingerprint(MnistFiles files) throws IOException {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    byte[] buf = new byte[1 << 16];
    for (Path p : java.util.List.of(files.trainImages(), files.trainLabels(), files.testImages(), files.testLabels())) {
      try (java.io.InputStream in = Files.newInputStream(p)) {
        for (int n; (n = in.read(buf)) > 0; ) {
          crc.update(buf, 0, n);
        }
      }
    }
    return String.format(java.util.Locale.ROOT, "%08x", crc.getValue());
  }

  private static String describe(IOException e) {
    return e instanceof java.nio.file.AccessDeniedException ? "permission denied: " + e.getMessage()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String provenance(long seed, Path file) {
    return "MNIST-rot v" + VERSION + " (seed " + seed + ", " + file + ")";
  }

  /**
   * The generated splits and, per split (train, validation, test), each digit's pool index and
   * rotation angle in radians.
   */
  public record Generated(Splits splits, int[][] source, double[][] angle) {}

  /** Generates the three splits from MNIST's training (60,000) and test (10,000) sets; see the class doc. */
  public static Generated generate(Dataset mnistTrain, Dataset mnistTest, long seed, PrintStream log) {
    Dataset pool = Dataset.concat("mnist/all", mnistTrain, mnistTest);
    int need = TRAIN + VALIDATION + TEST;
    if (pool.size() < need) {
      throw Checks.argument("MnistRot", "needs " + need + " digits, MNIST has " + pool.size());
    }
    Random rng = new Random(seed);
    int[] perm = Dataset.permutation(pool.size(), rng);
    double[] angles = new double[need];
    for (int i = 0; i < need; i++) {
      angles[i] = 2 * Math.PI * rng.nextDouble();
    }
    int h = pool.height();
    int w = pool.width();
    int per = h * w;
    float[] out = new float[need * per];
    int[] labels = new int[need];
    long start = System.nanoTime();
    int step = Math.max(1, need / 4);
    for (int i = 0; i < need; i++) {
      ImageRotation.rotate(pool.images(), perm[i] * per, h, w, angles[i], out, i * per);
      labels[i] = pool.label(perm[i]);
      if (log != null && (i + 1) % step == 0) {
        log.printf(java.util.Locale.ROOT, "gconv4j: generating MNIST-rot (seed %d): %d/%d digits rotated%n", seed, i + 1, need);
      }
    }
    if (log != null) {
      log.printf(java.util.Locale.ROOT, "gconv4j: MNIST-rot generated in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
    int[] bounds = {0, TRAIN, TRAIN + VALIDATION, need};
    Dataset[] sets = new Dataset[3];
    int[][] source = new int[3][];
    double[][] angle = new double[3][];
    for (int s = 0; s < 3; s++) {
      int from = bounds[s];
      int to = bounds[s + 1];
      sets[s] = new Dataset("mnist-rot/" + SPLITS[s], Arrays.copyOfRange(out, from * per, to * per),
          Arrays.copyOfRange(labels, from, to), 1, h, w, 10);
      source[s] = Arrays.copyOfRange(perm, from, to);
      angle[s] = Arrays.copyOfRange(angles, from, to);
    }
    Splits splits = new Splits(sets[0], sets[1], sets[2], "MNIST-rot v" + VERSION + " (seed " + seed + ", generated)");
    return new Generated(splits, source, angle);
  }

  /** Writes generated splits as the cache file layout described in the class doc (atomically). */
  public static void write(Path file, Generated g, long seed) throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    Splits splits = g.splits();
    Dataset[] sets = {splits.train(), splits.validation(), splits.test()};
    for (int s = 0; s < 3; s++) {
      Dataset d = sets[s];
      arrays.put(SPLITS[s] + "_images", NpyArray.ofFloats(d.images(), d.size(), d.height(), d.width()));
      arrays.put(SPLITS[s] + "_labels", NpyArray.ofInts(d.labels(), d.size()));
      arrays.put(SPLITS[s] + "_source", NpyArray.ofInts(g.source()[s], d.size()));
      arrays.put(SPLITS[s] + "_angle", NpyArray.ofDoubles(g.angle()[s], d.size()));
    }
    arrays.put("info.json", NpyArray.ofText("{\"dataset\": \"mnist-rot\", \"version\": " + VERSION + ", \"seed\": "
        + seed + ", \"pool\": \"MNIST train (0..59999) then test (60000..69999)\", "
        + "\"rotation\": \"bilinear, counter-clockwise, about (13.5, 13.5), zero outside\"}"));
    Npz.write(file, arrays, true);
  }

  /** Reads a cached file, checking every array's shape. */
  static Splits read(Path file, long seed) throws IOException {
    Map<String, NpyArray> arrays = Npz.read(file);
    int[] sizes = {TRAIN, VALIDATION, TEST};
    Dataset[] sets = new Dataset[3];
    for (int s = 0; s < 3; s++) {
      NpyArray x = arrays.get(SPLITS[s] + "_images");
      int side = x == null || x.rank() != 3 ? 28 : x.shape()[1];
      x = require(arrays, file, SPLITS[s] + "_images", sizes[s], side, side);
      NpyArray y = require(arrays, file, SPLITS[s] + "_labels", sizes[s]);
      sets[s] = new Dataset("mnist-rot/" + SPLITS[s], x.toFloats(), y.toInts(), 1, side, side, 10);
    }
    return new Splits(sets[0], sets[1], sets[2], provenance(seed, file));
  }

  private static NpyArray require(Map<String, NpyArray> arrays, Path file, String name, int... shape)
      throws IOException {
    NpyArray a = arrays.get(name);
    if (a == null) {
      throw new IOException("[MnistRot] " + file + " has no array '" + name + "'");
    }
    if (!Arrays.equals(a.shape(), shape)) {
      throw new IOException("[MnistRot] " + file + ": '" + name + "' has shape " + a.shapeString() + ", expected "
          + Arrays.toString(shape));
    }
    return a;
  }
}
