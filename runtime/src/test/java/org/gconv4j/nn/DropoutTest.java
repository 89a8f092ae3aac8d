package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DropoutTest {
  @Test
  void dropsAboutPAndScalesSurvivors() {
    Dropout dropout = new Dropout(0.25, 42);
    Tensor x = Tensor.zeros(100, 100);
    java.util.Arrays.fill(x.data(), 3f);
    float[] y = dropout.forward(x, true).data();
    int zeros = 0;
    for (float v : y) {
      if (v == 0f) {
        zeros++;
      } else {
        assertEquals(4f, v, 0f); // 3 / (1 - 0.25)
      }
    }
    // 10000 Bernoulli(0.25): sd ~ 43; 6 sd band
    assertEquals(2500, zeros, 260);
  }

  @Test
  void backwardUsesTheForwardMask() {
    Dropout dropout = new Dropout(0.5, 7);
    Tensor x = GradCheck.gaussian(1, 4, 50);
    float[] y = dropout.forward(x, true).data();
    Tensor g = GradCheck.gaussian(2, 4, 50);
    float[] gx = dropout.backward(g).data();
    for (int i = 0; i < y.length; i++) {
      float expected = y[i] == 0f ? 0f : g.data()[i] * 2f;
      assertEquals(expected, gx[i], 0f, "element " + i);
    }
  }

  @Test
  void sameSeedSameMasksAndIdentityAtInference() {
    Tensor x = GradCheck.gaussian(3, 8, 16);
    Dropout a = new Dropout(0.3, 5);
    Dropout b = new Dropout(0.3, 5);
    float[] a1 = a.forward(x, true).data();
    float[] a2 = a.forward(x, true).data();
    assertArrayEquals(a1, b.forward(x, true).data());
    assertArrayEquals(a2, b.forward(x, true).data());
    assertFalse(java.util.Arrays.equals(a1, a2), "successive masks must differ");
    assertSame(x, a.forward(x, false));
    Tensor g = GradCheck.gaussian(4, 8, 16);
    assertSame(g, a.backward(g));
  }

  @Test
  void rejectsBadProbability() {
    assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1, 0));
  }
}
