package org.gconv4j.samples.models;

import java.util.List;
import java.util.Locale;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupRegistry;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.Model;
import org.gconv4j.nn.Sequential;

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
 * </ul>
 *
 * <p>The last layer outputs 10 feature maps of size 1×1 (after pooling over the stabilizer): the
 * logits. Layer order and dropout placement follow the authors' gconv_experiments (Z2CNN, P4CNN,
 * P4CNN_RP; dropout 0.3); their inputs are standardised, ours are in [0, 1], which the batch norm
 * after the first correlation makes immaterial.
 */
public final class PaperModels {
  /** The model names, as {@code --model} takes them. */
  public static final List<String> NAMES = List.of("p4cnn", "z2cnn", "p4cnn-rp", "p4mcnn");
  /** Dropout probability of z2cnn. */
  public static final double DROPOUT = 0.3;

  private PaperModels() {}

  /**
   * Builds a model.
   *
   * @param conv creates the G-correlation layers (this is where the backend is chosen)
   * @param seed seeds the weight initialisation and the dropout masks
   */
  public static Sequential build(String name, ConvLayerFactory conv, long seed) {
    Model.Builder b = Model.builder(1, 28, 28).convFactory(conv).seed(seed);
    switch (name.toLowerCase(Locale.ROOT)) {
      case "z2cnn":
        return plain(b, group("Z2"), 20, true);
      case "p4cnn":
        return plain(b, group("P4"), 10, false);
      case "p4mcnn":
        return plain(b, group("P4M"), 7, false);
      case "p4cnn-rp":
        return rotationPooling(b, group("P4"), 20);
      default:
        throw new IllegalArgumentException("[PaperModels] unknown model '" + name + "'; known: " + String.join(", ", NAMES));
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
