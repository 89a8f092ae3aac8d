package org.gconv4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gconv4j.data.Dataset;
import org.gconv4j.nn.BatchNorm;
import org.junit.jupiter.api.Test;

/** The Trainer options of the authors' protocol: augmentation, keeping the last model, a final step. */
class TrainerProtocolTest {
  @Test
  void keepsTheLastModelAugmentsEveryBatchAndRunsTheFinalStepOnTheTrainingSet() throws Exception {
    TinyModel.Linear model = new TinyModel.Linear(4, 3, 7);
    ParameterUpdater sgd = TinyModel.sgd(model.parameters(), 0.2);
    List<float[]> weightsAfterEpoch = new ArrayList<>();
    int[] augmented = {0};
    List<Dataset> finalStep = new ArrayList<>();
    List<Integer> kept = new ArrayList<>();
    Trainer trainer = new Trainer(model, model.state(), TinyModel::softmaxCrossEntropy, sgd,
        TrainerConfig.builder().epochs(3).batchSize(16).seed(5).build(), new PrintStream(new ByteArrayOutputStream()), ProgressBar.Mode.OFF)
        .augment(b -> {
          augmented[0]++;
          return b;
        })
        .keepLastModel(true)
        .beforeFinalEvaluation(finalStep::add)
        .onEpoch((e, isKept) -> {
          weightsAfterEpoch.add(model.weight.value().data().clone());
          if (isKept) {
            kept.add(e.epoch());
          }
        });
    TrainingReport report = trainer.fit(TrainerTest.DATA);
    assertEquals(3, report.bestEpoch());
    assertTrue(report.lastModelKept());
    assertTrue(report.summary().startsWith("epochs: 3 (last model kept)"), report.summary());
    assertEquals(List.of(1, 2, 3), kept, "with keepLastModel every epoch's model is the kept one");
    assertArrayEquals(weightsAfterEpoch.get(2), model.weight.value().data());
    assertEquals(3 * TrainerTest.DATA.train().batchCount(16), augmented[0]);
    assertEquals(1, finalStep.size());
    assertSame(TrainerTest.DATA.train(), finalStep.get(0));
  }

  @Test
  void batchNormRecalibrationAveragesTheBatchStatistics() {
    int n = 20;
    int batch = 5;
    float[] x = new float[n * 2 * 2 * 2];
    Random r = new Random(11);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextGaussian() * (1 + i % 3) + 0.5 * ((i / 4) % 2));
    }
    Dataset data = new Dataset("d", x, new int[n], 2, 2, 2, 1);
    BatchNorm bn = new BatchNorm(2);
    bn.runningMean().data()[0] = 42f; // whatever was there before is replaced
    BatchNormRecalibration.run(bn, List.of(bn), data, batch, b -> b);
    for (int c = 0; c < 2; c++) {
      double meanOfMeans = 0;
      double meanOfVars = 0;
      for (int b = 0; b < n / batch; b++) {
        double s = 0;
        double ss = 0;
        int count = 0;
        for (int i = b * batch; i < (b + 1) * batch; i++) {
          for (int k = 0; k < 4; k++) {
            double v = x[(i * 2 + c) * 4 + k];
            s += v;
            ss += v * v;
            count++;
          }
        }
        double mean = s / count;
        meanOfMeans += mean / (n / batch);
        meanOfVars += (ss - count * mean * mean) / (count - 1) / (n / batch);
      }
      assertEquals(meanOfMeans, bn.runningMean().data()[c], 1e-5, "channel " + c);
      assertEquals(meanOfVars, bn.runningVar().data()[c], 1e-5, "channel " + c);
    }
  }
}
