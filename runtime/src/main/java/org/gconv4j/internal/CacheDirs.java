package org.gconv4j.internal;

import java.nio.file.Path;

/**
 * Where downloaded and generated data live: {@code $GCONV4J_CACHE} if set, else
 * {@code ~/.cache/gconv4j}. Layout: {@code mnist/} (the four original IDX files),
 * {@code mnist-rot/mnist-rot-v1-seed<S>.npz} (generated MNIST-rot).
 */
public final class CacheDirs {
  /** Environment variable that overrides the cache root. */
  public static final String ENV = "GCONV4J_CACHE";

  private CacheDirs() {}

  /** The cache root for this process. */
  public static Path root() {
    return root(System.getenv(ENV), System.getProperty("user.home"));
  }

  static Path root(String env, String home) {
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath();
    }
    return Path.of(home, ".cache", "gconv4j");
  }
}
