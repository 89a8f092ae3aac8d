package org.gconv4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.gconv4j.nn.Model;
import org.gconv4j.nn.Sequential;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class JitWarmUpTest {
  static Sequential net() {
    return Model.builder(1, 8, 8).seed(5).batchNorm().relu().maxPool(2).flatten().dense(3).build();
  }

  /** The warm-up trains its copy (a negative control: the copy's weights move) and never the model it stands for. */
  @Test
  void trainsTheCopyWithinItsLimitsAndLeavesTheModelAlone() throws Exception {
    Sequential model = net();
    Sequential copy = net();
    Map<String, Tensor> before = SequentialState.of(model).snapshot();
    Map<String, Tensor> copyBefore = SequentialState.of(copy).snapshot();
    JitWarmUp w = JitWarmUp.start(copy, 4, 5, 20, 60);
    w.await();
    assertNull(w.failure());
    assertTrue(w.steps() >= 1 && w.steps() <= 20, "steps " + w.steps());
    assertTrue(w.elapsedSeconds() > 0);
    Map<String, Tensor> after = SequentialState.of(model).snapshot();
    for (String k : before.keySet()) {
      assertArrayEquals(before.get(k).data(), after.get(k).data(), k);
    }
    Map<String, Tensor> copyAfter = SequentialState.of(copy).snapshot();
    boolean moved = false;
    for (String k : copyBefore.keySet()) {
      moved |= !java.util.Arrays.equals(copyBefore.get(k).data(), copyAfter.get(k).data());
    }
    assertTrue(moved, "the copy was trained");
  }

  @Test
  void stopsWhenAskedAndAtItsStepLimit() throws Exception {
    JitWarmUp one = JitWarmUp.start(net(), 4, 4, 1, 60);
    one.await();
    assertTrue(one.steps() == 1, "steps " + one.steps());
    JitWarmUp stopped = JitWarmUp.start(net(), 4, 4, 1_000_000, 600);
    stopped.stop();
    stopped.await();
    assertTrue(stopped.steps() < 1_000_000);
  }

  @Test
  void quietMeansTheCompilersTookAtMostFivePercent() {
    long[] wall = {1_000_000_000L, 1_000_000_000L};
    assertTrue(JitWarmUp.quiet(wall, new long[] {50, 50}));
    assertFalse(JitWarmUp.quiet(wall, new long[] {50, 51}));
  }

  @Test
  void refusesWhatItCannotRun() {
    assertThrows(IllegalArgumentException.class, () -> JitWarmUp.start(new Sequential(), 4, 4, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> JitWarmUp.start(net(), 1, 4, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> JitWarmUp.start(net(), 4, 4, 0, 1));
  }
}
