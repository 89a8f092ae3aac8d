package org.gconv4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults of issue 9 in the file layer: lost data, silent corruption, unbounded memory, leftovers. */
class HostileFilesTest {
  @TempDir
  Path dir;

  static Path fifo(Path dir) throws Exception {
    Path p = dir.resolve("pipe");
    Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    assertEquals(0, mk.waitFor());
    return p;
  }

  @Test
  void theGuardRefusesAnOutputThatIsAnInputOrANonRegularFile() throws Exception {
    Path x = dir.resolve("x.npy");
    Npy.write(x, NpyArray.ofFloats(new float[] {1, 2}, 2));
    byte[] before = Files.readAllBytes(x);
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("--input", x);
    inputs.put("--bias", null);
    UnsafeOutputException same = assertThrows(UnsafeOutputException.class,
        () -> OutputGuard.write("--output", dir.resolve(".").resolve("x.npy"), inputs, o -> o.write(1)));
    assertTrue(same.getMessage().contains("is the same file as --input"), same.getMessage());
    Path link = dir.resolve("link.npy");
    Files.createSymbolicLink(link, x);
    UnsafeOutputException viaLink = assertThrows(UnsafeOutputException.class,
        () -> OutputGuard.check("--output", link, inputs));
    assertTrue(viaLink.getMessage().contains("symbolic link"), viaLink.getMessage());
    assertArrayEquals(before, Files.readAllBytes(x));

    Path pipe = fifo(dir);
    UnsafeOutputException device = assertThrows(UnsafeOutputException.class,
        () -> Npy.write(pipe, NpyArray.ofFloats(new float[] {1}, 1)));
    assertTrue(device.getMessage().contains("not a regular file"), device.getMessage());
    assertTrue(Files.exists(pipe) && !Files.isRegularFile(pipe), "the pipe is still a pipe");
    assertEquals(List.of(), tempFiles(dir));
  }

  @Test
  void aFlippedByteInsideAnArrayFailsTheZipCrc() throws Exception {
    Path f = dir.resolve("a.npz");
    float[] v = new float[256];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    Npz.write(f, Map.of("w", NpyArray.ofFloats(v, 256)), false);
    byte[] b = Files.readAllBytes(f);
    int at = indexOf(b, new byte[] {0, 0, (byte) 0x80, 0x42}); // 64f, inside the stored data
    b[at + 2] ^= 0x01;
    Files.write(f, b);
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(f));
    assertTrue(e.getMessage().contains("fails its integrity check: the zip CRC-32"), e.getMessage());
  }

  @Test
  void anInflatingEntryIsRefusedBeforeItIsAllocated() throws Exception {
    Path bomb = dir.resolve("bomb.npz");
    int floats = 64 << 20; // 256 MiB of zeros, a few hundred KiB deflated
    byte[] header = NpyHeader.encode(DType.FLOAT32, new int[] {floats});
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
      zip.setLevel(Deflater.BEST_SPEED);
      zip.putNextEntry(new ZipEntry("w.npy"));
      zip.write(header);
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < floats / (1 << 18); i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    assertTrue(Files.size(bomb) < 2 << 20, "a small file: " + Files.size(bomb));
    Map<String, Npz.ArrayInfo> headers = Npz.headers(bomb);
    assertArrayEquals(new int[] {floats}, headers.get("w").shape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Npz.read(bomb, n -> true, 64L << 20));
    assertTrue(e.getMessage().startsWith("[Memory] reading " + bomb), e.getMessage());
  }

  @Test
  void aNpyWhoseShapeDoesNotFitItsFileFailsBeforeAllocating() throws Exception {
    Path f = dir.resolve("huge.npy");
    byte[] header = NpyHeader.encode(DType.FLOAT32, new int[] {2_000_000_000});
    Files.write(f, header);
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
    assertTrue(e.getMessage().contains("needs 8000000000 data bytes"), e.getMessage());
    byte[] overflow = NpyHeader.encode(DType.FLOAT32, new int[] {65536, 65536, 65536, 65536, 2});
    Files.write(f, overflow);
    NpyFormatException o = assertThrows(NpyFormatException.class, () -> Npy.read(f));
    assertTrue(o.getMessage().contains("more than 2^63 elements"), o.getMessage());
  }

  @Test
  void staleTempFilesOfOurNamingAreSweptOnTheNextWrite() throws Exception {
    Path target = dir.resolve("ckpt.npz");
    Path stale = dir.resolve(".ckpt.npz.123456789.tmp");
    Path fresh = dir.resolve(".ckpt.npz.987654321.tmp");
    Path foreign = dir.resolve(".ckpt.npz.notours.tmp");
    for (Path p : List.of(stale, fresh, foreign)) {
      Files.write(p, new byte[] {1});
    }
    FileTime old = FileTime.from(Instant.now().minus(AtomicFiles.STALE).minusSeconds(5));
    Files.setLastModifiedTime(stale, old);
    Files.setLastModifiedTime(foreign, old);
    Npz.write(target, Map.of("a", NpyArray.ofFloats(new float[] {1}, 1)), false);
    assertFalse(Files.exists(stale), "an abandoned temporary file is removed");
    assertTrue(Files.exists(fresh), "a recent one may belong to a live writer");
    assertTrue(Files.exists(foreign), "other names are not ours");
  }

  @Test
  void aSaveStoppedBySigtermLeavesNoTempFile() throws Exception {
    Path target = dir.resolve("out.bin");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SlowWriter.class.getName(),
        target.toString()).redirectErrorStream(true).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("writing", r.readLine());
      assertEquals(1, tempFiles(dir).size(), "the write is under way");
      p.destroy(); // SIGTERM: shutdown hooks run
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    } finally {
      p.destroyForcibly();
    }
    assertEquals(List.of(), tempFiles(dir));
    assertFalse(Files.exists(target));
  }

  static List<Path> tempFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("pattern not found");
  }
}
