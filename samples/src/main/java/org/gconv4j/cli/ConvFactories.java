package org.gconv4j.cli;

import java.util.List;
import org.gconv4j.backend.Backends;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.nn.ConvLayerFactory;
import org.gconv4j.nn.GroupConv;

/**
 * Chooses how {@code train}, {@code eval} and {@code equivariance} create G-correlation layers for
 * {@code --backend cpu|opencl|auto}. The commands take this as a function so tests can pass their
 * own layers.
 */
final class ConvFactories {
  static final List<String> BACKENDS = List.of("auto", "cpu", "opencl");

  private ConvFactories() {}

  /**
   * The factory for a backend name; {@code auto} is the fastest available ({@link Backends}). The
   * backend is created once and shared by every layer the factory makes.
   */
  static ConvLayerFactory forBackend(String backend) {
    if (!BACKENDS.contains(backend)) {
      throw new UsageException("--backend must be one of " + BACKENDS + "; got '" + backend + "'");
    }
    ConvBackend convBackend;
    try {
      convBackend = Backends.create(backend);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    System.err.println("gconv4j: G-correlations run on " + convBackend.name() + ": " + convBackend.device());
    return spec -> new GroupConv(spec, convBackend);
  }
}
