package org.gconv4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.gconv4j.exec.CpuExecutor;
import org.gconv4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Same inputs → same bits, forward and backward, parameter gradients included. */
class DeterminismTest {
  static List<Supplier<Layer>> layers(int features) {
    return List.of(
        ReLU::new,
        () -> new BatchNorm(3),
        () -> new SpatialMaxPool(3, 2),
        CosetMaxPool::new,
        GlobalMaxPool::new,
        GlobalAvgPool::new,
        () -> new Dropout(0.5, 3),
        () -> new SpatialMaxPool(2),
        () -> new Sequential(new Flatten(), new Dense(features, 6, new Random(1))));
  }

  @Test
  void everyLayerIsBitReproducible() {
    Tensor x = GradCheck.gaussian(1, 2, 3, 4, 5, 5);
    for (Supplier<Layer> make : layers(3 * 4 * 5 * 5)) {
      float[][] first = run(make.get(), x);
      float[][] second = run(make.get(), x);
      for (int i = 0; i < first.length; i++) {
        assertArrayEquals(first[i], second[i], make.get().describe() + " array " + i);
      }
    }
  }

  /** Large enough inputs to take the parallel paths: 1 thread and 2 threads give the same bits. */
  @Test
  void threadCountDoesNotChangeResults() {
    Tensor x = GradCheck.gaussian(2, 4, 3, 4, 28, 28);
    for (Supplier<Layer> make : layers(3 * 4 * 28 * 28)) {
      float[][] serial = withThreads(1, () -> run(make.get(), x));
      float[][] parallel = withThreads(2, () -> run(make.get(), x));
      for (int i = 0; i < serial.length; i++) {
        assertArrayEquals(serial[i], parallel[i], make.get().describe() + " array " + i);
      }
    }
  }

  /** Runs {@code body} with the layers' loops on a pool of {@code threads} threads. */
  static <T> T withThreads(int threads, Supplier<T> body) {
    try (CpuExecutor pool = new CpuExecutor(threads)) {
      CpuExecutor previous = Parallel.use(pool);
      try {
        return body.get();
      } finally {
        Parallel.use(previous);
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
