package org.gconv4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.gconv4j.data.DataSources;
import org.gconv4j.data.Splits;
import org.gconv4j.samples.models.PaperModels;

/** The data options shared by train, eval and equivariance. */
final class DataOptions {
  static final String USAGE = String.join("\n",
      "  --dataset NAME     mnist-rot (default) or fashion-mnist",
      "  --data DIR         folder with the raw IDX files (MNIST for mnist-rot); default: the cache",
      "                     ($GCONV4J_CACHE or ~/.cache/gconv4j; MNIST is fetched once with npm),",
      "                     for fashion-mnist /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist)",
      "  --data-seed S      seed of the MNIST-rot generation (default 0): angles and the 10k/2k/50k split");

  private DataOptions() {}

  /** The splits as {@code model} takes them: resampled onto the hexagonal grid for p6cnn and p6mcnn. */
  static Splits loadFor(String model, String dataset, Optional<Path> dataDir, long dataSeed, PrintStream log)
      throws IOException {
    checkDataDir(dataDir); // the same rule for every model: hexagonal ones once ignored a missing --data
    if (!PaperModels.hexagonal(model)) {
      return load(dataset, dataDir, dataSeed, log);
    }
    if (!DataSources.NAMES.contains(dataset)) {
      throw new UsageException("--dataset must be one of " + DataSources.NAMES + "; got '" + dataset + "'");
    }
    return DataSources.loadHexagonal(dataset, dataDir, dataSeed, PaperModels.HEX_GRID, log);
  }

  static Splits load(String dataset, Optional<Path> dataDir, long dataSeed, PrintStream log) throws IOException {
    if (!DataSources.NAMES.contains(dataset)) {
      throw new UsageException("--dataset must be one of " + DataSources.NAMES + "; got '" + dataset + "'");
    }
    checkDataDir(dataDir);
    return DataSources.load(dataset, dataDir, dataSeed, log);
  }

  /** {@code --data DIR} must be an existing folder, whatever the model and dataset. */
  static void checkDataDir(Optional<Path> dataDir) {
    if (dataDir.isPresent() && !Files.isDirectory(dataDir.get())) {
      throw new UsageException("--data " + dataDir.get() + ": " + (Files.exists(dataDir.get()) ? "not a folder"
          : "no such folder") + ". Pass the folder that holds the IDX files, or leave --data out to use the cache");
    }
  }
}
