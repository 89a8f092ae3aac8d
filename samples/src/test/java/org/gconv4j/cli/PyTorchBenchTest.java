package org.gconv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The lines scripts/bench-pytorch.py --model prints, as bench --model reads them. */
class PyTorchBenchTest {
  @Test
  void readsTheModelLinesMedians() {
    PyTorchBench.ModelRate r =
        PyTorchBench.parseModelLine("bench model p4cnn pytorch batch 32 train 392 img/s (min 308, max 570) eval 1950 img/s");
    assertEquals(392, r.trainImagesPerSecond(), 0);
    assertEquals(1950, r.evalImagesPerSecond(), 0);
  }

  @Test
  void ignoresOtherLines() {
    assertNull(PyTorchBench.parseModelLine("# pytorch 1.13.0a0, 2 threads, oneDNN True"));
    assertNull(PyTorchBench.parseModelLine("bench model p4cnn batch 32 train 584 img/s (min 566, max 611) eval 1720 img/s alloc 0.02 MB/step"));
    assertNull(PyTorchBench.parseModelLine("bench reference pytorch fwd 26.856 ms 39.5 GFLOP/s bwd 55.044 ms 38.6 GFLOP/s (10 runs)"));
  }
}
