package org.gconv4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageRotationTest {
  static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * n];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    return x;
  }

  @Test
  void quarterTurnsEqualRot90() {
    for (int n : new int[] {28, 5, 6}) {
      float[] x = random(n, n);
      for (int k = 0; k < 4; k++) {
        float[] rotated = new float[n * n];
        float[] exact = new float[n * n];
        ImageRotation.rotate(x, 0, n, n, k * Math.PI / 2, rotated, 0);
        ImageRotation.rot90(x, 0, n, k, exact, 0);
        for (int i = 0; i < n * n; i++) {
          assertEquals(exact[i], rotated[i], 1e-6, "n=" + n + " k=" + k + " pixel " + i);
        }
      }
    }
  }

  @Test
  void rot90MatchesNumpyOrientation() {
    // np.rot90([[1, 2], [3, 4]]) == [[2, 4], [1, 3]]
    float[] out = new float[4];
    ImageRotation.rot90(new float[] {1, 2, 3, 4}, 0, 2, 1, out, 0);
    assertEquals(2f, out[0]);
    assertEquals(4f, out[1]);
    assertEquals(1f, out[2]);
    assertEquals(3f, out[3]);
  }

  @Test
  void rotatingACentredBlobKeepsItsMassAndCentre() {
    int n = 28;
    float[] blob = new float[n * n];
    double mass = 0;
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        // anisotropic, so that rotation actually moves pixels
        double dr = (r - 13.5) / 3.0;
        double dc = (c - 13.5) / 6.0;
        blob[r * n + c] = (float) Math.exp(-0.5 * (dr * dr + dc * dc));
        mass += blob[r * n + c];
      }
    }
    for (double angle : new double[] {0.3, 1.0, 2.5, 4.0, 6.0}) {
      float[] out = new float[n * n];
      ImageRotation.rotate(blob, 0, n, n, angle, out, 0);
      double m = 0;
      double mr = 0;
      double mc = 0;
      for (int i = 0; i < out.length; i++) {
        m += out[i];
        mr += out[i] * (i / n);
        mc += out[i] * (i % n);
      }
      assertEquals(mass, m, 0.02 * mass, "mass after rotating by " + angle);
      assertEquals(13.5, mr / m, 0.05);
      assertEquals(13.5, mc / m, 0.05);
      assertTrue(Math.abs(out[13 * n + 4] - blob[13 * n + 4]) > 0.01 || Math.abs(Math.sin(angle)) < 0.1,
          "the blob turned");
    }
  }

  @Test
  void outsideTheImageIsZero() {
    float[] ones = new float[28 * 28];
    java.util.Arrays.fill(ones, 1f);
    float[] out = new float[28 * 28];
    ImageRotation.rotate(ones, 0, 28, 28, Math.PI / 4, out, 0);
    assertEquals(0f, out[0], "the corner comes from outside the source");
    assertEquals(1f, out[14 * 28 + 14], 1e-6);
  }
}
