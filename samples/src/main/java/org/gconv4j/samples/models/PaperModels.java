package org.gconv4j.samples.models;

import java.util.List;
import java.util.Locale;
import org.gconv4j.data.HexResampler;
import org.gconv4j.group.FilterTables;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupRegistry;
import org.gconv4j.internal.Checks;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.Parameter;
import org.gconv4j.nn.HexMask;
import org.gconv4j.nn.HexMaxPool;
import org.gconv4j.nn.Model;
import org.gconv4j.nn.Sequential;
import org.gconv4j.nn.WeightInit;

/**
 * The rotated-MNIST networks of the paper (§8.1), for 28×28 single-channel inputs and 10 classes.
 * Spatial sizes: 28 → 26 → 24 → (max-pool 2) 12 → 10 → 8 → 6 → 4 → (4×4 filter) 1.
 *
 * <ul>
 *   <li>{@code z2cnn}: 7 layers of 3×3 convolutions (4×4 in the last), 20 channels, batch norm,
 *       ReLU, 2×2 max-pooling after layer 2, dropout 0.3 after layers 1, 3, 4, 5 and 6. (A Z2
 *       "G-correlation" is a plain correlation: S = 1.)
 *   <li>{@code p4cnn}: every convolution a p4-correlation with 20/√4 = 10 channels, no dropout,
 *       max-pooling over rotations after the last layer.
 *   <li>{@code p4cnn-rp}: z2cnn with every convolution replaced by a lifting p4-correlation
 *       (20 channels, batch norm and ReLU on the G-map) followed by coset max-pooling over
 *       rotations: rotation-invariant features at every layer; no dropout.
 *   <li>{@code p4mcnn}: as p4cnn with p4m (rotations and flips), 20/√8 ≈ 7 channels.
 *   <li>{@code p6cnn}, {@code p6mcnn}: the p4cnn structure on the hexagonal lattice (HexaConv,
 *       Hoogeboom et al. 2018), for digits resampled onto a 31×31 axial grid ({@link #HEX_GRID}):
 *       31 → 29 → 27 → (hexagonal max-pool, {@link HexMaxPool}) 13 → 11 → 9 → 7 → 5 → (hexagonal
 *       filter of size 5, 19 cells) 1, each correlation followed by a {@link HexMask} so that the
 *       array's corners outside the hexagon stay 0 (batch statistics then stay invariant). Channels
 *       {@link #P6CNN_CHANNELS} and {@link #P6MCNN_CHANNELS} (wider in layers 1–3) bring the
 *       parameter counts (24,550 and 24,319) within 1.5% of p4cnn's 24,680.
 * </ul>
 *
 * <p>The last layer outputs 10 feature maps of size 1×1 (after pooling over the stabilizer): the
 * logits. Layer order and dropout placement follow the authors' gconv_experiments (Z2CNN, P4CNN,
 * P4CNN_RP; dropout 0.3); their inputs are standardised, ours are in [0, 1], which the batch norm
 * after the first correlation makes immaterial.
 */
public final class PaperModels {
  /** The model names, as {@code --model} takes them. */
  public static final List<String> NAMES = List.of("p4cnn", "z2cnn", "p4cnn-rp", "p4mcnn", "p6cnn", "p6mcnn");
  /** The hexagonal grid of p6cnn and p6mcnn: 28×28 digits onto a 31×31 axial array (radius 15). */
  public static final HexResampler HEX_GRID = HexResampler.forSquare(28);
  /** Channels of p6cnn's six hidden layers (3×3 hexagonal filters, 7 cells; S = 6). */
  public static final int[] P6CNN_CHANNELS = {9, 9, 9, 8, 8, 8};
  /** Channels of p6mcnn's six hidden layers (S = 12). */
  public static final int[] P6MCNN_CHANNELS = {6, 6, 6, 5, 5, 5};
  /** Dropout probability of z2cnn. */
  public static final double DROPOUT = 0.3;

  private PaperModels() {}

  /**
   * Builds a model with He-normal initial weights.
   *
   * @param conv creates the G-correlation layers (this is where the backend is chosen)
   * @param seed seeds the weight initialisation and the dropout masks
   */
  public static Sequential build(String name, ConvLayerFactory conv, long seed) {
    return build(name, conv, seed, WeightInit.HE_NORMAL);
  }

