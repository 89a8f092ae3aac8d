package org.gconv4j.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.gconv4j.data.Dataset;
import org.gconv4j.data.Splits;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.internal.Checks;
import org.gconv4j.io.AtomicFiles;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.ReLU;
import org.gconv4j.samples.models.PaperModels;
import org.gconv4j.tensor.Tensor;

/**
 * {@code ./gconv4j show}: the paper's Figure 2 from a trained checkpoint. Row h shows the test digit
 * transformed by stabilizer element h (exactly, on its lattice: {@link GroupAction}) and, for one
 * channel, the G-feature map after the L-th ReLU, one panel per stabilizer plane t. Equivariance
 * reads off the picture: row h's plane t is row e's plane h⁻¹t turned by h, so turning the input
 * turns every plane and cycles the planes.
 */
final class ShowCommand implements Command {
  private final Function<String, ConvLayerFactory> convFactories;
  private final PrintStream log;

  ShowCommand() {
    this(ConvFactories::forBackend, System.err);
  }

  ShowCommand(Function<String, ConvLayerFactory> convFactories, PrintStream log) {
    this.convFactories = convFactories;
    this.log = log;
  }

  @Override
  public String name() {
    return "show";
  }

  @Override
  public String summary() {
    return "draw a digit, its rotations and a layer's G-feature maps as a PNG (the paper's Figure 2)";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: ./gconv4j show --checkpoint FILE --out FIG.png [--digit K] [--layer L] [--channel C]",
        "                      [--backend cpu|opencl|auto] [--data DIR]",
        "  --checkpoint FILE  a .npz written by ./gconv4j train --checkpoint",
        "  --out FIG.png      the PNG to write",
        "  --digit K          which test image (index into the test set, default 0)",
        "  --layer L          show the G-feature maps after the L-th ReLU (default 1)",
        "  --channel C        which G-feature map of that layer (default: the one with the most contrast)",
        "Rows: the digit transformed by each stabilizer element h of the model's group (p4cnn: the four",
        "quarter turns; p6cnn: the six sixth turns on the hexagonal lattice; z2cnn: the quarter turns).",
        "Columns: the input, then the map's stabilizer planes t. For a G-CNN, row h plane t is row e plane",
        "h^-1 t turned by h.",
        "3D checkpoints (o-cnn3d, oh-cnn3d, z3-cnn3d): rows e and three rotations of the cube (oh-cnn3d also",
        "a reflection); columns the three central slices of test volume K, then the central depth slice of",
        "each orientation plane t of one G-feature map after the L-th ReLU (docs/3d.md).");
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Args a = Args.parse(args, Set.of("checkpoint", "out", "digit", "layer", "channel", "backend", "data"), Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException("unexpected arguments " + a.positional());
    }
    Path file = Path.of(a.require("checkpoint"));
    Path png = Outputs.file("out", a.require("out"));
    if (!png.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
      throw new UsageException("--out must name a .png file; got '" + png + "'");
    }
    int layer = a.getInt("layer", 1);
    int digit = a.getInt("digit", 0);
    Optional<Path> dataDir = a.has("data") ? Optional.of(Path.of(a.get("data", null))) : Optional.empty();
    Outputs.check(java.util.Map.of("--out", png), Outputs.inputs("--checkpoint", file, "--data",
        dataDir.orElse(null))); // before any work
    CheckpointModels.Loaded m = CheckpointModels.load(file, convFactories.apply(a.get("backend", "auto")));
    if (CheckpointModels.isVolume(m)) {
      return VolumeFigure.run(a, m, file, png, layer, digit, log, out);
    }
    List<Layer> layers = m.model().layers();
    int relus = (int) layers.stream().filter(l -> l instanceof ReLU).count();
    if (layer < 1 || layer > relus) {
      throw new UsageException("--layer must be in [1, " + relus + "] (" + m.modelName() + " has " + relus
          + " ReLUs); got " + layer);
    }
    Splits splits = DataOptions.loadFor(m.modelName(), m.dataset(), dataDir, m.dataSeed(), log);
    if (digit < 0 || digit >= splits.test().size()) {
      throw new UsageException("--digit must be in [0, " + splits.test().size() + "); got " + digit);
    }
    Dataset one = splits.test().range(digit, digit + 1);
    Group g = PaperModels.group(PaperModels.stabilizerGroup(m.modelName()));
    Group turns = g.order() > 1 ? g : PaperModels.group("P4");

