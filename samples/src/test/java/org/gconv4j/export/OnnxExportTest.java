package org.gconv4j.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.gconv4j.backend.Backends;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.group.Group;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.Model;
import org.gconv4j.nn.Sequential;
import org.gconv4j.samples.models.PaperModels;
import org.gconv4j.tensor.Tensor;
import org.gconv4j.train.Adam;
import org.gconv4j.train.LossFunction;
import org.gconv4j.train.LossValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported ONNX model, run by ONNX Runtime, computes the same logits as gconv4j (inference
 * mode) on 100 inputs, for the paper's networks and for a hexagonal (P6) and a 3D cubic (O) model,
 * each trained a few steps so that batch norm's running statistics are not the initial ones.
 */
class OnnxExportTest {
  /** Largest |ONNX − gconv4j| over a sample's logits, relative to its largest |gconv4j logit|. */
  static final double TOLERANCE = 1e-5;
  static final int INPUTS = 100;

  private static final ConvBackend CPU = Backends.create("cpu");
  private static final ConvLayerFactory CONV = spec -> new GroupConv(spec, CPU);
  private static OrtEnvironment env;

  @TempDir
  Path dir;

  @BeforeAll
  static void ort() {
    env = OrtEnvironment.getEnvironment();
  }

  @Test
  void p4cnnLogitsMatchOnnxRuntime() throws Exception {
    assertMatches("p4cnn", trained(PaperModels.build("p4cnn", CONV, 1), 1, 28, 28));
  }

  @Test
  void z2cnnLogitsMatchOnnxRuntime() throws Exception {
    assertMatches("z2cnn", trained(PaperModels.build("z2cnn", CONV, 2), 1, 28, 28));
  }

  @Test
  void p4mcnnLogitsMatchOnnxRuntime() throws Exception {
    assertMatches("p4mcnn", trained(PaperModels.build("p4mcnn", CONV, 3), 1, 28, 28));
  }

  /** Hexagonal filters (7 of 9 cells live): the masked cells are zeros in the Conv weights. */
  @Test
  void hexagonalP6ModelMatchesOnnxRuntime() throws Exception {
    Group p6 = PaperModels.group("P6");
    Sequential m = Model.builder(2, 15, 15).convFactory(CONV).seed(4)
        .groupConv(p6, 4, 3).batchNorm().relu()
        .groupConv(p6, 5, 5, 1, 1).batchNorm().relu().maxPool(2)
        .groupConv(p6, 6, 3).relu()
        .globalAvgPool().dense(7)
        .build();
    assertMatches("p6 model", trained(m, 2, 15, 15));
  }

  /** 3D: O (24 rotations of the cube) on 9×9×9 volumes gives Conv and MaxPool over three axes. */
  @Test
  void cubicOModelMatchesOnnxRuntime() throws Exception {
    Group o = PaperModels.group("O");
    Sequential m = Model.builder(1, 9, 9, 9).convFactory(CONV).seed(5)
        .groupConv(o, 2, 3).batchNorm().relu().maxPool(2)
        .groupConv(o, 3, 3).batchNorm().relu()
        .cosetMaxPool().globalMaxPool().dense(4)
        .build();
    assertMatches("O model", trained(m, 1, 9, 9, 9));
  }

  /**
   * Mean pooling becomes AveragePool: on the input (overlapping 3³ windows, stride 2, as the 3D models'
   * first pool for 64³ volumes) and on a G-map in planar view (2³ windows, stride 1).
   */
  @Test
  void averagePoolingMatchesOnnxRuntime() throws Exception {
    Group o = PaperModels.group("O");
    Sequential m = Model.builder(1, 11, 11, 11).convFactory(CONV).seed(6)
        .avgPool(3, 2)
        .groupConv(o, 2, 3).batchNorm().relu().avgPool(2, 1)
        .cosetMaxPool().globalMaxPool().dense(3)
        .build();
    assertMatches("O model with mean pools", trained(m, 1, 11, 11, 11));
  }

  /** Rotating every digit a quarter turn leaves the exported p4cnn's logits unchanged. */
  @Test
  void exportedP4cnnIsInvariantToQuarterTurnsInOnnxRuntime() throws Exception {
    Sequential model = trained(PaperModels.build("p4cnn", CONV, 6), 1, 28, 28);
    Path file = dir.resolve("p4cnn.onnx");
    Export.toOnnx(model, file);
    Tensor x = random(new Random(7), INPUTS, 1, 28, 28);
    try (OrtSession session = env.createSession(file.toString(), options())) {
      float[] base = run(session, x);
      Tensor rotated = x;
      for (int turn = 1; turn <= 3; turn++) {
        rotated = rot90(rotated);
        float[] z = run(session, rotated);
        double worst = worstRelative(z, base, 10);
        assertTrue(worst < 1e-4, "quarter turns " + turn + ": logits move by " + worst + " (relative)");
      }
    }
  }

