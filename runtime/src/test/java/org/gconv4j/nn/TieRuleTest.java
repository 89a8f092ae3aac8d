package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Max pooling ties: the first maximum (row-major / lowest index) takes the whole gradient. */
class TieRuleTest {
  @Test
  void spatialMaxPoolFirstMaximumWins() {
    SpatialMaxPool pool = new SpatialMaxPool(2);
    pool.forward(Tensor.of(new float[] {1, 5, 5, 5}, 1, 1, 2, 2), true);
    float[] gx = pool.backward(Tensor.of(new float[] {1}, 1, 1, 1, 1)).data();
    assertArrayEquals(new float[] {0, 1, 0, 0}, gx);
  }

  @Test
  void cosetMaxPoolLowestIndexWins() {
    CosetMaxPool pool = new CosetMaxPool();
    // [N=1, C=1, S=4, 1, 1]: planes 1 and 3 tie
    pool.forward(Tensor.of(new float[] {0, 2, 1, 2}, 1, 1, 4, 1, 1), true);
    float[] gx = pool.backward(Tensor.of(new float[] {3}, 1, 1, 1, 1)).data();
    assertArrayEquals(new float[] {0, 3, 0, 0}, gx);
  }

  @Test
  void globalMaxPoolFirstMaximumWins() {
    GlobalMaxPool pool = new GlobalMaxPool();
    pool.forward(Tensor.of(new float[] {-1, 4, 4, 4}, 1, 1, 2, 2), true);
    float[] gx = pool.backward(Tensor.of(new float[] {2}, 1, 1)).data();
    assertArrayEquals(new float[] {0, 2, 0, 0}, gx);
  }
}
