package org.gconv4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gconv4j.data.Batch;
import org.gconv4j.data.Dataset;
import org.gconv4j.data.MedMnist3d;
import org.gconv4j.data.Splits;
import org.gconv4j.nn.Layer;
import org.gconv4j.tensor.Tensor;
import org.gconv4j.train.RocAuc;
import org.gconv4j.train.Trainer;

/**
 * The 3D data sets and metrics of the CLI (docs/3d.md): AdrenalMNIST3D ships with gconv4j (a
 * resource of this module, with its NOTICE); {@code --data FILE} takes any npz in the MedMNIST 3D
 * layout. Metrics are MedMNIST's: ROC AUC of the class-1 softmax probability, accuracy of the argmax.
 */
final class Volumes {
  /** {@code --dataset} names of the 3D data sets. */
  static final List<String> DATASETS = List.of("adrenalmnist3d");
  static final String RESOURCE = "/org/gconv4j/samples/data/adrenalmnist3d.npz";
  static final String DATA_USAGE = String.join("\n",
      "  --dataset adrenalmnist3d  MedMNIST v2's AdrenalMNIST3D, 28^3 (shipped with gconv4j; CC BY 4.0, see docs/3d.md)",
      "  --data FILE        another .npz in the MedMNIST 3D layout (train_/val_/test_ images [N, L, L, L] uint8",
      "                     and labels [N, 1]), e.g. adrenalmnist3d_64.npz; official file names are MD5-checked");

  private Volumes() {}

  static boolean isVolumeDataset(String dataset) {
    return dataset != null && DATASETS.contains(dataset.toLowerCase(Locale.ROOT));
  }

  /** The shipped adrenalmnist3d.npz as a file (copied out of the jar when gconv4j runs from one). */
  static Path bundledFile() throws IOException {
    URL url = Volumes.class.getResource(RESOURCE);
    if (url == null) {
      throw new IOException("[MedMNIST] the shipped " + RESOURCE + " is missing from the class path; rebuild gconv4j "
          + "(./gconv4j test) or pass --data FILE");
    }
    if (url.getProtocol().equals("file")) {
      try {
        return Path.of(url.toURI());
      } catch (URISyntaxException e) {
        throw new IOException("[MedMNIST] cannot locate " + url, e);
      }
    }
    Path tmp = Files.createTempFile("adrenalmnist3d", ".npz");
    tmp.toFile().deleteOnExit();
    try (InputStream in = url.openStream()) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
    }
    return tmp;
  }

  /** The splits of {@code --data FILE}, else of the shipped AdrenalMNIST3D (MD5-checked). */
  static Splits load(String dataset, Optional<Path> dataFile, PrintStream log) throws IOException {
    if (dataFile.isPresent()) {
      if (Files.isDirectory(dataFile.get())) {
        throw new UsageException("--data " + dataFile.get() + " is a folder; for 3D data sets pass the .npz file itself");
      }
      return MedMnist3d.load(dataFile.get(), dataset, null);
    }
    Path file = bundledFile();
    return MedMnist3d.load(file, dataset, MedMnist3d.ADRENAL_MD5);
  }

  /** Test metrics of a classifier. */
  record Scores(double auc, double accuracy, int count, float[] logits, int classes) {
    /** {@code test auc: <auc> acc: <acc> (298 test volumes)}, three decimals each. */
    String line(String split) {
      return String.format(Locale.ROOT, "%s auc: %.3f acc: %.3f (%d %s volumes)", split, auc, accuracy, count, split);
    }
  }

  /** Logits [N, K] of {@code model} on every sample of {@code data}, inference mode. */
  static Tensor logits(Layer model, Dataset data, int batchSize) {
    float[] all = null;
    int k = -1;
    int row = 0;
    for (Batch b : data.batchesReusing(batchSize)) {
      Tensor z = model.forward(b.images(), false);
      if (all == null) {
        k = z.shape(1);
        all = new float[data.size() * k];
      }
      System.arraycopy(z.data(), 0, all, row * k, z.size());
      row += b.size();
    }
    return Tensor.of(all, data.size(), k);
  }

  /** MedMNIST's AUC and accuracy of {@code model} on {@code data}. */
  static Scores evaluate(Layer model, Dataset data, int batchSize) {
    return scores(logits(model, data, batchSize), data.labels());
  }

  static Scores scores(Tensor logits, int[] labels) {
    int k = logits.shape(1);
    double auc = RocAuc.medmnist(RocAuc.softmax(logits.data(), k), labels, k);
    double acc = (double) Trainer.countCorrect(logits, labels) / labels.length;
    return new Scores(auc, acc, labels.length, logits.data(), k);
  }
}
