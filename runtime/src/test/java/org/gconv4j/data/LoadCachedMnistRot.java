package org.gconv4j.data;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A process that loads a cached MNIST-rot (for {@link HeapTooSmallTest}) and prints the log and the outcome. */
public final class LoadCachedMnistRot {
  private LoadCachedMnistRot() {}

  public static void main(String[] args) throws Exception {
    Path cache = Path.of(args[0]);
    MnistFetcher noFetch = new MnistFetcher(cache.resolve("mnist"), List.of("false"),
        new PrintStream(new ByteArrayOutputStream()));
    try {
      MnistRot.load(noFetch, Optional.empty(), cache, 0, System.out);
      System.out.println("loaded");
    } catch (Exception | OutOfMemoryError e) {
      System.out.println("failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
