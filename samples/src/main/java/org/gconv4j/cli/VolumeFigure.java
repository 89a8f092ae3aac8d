package org.gconv4j.cli;

import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gconv4j.data.Dataset;
import org.gconv4j.data.Splits;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.ReLU;
import org.gconv4j.samples.models.PaperModels;
import org.gconv4j.samples.models.VolumeModels;
import org.gconv4j.tensor.Tensor;

/**
 * {@code show} on a 3D checkpoint: the 3D analogue of the paper's Figure 2. Row h: test volume K
 * moved by the cube symmetry h (exact voxel permutation), drawn as its three central slices (across
 * axis 0, 1 and 2), then the central axis-0 slice of every orientation plane t of one G-feature map
 * after the L-th ReLU. Under a G-CNN, row h's plane t is row e's plane h⁻¹t moved by h: a turn
 * about axis 0 (A) turns each slice and permutes the planes; other elements also exchange the axes.
 */
final class VolumeFigure {
  private VolumeFigure() {}

  /** The rows' elements: e; A (90° about axis 0), B (120° about the body diagonal), X (180° about an edge axis); OH also M. */
  static List<Integer> rows(Group g) {
    List<Integer> r = new ArrayList<>(List.of(0, 1, 4, 12));
    if (g.order() == 48) {
      r.add(24);
    }
    return r;
  }

  static int run(Args a, CheckpointModels.Loaded m, Path file, Path png, int layer, int index, PrintStream log,
      PrintStream out) throws Exception {
    List<Layer> layers = m.model().layers();
    int relus = (int) layers.stream().filter(l -> l instanceof ReLU).count();
    if (layer < 1 || layer > relus) {
      throw new UsageException("--layer must be in [1, " + relus + "] (" + m.modelName() + " has " + relus
          + " ReLUs); got " + layer);
    }
    Optional<Path> dataFile = a.has("data") ? Optional.of(Path.of(a.get("data", null))) : Optional.empty();
    if (dataFile.isEmpty() && m.architecture().has("dataFile")) {
      dataFile = Optional.of(Path.of(m.architecture().get("dataFile").getAsString()));
    }
    // show checked --out before it read the checkpoint; the data file it names is known only now: before the data load
    Outputs.check(Map.of("--out", png), Outputs.inputs("--checkpoint", file, "--data", dataFile.orElse(null)));
    Splits splits = Volumes.load(m.dataset(), dataFile, log);
    if (index < 0 || index >= splits.test().size()) {
      throw new UsageException("--digit (the test volume) must be in [0, " + splits.test().size() + "); got " + index);
    }
    Dataset one = splits.test().range(index, index + 1);
    String groupName = VolumeModels.group(m.modelName());
    Group g = PaperModels.group(groupName);
    Group moves = g.order() > 1 ? g : PaperModels.group("O");
    List<Integer> elements = rows(moves);
    int side = one.height();
    int cells = side * side * side;
    float[] stacked = new float[elements.size() * cells];
    for (int r = 0; r < elements.size(); r++) {
      System.arraycopy(GroupAction.planar(moves, elements.get(r), one.tensor()).data(), 0, stacked, r * cells, cells);
    }
    Tensor inputs = Tensor.of(stacked, elements.size(), 1, side, side, side);
    Tensor maps = ShowCommand.forwardToRelu(layers, inputs, layer);
    int[] s = maps.shape();
    boolean gmap = s.length == 6;
    int channels = s[1];
    int planes = gmap ? s[2] : 1;
    int size = s[s.length - 1];
    int channel = a.has("channel") ? a.getInt("channel", 0) : ShowCommand.mostActive(maps, channels);
    if (channel < 0 || channel >= channels) {
      throw new UsageException("--channel must be in [0, " + channels + ") for layer " + layer + "; got " + channel);
    }
    int rows = elements.size();
    FeatureMapFigure fig = new FeatureMapFigure(rows, planes + 3, false);
    FeatureMapFigure.Map[][] panels = new FeatureMapFigure.Map[rows][planes + 3];
    int volume = size * size * size;
    double scale = 0;
    for (int r = 0; r < rows; r++) {
      for (int axis = 0; axis < 3; axis++) {
        panels[r][axis] = new FeatureMapFigure.Map(centralSlice(stacked, r * cells, side, axis), side);
      }
      for (int t = 0; t < planes; t++) {
        float[] plane = centralSlice(maps.data(), ((r * channels + channel) * planes + t) * volume, size, 0);
        panels[r][t + 3] = new FeatureMapFigure.Map(plane, size);
        for (float v : plane) {
          scale = Math.max(scale, Math.abs(v));
        }
      }
    }
    List<String> rowLabels = new ArrayList<>();
    for (int h : elements) {
      rowLabels.add("h = " + moves.elementName(h));
    }
    List<String> colLabels = new ArrayList<>(List.of("axis 0", "axis 1", "axis 2"));
    for (int t = 0; t < planes; t++) {
      colLabels.add(gmap ? "t=" + g.elementName(t) : "map");
    }
    String title = String.format(Locale.ROOT, "%s, test volume %d (label %d): layer %d (after ReLU), channel %d of %d, "
        + "%d³ map", m.modelName(), index, one.label(0), layer, channel, channels, size);
    String subtitle = gmap
        ? "row h: the volume moved by h (central slices across axes 0, 1, 2); then the central axis-0 slice of each\n"
            + "orientation plane t of one G-feature map. Row h, plane t is row e, plane h^-1 t, moved by h: the planes permute."
        : "row h: the volume moved by h (central slices), then one planar feature map of it\n"
            + "(not a G-CNN: the map need not move with the volume).";
    BufferedImage img = fig.render(title, subtitle, rowLabels, colLabels, panels, scale == 0 ? 1 : scale, 3);
    ShowCommand.writePng(png, img); // the one PNG write of show, 2D and 3D
    out.printf(Locale.ROOT, "wrote %s (%dx%d): %s, %d rows (elements of %s) x %d orientation planes of %d³%n", png,
        img.getWidth(), img.getHeight(), m.modelName(), rows, moves.name(), planes, size);
    return 0;
  }

  /** The slice at index side/2 across {@code axis} of the cube at {@code offset}, [side, side] row-major. */
  static float[] centralSlice(float[] x, int offset, int side, int axis) {
    float[] out = new float[side * side];
    int c = side / 2;
    for (int i = 0; i < side; i++) {
      for (int j = 0; j < side; j++) {
        int src = axis == 0 ? (c * side + i) * side + j : axis == 1 ? (i * side + c) * side + j : (i * side + j) * side + c;
        out[i * side + j] = x[offset + src];
      }
    }
    return out;
  }
}
