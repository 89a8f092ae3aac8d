package org.gconv4j.samples.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.Random;
import org.gconv4j.backend.cpu.CpuBackend;
import org.gconv4j.data.Batch;
import org.gconv4j.data.CubeRotations;
import org.gconv4j.data.Dataset;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.nn.Sequential;
import org.gconv4j.train.Adam;
import org.gconv4j.train.LossFunction;
import org.gconv4j.internal.TrainStep;
import org.junit.jupiter.api.Test;

/**
 * 3D training is allocation-free in steady state as 2D is ({@link SteadyStateAllocationTest}): a
 * training step of o-cnn3d (batch 16, synthetic 28³ volumes, drawn as the Trainer draws them and
 * turned by {@link CubeRotations} as {@code --augment rotations} does) allocates less than 1 MB across
 * all threads after warm-up (its steps, then the JIT gone quiet).
 */
class VolumeAllocationTest {
  static final int BATCH = 16;
  static final long LIMIT = SteadyStateAllocationTest.LIMIT;

  @Test
  void aThreeDimensionalTrainingStepWithRotationsAllocatesLessThanOneMegabyte() {
    try (CpuBackend backend = new CpuBackend()) {
      Sequential model = VolumeModels.build("o-cnn3d", spec -> new GroupConv(spec, backend), 0, 28, 2);
      TrainStep step = new TrainStep(model, LossFunction.softmaxCrossEntropy(), new Adam(model.parameters(), 1e-3));
      CubeRotations rotations = new CubeRotations(PaperModels.group("O"), 28, 1);
      Dataset data = syntheticVolumes(3 * BATCH);
      Runnable fourSteps = new Runnable() {
        private Iterator<Batch> epoch;
        private long seed;

        @Override
        public void run() {
          for (int i = 0; i < 4; i++) {
            if (epoch == null || !epoch.hasNext()) {
              epoch = data.shuffledBatchesReusing(BATCH, ++seed).iterator();
            }
            Batch b = rotations.apply(epoch.next());
            step.run(b.images(), b.labels());
          }
        }
      };
      for (int i = 0; i < 4; i++) { // warm-up
        fourSteps.run();
      }
      SteadyStateAllocationTest.untilTheJitIsQuiet(model, BATCH);
      SteadyStateAllocationTest.Windows perStep = SteadyStateAllocationTest.leastPerStep(fourSteps, 4, new long[1]);
      assertTrue(perStep.least() <= LIMIT, () -> "o-cnn3d batch " + BATCH + " allocates " + perStep
          + " bytes per training step (limit " + LIMIT + ")\n" + AllocationSites.jit() + "\n" + AllocationSites.of(fourSteps));
    }
  }

  static Dataset syntheticVolumes(int n) {
    Random rng = new Random(7);
    float[] x = new float[n * 28 * 28 * 28];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextFloat() < 0.3 ? 1f : 0f;
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = rng.nextInt(2);
    }
    return new Dataset("synthetic volumes", x, labels, new int[] {1, 28, 28, 28}, 2);
  }
}