  /**
   * Builds a model whose G-correlations draw their initial weights from {@code init}
   * ({@link WeightInit#LECUN_NORMAL} is the authors' GrouPy default).
   */
  public static Sequential build(String name, ConvLayerFactory conv, long seed, WeightInit init) {
    int side = hexagonal(name) ? HEX_GRID.size() : 28;
    Model.Builder b = Model.builder(1, side, side).convFactory(conv).seed(seed).weightInit(init);
    switch (name.toLowerCase(Locale.ROOT)) {
      case "z2cnn":
        return plain(b, group("Z2"), 20, true);
      case "p4cnn":
        return plain(b, group("P4"), 10, false);
      case "p4mcnn":
        return plain(b, group("P4M"), 7, false);
      case "p4cnn-rp":
        return rotationPooling(b, group("P4"), 20);
      case "p6cnn":
        return hexagonal(b, group("P6"), P6CNN_CHANNELS);
      case "p6mcnn":
        return hexagonal(b, group("P6M"), P6MCNN_CHANNELS);
      default:
        throw Checks.unknown("PaperModels", "model", name, NAMES);
    }
  }

  /**
   * Six 3×3 G-correlations with BN and ReLU (2×2 max-pool after the 2nd; dropout after the 1st, 3rd,
   * 4th, 5th and 6th when asked, as in the authors' Z2CNN), a 4×4 one, then pooling over S.
   */
  private static Sequential plain(Model.Builder b, Group g, int channels, boolean dropout) {
    for (int layer = 1; layer <= 6; layer++) {
      b.groupConv(g, channels, 3).batchNorm().relu();
      if (layer == 2) {
        b.maxPool(2);
      } else if (dropout) {
        b.dropout(DROPOUT);
      }
    }
    return b.groupConv(g, 10, 4).cosetMaxPool().flatten().build();
  }

  /**
   * The parameters that can change the model's output. A hexagonal filter of size n is stored as
   * n×n cells of which only its hexagon is used (7 of 9 for n = 3, 19 of 25 for n = 5; the rest
   * stay 0 and get no gradient), so {@link GroupConv} weights count their support cells only;
   * every other parameter counts in full. Equal to the stored count for square lattices.
   */
  public static long trainableParameters(Layer model) {
    long count = 0;
    List<Layer> layers = model instanceof Sequential s ? s.layers() : List.of(model);
    for (Layer l : layers) {
      if (l instanceof Sequential) {
        count += trainableParameters(l);
        continue;
      }
      for (Parameter p : l.parameters()) {
        long size = p.value().size();
        if (l instanceof GroupConv c && p == c.weight()) {
          FilterTables support = c.group().tables(c.kernelSize());
          size = size / support.cells() * support.supportCells();
        }
        count += size;
      }
    }
    return count;
  }

  /** The name of the group whose G-maps the model computes: Z2, P4, P4M, P6 or P6M. */
  public static String stabilizerGroup(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "z2cnn":
        return "Z2";
      case "p4cnn":
      case "p4cnn-rp":
        return "P4";
      case "p4mcnn":
        return "P4M";
      case "p6cnn":
        return "P6";
      case "p6mcnn":
        return "P6M";
      default:
        throw Checks.unknown("PaperModels", "model", name, NAMES);
    }
  }

  /** Whether the model takes hexagonal images ({@link #HEX_GRID}) rather than 28×28 square ones. */
  public static boolean hexagonal(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("p6cnn") || n.equals("p6mcnn");
  }

  /**
   * The p4cnn structure on the hexagonal grid: six size-3 hexagonal G-correlations with a mask, BN
   * and ReLU (hexagonal max-pool after the 2nd), a size-5 one (19 cells) on the 5×5 map, then
   * pooling over S.
   */
  private static Sequential hexagonal(Model.Builder b, Group g, int[] channels) {
    for (int layer = 1; layer <= 6; layer++) {
      b.groupConv(g, channels[layer - 1], 3).layer(new HexMask()).batchNorm().relu();
      if (layer == 2) {
        b.layer(new HexMaxPool());
      }
    }
    return b.groupConv(g, 10, 5).cosetMaxPool().flatten().build();
  }

  /**
   * Like z2cnn without dropout, each convolution a lifting p4-correlation whose G-map gets BN and
   * ReLU and is then max-pooled over rotations (the authors' P4CNN_RP).
   */
  private static Sequential rotationPooling(Model.Builder b, Group g, int channels) {
    for (int layer = 1; layer <= 6; layer++) {
      b.groupConv(g, channels, 3).batchNorm().relu().cosetMaxPool();
      if (layer == 2) {
        b.maxPool(2);
      }
    }
    return b.groupConv(g, 10, 4).cosetMaxPool().flatten().build();
  }

  /** The generated group class registered under {@code name} (Z2, P4, P4M, ...). */
  public static Group group(String name) {
    return GroupRegistry.load().find(name);
  }
}
