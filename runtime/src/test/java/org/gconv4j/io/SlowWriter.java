package org.gconv4j.io;

import java.nio.file.Path;

/** A process that starts an atomic write and hangs inside it, to be stopped by {@link HostileFilesTest}. */
public final class SlowWriter {
  private SlowWriter() {}

  public static void main(String[] args) throws Exception {
    AtomicFiles.write(Path.of(args[0]), out -> {
      out.write(new byte[100_000]);
      out.flush();
      System.out.println("writing");
      System.out.flush();
      try {
        Thread.sleep(120_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }
}
