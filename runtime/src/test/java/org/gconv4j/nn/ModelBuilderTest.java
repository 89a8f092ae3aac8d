package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.gconv4j.backend.Backends;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.group.TestGroups;
import org.gconv4j.tensor.Tensor;
import org.gconv4j.train.Adam;
import org.junit.jupiter.api.Test;

class ModelBuilderTest {
  static final ConvLayerFactory REFERENCE = ReferenceGroupConv::new;

  /** The paper's P4CNN for rotated MNIST (§8.1): 7 p4-convolutions, 10 channels, 4x4 last, rotation pooling. */
  static Sequential p4cnn(Group p4) {
    Model.Builder b = Model.builder(1, 28, 28).convFactory(REFERENCE).seed(7);
    b.groupConv(p4, 10, 3).batchNorm().relu();
    b.groupConv(p4, 10, 3).batchNorm().relu().maxPool(2);
    for (int i = 0; i < 4; i++) {
      b.groupConv(p4, 10, 3).batchNorm().relu();
    }
    return b.groupConv(p4, 10, 4).cosetMaxPool().flatten().build();
  }

  @Test
  void tracksShapesThroughThePaperNetwork() {
    Sequential net = p4cnn(TestGroups.p4());
    List<Layer> layers = net.layers();
    assertEquals(3 * 6 + 1 + 1 + 2, layers.size());
    String summary = net.summary();
    assertTrue(summary.contains("[10, 4, 26, 26]"), summary);
    assertTrue(summary.contains("[10, 4, 12, 12]"), summary);
    assertTrue(summary.contains("[10, 4, 1, 1]"), summary);
    assertArrayEquals(new int[] {10}, net.outputShape(new int[] {1, 28, 28}));
    long expected = 10 * 9 // lifting
        + 5L * 10 * 10 * 4 * 9 // five group 3x3 layers
        + 10 * 10 * 4 * 16 // the final 4x4 layer
        + 6 * 2 * 10; // six batch norms
    assertEquals(expected, net.parameterCount());
    assertTrue(summary.contains("total parameters: " + expected), summary);
  }

  @Test
  void summaryListsEveryLayerWithShapeAndCount() {
    Sequential net = Model.builder(2, 6, 6).convFactory(REFERENCE)
        .groupConv(TestGroups.p4m(), 3, 3).batchNorm().relu().maxPool(2).cosetMaxPool().flatten().dense(5).build();
    String[] lines = net.summary().split("\n");
    assertEquals(1 + 1 + 7 + 1, lines.length, net.summary());
    assertTrue(lines[2].contains("RefGroupConv P4M 2->3 3x3 lifting") && lines[2].contains("[3, 8, 4, 4]")
        && lines[2].endsWith(" 54"), lines[2]);
    assertTrue(lines[8].contains("Dense 12->5") && lines[8].contains("[5]") && lines[8].endsWith(" 65"), lines[8]);
    Map<String, Parameter> named = net.namedParameters();
    assertEquals(List.of("0.weight", "1.weight", "1.bias", "6.weight", "6.bias"), List.copyOf(named.keySet()));
    assertEquals(List.of("1.runningMean", "1.runningVar"), List.copyOf(net.buffers().keySet()));
    assertEquals(net.summary(), new Sequential(net.layers()).summary(2, 6, 6));
  }

