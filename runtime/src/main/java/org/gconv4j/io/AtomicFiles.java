package org.gconv4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Writes a file so that readers see either the old file or the complete new one, never a partial one.
 *
 * <p>The temporary file is {@code .NAME.<n>.tmp} beside {@code NAME}. It is deleted when the write
 * fails, by a shutdown hook when the JVM stops during the write (Ctrl-C, SIGTERM), and, should the
 * process have been killed outright, by the next write of {@code NAME}, which removes temporary files of
 * that naming not modified for {@link #STALE} (an active writer touches its file continuously).
 * The target must be a new or a regular file ({@link OutputGuard#checkTarget}).
 */
public final class AtomicFiles {
  /** Age after which another process's temporary file for the same target counts as abandoned. */
  public static final Duration STALE = Duration.ofMinutes(1);
  private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();
  private static volatile boolean hookInstalled;

  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Temporary files are created owner-only (0600); the final file gets the usual 0644. */
  private static void makeWorldReadable(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default permissions
    }
  }

  /** Writes to a temporary file beside {@code file}, syncs it, then renames it over {@code file}. */
  public static void write(Path file, Writer writer) throws IOException {
    Path target = file.toAbsolutePath();
    OutputGuard.checkTarget("the output", target);
    Path dir = target.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    sweepStale(dir, target.getFileName().toString());
    installHook();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    IN_PROGRESS.add(tmp);
    boolean done = false;
    try {
      try (OutputStream raw = Files.newOutputStream(tmp);
          BufferedOutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
        writer.writeTo(out);
        out.flush();
      }
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
          java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      makeWorldReadable(tmp);
      OutputGuard.checkTarget("the output", target); // it may have changed while we wrote
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
      IN_PROGRESS.remove(tmp);
    }
  }

  /**
   * Deletes abandoned temporary files of {@code name} in {@code dir}: those named {@code .NAME.<digits>.tmp},
   * not being written by this JVM, and not modified for {@link #STALE}. Returns how many it deleted.
   */
  public static int sweepStale(Path dir, String name) {
    if (dir == null || !Files.isDirectory(dir)) {
      return 0;
    }
    Pattern ours = Pattern.compile("\\." + Pattern.quote(name) + "\\.\\d+\\.tmp");
    long cutoff = System.currentTimeMillis() - STALE.toMillis();
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "." + globEscape(name) + ".*.tmp")) {
      for (Path p : files) {
        if (ours.matcher(p.getFileName().toString()).matches() && !IN_PROGRESS.contains(p)
            && Files.isRegularFile(p) && Files.getLastModifiedTime(p).toMillis() < cutoff) {
          deleted += Files.deleteIfExists(p) ? 1 : 0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort: a leftover we cannot delete does not stop the write
    }
    return deleted;
  }

  private static String globEscape(String name) {
    return name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
  }

  private static void installHook() {
    if (hookInstalled) {
      return;
    }
    synchronized (AtomicFiles.class) {
      if (!hookInstalled) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          for (Path p : IN_PROGRESS) {
            try {
              Files.deleteIfExists(p);
            } catch (IOException e) {
              // the JVM is stopping: nothing more to do
            }
          }
        }, "gconv4j-temp-cleanup"));
        hookInstalled = true;
      }
    }
  }
}
