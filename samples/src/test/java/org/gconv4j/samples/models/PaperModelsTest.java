package org.gconv4j.samples.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.Parameter;
import org.gconv4j.nn.Sequential;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PaperModelsTest {
  /** Shape-only G-correlation: zero output of the right shape, weights [C_out, C_in, S_in, n²]. */
  static final ConvLayerFactory SHAPES = spec -> new Layer() {
    final int sIn = spec.lifting() ? 1 : spec.group().order();
    final Parameter w = new Parameter("weight",
        Tensor.zeros(spec.outChannels(), spec.inChannels(), sIn, spec.kernelSize() * spec.kernelSize()));
    final Parameter b = new Parameter("bias", Tensor.zeros(spec.outChannels()));

    @Override
    public Tensor forward(Tensor x, boolean training) {
      int[] in = x.shape();
      int h = in[in.length - 2] - spec.kernelSize() + 1;
      return Tensor.zeros(in[0], spec.outChannels(), spec.group().order(), h, h);
    }

    @Override
    public Tensor backward(Tensor g) {
      throw new IllegalStateException("shape-only");
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(w, b);
    }
  };

  @Test
  void everyModelMapsADigitToTenLogits() {
    for (String name : PaperModels.NAMES) {
      Sequential m = PaperModels.build(name, SHAPES, 0);
      int side = PaperModels.hexagonal(name) ? 31 : 28;
      assertArrayEquals(new int[] {1, side, side}, m.inputShape(), name);
      Tensor z = m.forward(Tensor.zeros(3, 1, side, side), false);
      assertArrayEquals(new int[] {3, 10}, z.shape(), name);
    }
  }

  /**
   * p6cnn and p6mcnn match p4cnn's 24,680 parameters within 1.5%, counting the cells their
   * hexagonal filters use (7 of 3x3, 19 of 5x5), and follow p4cnn's layer structure.
   */
  @Test
  void hexagonalModelsMatchP4cnnsParameterCount() {
    ConvLayerFactory cpu = spec -> new org.gconv4j.nn.GroupConv(spec, org.gconv4j.backend.Backends.create("cpu"));
    long p4 = PaperModels.trainableParameters(PaperModels.build("p4cnn", cpu, 0));
    long p6 = PaperModels.trainableParameters(PaperModels.build("p6cnn", cpu, 0));
    long p6m = PaperModels.trainableParameters(PaperModels.build("p6mcnn", cpu, 0));
    assertEquals(24_680, p4);
    // 10*c1 + sum_l (42*c_{l-1}*c_l + 3*c_l) + 1140*c6 + 10 with c = 9,9,9,8,8,8 (S = 6)
    assertEquals(24_550, p6);
    // the same with 84 (7 cells * S = 12), 2280 (19 * 12 * 10) and c = 6,6,6,5,5,5
    assertEquals(24_319, p6m);
    assertTrue(Math.abs(p6 - p4) < 0.015 * p4 && Math.abs(p6m - p4) < 0.015 * p4);
    List<String> hex = kinds(PaperModels.build("p6cnn", SHAPES, 0));
    assertEquals(List.of("Conv", "HexMask", "BatchNorm", "ReLU", "Conv", "HexMask", "BatchNorm", "ReLU", "HexMaxPool",
        "Conv"), hex.subList(0, 10));
    assertEquals(List.of("Conv", "CosetMaxPool", "Flatten"), hex.subList(hex.size() - 3, hex.size()));
  }

  @Test
  void channelCountsFollowThePaper() {
    // z2cnn: 20 channels; p4cnn: 20/sqrt(4) = 10; p4mcnn: 20/sqrt(8) ~ 7; final layer 10 outputs, 4x4
    long z2 = PaperModels.build("z2cnn", SHAPES, 0).parameters().stream().mapToLong(p -> p.value().size()).sum();
    long p4 = PaperModels.build("p4cnn", SHAPES, 0).parameters().stream().mapToLong(p -> p.value().size()).sum();
    // conv: 1*20*9+20 + 5*(20*20*9+20) + 20*10*16+10 = 21510; bn: 6*2*20 = 240
    assertEquals(21_510 + 240, z2);
    assertEquals(z2, PaperModels.trainableParameters(PaperModels.build("z2cnn", SHAPES, 0)), "square: all stored");
    // conv: 1*10*1*9+10 + 5*(10*10*4*9+10) + 10*10*4*16+10 = 24_560; bn: 6*2*10 = 120
    assertEquals(24_560 + 120, p4);
    assertTrue(Math.abs(p4 - z2) < 0.2 * z2, "about the same number of parameters");
    assertThrows(IllegalArgumentException.class, () -> PaperModels.build("resnet44", SHAPES, 0));
  }

  static List<String> kinds(Sequential m) {
    return m.layers().stream().map(l -> l.getClass().getSimpleName().isEmpty() ? "Conv" : l.getClass().getSimpleName())
        .toList();
  }

  @Test
  void layerOrderFollowsTheAuthorsCode() {
    List<String> z2 = kinds(PaperModels.build("z2cnn", SHAPES, 0));
    assertEquals(List.of("Conv", "BatchNorm", "ReLU", "Dropout", "Conv", "BatchNorm", "ReLU", "SpatialMaxPool", "Conv"),
        z2.subList(0, 9), "dropout after layer 1, none after layer 2 (max-pool instead)");
    assertEquals(5, z2.stream().filter("Dropout"::equals).count());
    List<String> rp = kinds(PaperModels.build("p4cnn-rp", SHAPES, 0));
    assertEquals(List.of("Conv", "BatchNorm", "ReLU", "CosetMaxPool", "Conv"), rp.subList(0, 5),
        "batch norm and ReLU on the G-map, then pooling over rotations");
    assertTrue(!rp.contains("Dropout"));
    assertTrue(!kinds(PaperModels.build("p4cnn", SHAPES, 0)).contains("Dropout"));
  }

  @Test
  void sameSeedSameInitialWeights() {
    ConvLayerFactory seeded = spec -> {
      Layer l = SHAPES.create(spec);
      float[] w = l.parameters().get(0).value().data();
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) spec.rng().nextGaussian();
      }
      return l;
    };
    float[] a = PaperModels.build("p4cnn", seeded, 5).parameters().get(0).value().data();
    float[] b = PaperModels.build("p4cnn", seeded, 5).parameters().get(0).value().data();
    float[] c = PaperModels.build("p4cnn", seeded, 6).parameters().get(0).value().data();
    assertArrayEquals(a, b);
    assertTrue(!java.util.Arrays.equals(a, c));
  }
}