  @Test
  void badShapesGiveActionableMessages() {
    Model.Builder b = Model.builder(1, 8, 8).convFactory(REFERENCE);
    String dense = assertThrows(IllegalArgumentException.class, () -> b.dense(10)).getMessage();
    assertTrue(dense.contains("[1, 8, 8]") && dense.contains(".flatten()"), dense);
    String coset = assertThrows(IllegalArgumentException.class, b::cosetMaxPool).getMessage();
    assertTrue(coset.contains("G-feature map") && coset.contains("[1, 8, 8]"), coset);
    b.groupConv(TestGroups.p4(), 2, 3);
    String other = assertThrows(IllegalArgumentException.class, () -> b.groupConv(TestGroups.p4m(), 2, 3)).getMessage();
    assertTrue(other.contains("P4M") && other.contains("[2, 4, 6, 6]"), other);
    String big = assertThrows(IllegalArgumentException.class, () -> b.groupConv(TestGroups.p4(), 2, 7)).getMessage();
    assertTrue(big.contains("smaller than the 7-wide filter"), big);
    String pool = assertThrows(IllegalArgumentException.class, () -> b.maxPool(7)).getMessage();
    assertTrue(pool.contains("window 7"), pool);
    b.flatten();
    String conv = assertThrows(IllegalArgumentException.class, () -> b.groupConv(TestGroups.p4(), 2, 3)).getMessage();
    assertTrue(conv.contains("[288]"), conv);
    String dims = assertThrows(IllegalArgumentException.class,
        () -> Model.builder(1, 4, 4, 4).convFactory(REFERENCE).groupConv(TestGroups.p4(), 2, 3)).getMessage();
    assertTrue(dims.contains("2D") && dims.contains("3 spatial axes"), dims);
  }

  @Test
  void theBackendIsANamedOptionWithAutoAsDefault() {
    Group p4 = TestGroups.p4();
    // default: auto, created once and shared by every layer
    Sequential auto = Model.builder(1, 8, 8).groupConv(p4, 2, 3).relu().groupConv(p4, 2, 3).build();
    GroupConv first = assertInstanceOf(GroupConv.class, auto.layers().get(0));
    GroupConv third = assertInstanceOf(GroupConv.class, auto.layers().get(2));
    assertSame(first.backend(), third.backend(), "one backend per model");
    try (ConvBackend expected = Backends.create("auto")) {
      assertEquals(expected.name(), first.backend().name());
    }
    // by name, case-insensitive
    Sequential cpu = Model.builder(1, 8, 8).backend(" CPU ").groupConv(p4, 2, 3).build();
    assertEquals("cpu", assertInstanceOf(GroupConv.class, cpu.layers().get(0)).backend().name());
    // an instance the caller keeps
    try (ConvBackend mine = Backends.create("cpu")) {
      Sequential shared = Model.builder(1, 8, 8).backend(mine).groupConv(p4, 2, 3).build();
      assertSame(mine, assertInstanceOf(GroupConv.class, shared.layers().get(0)).backend());
    }
    // the last of backend / convFactory wins
    Layer viaFactory = Model.builder(1, 8, 8).backend("cpu").convFactory(REFERENCE).groupConv(p4, 2, 3).build().layers().get(0);
    assertInstanceOf(ReferenceGroupConv.class, viaFactory);
    Layer viaBackend = Model.builder(1, 8, 8).convFactory(REFERENCE).backend("cpu").groupConv(p4, 2, 3).build().layers().get(0);
    assertInstanceOf(GroupConv.class, viaBackend);
  }

  @Test
  void aWrongBackendFailsWhereItIsNamed() {
    Model.Builder b = Model.builder(1, 8, 8);
    String unknown = assertThrows(IllegalArgumentException.class, () -> b.backend("gpu")).getMessage();
    assertTrue(unknown.startsWith("[Backends]") && unknown.contains("opencl, cpu or auto") && unknown.contains("gpu"), unknown);
    String noName = assertThrows(IllegalArgumentException.class, () -> b.backend((String) null)).getMessage();
    assertTrue(noName.startsWith("[Model] backend") && noName.contains("got null"), noName);
    String noInstance = assertThrows(IllegalArgumentException.class, () -> b.backend((ConvBackend) null)).getMessage();
    assertTrue(noInstance.startsWith("[Model] backend must not be null"), noInstance);
    String noFactory = assertThrows(IllegalArgumentException.class, () -> b.convFactory(null)).getMessage();
    assertTrue(noFactory.startsWith("[Model] convFactory must not be null"), noFactory);
    // the failed calls changed nothing: the builder still works, with the default
    assertInstanceOf(GroupConv.class, b.groupConv(TestGroups.p4(), 2, 3).build().layers().get(0));
  }

