package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Same inputs → same bits, forward and backward, parameter gradients included. */
class DeterminismTest {
  @Test
  void everyLayerIsBitReproducible() {
    List<Supplier<Layer>> layers = List.of(
        ReLU::new,
        () -> new BatchNorm(3),
        () -> new SpatialMaxPool(3, 2),
        CosetMaxPool::new,
        GlobalMaxPool::new,
        GlobalAvgPool::new,
        () -> new Dropout(0.5, 3),
        () -> new Sequential(new Flatten(), new Dense(3 * 4 * 5 * 5, 6, new Random(1))));
    Tensor x = GradCheck.gaussian(1, 2, 3, 4, 5, 5);
    for (Supplier<Layer> make : layers) {
      float[][] first = run(make.get(), x);
      float[][] second = run(make.get(), x);
      for (int i = 0; i < first.length; i++) {
        assertArrayEquals(first[i], second[i], make.get().describe() + " array " + i);
      }
    }
  }

  private static float[][] run(Layer layer, Tensor x) {
    Tensor y = layer.forward(x, true);
    Tensor gx = layer.backward(GradCheck.gaussian(2, y.shape()));
    List<Parameter> params = layer.parameters();
    float[][] out = new float[2 + params.size()][];
    out[0] = y.data().clone();
    out[1] = gx.data().clone();
    for (int i = 0; i < params.size(); i++) {
      out[2 + i] = params.get(i).grad().data().clone();
    }
    return out;
  }
}
