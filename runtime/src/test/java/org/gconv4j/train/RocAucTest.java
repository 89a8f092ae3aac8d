package org.gconv4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RocAucTest {
  @Test
  void scikitLearnsExampleIsThreeQuarters() {
    // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    assertEquals(0.75, RocAuc.binary(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}), 1e-12);
  }

  @Test
  void tiesCountOneHalfAsInTheMannWhitneyStatistic() {
    // positives {0.5, 0.9}, negatives {0.5, 0.2}: pairs (0.5,0.5) = 1/2, (0.5,0.2) = 1, (0.9,0.5) = 1, (0.9,0.2) = 1
    double auc = RocAuc.binary(new double[] {0.5, 0.5, 0.2, 0.9}, new boolean[] {true, false, false, true});
    assertEquals(3.5 / 4, auc, 1e-12);
    // every score tied: 1/2, whatever the labels
    assertEquals(0.5, RocAuc.binary(new double[] {3, 3, 3, 3, 3}, new boolean[] {true, false, true, false, false}), 1e-12);
  }

  @Test
  void perfectAndReversedRankingsAndTheUndefinedCase() {
    double[] s = {0.1, 0.2, 0.3, 0.4};
    assertEquals(1.0, RocAuc.binary(s, new boolean[] {false, false, true, true}), 0);
    assertEquals(0.0, RocAuc.binary(s, new boolean[] {true, true, false, false}), 0);
    assertTrue(Double.isNaN(RocAuc.binary(s, new boolean[] {true, true, true, true})));
    assertThrows(IllegalArgumentException.class, () -> RocAuc.binary(s, new boolean[3]));
  }

  @Test
  void medmnistUsesTheClassOneColumnForTwoClassesAndTheMeanOneVsRestOtherwise() {
    // two classes: AUC of column 1 only (column 0 chosen to disagree, so using it would give 0.25)
    double[] probs = {0.9, 0.1, 0.7, 0.4, 0.3, 0.35, 0.2, 0.8};
    int[] labels = {0, 0, 1, 1};
    assertEquals(0.75, RocAuc.medmnist(probs, labels, 2), 1e-12);
    // three classes, each column separating its class perfectly except class 2 (AUC 0.5 by ties)
    double[] p3 = {
        0.8, 0.1, 0.1,
        0.1, 0.8, 0.1,
        0.1, 0.1, 0.1,
    };
    assertEquals((1 + 1 + 0.5) / 3, RocAuc.medmnist(p3, new int[] {0, 1, 2}, 3), 1e-12);
  }

  @Test
  void softmaxRowsSumToOneAndKeepTheOrder() {
    double[] p = RocAuc.softmax(new float[] {0, 0, 1, 3, 100, -100}, 2);
    assertEquals(0.5, p[0], 1e-12);
    assertEquals(1, p[2] + p[3], 1e-12);
    assertTrue(p[3] > p[2]);
    assertEquals(1, p[4], 1e-12);
  }
}
