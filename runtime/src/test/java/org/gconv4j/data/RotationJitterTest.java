package org.gconv4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class RotationJitterTest {
  private static Batch bar() {
    // two 9×9 images: a vertical bar through the centre column
    float[] x = new float[2 * 81];
    for (int i = 0; i < 2; i++) {
      for (int r = 1; r < 8; r++) {
        x[i * 81 + r * 9 + 4] = 1f;
      }
    }
    return new Batch(Tensor.of(x, 2, 1, 9, 9), new int[] {3, 5}, new int[] {0, 1});
  }

  @Test
  void zeroDegreesIsTheIdentityAndLabelsStay() {
    Batch b = bar();
    Batch j = new RotationJitter(0, 1).apply(b);
    assertArrayEquals(b.images().data(), j.images().data());
    assertArrayEquals(b.labels(), j.labels());
    assertArrayEquals(b.indices(), j.indices());
  }

  @Test
  void anglesStayWithinTheBoundAndRepeatWithTheSeed() {
    Batch b = bar();
    float[] once = new RotationJitter(3, 9).apply(b).images().data();
    float[] again = new RotationJitter(3, 9).apply(b).images().data();
    assertArrayEquals(once, again, "same seed, same angles");
    assertFalse(Arrays.equals(b.images().data(), once), "a nonzero jitter moves pixels");
    // at most 3°, a pixel 3 rows from the centre moves by < 0.16 px: the bar's centre pixel stays,
    // and its end pixels keep most of their mass
    for (int i = 0; i < 2; i++) {
      assertEquals(1f, once[i * 81 + 4 * 9 + 4], 1e-6);
      assertTrue(once[i * 81 + 9 + 4] > 0.8f, "end of the bar: " + once[i * 81 + 9 + 4]);
    }
  }

  @Test
  void rejectsAnglesOutsideTheHalfTurn() {
    assertThrows(IllegalArgumentException.class, () -> new RotationJitter(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new RotationJitter(181, 0));
  }
}
