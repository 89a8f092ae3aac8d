package org.gconv4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gconv4j.internal.CacheDirs;
import org.gconv4j.data.MnistFiles;
import org.gconv4j.io.OutputGuard;
import org.gconv4j.io.UnsafeOutputException;

/**
 * The one place where a command checks what it will write, when its arguments are read: before any
 * data load, model load or training, so that a bad output path costs nothing. Every command that
 * writes makes one call, {@link #check}, with its output files and its input files by option name
 * (the writes themselves then go through {@link org.gconv4j.io.AtomicFiles#write}, guarded and atomic).
 *
 * <p>Rules, for each output: {@link OutputGuard#checkWritable} (an existing target must be a writable
 * regular file, not a folder, device, pipe or link; no part of its path may be a file; its folder must
 * accept new files, probed), {@link OutputGuard#check} (not one of the inputs), not inside the data
 * cache ({@link CacheDirs#root()}, which gconv4j rewrites), and no two outputs the same file.
 */
final class Outputs {
  private Outputs() {}

  /**
   * Checks every output of a command before it works.
   *
   * @param outputs by option name (e.g. {@code "--checkpoint" -> p4cnn.npz}); null values are skipped
   * @param inputs by option name; null values are skipped
   */
  static void check(Map<String, Path> outputs, Map<String, Path> inputs) throws UnsafeOutputException {
    List<Map.Entry<String, Path>> seen = new ArrayList<>();
    Map<String, Path> in = new LinkedHashMap<>();
    inputs.forEach((k, v) -> {
      if (v != null) {
        in.put(k, v);
      }
    });
    for (Map.Entry<String, Path> o : outputs.entrySet()) {
      Path p = o.getValue();
      if (p == null) {
        continue;
      }
      refuseEmpty(o.getKey(), p);
      refuseInsideCache(o.getKey(), p);
      OutputGuard.checkWritable(o.getKey(), p);
      OutputGuard.check(o.getKey(), p, in);
      for (Map.Entry<String, Path> earlier : seen) {
        if (earlier.getValue().toAbsolutePath().normalize().equals(p.toAbsolutePath().normalize())) {
          throw new UnsafeOutputException("[OutputGuard] " + o.getKey() + " " + p + " is the same file as "
              + earlier.getKey() + "; one would overwrite the other. Name two different files");
        }
      }
      seen.add(Map.entry(o.getKey(), p));
    }
  }

  /** Checks an output folder ({@code reproduce --out DIR}): a folder or creatable, writable, outside the cache. */
  static void checkFolder(String option, Path dir) throws UnsafeOutputException {
    refuseEmpty(option, dir);
    refuseInsideCache(option, dir);
    OutputGuard.checkFolderWritable(option, dir);
  }

  /**
   * The path of an output file option as written: an empty value or one ending with {@code /}
   * (which {@link Path#of} would silently turn into a file of the folder's name) is a usage error.
   */
  static Path file(String option, String value) {
    if (value.isBlank()) {
      throw new UsageException("--" + option + " needs a file name; got '" + value + "'");
    }
    if (value.endsWith("/") || value.endsWith(java.io.File.separator)) {
      throw new UsageException("--" + option + " names a folder ('" + value + "'); name a file in it, e.g. "
          + value + "out" + (option.equals("checkpoint") ? ".npz" : ""));
    }
    return Path.of(value);
  }

  private static void refuseEmpty(String option, Path p) throws UnsafeOutputException {
    if (p.toString().isEmpty()) {
      throw new UnsafeOutputException("[OutputGuard] " + option + " is empty. Name a file or folder");
    }
  }

  /** Inputs by name, from name/path pairs; a null path (an absent option) is skipped. */
  static Map<String, Path> inputs(Object... nameAndPath) {
    Map<String, Path> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < nameAndPath.length; i += 2) {
      if (nameAndPath[i + 1] != null) {
        m.put((String) nameAndPath[i], (Path) nameAndPath[i + 1]);
      }
    }
    return m;
  }

  /** The IDX files of {@code --data DIR}, as inputs no output may replace. */
  static Map<String, Path> dataFiles(Optional<Path> dataDir) {
    Map<String, Path> m = new LinkedHashMap<>();
    dataDir.flatMap(MnistFiles::find).ifPresent(f -> {
      for (Path p : List.of(f.trainImages(), f.trainLabels(), f.testImages(), f.testLabels())) {
        m.put("the --data file " + p.getFileName() + " at", p);
      }
    });
    return m;
  }

  private static void refuseInsideCache(String option, Path p) throws UnsafeOutputException {
    Path cache = CacheDirs.root().toAbsolutePath().normalize();
    Path abs = p.toAbsolutePath().normalize();
    if (abs.startsWith(cache) || real(abs).startsWith(real(cache))) {
      throw new UnsafeOutputException("[OutputGuard] " + option + " " + p + " is inside the data cache " + cache
          + " ($" + CacheDirs.ENV + " or ~/.cache/gconv4j), whose files gconv4j replaces and deletes. Name a file"
          + " outside it");
    }
  }

  /** The real path of the nearest existing folder above {@code p}, with the rest appended (links resolved). */
  private static Path real(Path p) {
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return p;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(p));
    } catch (IOException | RuntimeException e) {
      return p;
    }
  }
}