    Tensor x = one.tensor();
    Tensor inputs = stack(turns, x);
    Tensor maps = forwardToRelu(layers, inputs, layer);
    int[] s = maps.shape();
    boolean gmap = s.length == 5;
    int channels = s[1];
    int planes = gmap ? s[2] : 1;
    int size = s[s.length - 1];
    int channel = a.has("channel") ? a.getInt("channel", 0) : mostActive(maps, channels);
    if (channel < 0 || channel >= channels) {
      throw new UsageException("--channel must be in [0, " + channels + ") for layer " + layer + "; got " + channel);
    }
    int rows = turns.order();
    boolean hex = PaperModels.hexagonal(m.modelName());
    FeatureMapFigure fig = new FeatureMapFigure(rows, planes + 1, hex);
    FeatureMapFigure.Map[][] panels = new FeatureMapFigure.Map[rows][planes + 1];
    int cells = size * size;
    int inSize = x.shape(-1);
    double scale = 0;
    for (int h = 0; h < rows; h++) {
      float[] in = new float[inSize * inSize];
      System.arraycopy(inputs.data(), h * inSize * inSize, in, 0, in.length);
      panels[h][0] = new FeatureMapFigure.Map(in, inSize);
      for (int t = 0; t < planes; t++) {
        float[] plane = new float[cells];
        System.arraycopy(maps.data(), ((h * channels + channel) * planes + t) * cells, plane, 0, cells);
        panels[h][t + 1] = new FeatureMapFigure.Map(plane, size);
        for (int c = 0; c < cells; c++) {
          if (!hex || FeatureMapFigure.inHexagon(size, c / size, c % size)) {
            scale = Math.max(scale, Math.abs(plane[c]));
          }
        }
      }
    }
    List<String> rowLabels = new ArrayList<>();
    for (int h = 0; h < rows; h++) {
      rowLabels.add("h = " + turns.elementName(h));
    }
    List<String> colLabels = new ArrayList<>();
    colLabels.add("input");
    for (int t = 0; t < planes; t++) {
      colLabels.add(gmap ? "t = " + g.elementName(t) : "planar map");
    }
    String title = String.format(Locale.ROOT, "%s, test digit %d (label %d): layer %d (after ReLU), channel %d of %d",
        m.modelName(), digit, one.label(0), layer, channel, channels);
    String subtitle = gmap
        ? "row h: the digit moved by h; column t: orientation plane t of one G-feature map.\n"
            + "Row h, plane t is row e, plane h^-1 t, moved by h: every plane turns, and the planes cycle."
        : "row h: the digit moved by h; column: one planar feature map of it\n"
            + "(not a G-CNN: the maps need not move with the digit).";
    BufferedImage img = fig.render(title, subtitle, rowLabels, colLabels, panels, scale == 0 ? 1 : scale);
    writePng(png, img);
    out.printf(Locale.ROOT, "wrote %s (%dx%d): %s, %d rows (elements of %s) x %d maps of %dx%d%s%n", png,
        img.getWidth(), img.getHeight(), m.modelName(), rows, turns.name(), planes, size, size,
        hex ? " (hexagonal cells)" : "");
    return 0;
  }

  /** [order, C, H, W]: the digit under every element h (row h). */
  private static Tensor stack(Group g, Tensor x) {
    int per = x.size();
    float[] all = new float[g.order() * per];
    for (int h = 0; h < g.order(); h++) {
      System.arraycopy(GroupAction.planar(g, h, x).data(), 0, all, h * per, per);
    }
    int[] shape = x.shape().clone();
    shape[0] = g.order();
    return Tensor.of(all, shape);
  }

  /** The figure's one write, 2D and 3D: guarded and atomic, never {@code ImageIO.write(File)} (that deletes the target first). */
  static void writePng(Path png, BufferedImage img) throws IOException {
    AtomicFiles.write(png, o -> {
      ImageIO.setUseCache(false); // no temporary file in java.io.tmpdir: the write fails only where the output goes
      if (!ImageIO.write(img, "png", o)) {
        throw new IOException("[show] no PNG writer in this JVM (javax.imageio)");
      }
    });
  }

  /** Runs the layers (inference) up to and including the L-th ReLU. */
  static Tensor forwardToRelu(List<Layer> layers, Tensor x, int relu) {
    Tensor t = x;
    int seen = 0;
    for (Layer l : layers) {
      t = l.forward(t, false);
      if (l instanceof ReLU && ++seen == relu) {
        return t;
      }
    }
    throw Checks.state("show", "the model has fewer than " + relu + " ReLUs");
  }

  /**
   * The channel with the most contrast (the largest variance over its planes and cells) for the
   * unmoved digit (row 0): flat maps show nothing.
   */
  static int mostActive(Tensor maps, int channels) {
    int per = maps.size() / maps.shape(0) / channels;
    int best = 0;
    double bestVar = -1;
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < per; i++) {
        double v = maps.data()[c * per + i];
        sum += v;
        sq += v * v;
      }
      double var = sq / per - (sum / per) * (sum / per);
      if (var > bestVar) {
        bestVar = var;
        best = c;
      }
    }
    return best;
  }
}
