package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.gconv4j.backend.Backends;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.nn.Sequential;
import org.gconv4j.samples.models.PaperModels;
import org.gconv4j.tensor.Tensor;
import org.gconv4j.train.Checkpoint;
import org.gconv4j.train.SequentialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
  @TempDir
  Path dir;

  @Test
  void exportsACheckpointThatOnnxRuntimeRunsWithTheSameLogits() throws Exception {
    ConvBackend cpu = Backends.create("cpu");
    Sequential model = PaperModels.build("z2cnn", spec -> new GroupConv(spec, cpu), 9);
    Random rng = new Random(1);
    float[] data = new float[4 * 784];
    for (int i = 0; i < data.length; i++) {
      data[i] = rng.nextFloat();
    }
    Tensor x = Tensor.of(data, 4, 1, 28, 28);
    model.forward(x, true); // batch norm running statistics move away from 0 / 1
    Path ckpt = dir.resolve("z2cnn.npz");
    String arch = TrainCommand.architecture("z2cnn", model, "mnist-rot", 0).toString();
    Checkpoint.save(ckpt, new SequentialState(model, 2), arch, "{}");
    Path onnx = dir.resolve("out/z2cnn.onnx");

    String printed = CliTestSupport.run(new ExportCommand(), "--checkpoint", ckpt.toString(), "--onnx", onnx.toString());

    assertTrue(printed.contains("input input [N, 1, 28, 28], output logits [N, 10]"), printed);
    assertTrue(printed.contains("operators: Conv, BatchNormalization, Relu"), printed);
    float[] expected = model.forward(x, false).data();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), new long[] {4, 1, 28, 28});
        OrtSession.Result r = s.run(Map.of("input", in))) {
      FloatBuffer z = ((OnnxTensor) r.get(0)).getFloatBuffer();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], z.get(i), 1e-4 * (1 + Math.abs(expected[i])), "logit " + i);
      }
      assertEquals(arch, s.getMetadata().getCustomMetadata().get("gconv4j.architecture"));
    }
  }

  @Test
  void refusesToWriteOverTheCheckpoint() throws Exception {
    Path ckpt = dir.resolve("model.npz");
    Files.writeString(ckpt, "not touched");
    org.gconv4j.io.UnsafeOutputException e = assertThrows(org.gconv4j.io.UnsafeOutputException.class,
        () -> new ExportCommand().run(java.util.List.of("--checkpoint", ckpt.toString(), "--onnx", ckpt.toString()), System.out));
    assertTrue(e.getMessage().contains("is the same file as --checkpoint"), e.getMessage());
    assertEquals("not touched", Files.readString(ckpt));
  }
}