  @Test
  void tracks3dShapes() {
    ConvLayerFactory shapeOnly = spec -> new ShapedLayer() {
      @Override
      public Tensor forward(Tensor input, boolean training) {
        return Tensor.zeros(Shapes.withBatch(input.shape(0), spec.outputShape(Shapes.withoutBatch(input.shape()))));
      }

      @Override
      public Tensor backward(Tensor gradOutput) {
        return gradOutput;
      }

      @Override
      public int[] outputShape(int[] sampleShape) {
        return spec.outputShape(sampleShape);
      }
    };
    Group o = TestGroups.o();
    Sequential net = Model.builder(1, 9, 9, 9).convFactory(shapeOnly)
        .groupConv(o, 2, 3).batchNorm().relu().maxPool(2) // [2, 24, 3, 3, 3]
        .groupConv(o, 3, 3, 1, 2) // padding 1, stride 2: (3 + 2 - 3) / 2 + 1 = 2
        .cosetMaxPool().globalAvgPool().dense(5)
        .build();
    assertTrue(net.summary().contains("[2, 24, 3, 3, 3]"), net.summary());
    assertTrue(net.summary().contains("[3, 24, 2, 2, 2]"), net.summary());
    assertArrayEquals(new int[] {2, 5}, net.forward(Tensor.zeros(2, 1, 9, 9, 9), false).shape());
  }

  @Test
  void customLayersJoinTheShapeTracking() {
    Sequential net = Model.builder(3, 4, 4)
        .layer(shape -> new BatchNorm(shape[0]))
        .layer(new GlobalAvgPool())
        .dense(2)
        .build();
    assertArrayEquals(new int[] {2}, net.outputShape(new int[] {3, 4, 4}));
    assertEquals(3, net.layers().size());
  }

  /** A whole P4 / P4M network ending in global pooling is invariant: logits(L_h x) = logits(x). */
  @Test
  void wholeNetworkIsInvariantForEveryElement() {
    for (Group g : List.of(TestGroups.p4(), TestGroups.p4m())) {
      Sequential net = Model.builder(2, 11, 11).convFactory(REFERENCE).seed(3)
          .groupConv(g, 3, 3).batchNorm().relu()
          .groupConv(g, 3, 3).batchNorm().relu().maxPool(3, 2) // 7 -> 3, symmetric grid
          .groupConv(g, 4, 3).cosetMaxPool().globalMaxPool().dense(4)
          .build();
      assertInvariant(g, net, GradCheck.gaussian(4, 3, 2, 11, 11));
      // P4CNN's ending: an even (4x4) filter on an even map leaves one invariant position
      Sequential even = Model.builder(1, 8, 8).convFactory(REFERENCE).seed(5)
          .groupConv(g, 2, 3).batchNorm().relu().groupConv(g, 2, 3).relu()
          .groupConv(g, 3, 4).cosetMaxPool().flatten()
          .build();
      assertInvariant(g, even, GradCheck.gaussian(6, 2, 1, 8, 8));
    }
  }

  private static void assertInvariant(Group g, Sequential net, Tensor x) {
    for (boolean training : new boolean[] {true, false}) {
      float[] y = net.forward(x, training).data().clone();
      for (int h = 0; h < g.order(); h++) {
        float[] moved = net.forward(GroupAction.planar(g, h, x), training).data();
        assertArrayEquals(y, moved, 1e-4f, g + " h=" + h + " training=" + training);
      }
    }
  }

