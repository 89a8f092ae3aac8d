package org.gconv4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code --pretrained NAME} of eval and equivariance: the models shipped in the repository's
 * {@code pretrained/} folder. The folder is found under the system property {@code gconv4j.home}
 * (the launcher sets it to the repository root), else under the working directory.
 */
final class Pretrained {
  /** Name → file in {@code pretrained/}. */
  static final Map<String, String> FILES = Map.of("p4cnn", "p4cnn-mnist-rot.npz", "o-cnn3d", "o-cnn3d-adrenalmnist3d.npz");
  static final String USAGE =
      "  --pretrained NAME  instead of --checkpoint: a model shipped in pretrained/ (p4cnn: P4CNN on MNIST-rot;\n"
          + "                     o-cnn3d: o-cnn3d on AdrenalMNIST3D, seed 0 of the default 3D protocol)";

  private Pretrained() {}

  /** The checkpoint named by {@code --checkpoint FILE} or {@code --pretrained NAME} (exactly one of them). */
  static Path checkpoint(Args a) {
    if (a.has("checkpoint") == a.has("pretrained")) {
      throw new UsageException("give exactly one of --checkpoint FILE and --pretrained NAME ("
          + String.join(", ", FILES.keySet()) + ")");
    }
    if (a.has("checkpoint")) {
      return Path.of(a.get("checkpoint", null));
    }
    String name = a.get("pretrained", null);
    String file = FILES.get(name);
    if (file == null) {
      throw new UsageException("--pretrained must be one of " + FILES.keySet() + "; got '" + name + "'");
    }
    Path home = Path.of(System.getProperty("gconv4j.home", "."));
    Path path = home.resolve("pretrained").resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new UsageException("the pretrained model '" + name + "' is not at " + path.toAbsolutePath()
          + "; run from the repository root or through ./gconv4j (which sets -Dgconv4j.home)");
    }
    return path;
  }
}
