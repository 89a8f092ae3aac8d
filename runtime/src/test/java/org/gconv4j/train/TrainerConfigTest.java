package org.gconv4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainerConfigTest {
  @Test
  void theBuilderHasDefaults() {
    TrainerConfig c = TrainerConfig.builder().build();
    assertEquals(new TrainerConfig(TrainerConfig.DEFAULT_EPOCHS, TrainerConfig.DEFAULT_BATCH_SIZE, TrainerConfig.DEFAULT_SEED,
        TrainerConfig.DEFAULT_BATCH_SIZE), c);
    assertEquals(10, c.epochs());
    assertEquals(32, c.batchSize());
    assertEquals(0, c.seed());
  }

  @Test
  void settersSetTheirValueAndEvaluationFollowsTheBatchSize() {
    TrainerConfig c = TrainerConfig.builder().epochs(4).batchSize(16).seed(7).build();
    assertEquals(new TrainerConfig(4, 16, 7, 16), c);
    TrainerConfig eval = TrainerConfig.builder().evalBatchSize(100).batchSize(8).build();
    assertEquals(100, eval.evalBatchSize());
    assertEquals(8, eval.batchSize());
    // toBuilder keeps every value, and an evaluation size that follows the batch size keeps following it
    assertEquals(c, c.toBuilder().build());
    assertEquals(eval, eval.toBuilder().build());
    assertEquals(new TrainerConfig(4, 64, 7, 64), c.toBuilder().batchSize(64).build());
    assertEquals(new TrainerConfig(10, 64, 0, 100), eval.toBuilder().batchSize(64).build());
  }

  @Test
  @SuppressWarnings("deprecation")
  void theOldConstructorStillWorks() {
    assertEquals(TrainerConfig.builder().epochs(3).batchSize(5).seed(9).build(), new TrainerConfig(3, 5, 9));
  }

  @Test
  void aBadValueFailsAtItsSetterNamingIt() {
    TrainerConfig.Builder b = TrainerConfig.builder();
    String epochs = assertThrows(IllegalArgumentException.class, () -> b.epochs(0)).getMessage();
    assertEquals("[TrainerConfig] epochs must be >= 1; got 0. Set epochs to 1 or more", epochs);
    String batch = assertThrows(IllegalArgumentException.class, () -> b.batchSize(-3)).getMessage();
    assertTrue(batch.startsWith("[TrainerConfig] batch size must be >= 1; got -3"), batch);
    String eval = assertThrows(IllegalArgumentException.class, () -> b.evalBatchSize(0)).getMessage();
    assertTrue(eval.startsWith("[TrainerConfig] eval batch size must be >= 1; got 0"), eval);
    // the canonical constructor checks the same rule
    String direct = assertThrows(IllegalArgumentException.class, () -> new TrainerConfig(1, 1, 0, 0)).getMessage();
    assertTrue(direct.startsWith("[TrainerConfig] eval batch size must be >= 1"), direct);
    // a failed setter leaves the builder as it was
    assertEquals(TrainerConfig.builder().build(), b.build());
  }
}
