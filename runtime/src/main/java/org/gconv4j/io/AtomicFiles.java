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

  /**
   * Writes to a temporary file beside {@code file}, syncs it, then renames it over {@code file}. Every
   * failure names the target ({@code [Output] cannot write FILE: No space left on device. ...}); a
   * permission problem stays an {@link java.nio.file.AccessDeniedException} naming the target's folder.
   */
  public static void write(Path file, Writer writer) throws IOException {
    Path target = file.toAbsolutePath();
    OutputGuard.checkTarget("the output", target);
    Path dir = target.getParent();
    Path tmp = null;
    boolean done = false;
    try {
      if (dir != null) {
        OutputGuard.checkFolders("the output", target);
        Files.createDirectories(dir);
      }
      String name = target.getFileName().toString();
      sweepStale(dir, name);
      installHook();
      tmp = Files.createTempFile(dir, tempPrefix(name), ".tmp");
      IN_PROGRESS.add(tmp);
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
    } catch (UnsafeOutputException e) {
      throw e;
    } catch (java.nio.file.AccessDeniedException e) {
      throw new java.nio.file.AccessDeniedException(target.toString(), null, "cannot write it"
          + (dir == null ? "" : " (the folder " + dir + " must be writable)"));
    } catch (IOException e) {
      throw named(target, e);
    } finally {
      if (!done && tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // the write already failed; its error is the one to report
        }
      }
      if (tmp != null) {
        IN_PROGRESS.remove(tmp);
      }
    }
  }

  /** An I/O failure of a write, as one message that names the target and, where we know one, the fix. */
  static IOException named(Path target, IOException e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (msg.startsWith("[")) { // already a gconv4j message (e.g. a writer's own check)
      return e;
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      msg = f.getReason() + (f.getFile() == null || f.getFile().equals(target.toString()) ? "" : " (" + f.getFile() + ")");
    }
    String fix = msg.contains("No space left") || msg.contains("Disk quota")
        ? "Free space on that disk, or write to another folder"
        : msg.contains("Read-only file system") ? "Write to a folder on a writable disk"
        : "Check the path and the folder's permissions, or write to another folder";
    IOException named = new IOException("[Output] cannot write " + target + ": " + msg + ". " + fix
        + "; the previous file, if any, is unchanged", e);
    return named;
  }

  /**
   * The prefix of a temporary file of {@code name}: {@code .NAME.}, or, for a name so long that the
   * suffix would pass the file system's 255-byte limit, its first bytes and a CRC-32 of the whole name.
   */
  static String tempPrefix(String name) {
    byte[] utf8 = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (utf8.length <= MAX_PLAIN_NAME) {
      return "." + name + ".";
    }
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(utf8);
    StringBuilder head = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      int len = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (bytes + len > 160) {
        break;
      }
      head.appendCodePoint(cp);
      bytes += len;
      i += Character.charCount(cp);
    }
    return "." + head + "~" + String.format(java.util.Locale.ROOT, "%08x", crc.getValue()) + ".";
  }

  /** Names up to this many UTF-8 bytes keep their full name in the temporary name (1 + name + 1 + 20 digits + 4 <= 255). */
  static final int MAX_PLAIN_NAME = 200;

  /**
   * Deletes abandoned temporary files of {@code name} in {@code dir}: those named {@code .NAME.<digits>.tmp},
   * not being written by this JVM, and not modified for {@link #STALE}. Returns how many it deleted.
   */
  public static int sweepStale(Path dir, String name) {
    if (dir == null || !Files.isDirectory(dir)) {
      return 0;
    }
    String prefix = tempPrefix(name);
    Pattern ours = Pattern.compile(Pattern.quote(prefix) + "-?\\d+\\.tmp");
    long cutoff = System.currentTimeMillis() - STALE.toMillis();
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, globEscape(prefix) + "*.tmp")) {
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

  /**
   * Deletes every abandoned temporary file of this class in {@code dir}, whatever its target (for
   * folders gconv4j owns, such as the data cache, where a killed run may leave a file whose target
   * is never written again). Same rules as {@link #sweepStale(Path, String)}.
   */
  public static int sweepStale(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      return 0;
    }
    Pattern ours = Pattern.compile("\\..+\\.\\d+\\.tmp");
    long cutoff = System.currentTimeMillis() - STALE.toMillis();
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp")) {
      for (Path p : files) {
        if (ours.matcher(p.getFileName().toString()).matches() && !IN_PROGRESS.contains(p)
            && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && Files.getLastModifiedTime(p).toMillis() < cutoff) {
          deleted += Files.deleteIfExists(p) ? 1 : 0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort
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
