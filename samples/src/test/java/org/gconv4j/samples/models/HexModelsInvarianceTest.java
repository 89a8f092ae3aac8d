package org.gconv4j.samples.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.gconv4j.backend.Backends;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.nn.Sequential;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * p6cnn and p6mcnn, built as {@code train} builds them (CPU backend, random weights and bias), give
 * the same logits for a hexagonal image and for its image under every element of their group, at
 * inference and with batch statistics (training mode), up to float rounding; and the check is not
 * blind: a sixth turn of a square-lattice model's input (p4cnn on the same array) changes its logits.
 */
class HexModelsInvarianceTest {
  static final double TOLERANCE = 1e-4;
  static final ConvBackend CPU = Backends.create("cpu");

  static ConvLayerFactory randomBias(Random rng) {
    return spec -> {
      GroupConv c = new GroupConv(spec, CPU);
      float[] b = c.bias().value().data();
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) (0.1 * rng.nextGaussian());
      }
      return c;
    };
  }

  static Tensor hexDigits(long seed, int n) {
    Random rng = new Random(seed);
    float[] x = new float[n * 31 * 31];
    float[] mask = GroupAction.hexMask(31);
    for (int i = 0; i < x.length; i++) {
      x[i] = mask[i % mask.length] * (rng.nextFloat() < 0.3 ? rng.nextFloat() : 0f);
    }
    return Tensor.of(x, n, 1, 31, 31);
  }

  @ParameterizedTest
  @CsvSource({"p6cnn, P6", "p6mcnn, P6M"})
  void logitsAreInvariantToEveryGroupElement(String model, String groupName) {
    Group g = PaperModels.group(groupName);
    Sequential m = PaperModels.build(model, randomBias(new Random(1)), 3);
    Tensor x = hexDigits(2, 2);
    for (boolean training : new boolean[] {false, true}) {
      float[] z = m.forward(x, training).data();
      double scale = 0;
      for (float v : z) {
        scale = Math.max(scale, Math.abs(v));
      }
      assertTrue(scale > 0);
      for (int h = 1; h < g.order(); h++) {
        float[] moved = m.forward(GroupAction.planar(g, h, x), training).data();
        double err = 0;
        for (int i = 0; i < z.length; i++) {
          err = Math.max(err, Math.abs(moved[i] - z[i]) / scale);
        }
        assertTrue(err < TOLERANCE, model + (training ? " (training)" : "") + " element " + h + " ("
            + g.elementName(h) + "): relative change " + err);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void aSquareModelIsNotInvariantToSixthTurns() {
    Group p6 = PaperModels.group("P6");
    Sequential p4 = PaperModels.build("p4cnn", randomBias(new Random(4)), 5);
    Tensor x = hexDigits(6, 2);
    // p4cnn takes 28x28: feed it a 28x28 window of the hexagonal arrays
    float[] z = p4.forward(crop(x), false).data();
    float[] moved = p4.forward(crop(GroupAction.planar(p6, 1, x)), false).data();
    double worst = 0;
    for (int i = 0; i < z.length; i++) {
      worst = Math.max(worst, Math.abs(moved[i] - z[i]));
    }
    assertTrue(worst > 1e-3, "a p4 model should see a sixth turn; max change " + worst);
  }

  private static Tensor crop(Tensor x) {
    int n = x.shape(0);
    float[] out = new float[n * 28 * 28];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < 28; i++) {
        System.arraycopy(x.data(), b * 961 + (i + 1) * 31 + 1, out, b * 784 + i * 28, 28);
      }
    }
    return Tensor.of(out, n, 1, 28, 28);
  }
}
