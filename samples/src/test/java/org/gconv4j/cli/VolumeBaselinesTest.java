package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MedMNIST v2's AdrenalMNIST3D baselines in {@code reproduce medmnist3d}'s table: every row quoted, the
 * parameter counts as the authors' ResNets have them, and the sentence that compares our best row with the
 * best published AUC (with a negative control: a better run must read "above", a worse one "below").
 */
class VolumeBaselinesTest {
  @Test
  void theTableQuotesAllEightPublishedRowsWithTheCitation() {
    String md = VolumeReproduction.markdown(runs(0.833, 46_836), false);
    for (String row : List.of("| ResNet-18 + 2.5D | 0.718 | 0.772 | 11,168,706 |",
        "| ResNet-18 + 3D | 0.827 | 0.721 | 33,140,802 |", "| ResNet-18 + ACS | 0.839 | 0.754 | 11,168,706 |",
        "| ResNet-50 + 2.5D | 0.732 | 0.763 | 23,503,298 |", "| ResNet-50 + 3D | 0.828 | 0.745 | 46,138,946 |",
        "| ResNet-50 + ACS | 0.828 | 0.758 | 23,503,298 |", "| auto-sklearn | 0.828 | 0.802 | — |",
        "| AutoKeras | 0.804 | 0.705 | — |")) {
      assertTrue(md.contains(row + "\n"), row + " in\n" + md);
    }
    assertEquals(8, VolumeReproduction.PUBLISHED.size());
    assertTrue(md.contains(VolumeReproduction.CITATION), md);
    assertFalse(md.contains("not verified"), md);
  }

  @Test
  void theBestPublishedAucIsResNet18WithAcs() {
    assertEquals("ResNet-18 + ACS", VolumeReproduction.bestPublished().method());
  }

  @Test
  void theComparisonSaysBelowOrAboveByHowMuchAndTheParameterRatio() {
    String below = VolumeReproduction.comparison(runs(0.833, 46_836));
    assertTrue(below.contains("o-cnn3d, 0.833 with 46,836 parameters"), below);
    assertTrue(below.contains("ResNet-18 + ACS, 0.839 with 11,168,706 parameters: 0.006 below it"), below);
    assertTrue(below.contains("238× fewer parameters"), below);
    // negative control: the same sentence for a run that beats the best published AUC must not say "below"
    String above = VolumeReproduction.comparison(runs(0.850, 46_836));
    assertTrue(above.contains("0.011 above it"), above);
    assertFalse(above.contains("below"), above);
    assertTrue(VolumeReproduction.comparison(runs(0.839, 46_836)).contains("equal to it"));
    // a bigger model, or a run that records 0 parameters (a value runs/ may hold), never reads "Infinity"
    assertTrue(VolumeReproduction.comparison(runs(0.833, 20_000_000)).contains("1.8× more parameters"));
    String zero = VolumeReproduction.comparison(runs(0.833, 0));
    assertTrue(zero.endsWith("0.006 below it.") && !zero.contains("Infinity"), zero);
  }

  /** The counts follow from the authors' CIFAR-style ResNet (MedMNIST/experiments, MedMNIST3D/models.py). */
  @Test
  void theParameterCountsAreTheAuthorsResNets() {
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("ResNet-18 + 2.5D", resnet(false, 2));
    expected.put("ResNet-18 + 3D", resnet(false, 3));
    expected.put("ResNet-18 + ACS", resnet(false, 2));
    expected.put("ResNet-50 + 2.5D", resnet(true, 2));
    expected.put("ResNet-50 + 3D", resnet(true, 3));
    expected.put("ResNet-50 + ACS", resnet(true, 2));
    for (VolumeReproduction.Baseline b : VolumeReproduction.PUBLISHED) {
      assertEquals(expected.getOrDefault(b.method(), 0L), b.parameters(), b.method());
    }
  }

  /** Weights of the ResNet with one input channel and two classes; kernels k^dims; batch norm: 2 per channel. */
  private static long resnet(boolean bottleneck, int dims) {
    long k = dims == 2 ? 9 : 27;
    int[] blocks = bottleneck ? new int[] {3, 4, 6, 3} : new int[] {2, 2, 2, 2};
    int expansion = bottleneck ? 4 : 1;
    long p = k * 64 + 2 * 64;
    int in = 64;
    for (int stage = 0; stage < 4; stage++) {
      int planes = 64 << stage;
      for (int i = 0; i < blocks[stage]; i++) {
        boolean strided = stage > 0 && i == 0;
        p += bottleneck
            ? (long) in * planes + 2 * planes + k * planes * planes + 2 * planes + 4L * planes * planes + 8 * planes
            : k * in * planes + 2 * planes + k * planes * planes + 2 * planes;
        if (strided || in != planes * expansion) {
          p += (long) in * planes * expansion + 2L * planes * expansion;
        }
        in = planes * expansion;
      }
    }
    return p + 2L * in + 2;
  }

  private static Map<String, List<JsonObject>> runs(double auc, long parameters) {
    JsonObject t = new JsonObject();
    t.addProperty("testAuc", auc);
    t.addProperty("testAccuracy", 0.8);
    t.addProperty("seed", 0);
    t.addProperty("epochs", 20);
    t.addProperty("wallSeconds", 300.0);
    t.addProperty("parameters", parameters);
    t.addProperty("testVolumes", 298);
    t.addProperty("learningRate", "0.001");
    t.addProperty("schedule", "cosine");
    t.addProperty("batchSize", "16");
    t.addProperty("trainVolumes", "1188");
    JsonObject worse = t.deepCopy();
    worse.addProperty("testAuc", auc - 0.03);
    worse.addProperty("parameters", 47_424);
    Map<String, List<JsonObject>> runs = new LinkedHashMap<>();
    runs.put("z3-cnn3d", List.of(worse));
    runs.put("o-cnn3d", List.of(t));
    return runs;
  }
}
