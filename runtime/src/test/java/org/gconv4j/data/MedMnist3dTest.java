package org.gconv4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gconv4j.io.Npz;
import org.gconv4j.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MedMNIST 3D loader on small files written here in the official layout, and on broken ones. */
class MedMnist3dTest {
  @TempDir
  Path dir;

  /** A MedMNIST-layout npz: N volumes of side L per split, voxel i of volume v = (v + i) % 256, labels v % classes. */
  static Map<String, NpyArray> arrays(int side, int[] counts, int classes) {
    Map<String, NpyArray> a = new LinkedHashMap<>();
    String[] splits = {"train", "val", "test"};
    for (int s = 0; s < 3; s++) {
      int n = counts[s];
      byte[] x = new byte[n * side * side * side];
      for (int i = 0; i < x.length; i++) {
        x[i] = (byte) ((i / (side * side * side) + i) % 256);
      }
      byte[] y = new byte[n];
      for (int i = 0; i < n; i++) {
        y[i] = (byte) (i % classes);
      }
      a.put(splits[s] + "_images", NpyArray.ofUnsignedBytes(x, n, side, side, side));
      a.put(splits[s] + "_labels", NpyArray.ofUnsignedBytes(y, n, 1));
    }
    return a;
  }

  private Path write(String name, Map<String, NpyArray> arrays) throws IOException {
    Path f = dir.resolve(name);
    Npz.write(f, arrays, true);
    return f;
  }

  @Test
  void readsTheSplitsAsVolumesInZeroOneWithTheirLabels() throws Exception {
    Path f = write("tiny.npz", arrays(5, new int[] {6, 2, 3}, 2));
    Splits s = MedMnist3d.load(f, "tiny", null);
    assertEquals(6, s.train().size());
    assertEquals(2, s.validation().size());
    assertEquals(3, s.test().size());
    assertArrayEquals(new int[] {1, 5, 5, 5}, s.train().sampleShape());
    assertEquals(5, s.train().depth());
    assertEquals(2, s.train().classes());
    assertArrayEquals(new int[] {0, 1, 0}, s.test().labels());
    assertEquals(1 / 255f, s.train().images()[1], 0);
    assertEquals(((125 + 7) % 256) / 255f, s.train().images()[125 + 6], 0); // volume 1, voxel 6
    assertArrayEquals(new int[] {2, 1, 5, 5, 5}, s.train().gather(new int[] {0, 1}).images().shape());
    assertTrue(s.provenance().contains(MedMnist3d.md5(f)), s.provenance());
    assertEquals("tiny/validation", s.validation().name());
  }

  @Test
  void theNumberOfClassesIsTheLargestLabelPlusOne() throws Exception {
    Splits s = MedMnist3d.load(write("three.npz", arrays(3, new int[] {6, 3, 3}, 3)), "three", null);
    assertEquals(3, s.train().classes());
  }

  @Test
  void aWrongMd5IsAnErrorAndOfficialNamesAreChecked() throws Exception {
    Path f = write("tiny.npz", arrays(3, new int[] {4, 2, 2}, 2));
    IOException e = assertThrows(IOException.class, () -> MedMnist3d.load(f, "tiny", "0123456789abcdef0123456789abcdef"));
    assertTrue(e.getMessage().contains("[MedMNIST]") && e.getMessage().contains("has MD5 " + MedMnist3d.md5(f))
        && e.getMessage().contains("0123456789abcdef0123456789abcdef"), e.getMessage());
    // the same bytes under the official file name must have the official sum
    Path official = Files.copy(f, dir.resolve("adrenalmnist3d.npz"));
    e = assertThrows(IOException.class, () -> MedMnist3d.load(official, "adrenalmnist3d", null));
    assertTrue(e.getMessage().contains(MedMnist3d.ADRENAL_MD5), e.getMessage());
    // negative control: the right sum passes
    assertEquals(4, MedMnist3d.load(f, "tiny", MedMnist3d.md5(f)).train().size());
  }

  @Test
  void md5IsTheStandardDigest() throws Exception {
    Path f = dir.resolve("abc");
    Files.writeString(f, "abc");
    assertEquals("900150983cd24fb0d6963f7d28e17f72", MedMnist3d.md5(f)); // RFC 1321 test suite
  }

  @Test
  void badFilesSayWhatIsWrong() throws Exception {
    Map<String, NpyArray> missing = arrays(3, new int[] {2, 2, 2}, 2);
    missing.remove("val_labels");
    assertMessage(write("missing.npz", missing), "lacks the arrays [val_labels]");

    Map<String, NpyArray> flat = arrays(3, new int[] {2, 2, 2}, 2);
    flat.put("train_images", NpyArray.ofUnsignedBytes(new byte[2 * 9], 2, 3, 3));
    assertMessage(write("flat.npz", flat), "train_images must be uint8 volumes [N, L, L, L]");

    Map<String, NpyArray> floats = arrays(3, new int[] {2, 2, 2}, 2);
    floats.put("test_images", NpyArray.ofFloats(new float[2 * 27], 2, 3, 3, 3));
    assertMessage(write("floats.npz", floats), "test_images must be uint8 volumes");

    Map<String, NpyArray> sizes = arrays(3, new int[] {2, 2, 2}, 2);
    sizes.put("val_images", NpyArray.ofUnsignedBytes(new byte[2 * 64], 2, 4, 4, 4));
    assertMessage(write("sizes.npz", sizes), "val_images are 4³ but train_images are 3³");

    Map<String, NpyArray> count = arrays(3, new int[] {2, 2, 2}, 2);
    count.put("train_labels", NpyArray.ofUnsignedBytes(new byte[3], 3, 1));
    assertMessage(write("count.npz", count), "train_labels must be [2, 1]");

    Map<String, NpyArray> multi = arrays(3, new int[] {2, 2, 2}, 2);
    multi.put("train_labels", NpyArray.ofUnsignedBytes(new byte[4], 2, 2));
    assertMessage(write("multi.npz", multi), "multi-label sets are not supported");

    Map<String, NpyArray> negative = arrays(3, new int[] {2, 2, 2}, 2);
    negative.put("test_labels", NpyArray.ofInts(new int[] {0, -1}, 2, 1));
    assertMessage(write("negative.npz", negative), "test_labels[1] = -1");

    assertMessage(write("one-class.npz", arrays(3, new int[] {2, 2, 2}, 1)), "every label is 0");
    assertMessage(write("no-val.npz", arrays(3, new int[] {2, 0, 2}, 2)), "val_images holds no volumes ([0, 3, 3, 3])");
    assertMessage(write("no-test.npz", arrays(3, new int[] {2, 2, 0}, 2)), "test_images holds no volumes");
    assertMessage(write("no-train.npz", arrays(3, new int[] {0, 2, 2}, 2)), "train_images holds no volumes");
    assertMessage(write("no-voxels.npz", arrays(0, new int[] {2, 2, 2}, 2)), "train_images holds no volumes ([2, 0, 0, 0])");

    Path garbage = dir.resolve("garbage.npz");
    Files.writeString(garbage, "not a zip archive");
    assertMessage(garbage, "garbage.npz");

    assertMessage(dir.resolve("absent.npz"), "does not exist");
    assertMessage(dir, "is not a regular file");
  }

  private static void assertMessage(Path file, String part) {
    IOException e = assertThrows(IOException.class, () -> MedMnist3d.load(file, "x", null));
    assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
  }
}
