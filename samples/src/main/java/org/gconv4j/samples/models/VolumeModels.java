package org.gconv4j.samples.models;

import java.util.List;
import java.util.Locale;
import org.gconv4j.group.Group;
import org.gconv4j.internal.Checks;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.Model;
import org.gconv4j.nn.Sequential;
import org.gconv4j.nn.WeightInit;

/**
 * The 3D networks for MedMNIST volumes (docs/3d.md), single-channel cubes of side L ≥ 14, K classes:
 *
 * <ul>
 *   <li>{@code o-cnn3d}: a mean pool that brings the volume to 14³ ({@link #downsampling}; a mean, not a
 *       max, so that a binary mask keeps the share of each window it fills), a lifting
 *       O-correlation (3³ filters) to 12³, then two group O-correlations (6³ → 4³ → 2³), each
 *       followed by batch norm per G-feature map and ReLU, 2³ max-pools after the first and the last,
 *       and coset max-pooling over the 24 rotations: the features and so the prediction (dropout
 *       {@link #DROPOUT} while training, then a dense layer) are invariant under the 24 rotations of
 *       the cube.
 *   <li>{@code oh-cnn3d}: the same on OH (48 rotations and reflections) with the channels divided by
 *       about √2, so that the parameter count stays close to o-cnn3d's.
 *   <li>{@code z3-cnn3d}: the same structure as an ordinary 3D CNN (the trivial group {@code Z3}),
 *       with channels {@link #Z3_CHANNELS} chosen so that its parameter count is within 5% of o-cnn3d's.
 * </ul>
 *
 * Every pooling grid maps onto itself under the cube's symmetries ({@code (L − window)} divisible by
 * the stride), so the whole model is exactly invariant for the G-CNNs (tested over every element).
 */
public final class VolumeModels {
  /** The model names, as {@code --model} takes them. */
  public static final List<String> NAMES = List.of("o-cnn3d", "oh-cnn3d", "z3-cnn3d");
  /** The side every model pools its input to before the first correlation. */
  public static final int POOLED_SIDE = 14;
  /** Channels of o-cnn3d's three correlations (G-feature maps of 24 orientations each). */
  public static final int[] O_CHANNELS = {4, 6, 8};
  /** Channels of oh-cnn3d's three correlations (48 orientations each). */
  public static final int[] OH_CHANNELS = {3, 4, 6};
  /** Dropout on the (invariant) features before the dense layer, in training mode only. */
  public static final double DROPOUT = 0.5;
  /** Channels of z3-cnn3d's three correlations (plain 3D convolutions). */
  public static final int[] Z3_CHANNELS = {16, 32, 38};

  private VolumeModels() {}

  /** Whether {@code name} is one of {@link #NAMES}. */
  public static boolean known(String name) {
    return NAMES.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Builds a model for volumes [1, side, side, side] and {@code classes} classes.
   *
   * @param conv creates the G-correlation layers (this is where the backend is chosen)
   * @param seed seeds the weight initialisation
   */
  public static Sequential build(String name, ConvLayerFactory conv, long seed, int side, int classes) {
    return build(name, conv, seed, side, classes, WeightInit.HE_NORMAL);
  }

  public static Sequential build(String name, ConvLayerFactory conv, long seed, int side, int classes,
      WeightInit init) {
    if (side < POOLED_SIDE) {
      throw Checks.argument("VolumeModels", name + " needs volumes of side >= " + POOLED_SIDE
          + "; got " + side + ". Use MedMNIST's 28³ or 64³ volumes");
    }
    if (classes < 2) {
      throw Checks.argument("VolumeModels", "need >= 2 classes; got " + classes);
    }
    String n = name.toLowerCase(Locale.ROOT);
    int[] channels;
    switch (n) {
      case "o-cnn3d":
        channels = O_CHANNELS;
        break;
      case "oh-cnn3d":
        channels = OH_CHANNELS;
        break;
      case "z3-cnn3d":
        channels = Z3_CHANNELS;
        break;
      default:
        throw Checks.unknown("VolumeModels", "model", name, NAMES);
    }
    Group g = PaperModels.group(group(n));
    int[] pool = downsampling(side);
    Model.Builder b = Model.builder(1, side, side, side).convFactory(conv).seed(seed).weightInit(init);
    if (side != POOLED_SIDE) {
      b.avgPool(pool[0], pool[1]); // -> 14³, the share of each window inside the mask
    }
    b.groupConv(g, channels[0], 3).batchNorm().relu().maxPool(2); // 12³ -> 6³
    b.groupConv(g, channels[1], 3).batchNorm().relu(); // 4³
    b.groupConv(g, channels[2], 3).batchNorm().relu().maxPool(2); // 2³ -> 1
    return b.cosetMaxPool().flatten().dropout(DROPOUT).dense(classes).build();
  }

  /**
   * The first (mean) pool's {window, stride} that maps side L onto {@link #POOLED_SIDE} = 14 with a grid the
   * cube's symmetries preserve: stride s = ⌊L / 14⌋, window L − 13·s (≥ s, so every voxel is seen):
   * 28 → window 2, stride 2; 64 → window 12, stride 4.
   */
  public static int[] downsampling(int side) {
    int stride = side / POOLED_SIDE;
    return new int[] {side - (POOLED_SIDE - 1) * stride, stride};
  }

  /** The group whose G-maps the model computes: O, OH or Z3. */
  public static String group(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "o-cnn3d":
        return "O";
      case "oh-cnn3d":
        return "OH";
      case "z3-cnn3d":
        return "Z3";
      default:
        throw Checks.unknown("VolumeModels", "model", name, NAMES);
    }
  }
}