  @Test
  void referenceConvGradients() {
    Group g = TestGroups.p4m();
    java.util.Random rng = new java.util.Random(1);
    GradCheck.check(new ReferenceGroupConv(new ConvSpec(g, 2, 2, 3, true, 0, 1, rng)),
        GradCheck.gaussian(1, 2, 2, 4, 4), true, 2);
    GradCheck.check(new ReferenceGroupConv(new ConvSpec(g, 2, 2, 3, false, 0, 1, rng)),
        GradCheck.gaussian(2, 1, 2, 8, 3, 3), true, 3);
    GradCheck.check(new ReferenceGroupConv(new ConvSpec(g, 1, 2, 2, false, 0, 1, rng)),
        GradCheck.gaussian(3, 1, 1, 8, 3, 3), true, 4);
  }

  @Test
  void sameSeedSameModelSameBits() {
    float[][] first = trainTwoSteps();
    float[][] second = trainTwoSteps();
    for (int i = 0; i < first.length; i++) {
      assertArrayEquals(first[i], second[i], "parameter " + i);
    }
  }

  private static float[][] trainTwoSteps() {
    Sequential net = Model.builder(1, 7, 7).convFactory(REFERENCE).seed(11)
        .groupConv(TestGroups.p4(), 2, 3).batchNorm().relu().dropout(0.3).cosetMaxPool().flatten().dense(3).build();
    Adam adam = new Adam(net.parameters(), 1e-2);
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
    Tensor x = GradCheck.gaussian(5, 4, 1, 7, 7);
    int[] labels = {0, 1, 2, 1};
    for (int step = 0; step < 2; step++) {
      adam.zeroGrad();
      ce.forward(net.forward(x, true), labels);
      net.backward(ce.backward());
      adam.step();
    }
    return net.parameters().stream().map(p -> p.value().data().clone()).toArray(float[][]::new);
  }

  /** A small P4 network learns to tell a bar from a cross in any of the 4 rotations. */
  @Test
  void learnsARotationInvariantTask() {
    Sequential net = Model.builder(1, 7, 7).convFactory(REFERENCE).seed(2)
        .groupConv(TestGroups.p4(), 4, 3).batchNorm().relu()
        .groupConv(TestGroups.p4(), 4, 3).cosetMaxPool().globalMaxPool().dense(2)
        .build();
    int n = 16;
    Tensor x = Tensor.zeros(n, 1, 7, 7);
    int[] labels = new int[n];
    java.util.Random rng = new java.util.Random(9);
    for (int s = 0; s < n; s++) {
      labels[s] = s % 2;
      float[] d = x.data();
      int base = s * 49;
      int r = 1 + rng.nextInt(5);
      for (int c = 1; c < 6; c++) {
        d[base + r * 7 + c] = 1f; // a bar
      }
      if (labels[s] == 1) {
        int c0 = 1 + rng.nextInt(5);
        for (int rr = 1; rr < 6; rr++) {
          d[base + rr * 7 + c0] = 1f; // crossed by a second bar
        }
      }
      for (int k = 0; k < 49; k++) {
        d[base + k] += (float) (0.05 * rng.nextGaussian());
      }
    }
    Adam adam = new Adam(net.parameters(), 3e-2);
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
    double first = 0;
    double last = 0;
    for (int step = 0; step < 60; step++) {
      adam.zeroGrad();
      double loss = ce.forward(net.forward(x, true), labels);
      if (step == 0) {
        first = loss;
      }
      last = loss;
      net.backward(ce.backward());
      adam.step();
    }
    assertTrue(last < 0.2 * first, "loss " + first + " -> " + last);
    Tensor rotated = Tensor.zeros(n, 1, 7, 7);
    Tensor turned = GroupAction.planar(TestGroups.p4(), 1, x);
    System.arraycopy(turned.data(), 0, rotated.data(), 0, rotated.size());
    assertEquals(1.0, SoftmaxCrossEntropy.accuracy(net.forward(rotated, false), labels), 1e-9);
  }
}
