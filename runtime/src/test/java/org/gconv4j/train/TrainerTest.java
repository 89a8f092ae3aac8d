package org.gconv4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gconv4j.data.Splits;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TrainerTest {
  static final Splits DATA = new Splits(TinyModel.blobs("train", 600, 1), TinyModel.blobs("val", 200, 2),
      TinyModel.blobs("test", 400, 3), "blobs");

  record Run(TrainingReport report, float[] weight, String log) {}

  static Run train(long shuffleSeed, long initSeed, int epochs, ParameterUpdater override) throws Exception {
    TinyModel.Linear model = new TinyModel.Linear(4, 3, initSeed);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ParameterUpdater updater = override != null ? override : TinyModel.sgd(model.parameters(), 0.2);
    Trainer trainer = new Trainer(model, model.state(), TinyModel::softmaxCrossEntropy, updater,
        TrainerConfig.builder().epochs(epochs).batchSize(16).seed(shuffleSeed).build(), new PrintStream(log, true), ProgressBar.Mode.LINES);
    TrainingReport report = trainer.fit(DATA);
    return new Run(report, model.weight.value().data().clone(), log.toString());
  }

  @Test
  void lossFallsAndTheModelLearns() throws Exception {
    Run run = train(5, 7, 6, null);
    List<EpochResult> epochs = run.report().epochs();
    assertEquals(6, epochs.size());
    assertTrue(epochs.get(5).trainLoss() < 0.6 * epochs.get(0).trainLoss(),
        "loss " + epochs.get(0).trainLoss() + " -> " + epochs.get(5).trainLoss());
    assertTrue(run.report().testError() < 0.15, "test error " + run.report().testError());
    assertEquals(400, run.report().testImages());
    assertTrue(run.report().summary().endsWith(
        TrainingReport.testLine(run.report().testError(), 400)));
    // plain progress lines: 10 per epoch (38 steps of 16), plus one summary line per epoch
    long progressLines = run.log().lines().filter(l -> l.contains(" img/s ETA ")).count();
    assertEquals(60, progressLines, run.log());
    assertTrue(run.log().contains("epoch 6/6: loss"), run.log());
  }

  @Test
  void sameSeedsRepeatBitForBitAndOtherSeedsDiffer() throws Exception {
    Run a = train(5, 7, 3, null);
    Run b = train(5, 7, 3, null);
    Run c = train(6, 7, 3, null);
    assertArrayEquals(a.weight(), b.weight());
    assertEquals(a.report().epochs().stream().map(EpochResult::trainLoss).toList(),
        b.report().epochs().stream().map(EpochResult::trainLoss).toList());
    assertEquals(a.report().testError(), b.report().testError());
    assertFalse(Arrays.equals(a.weight(), c.weight()), "another shuffle seed gives other weights");
  }

  @Test
  void keepsAndRestoresTheBestModelByValidationError() throws Exception {
    TinyModel.Linear model = new TinyModel.Linear(4, 3, 7);
    ParameterUpdater sgd = TinyModel.sgd(model.parameters(), 0.2);
    int stepsPerEpoch = DATA.train().batchCount(16);
    int[] steps = {0};
    List<float[]> weightsAfterEpoch = new ArrayList<>();
    // learns for two epochs, then wrecks the weights: epochs 3 and 4 are worse
    ParameterUpdater sabotage = new ParameterUpdater() {
      @Override
      public void zeroGrad() {
        sgd.zeroGrad();
      }

      @Override
      public void step() {
        steps[0]++;
        if (steps[0] <= 2 * stepsPerEpoch) {
          sgd.step();
        } else {
          Arrays.fill(model.weight.value().data(), 0f);
          Arrays.fill(model.bias.value().data(), 0f);
          model.bias.value().data()[1] = 1f;
        }
        if (steps[0] % stepsPerEpoch == 0) {
          weightsAfterEpoch.add(model.weight.value().data().clone());
        }
      }
    };
    List<Integer> bestCallbacks = new ArrayList<>();
    Trainer trainer = new Trainer(model, model.state(), TinyModel::softmaxCrossEntropy, sabotage,
        TrainerConfig.builder().epochs(4).batchSize(16).seed(5).build(), new PrintStream(new ByteArrayOutputStream()), ProgressBar.Mode.OFF)
        .onEpoch((e, isBest) -> {
          if (isBest) {
            bestCallbacks.add(e.epoch());
          }
        });
    TrainingReport report = trainer.fit(DATA);
    List<EpochResult> h = report.epochs();
    assertTrue(h.get(3).validationError() > 0.5, "epoch 4 is wrecked: " + h.get(3));
    int best = report.bestEpoch();
    assertTrue(best <= 2, "best epoch " + best);
    assertArrayEquals(weightsAfterEpoch.get(best - 1), model.weight.value().data(), "the best model is restored");
    assertEquals(h.get(best - 1).validationError(), report.validationError(), 1e-12);
    assertEquals(best, bestCallbacks.get(bestCallbacks.size() - 1));
  }

  @Test
  void aValidationMeasureSelectsTheModelAndNamesItselfInTheEpochLines() throws Exception {
    TinyModel.Linear model = new TinyModel.Linear(4, 3, 7);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    // a measure that prefers the second epoch, whatever the error says
    int[] calls = {0};
    Trainer trainer = new Trainer(model, model.state(), TinyModel::softmaxCrossEntropy,
        TinyModel.sgd(model.parameters(), 0.2), TrainerConfig.builder().epochs(3).batchSize(16).seed(5).build(), new PrintStream(log, true),
        ProgressBar.Mode.LINES).validationMeasure("validation 1-AUC", d -> ++calls[0] == 2 ? 0.1 : 0.5);
    TrainingReport report = trainer.fit(DATA);
    assertEquals(3, calls[0], "once per epoch");
    assertEquals(2, report.bestEpoch());
    assertEquals(List.of(0.5, 0.1, 0.5), report.epochs().stream().map(EpochResult::validationError).toList());
    assertTrue(log.toString().contains("validation 1-AUC 10.00% (best)"), log.toString());
    // the report's validation error stays the classification error of the kept model
    assertEquals(Trainer.evaluate(model, DATA.validation(), 16), report.validationError(), 1e-12);
  }

  @Test
  void divergenceStopsWithAnActionableMessage() {
    TinyModel.Linear model = new TinyModel.Linear(4, 3, 7);
    ParameterUpdater nan = new ParameterUpdater() {
      @Override
      public void zeroGrad() {}

      @Override
      public void step() {
        model.weight.value().data()[0] = Float.NaN;
      }
    };
    Trainer trainer = new Trainer(model, model.state(), TinyModel::softmaxCrossEntropy, nan,
        TrainerConfig.builder().epochs(1).batchSize(16).seed(5).build(), new PrintStream(new ByteArrayOutputStream()), ProgressBar.Mode.OFF);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.fit(DATA));
    // the NaN weight is seen right after the step that made it, before the next batch's loss
    assertTrue(e.getMessage().contains("epoch 1 step 1: parameter 'weight' became NaN") && e.getMessage().contains("--lr"),
        e.getMessage());
  }

  @Test
  void predictionsTakeTheFirstMaximum() {
    Tensor logits = Tensor.of(new float[] {1, 3, 3, 0, -1, -2}, 2, 3);
    assertArrayEquals(new int[] {1, 0}, Trainer.predictions(logits));
    assertEquals(1, Trainer.countCorrect(logits, new int[] {1, 2}));
    assertEquals("4m05s", ProgressBar.duration(245));
    assertEquals("1h02m", ProgressBar.duration(3720));
    assertEquals("12s", ProgressBar.duration(12.2));
  }
}
