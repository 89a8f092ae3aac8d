package org.gconv4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 23: classes 1, 3 and 8 at the level of {@link AtomicFiles} and {@link OutputGuard}. */
class GuardedWritesTest {
  @TempDir
  Path dir;

  private static void write(Path p, String text) throws IOException {
    AtomicFiles.write(p, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aReadOnlyFileIsRefusedAsCpWouldAndStaysUnchanged() throws IOException {
    Path f = dir.resolve("protected.npz");
    Files.writeString(f, "keep");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
    UnsafeOutputException e = assertThrows(UnsafeOutputException.class, () -> write(f, "new"));
    assertTrue(e.getMessage().startsWith("[OutputGuard] the output " + f.toAbsolutePath() + " is read-only"),
        e.getMessage());
    assertEquals("keep", Files.readString(f));
    // negative control: the same file made writable is replaced
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    write(f, "new");
    assertEquals("new", Files.readString(f));
  }

  @Test
  void aValid250ByteNameIsWrittenAndAStaleTempOfItIsSwept() throws IOException {
    String name = "é".repeat(100) + "x".repeat(46) + ".npz"; // 250 bytes in UTF-8
    assertEquals(250, name.getBytes(StandardCharsets.UTF_8).length);
    Path f = dir.resolve(name);
    Path stale = dir.resolve(AtomicFiles.tempPrefix(name) + "123.tmp");
    Files.writeString(stale, "left by a killed run");
    Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
    write(f, "ok");
    assertEquals("ok", Files.readString(f));
    try (var s = Files.list(dir)) {
      assertEquals(List.of(name), s.map(p -> p.getFileName().toString()).toList());
    }
    // a short name keeps the readable .NAME.<n>.tmp form
    assertEquals(".model.npz.", AtomicFiles.tempPrefix("model.npz"));
  }

  @Test
  void aFullDiskNamesThePathAndKeepsTheOldFile() throws IOException {
    Path f = dir.resolve("model.npz");
    write(f, "old");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, o -> {
      o.write(new byte[10]);
      throw new IOException("No space left on device");
    }));
    assertEquals("[Output] cannot write " + f.toAbsolutePath() + ": No space left on device. Free space on that disk,"
        + " or write to another folder; the previous file, if any, is unchanged", e.getMessage());
    assertEquals("old", Files.readString(f));
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "the temporary file is removed");
    }
  }

  @Test
  void checkWritableRefusesPathsUnderAFileAndOverlongNames() throws IOException {
    Path plain = dir.resolve("plain");
    Files.writeString(plain, "x");
    UnsafeOutputException under = assertThrows(UnsafeOutputException.class,
        () -> OutputGuard.checkWritable("--out", plain.resolve("sub").resolve("y.png")));
    assertTrue(under.getMessage().contains(plain.toAbsolutePath() + " is a file, not a folder"), under.getMessage());
    UnsafeOutputException longName = assertThrows(UnsafeOutputException.class,
        () -> OutputGuard.checkWritable("--out", dir.resolve("z".repeat(256))));
    assertTrue(longName.getMessage().contains("is 256 bytes; file systems allow 255"), longName.getMessage());
    // negative control: a new file in a new folder is fine, and nothing is left behind
    OutputGuard.checkWritable("--out", dir.resolve("new").resolve("y.png"));
    assertFalse(Files.exists(dir.resolve("new")));
    try (var s = Files.list(dir)) {
      assertEquals(List.of("plain"), s.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void aFolderThatRefusesNewFilesFailsTheCheckBeforeAnyWork() throws Exception {
    Path ro = Files.createDirectories(dir.resolve("ro"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    boolean immutable = false;
    try {
      if (canCreate(ro)) { // root ignores permissions: make the folder immutable instead
        immutable = new ProcessBuilder("chattr", "+i", ro.toString()).start().waitFor() == 0;
      }
      org.junit.jupiter.api.Assumptions.assumeFalse(canCreate(ro), "no way to make a folder unwritable here");
      UnsafeOutputException e = assertThrows(UnsafeOutputException.class,
          () -> OutputGuard.checkWritable("--checkpoint", ro.resolve("m.npz")));
      assertTrue(e.getMessage().contains("the folder " + ro.toAbsolutePath() + " does not accept new files"),
          e.getMessage());
      IOException w = assertThrows(IOException.class, () -> write(ro.resolve("m.npz"), "x"));
      assertTrue(w.getMessage().contains(ro.resolve("m.npz").toAbsolutePath().toString()), "names the path: " + w);
    } finally {
      if (immutable) {
        new ProcessBuilder("chattr", "-i", ro.toString()).start().waitFor();
      }
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static boolean canCreate(Path d) {
    try {
      Files.delete(Files.createTempFile(d, "p", ".tmp"));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void staleTempFilesOfAnyTargetAreSweptInOwnedFolders() throws IOException {
    Path old = dir.resolve(".mnist-rot-v1-seed7.npz.4242.tmp");
    Path fresh = dir.resolve(".other.npz.17.tmp");
    Path foreign = dir.resolve(".notes.tmp");
    for (Path p : List.of(old, fresh, foreign)) {
      Files.writeString(p, "x");
    }
    Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
    Files.setLastModifiedTime(foreign, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
    assertEquals(1, AtomicFiles.sweepStale(dir));
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(fresh), "a temporary file still being written is kept");
    assertTrue(Files.exists(foreign), "a file not of our naming is kept");
    assertArrayEquals(new byte[] {'x'}, Files.readAllBytes(fresh));
  }
}
