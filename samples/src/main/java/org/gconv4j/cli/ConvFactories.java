package org.gconv4j.cli;

import java.util.List;
import org.gconv4j.nn.ConvLayerFactory;

/**
 * Chooses how {@code train}, {@code eval} and {@code equivariance} create G-correlation layers for
 * {@code --backend cpu|opencl|auto}. The commands take this as a function so tests can pass their
 * own layers.
 */
final class ConvFactories {
  static final List<String> BACKENDS = List.of("auto", "cpu", "opencl");

  private ConvFactories() {}

  /** The factory for a backend name; {@code auto} means OpenCL when a device works, else the CPU. */
  static ConvLayerFactory forBackend(String backend) {
    if (!BACKENDS.contains(backend)) {
      throw new UsageException("--backend must be one of " + BACKENDS + "; got '" + backend + "'");
    }
    throw new IllegalStateException("[" + backend + "] this build has no G-correlation layer (GroupConv) yet: "
        + "ConvFactories.forBackend is where GroupConv and its backends are wired in");
  }
}
