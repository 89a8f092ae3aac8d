package org.gconv4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.group.TestGroups;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CubeRotationsTest {
  /** O from its generators (CONVENTIONS §2), independent of the generated sample classes. */
  static Group cubeRotations() {
    return TestGroups.o();
  }

  @Test
  void everySampleIsMovedByOneElementExactlyAndAllElementsAreDrawn() {
    Group o = cubeRotations();
    assertEquals(24, o.order());
    int side = 4;
    int n = 200;
    Random r = new Random(1);
    float[] x = new float[n * 2 * side * side * side];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    Tensor volumes = Tensor.of(x.clone(), n, 2, side, side, side);
    int[] labels = new int[n];
    Batch b = new CubeRotations(o, side, 7).apply(new Batch(volumes, labels, new int[n]));
    assertSame(labels, b.labels());
    int per = 2 * side * side * side;
    BitSet seen = new BitSet();
    for (int i = 0; i < n; i++) {
      float[] got = Arrays.copyOfRange(b.images().data(), i * per, (i + 1) * per);
      Tensor one = Tensor.of(Arrays.copyOfRange(x, i * per, (i + 1) * per), 1, 2, side, side, side);
      int match = -1;
      for (int h = 0; h < o.order() && match < 0; h++) {
        if (Arrays.equals(got, GroupAction.planar(o, h, one).data())) {
          match = h;
        }
      }
      assertTrue(match >= 0, "sample " + i + " is not an exact rotation of its volume");
      seen.set(match);
    }
    assertEquals(24, seen.cardinality(), "200 draws reach every one of the 24 rotations");
    assertArrayEquals(x, volumes.data(), "the input batch is left as it was");
  }

  @Test
  void theSameSeedDrawsTheSameRotations() {
    Group o = cubeRotations();
    Tensor v = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 1, 1, 2, 2, 2);
    float[] a = new CubeRotations(o, 2, 3).apply(new Batch(v, new int[1], new int[1])).images().data().clone();
    float[] b = new CubeRotations(o, 2, 3).apply(new Batch(v, new int[1], new int[1])).images().data().clone();
    assertArrayEquals(a, b);
  }

  @Test
  void rejectsOtherShapesAndPlanarGroups() {
    Group o = cubeRotations();
    CubeRotations c = new CubeRotations(o, 4, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.apply(new Batch(Tensor.zeros(1, 1, 4, 4), new int[1], new int[1])));
    assertTrue(e.getMessage().contains("[CubeRotations] expected volumes [B, C, 4, 4, 4]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new CubeRotations(TestGroups.p4(), 4, 0));
  }
}
