package org.gconv4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * The rules every gconv4j writer follows before it replaces a file (layer outputs, checkpoints,
 * caches, exports): never overwrite one of the command's own inputs, and never replace an existing
 * file that is not a regular file (a character device such as {@code /dev/null}, a pipe, a folder, or
 * a symbolic link, which the atomic rename would replace instead of its target).
 *
 * <p>{@link #write} checks and then writes atomically ({@link AtomicFiles#write}: temporary file beside
 * the target, then a rename; the temporary file is removed on failure and on JVM shutdown).
 */
public final class OutputGuard {
  private OutputGuard() {}

  /**
   * Checks that {@code output} may be written.
   *
   * @param what names the output in messages, e.g. {@code "--output"}
   * @param inputs the command's input files by name (e.g. {@code "--input" -> X.npy}); null values are skipped
   * @throws UnsafeOutputException naming the rule, the file and the fix
   */
  public static void check(String what, Path output, Map<String, Path> inputs) throws UnsafeOutputException {
    checkTarget(what, output);
    Path out = output.toAbsolutePath().normalize();
    for (Map.Entry<String, Path> in : inputs.entrySet()) {
      if (in.getValue() != null && sameFile(out, in.getValue().toAbsolutePath().normalize())) {
        throw new UnsafeOutputException("[OutputGuard] " + what + " " + output + " is the same file as "
            + in.getKey() + " " + in.getValue() + "; writing it would destroy the input. Name another output file");
      }
    }
  }

  /**
   * Refuses an existing target that is not a regular file (checked without following links), and a
   * regular file that is read-only: the atomic rename needs only the folder's permission, so without
   * this check a file the user protected ({@code chmod a-w}) would be replaced silently. A file that no
   * one may write counts as read-only even for root, which {@code cp} would let through.
   */
  public static void checkTarget(String what, Path output) throws UnsafeOutputException {
    if (!Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS)) {
      if (readOnly(output)) {
        throw new UnsafeOutputException("[OutputGuard] " + what + " " + output + " is read-only (no write permission"
            + "); gconv4j does not replace a protected file. Make it writable (chmod u+w) or name another file");
      }
      return;
    }
    String kind = Files.isSymbolicLink(output) ? "a symbolic link (the write would replace the link, not its target)"
        : Files.isDirectory(output) ? "a folder" : "not a regular file (a device, pipe or socket)";
    throw new UnsafeOutputException("[OutputGuard] " + what + " " + output + " exists and is " + kind
        + "; gconv4j only replaces regular files. Name a new or regular file"
        + (Files.isSymbolicLink(output) ? " (e.g. the link's target)" : ""));
  }

  private static boolean readOnly(Path file) {
    if (!Files.isWritable(file)) {
      return true;
    }
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      return !p.contains(PosixFilePermission.OWNER_WRITE) && !p.contains(PosixFilePermission.GROUP_WRITE)
          && !p.contains(PosixFilePermission.OTHERS_WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * Refuses an output whose folders cannot exist: a part of its path that is a file, not a folder
   * ({@code out.npz/x.png}), and a file name longer than the file system's 255 bytes.
   */
  public static void checkFolders(String what, Path output) throws UnsafeOutputException {
    Path abs = output.toAbsolutePath().normalize();
    for (Path name : abs) {
      int bytes = name.toString().getBytes(StandardCharsets.UTF_8).length;
      if (bytes > 255) {
        throw new UnsafeOutputException("[OutputGuard] " + what + " " + output + ": the name '"
            + name.toString().substring(0, 20) + "...' is " + bytes + " bytes; file systems allow 255. Use shorter names");
      }
    }
    for (Path p = abs.getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw new UnsafeOutputException("[OutputGuard] " + what + " " + output + " cannot be created: " + p
              + " is a file, not a folder. Name a path inside a folder");
        }
        return;
      }
    }
  }

  /**
   * Checks, before any work, that {@code output} can be written at all: {@link #checkTarget}, {@link
   * #checkFolders}, and a probe file created and deleted in its folder (or, when that folder does not
   * exist yet, in the nearest folder that does): a read-only folder or disk fails here, not after
   * an hour of training. Creates nothing that stays.
   */
  public static void checkWritable(String what, Path output) throws UnsafeOutputException {
    checkTarget(what, output);
    checkFolders(what, output);
    probe(what, output, output.toAbsolutePath().normalize().getParent());
  }

  /**
   * Checks, before any work, that files can be written into the folder {@code dir} (created when
   * missing): not a file, no part of its path a file, names within 255 bytes, and a probe file
   * accepted by it or by the nearest existing folder above it.
   */
  public static void checkFolderWritable(String what, Path dir) throws UnsafeOutputException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UnsafeOutputException("[OutputGuard] " + what + " " + dir + " is a file, not a folder. Name a folder"
          + " (it is created when missing)");
    }
    checkFolders(what, dir);
    probe(what, dir, dir.toAbsolutePath().normalize());
  }

  /** Creates and deletes a probe file in {@code dir} or the nearest existing folder above it. */
  private static void probe(String what, Path shown, Path dir) throws UnsafeOutputException {
    while (dir != null && !Files.isDirectory(dir)) {
      dir = dir.getParent();
    }
    if (dir == null) {
      return;
    }
    try {
      Path probe = Files.createTempFile(dir, ".gconv4j-probe-", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      String reason = e instanceof java.nio.file.AccessDeniedException ? "Permission denied"
          : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
          : e instanceof java.nio.file.NoSuchFileException ? "it cannot hold new files"
          : e.getClass().getSimpleName();
      throw new UnsafeOutputException("[OutputGuard] " + what + " " + shown + " cannot be written: the folder " + dir
          + " does not accept new files (" + reason + "). Name a " + (shown.equals(dir) ? "writable folder"
          : "file in a writable folder"));
    }
  }

  /** Checks, then writes atomically. */
  public static void write(String what, Path output, Map<String, Path> inputs, AtomicFiles.Writer writer)
      throws IOException {
    check(what, output, inputs);
    AtomicFiles.write(output, writer);
  }

  private static boolean sameFile(Path a, Path b) {
    if (a.equals(b)) {
      return true;
    }
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }
}