  @Test
  void metadataNamesTheArchitectureInputAndOutput() throws Exception {
    Sequential model = PaperModels.build("p4cnn", CONV, 1);
    Export.Result r = Export.onnx(model, Map.of("gconv4j.architecture", "{\"model\":\"p4cnn\"}"));
    try (OrtSession session = env.createSession(r.bytes(), options())) {
      assertEquals(Export.INPUT, session.getInputNames().iterator().next());
      assertEquals(Export.OUTPUT, session.getOutputNames().iterator().next());
      Map<String, String> meta = session.getMetadata().getCustomMetadata();
      assertEquals("{\"model\":\"p4cnn\"}", meta.get("gconv4j.architecture"));
      assertEquals("[N, 1, 28, 28]", meta.get(Export.META_INPUT));
      assertEquals("[N, 10]", meta.get(Export.META_OUTPUT));
      assertTrue(meta.get(Export.META_LAYERS).contains("layer00: GroupConv P4"), meta.get(Export.META_LAYERS));
    }
    assertEquals(java.util.List.of("Conv", "BatchNormalization", "Relu", "MaxPool", "Reshape", "ReduceMax", "Flatten"),
        r.operators());
  }

  @Test
  void aLayerWithoutTranslationIsOneClearError() {
    Layer custom = new Layer() {
      @Override
      public Tensor forward(Tensor input, boolean training) {
        return input;
      }

      @Override
      public Tensor backward(Tensor gradOutput) {
        return gradOutput;
      }

      @Override
      public String describe() {
        return "MyLayer";
      }
    };
    Sequential m = new Sequential(new int[] {1, 5, 5}, java.util.List.of(custom));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Export.onnx(m, Map.of()));
    assertTrue(e.getMessage().startsWith("[Export] layer 0 (MyLayer)"), e.getMessage());
  }

  private void assertMatches(String name, Sequential model) throws Exception {
    int[] in = model.inputShape();
    Path file = dir.resolve(name.replace(' ', '_') + ".onnx");
    Export.Result r = Export.toOnnx(model, file);
    assertTrue(Files.size(file) > 0);
    int[] batchShape = new int[in.length + 1];
    batchShape[0] = INPUTS;
    System.arraycopy(in, 0, batchShape, 1, in.length);
    Tensor x = random(new Random(name.hashCode()), batchShape);
    Tensor expected = model.forward(x, false);
    int k = expected.size() / INPUTS;
    try (OrtSession session = env.createSession(file.toString(), options())) {
      float[] actual = run(session, x);
      assertEquals(expected.size(), actual.length, name + ": output size");
      double worst = worstRelative(actual, expected.data(), k);
      double absolute = 0;
      for (int i = 0; i < actual.length; i++) {
        absolute = Math.max(absolute, Math.abs(actual[i] - expected.data()[i]));
      }
      System.out.printf(Locale.ROOT, "[OnnxExportTest] %s: %d inputs, max |logit diff| %.3g, max relative %.3g, operators %s%n",
          name, INPUTS, absolute, worst, r.operators());
      assertTrue(worst <= TOLERANCE, name + ": exported logits differ by " + worst + " (relative) > " + TOLERANCE);
    }
    assertArrayEquals(Arrays.copyOfRange(expected.shape(), 1, expected.rank()), r.outputShape());
  }

  /** Trains three Adam steps on random data with random labels, so batch norm has running statistics. */
  static Sequential trained(Sequential model, int... sampleShape) {
    Random rng = new Random(11);
    int[] batchShape = new int[sampleShape.length + 1];
    batchShape[0] = 8;
    System.arraycopy(sampleShape, 0, batchShape, 1, sampleShape.length);
    Adam adam = new Adam(model.parameters(), 1e-2);
    for (int step = 0; step < 3; step++) {
      Tensor x = random(rng, batchShape);
      Tensor logits = model.forward(x, true);
      int k = logits.shape(1);
      int[] labels = new int[8];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = rng.nextInt(k);
      }
      adam.zeroGrad();
      LossValue loss = LossFunction.softmaxCrossEntropy().evaluate(logits, labels);
      model.backward(loss.gradient());
      adam.step();
    }
    return model;
  }

  static Tensor random(Random rng, int... shape) {
    float[] data = new float[(int) Tensor.size(shape)];
    for (int i = 0; i < data.length; i++) {
      data[i] = rng.nextFloat();
    }
    return Tensor.of(data, shape);
  }

  /** numpy rot90 over the last two axes of [N, C, H, W] (H = W). */
  static Tensor rot90(Tensor x) {
    int n = x.shape(0) * x.shape(1);
    int h = x.shape(2);
    float[] in = x.data();
    float[] out = new float[in.length];
    for (int p = 0; p < n; p++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < h; j++) {
          out[(p * h + i) * h + j] = in[(p * h + j) * h + (h - 1 - i)];
        }
      }
    }
    return Tensor.of(out, x.shape());
  }

  static double worstRelative(float[] actual, float[] expected, int k) {
    double worst = 0;
    for (int s = 0; s < expected.length / k; s++) {
      double scale = 0;
      double diff = 0;
      for (int j = 0; j < k; j++) {
        scale = Math.max(scale, Math.abs(expected[s * k + j]));
        diff = Math.max(diff, Math.abs(actual[s * k + j] - expected[s * k + j]));
      }
      worst = Math.max(worst, diff / Math.max(scale, 1e-12));
    }
    return worst;
  }

  private static OrtSession.SessionOptions options() throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setIntraOpNumThreads(2);
    return o;
  }

  private static float[] run(OrtSession session, Tensor x) throws OrtException {
    long[] shape = Arrays.stream(x.shape()).asLongStream().toArray();
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), shape);
        OrtSession.Result result = session.run(Map.of(Export.INPUT, input))) {
      FloatBuffer fb = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] out = new float[fb.remaining()];
      fb.get(out);
      return out;
    }
  }
}
