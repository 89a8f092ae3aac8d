package org.gconv4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gconv4j.nn.Model;
import org.gconv4j.nn.Sequential;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingListenerTest {
  @TempDir
  Path dir;

  static Sequential model(long seed) {
    return Model.builder(1, 2, 2).seed(seed).flatten().dense(3).build();
  }

  static Trainer trainer(Sequential m, ParameterUpdater updater, int epochs, ByteArrayOutputStream log) {
    return new Trainer(m, SequentialState.of(m), LossFunction.softmaxCrossEntropy(), updater,
        TrainerConfig.builder().epochs(epochs).batchSize(16).seed(5).build(), new PrintStream(log, true), ProgressBar.Mode.OFF);
  }

  @Test
  void earlyStoppingEndsTrainingAfterPatienceEpochsWithoutImprovement() throws Exception {
    Sequential m = model(1);
    ParameterUpdater frozen = new ParameterUpdater() {
      @Override
      public void zeroGrad() {}

      @Override
      public void step() {}
    };
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    EarlyStopping early = new EarlyStopping(2);
    List<Integer> heard = new ArrayList<>();
    TrainingReport r = trainer(m, frozen, 10, log)
        .addListener(early)
        .addListener((e, best) -> heard.add(e.epoch()))
        .fit(TrainerTest.DATA);
    // epoch 1 is the best; epochs 2 and 3 do not improve: stop after 3
    assertEquals(3, r.epochs().size());
    assertEquals(List.of(1, 2, 3), heard);
    assertEquals(1, r.bestEpoch());
    assertTrue(early.stopRequested());
    assertTrue(log.toString().contains("stopping after epoch 3"), log.toString());
  }

  @Test
  void checkpointOnBestSavesAModelThatLoadsIntoAFreshOne() throws Exception {
    Sequential m = model(2);
    Path file = dir.resolve("best.npz");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    trainer(m, new Adam(m.parameters(), 0.05), 3, new ByteArrayOutputStream())
        .addListener(TrainingListener.checkpointOnBest(file, m))
        .addListener(TrainingListener.progress(new PrintStream(progress, true)))
        .fit(TrainerTest.DATA);
    assertTrue(Files.exists(file));
    assertEquals(3, progress.toString().lines().filter(l -> l.startsWith("epoch ")).count(), progress.toString());
    Sequential fresh = model(99);
    Tensor x = TrainerTest.DATA.test().tensor();
    assertFalse(java.util.Arrays.equals(m.forward(x, false).data(), fresh.forward(x, false).data()));
    Checkpoint.Contents c = Checkpoint.load(file, fresh);
    // the trainer restored the best model, which is the one saved last
    assertArrayEquals(m.forward(x, false).data(), fresh.forward(x, false).data());
    assertTrue(c.architectureJson().contains("\"input\":[1,2,2]"), c.architectureJson());
  }
}
