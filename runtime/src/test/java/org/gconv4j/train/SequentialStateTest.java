package org.gconv4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.gconv4j.data.Splits;
import org.gconv4j.nn.BatchNorm;
import org.gconv4j.nn.Dense;
import org.gconv4j.nn.Flatten;
import org.gconv4j.nn.Layer;
import org.gconv4j.nn.Parameter;
import org.gconv4j.nn.ReLU;
import org.gconv4j.nn.Sequential;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequentialStateTest {
  /** Stands in for a G-correlation: its weight is kept [C_out, C_in, S_in, n²] in memory. */
  static final class FakeGroupConv implements Layer {
    final Parameter weight = new Parameter("weight", Tensor.zeros(2, 1, 4, 9));
    final Parameter bias = new Parameter("bias", Tensor.zeros(2));

    @Override
    public Tensor forward(Tensor input, boolean training) {
      return input;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
      return gradOutput;
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(weight, bias);
    }
  }

  @Test
  void namesByLeafIndexAndRoleWithFiltersInFileLayout() {
    FakeGroupConv conv = new FakeGroupConv();
    BatchNorm bn = new BatchNorm(2);
    Dense dense = new Dense(4, 3, new Random(1));
    Sequential model = new Sequential(conv, new Sequential(bn, new ReLU()), new Flatten(), dense);
    SequentialState state = new SequentialState(model, 2);
    assertEquals(List.of("layer00.conv.weight", "layer00.conv.bias", "layer01.bn.scale", "layer01.bn.shift",
        "layer01.bn.running_mean", "layer01.bn.running_var", "layer04.dense.weight", "layer04.dense.bias"),
        List.copyOf(state.arrays().keySet()));
    Tensor w = state.arrays().get("layer00.conv.weight");
    assertArrayEquals(new int[] {2, 1, 4, 3, 3}, w.shape());
    assertSame(conv.weight.value().data(), w.data(), "a live view, not a copy");
    assertSame(dense.parameters().get(0).value(), state.arrays().get("layer04.dense.weight"));
  }

  @Test
  void checkpointRoundTripRestoresBatchNormStatistics(@TempDir Path dir) throws IOException {
    BatchNorm bn = new BatchNorm(2);
    Sequential model = new Sequential(bn);
    SequentialState state = new SequentialState(model, 2);
    state.arrays().get("layer00.bn.running_mean").data()[1] = 0.75f;
    state.arrays().get("layer00.bn.scale").data()[0] = 3f;
    Path file = dir.resolve("bn.npz");
    Checkpoint.save(file, state, "{}", "{}");

    BatchNorm fresh = new BatchNorm(2);
    Checkpoint.load(file, new SequentialState(new Sequential(fresh), 2));
    assertEquals(0.75f, fresh.buffers().get("runningMean").data()[1]);
    assertEquals(3f, fresh.parameters().get(0).value().data()[0]);
  }

  @Test
  void trainsARealSequentialWithAdamReproducibly() throws Exception {
    Splits data = new Splits(TinyModel.blobs("train", 400, 1), TinyModel.blobs("val", 100, 2),
        TinyModel.blobs("test", 200, 3), "blobs");
    float[][] weights = new float[2][];
    TrainingReport[] reports = new TrainingReport[2];
    for (int run = 0; run < 2; run++) {
      Random init = new Random(11);
      Sequential model = new Sequential(new Flatten(), new Dense(4, 8, init), new ReLU(), new Dense(8, 3, init));
      Adam adam = new Adam(model.parameters(), 0.01);
      Trainer trainer = new Trainer(model, new SequentialState(model, 2), LossFunction.softmaxCrossEntropy(), adam,
          TrainerConfig.builder().epochs(4).batchSize(20).seed(9).build(), new PrintStream(new ByteArrayOutputStream()), ProgressBar.Mode.OFF);
      reports[run] = trainer.fit(data);
      weights[run] = model.parameters().get(0).value().data().clone();
    }
    assertArrayEquals(weights[0], weights[1]);
    assertEquals(reports[0].testError(), reports[1].testError());
    List<EpochResult> h = reports[0].epochs();
    assertTrue(h.get(3).trainLoss() < h.get(0).trainLoss(), h.toString());
    assertTrue(reports[0].testError() < 0.2, "test error " + reports[0].testError());
  }
}
