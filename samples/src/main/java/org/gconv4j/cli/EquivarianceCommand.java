package org.gconv4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.gconv4j.data.Dataset;
import org.gconv4j.data.ImageRotation;
import org.gconv4j.data.Splits;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.internal.Checks;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.samples.models.PaperModels;
import org.gconv4j.tensor.Tensor;
import org.gconv4j.train.Trainer;

/**
 * {@code ./gconv4j equivariance --checkpoint FILE}: feeds test digits and their exact quarter
 * turns ({@code rot90} on the pixel grid) through the model and reports how far predictions and
 * logits move. A p4-invariant network (p4cnn, p4mcnn, p4cnn-rp) moves them only by float rounding.
 * Hexagonal models (p6cnn, p6mcnn) get the exact sixth turns of the hexagonal lattice instead.
 */
final class EquivarianceCommand implements Command {
  private final Function<String, ConvLayerFactory> convFactories;
  private final PrintStream log;

  EquivarianceCommand() {
    this(ConvFactories::forBackend, System.err);
  }

  EquivarianceCommand(Function<String, ConvLayerFactory> convFactories, PrintStream log) {
    this.convFactories = convFactories;
    this.log = log;
  }

  @Override
  public String name() {
    return "equivariance";
  }

  @Override
  public String summary() {
    return "how much a checkpoint's outputs change under exact 90° (hexagonal: 60°) rotations of test digits";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: ./gconv4j equivariance --checkpoint FILE|--pretrained p4cnn|o-cnn3d [--count N] [--backend cpu|opencl|auto] [--data DIR]",
        "  --checkpoint FILE  a .npz written by ./gconv4j train --checkpoint",
        Pretrained.USAGE,
        "  --count N          number of test digits (default 1000)",
        "  --backend B        where G-correlations run (default auto)",
        "  --data DIR         folder with the raw IDX files, as for train",
        "For each quarter turn k = 1, 2, 3 (and for p4mcnn also the four flipud∘rot90 mirrors) prints the",
        "share of changed predictions and the largest and mean |logit(g x) - logit(x)|, also relative to",
        "the largest |logit|. For p6cnn (p6mcnn) the five sixth turns of the hexagonal lattice (and the",
        "six mirrors), exact permutations of the resampled digits' cells.",
        "3D checkpoints (docs/3d.md): every element of the model's group (O: 24 rotations of the cube; OH: 48,",
        "with reflections; z3-cnn3d: O's 24) acting on the test volumes (default all), as exact voxel",
        "permutations; one line per element, then the largest relative logit change and the number of",
        "changed predictions over all of them.");
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("checkpoint", "pretrained", "count", "backend", "data"), Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException("unexpected arguments " + a.positional());
    }
    Path file = Pretrained.checkpoint(a);
    CheckpointModels.Loaded m = CheckpointModels.load(file, convFactories.apply(a.get("backend", "auto")));
    Optional<Path> dataDir = a.has("data") ? Optional.of(Path.of(a.get("data", null))) : Optional.empty();
    if (CheckpointModels.isVolume(m)) {
      return volumes(a, m, file, dataDir, out);
    }
    Splits splits = DataOptions.loadFor(m.modelName(), m.dataset(), dataDir, m.dataSeed(), log);
    int count = Math.min(a.getInt("count", 1000), splits.test().size());
    if (count < 1) {
      throw new UsageException("--count must be >= 1");
    }
    Dataset digits = splits.test().head(count);
    out.println("checkpoint: " + file + " (" + m.modelName() + "), " + count + " test digits");
    Tensor reference = Volumes.logits(m.model(), digits, 256);
    int[] refPred = Trainer.predictions(reference);
    double scale = maxAbs(reference.data());
    requireInputDependence(reference, count, scale, file);
    Map<String, Dataset> moved = transforms(m.modelName(), digits);
    for (Map.Entry<String, Dataset> t : moved.entrySet()) {
      Tensor z = Volumes.logits(m.model(), t.getValue(), 256);
      int[] pred = Trainer.predictions(z);
      int changed = changed(pred, refPred, count);
      double max = 0;
      double sum = 0;
      for (int i = 0; i < z.size(); i++) {
        double d = Math.abs(z.data()[i] - reference.data()[i]);
        max = Math.max(max, d);
        sum += d;
      }
      out.printf(Locale.ROOT,
          "%s: predictions changed %5.2f%% (%d/%d), max |Δlogit| %.3g (%.3g relative), mean |Δlogit| %.3g%n",
          t.getKey(), 100.0 * changed / count, changed, count, max, max / scale, sum / z.size());
    }
    return 0;
  }

  /**
   * The transformed digits, by line label: square models get the quarter turns (and for p4mcnn the
   * four mirrors); hexagonal ones every non-identity element of p6 (sixth turns, exact permutations
   * of the hexagonal lattice, {@link GroupAction}) or p6m.
   */
  static Map<String, Dataset> transforms(String model, Dataset digits) {
    Map<String, Dataset> moved = new LinkedHashMap<>();
    if (PaperModels.hexagonal(model)) {
      Group g = PaperModels.group(PaperModels.stabilizerGroup(model));
      for (int h = 1; h < g.order(); h++) {
        int k = h % 6;
        String name = h < 6 ? String.format(Locale.ROOT, "rot60 k=%d (%3d° clockwise)", k, 60 * k)
            : String.format(Locale.ROOT, "M6∘rot60 k=%d", k);
        Tensor x = GroupAction.planar(g, h, digits.tensor());
        moved.put(name, new Dataset(digits.name() + "/" + g.elementName(h), x.data(), digits.labels(),
            digits.channels(), digits.height(), digits.width(), digits.classes()));
      }
      return moved;
    }
    boolean mirrors = model.equals("p4mcnn");
    for (int e = 1; e < (mirrors ? 8 : 4); e++) {
      int k = e % 4;
      boolean flip = e >= 4;
      String name = flip ? String.format(Locale.ROOT, "flipud∘rot90 k=%d", k) : String.format(Locale.ROOT,
          "rot90 k=%d (%3d°)", k, 90 * k);
      moved.put(name, transform(digits, k, flip));
    }
    return moved;
  }

  /** How many of the first {@code count} predictions differ from the reference's. */
  private static int changed(int[] pred, int[] refPred, int count) {
    int changed = 0;
    for (int i = 0; i < count; i++) {
      if (pred[i] != refPred[i]) {
        changed++;
      }
    }
    return changed;
  }

  /**
   * Every image turned by k quarter turns counter-clockwise ({@code np.rot90(x, k)}), then flipped
   * upside down when {@code flip} ({@code np.flipud}: the mirror M of CONVENTIONS §2).
   */
  static Dataset transform(Dataset d, int k, boolean flip) {
    int n = d.height();
    float[] out = new float[d.images().length];
    int per = n * n;
    for (int i = 0; i < d.size() * d.channels(); i++) {
      ImageRotation.rot90(d.images(), i * per, n, k, out, i * per);
      if (flip) {
        for (int r = 0; r < n / 2; r++) {
          for (int c = 0; c < n; c++) {
            int a = i * per + r * n + c;
            int b = i * per + (n - 1 - r) * n + c;
            float t = out[a];
            out[a] = out[b];
            out[b] = t;
          }
        }
      }
    }
    return new Dataset(d.name() + "/transformed", out, d.labels(), d.channels(), n, n, d.classes());
  }

  /**
   * A model whose logits are the same for every digit is trivially "invariant": say so instead of
   * reporting perfect invariance. Needs two digits or more.
   */
  static void requireInputDependence(Tensor logits, int count, double scale, Path file) {
    if (count < 2) {
      return;
    }
    int k = logits.shape(1);
    float[] z = logits.data();
    double spread = 0;
    for (int i = 1; i < count; i++) {
      for (int j = 0; j < k; j++) {
        spread = Math.max(spread, Math.abs(z[i * k + j] - z[j]));
      }
    }
    if (spread <= 1e-6 * scale) {
      throw Checks.state("equivariance", String.format(Locale.ROOT, "the logits of %s are the same for all "
          + "%d test digits (largest difference %.3g, largest |logit| %.3g): the output does not depend on the input, "
          + "so it is trivially invariant and measuring invariance says nothing. The checkpoint is degenerate; train "
          + "the model again", file, count, spread, scale));
    }
  }

  private static double maxAbs(float[] v) {
    double m = 0;
    for (float x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m == 0 ? 1 : m;
  }

  /**
   * The 3D half: every non-identity element of the model's group (O for z3-cnn3d) applied to the
   * test volumes ({@link GroupAction#planar}, an exact permutation of the voxels).
   */
  private int volumes(Args a, CheckpointModels.Loaded m, Path file, Optional<Path> dataFile, PrintStream out)
      throws Exception {
    if (dataFile.isEmpty() && m.architecture().has("dataFile")) {
      dataFile = Optional.of(Path.of(m.architecture().get("dataFile").getAsString()));
    }
    Splits splits = Volumes.load(m.dataset(), dataFile, log);
    int count = Math.min(a.getInt("count", splits.test().size()), splits.test().size());
    if (count < 1) {
      throw new UsageException("--count must be >= 1");
    }
    Dataset volumes = splits.test().head(count);
    String groupName = org.gconv4j.samples.models.VolumeModels.group(m.modelName());
    Group g = PaperModels.group(groupName.equals("Z3") ? "O" : groupName);
    out.println("checkpoint: " + file + " (" + m.modelName() + "), " + count + " test volumes, the " + (g.order() - 1)
        + " non-identity elements of " + g.name());
    Tensor reference = Volumes.logits(m.model(), volumes, 32);
    int[] refPred = Trainer.predictions(reference);
    double scale = maxAbs(reference.data());
    requireInputDependence(reference, count, scale, file);
    double worst = 0;
    long changedTotal = 0;
    for (int h = 1; h < g.order(); h++) {
      Tensor x = GroupAction.planar(g, h, volumes.tensor());
      Dataset moved = new Dataset(volumes.name() + "/" + g.elementName(h), x.data(), volumes.labels(),
          volumes.sampleShape(), volumes.classes());
      Tensor z = Volumes.logits(m.model(), moved, 32);
      int[] pred = Trainer.predictions(z);
      int changed = changed(pred, refPred, count);
      double max = 0;
      for (int i = 0; i < z.size(); i++) {
        max = Math.max(max, Math.abs(z.data()[i] - reference.data()[i]));
      }
      worst = Math.max(worst, max / scale);
      changedTotal += changed;
      out.printf(Locale.ROOT, "%s element %2d (%s): predictions changed %d/%d, max |Δlogit| %.3g (%.3g relative)%n",
          g.name(), h, g.elementName(h), changed, count, max, max / scale);
    }
    out.printf(Locale.ROOT, "all %d elements of %s: max relative logit change %.3g, predictions changed %d of %d%n",
        g.order() - 1, g.name(), worst, changedTotal, (long) count * (g.order() - 1));
    return 0;
  }
}
