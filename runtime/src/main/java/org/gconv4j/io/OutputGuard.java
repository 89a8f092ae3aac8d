package org.gconv4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

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

  /** Refuses an existing target that is not a regular file (checked without following links). */
  public static void checkTarget(String what, Path output) throws UnsafeOutputException {
    if (!Files.exists(output, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    String kind = Files.isSymbolicLink(output) ? "a symbolic link (the write would replace the link, not its target)"
        : Files.isDirectory(output) ? "a folder" : "not a regular file (a device, pipe or socket)";
    throw new UnsafeOutputException("[OutputGuard] " + what + " " + output + " exists and is " + kind
        + "; gconv4j only replaces regular files. Name a new or regular file"
        + (Files.isSymbolicLink(output) ? " (e.g. the link's target)" : ""));
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
