package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.gconv4j.annotations.Lattice;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.tensor.Tensor;

/**
 * Exact-equivariance checks of GroupConv on any backend: {@code layers(L_h x) = L_h layers(x)} for
 * every stabilizer element h, max relative error {@value #TOLERANCE}, random inputs, random weights
 * and non-zero bias (CONVENTIONS §6). Shared by the CPU and OpenCL tests.
 */
public final class GroupConvEquivariance {
  public static final double TOLERANCE = 1e-5;

  private GroupConvEquivariance() {}

  public static Tensor randomTensor(Random rng, int... shape) {
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) rng.nextGaussian();
    }
    return t;
  }

  public static void randomBias(GroupConv layer, Random rng) {
    float[] b = layer.bias().value().data();
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) rng.nextGaussian();
    }
  }

  /** Zeroes a planar map [N, C, L, L] (hexagonal lattice) outside the inscribed hexagon. */
  public static void hexCrop(Tensor t) {
    int size = t.shape(-1);
    float[] mask = GroupAction.hexMask(size);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      if (mask[i % mask.length] == 0f) {
        d[i] = 0f;
      }
    }
  }

  public static Tensor act(Group g, int h, Tensor t, boolean gmap) {
    return gmap ? GroupAction.gmap(g, h, t) : GroupAction.planar(g, h, t);
  }

  /**
   * Checks layers(L_h x) = L_h layers(x) for every h: the first layer takes a planar map when
   * {@code lifting}, the output is a G-map. On the hexagonal lattice only the inscribed hexagon of
   * the output is compared (the input is zero outside its own hexagon).
   */
  public static void assertEquivariant(Group g, boolean lifting, Tensor x, GroupConv... layers) {
    if (g.lattice() == Lattice.HEXAGONAL) {
      hexCrop(x);
    }
    Tensor y = run(x, layers);
    double scale = 0;
    for (float v : y.data()) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertTrue(scale > 0, "the output must not vanish");
    float[] mask = g.lattice() == Lattice.HEXAGONAL ? GroupAction.hexMask(y.shape(-1)) : null;
    for (int h = 0; h < g.order(); h++) {
      Tensor left = run(act(g, h, x, !lifting), layers);
      Tensor right = GroupAction.gmap(g, h, y);
      double err = 0;
      for (int i = 0; i < left.size(); i++) {
        if (mask == null || mask[i % mask.length] != 0f) {
          err = Math.max(err, Math.abs(left.data()[i] - right.data()[i]));
        }
      }
      err /= scale;
      if (!(err <= TOLERANCE)) {
        throw new AssertionError(g.name() + " element " + h + " (" + g.elementName(h) + "): relative error " + err
            + " > " + TOLERANCE);
      }
    }
  }

  public static Tensor run(Tensor x, GroupConv... layers) {
    Tensor t = x;
    for (GroupConv l : layers) {
      t = l.forward(t, false);
    }
    return t;
  }

  public static int[] shape(int n, int c, Integer s, int d, int size) {
    int[] shape = new int[2 + (s == null ? 0 : 1) + d];
    shape[0] = n;
    shape[1] = c;
    int a = 2;
    if (s != null) {
      shape[a++] = s;
    }
    for (int i = 0; i < d; i++) {
      shape[a++] = size;
    }
    return shape;
  }

  /** Lifting layer, group layer and the two stacked, on {@code backend}, for filter size n on size^d inputs. */
  public static void check(Group g, int n, int size, int channels, ConvBackend backend) {
    Random rng = new Random(g.name().hashCode() * 31L + n);
    int d = g.dimension();
    GroupConv lift = new GroupConv(g, 2, channels, n, true, 0, 1, backend, rng);
    GroupConv mid = new GroupConv(g, channels, 3, n, false, 0, 1, backend, rng);
    randomBias(lift, rng);
    randomBias(mid, rng);
    assertEquivariant(g, true, randomTensor(rng, shape(2, 2, null, d, size)), lift);
    assertEquivariant(g, false, randomTensor(rng, shape(2, channels, g.order(), d, size)), mid);
    assertEquivariant(g, true, randomTensor(rng, shape(1, 2, null, d, size)), lift, mid);
  }
}
