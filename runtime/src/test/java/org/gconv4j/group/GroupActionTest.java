package org.gconv4j.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.gconv4j.annotations.Lattice;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** GroupAction is a group action (L_a L_b = L_ab, L_e = id) with the CONVENTIONS §2 semantics. */
class GroupActionTest {
  private static Tensor random(Random rng, int... shape) {
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) rng.nextGaussian();
    }
    return t;
  }

  private static void hexCrop(Tensor t) {
    float[] mask = GroupAction.hexMask(t.shape(-1));
    for (int i = 0; i < t.size(); i++) {
      if (mask[i % mask.length] == 0f) {
        t.data()[i] = 0f;
      }
    }
  }

  @Test
  void isAHomomorphismOnPlanarAndGMapsOfEveryGroup() {
    for (Group g : TestGroups.all()) {
      Random rng = new Random(g.order());
      int d = g.dimension();
      for (int size : g.lattice() == Lattice.HEXAGONAL ? new int[] {5} : new int[] {4, 5}) {
        int[] planarShape = d == 2 ? new int[] {2, 3, size, size} : new int[] {1, 2, size, size, size};
        int[] gmapShape = d == 2 ? new int[] {2, 1, g.order(), size, size} : new int[] {1, 1, g.order(), size, size, size};
        Tensor p = random(rng, planarShape);
        Tensor m = random(rng, gmapShape);
        if (g.lattice() == Lattice.HEXAGONAL) {
          hexCrop(p);
          hexCrop(m);
        }
        assertArrayEquals(p.data(), GroupAction.planar(g, 0, p).data(), g.name() + " identity");
        for (int a = 0; a < g.order(); a++) {
          for (int b = 0; b < g.order(); b++) {
            int ab = g.multiply(a, b);
            assertArrayEquals(GroupAction.planar(g, ab, p).data(),
                GroupAction.planar(g, a, GroupAction.planar(g, b, p)).data(), g.name() + " planar " + a + "·" + b);
            assertArrayEquals(GroupAction.gmap(g, ab, m).data(),
                GroupAction.gmap(g, a, GroupAction.gmap(g, b, m)).data(), g.name() + " gmap " + a + "·" + b);
          }
        }
      }
    }
  }

  /** P4's generator R acts on a planar map like numpy rot90(f, 1) (counter-clockwise). */
  @Test
  void p4RotationIsRot90() {
    Group g = TestGroups.p4();
    float[] f = new float[9];
    for (int i = 0; i < 9; i++) {
      f[i] = i;
    }
    Tensor rotated = GroupAction.planar(g, 1, Tensor.of(f, 1, 1, 3, 3));
    // numpy: rot90(arange(9).reshape(3, 3)) = [[2, 5, 8], [1, 4, 7], [0, 3, 6]]
    assertArrayEquals(new float[] {2, 5, 8, 1, 4, 7, 0, 3, 6}, rotated.data());
  }

  @Test
  void hexagonalCornersOutsideTheHexagonBecomeZero() {
    Group g = TestGroups.p6();
    Tensor ones = Tensor.of(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3);
    float[] mask = GroupAction.hexMask(3);
    assertArrayEquals(new float[] {0, 1, 1, 1, 1, 1, 1, 1, 0}, mask);
    Tensor r = GroupAction.planar(g, 1, ones);
    assertArrayEquals(mask, r.data());
  }

  @Test
  void rejectsShapesItCannotActOn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GroupAction.planar(TestGroups.p4(), 1, Tensor.zeros(1, 1, 4, 5)));
    assertTrue(e.getMessage().contains("equal sizes"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GroupAction.gmap(TestGroups.p4m(), 1, Tensor.zeros(1, 1, 4, 5, 5)));
    assertTrue(e.getMessage().contains("stabilizer axis"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GroupAction.planar(TestGroups.p6(), 1, Tensor.zeros(1, 1, 4, 4)));
    assertTrue(e.getMessage().contains("odd size"), e.getMessage());
    assertEquals(9, GroupAction.sourceCells(TestGroups.p4(), 3, 3).length);
  }
}
