package org.gconv4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  /** Logits [N, 3] whose argmax is {@code predicted[i]}. */
  private static Tensor logitsFor(int... predicted) {
    float[] z = new float[predicted.length * 3];
    for (int i = 0; i < predicted.length; i++) {
      z[i * 3 + predicted[i]] = 1f;
    }
    return Tensor.of(z, predicted.length, 3);
  }

  @Test
  void countsPairsAndAgreesWithCountCorrect() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    int[] labels = {0, 0, 1, 2, 2, 2, 1};
    Tensor logits = logitsFor(0, 1, 1, 0, 0, 2, 2);
    m.add(logits, labels);
    assertEquals(1, m.count(0, 0));
    assertEquals(1, m.count(0, 1));
    assertEquals(2, m.count(2, 0));
    assertEquals(1, m.count(1, 2));
    assertEquals(7, m.total());
    assertEquals(3, m.support(2));
    assertEquals(1 - (double) Trainer.countCorrect(logits, labels) / 7, m.error(), 0.0);
    assertEquals(2.0 / 3, m.classError(2), 1e-12);
    assertEquals("most confused: 2 as 0 2, 0 as 1 1", m.mostConfusedLine(2));
    assertEquals("per-class error: 0 50.00%, 1 50.00%, 2 66.67%", m.perClassLine());
  }

  @Test
  void tiesGoToTheFirstLogitAsInCountCorrect() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    m.add(Tensor.of(new float[] {0.5f, 0.5f, 0.5f}, 1, 3), new int[] {1});
    assertEquals(1, m.count(1, 0));
  }

  @Test
  void emptyAndPerfect() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    assertTrue(Double.isNaN(m.error()));
    m.add(logitsFor(0, 1, 2), new int[] {0, 1, 2});
    assertEquals(0.0, m.error(), 0.0);
    assertEquals("most confused: none", m.mostConfusedLine(3));
    assertTrue(Double.isNaN(new ConfusionMatrix(2).classError(1)));
    ConfusionMatrix partial = new ConfusionMatrix(3);
    partial.add(logitsFor(1), new int[] {0});
    assertEquals("per-class error: 0 100.00%, 1 -, 2 -", partial.perClassLine());
  }

  @Test
  void rejectsWrongShapesAndLabels() {
    ConfusionMatrix m = new ConfusionMatrix(4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.add(logitsFor(0), new int[] {0}));
    assertTrue(e.getMessage().startsWith("[ConfusionMatrix] logits must be [N, 4]"), e.getMessage());
    ConfusionMatrix m3 = new ConfusionMatrix(3);
    e = assertThrows(IllegalArgumentException.class, () -> m3.add(logitsFor(0), new int[] {5}));
    assertTrue(e.getMessage().contains("label 5 of sample 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(0));
  }
}
