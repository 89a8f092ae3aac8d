package org.gconv4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
  /** np.savez(f, w=np.arange(4, dtype='<f4'), labels=np.array([3, 1], dtype='<i8')) (zip64 entries). */
  static final String SAVEZ = "UEsDBC0AAAAAAAAAIQBSMxP7//////////8FABQAdy5ucHkBABAAkAAAAAAAAACQAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmNCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICg0LCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAAAAAAAAgD8AAABAAABAQFBLAwQtAAAAAAAAACEAjN4z4P//////////CgAUAGxhYmVscy5ucHkBABAAkAAAAAAAAACQAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxpOCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgyLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAwAAAAAAAAABAAAAAAAAAFBLAQItAy0AAAAAAAAAIQBSMxP7kAAAAJAAAAAFAAAAAAAAAAAAAACAAQAAAAB3Lm5weVBLAQItAy0AAAAAAAAAIQCM3jPgkAAAAJAAAAAKAAAAAAAAAAAAAACAAccAAABsYWJlbHMubnB5UEsFBgAAAAACAAIAawAAAJMBAAAAAA==";
  /** np.savez_compressed(f, w=np.arange(4, dtype='<f4'), text=np.frombuffer(b'{"a": 1}', dtype='u1')) */
  static final String SAVEZ_COMPRESSED = "UEsDBC0AAAAIAAAAIQBSMxP7//////////8FABQAdy5ucHkBABAAkAAAAAAAAABOAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqKuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GiY6mjoKtQoUAC4GMGiwBxIOQOQAAFBLAwQtAAAACAAAACEA8N5ujP//////////CAAUAHRleHQubnB5AQAQAIgAAAAAAAAATAAAAAAAAACb7BfqGxDJyFDGUK2eklqcXKRupaBeU2qorqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RoWOpo6CrUKFACuaqVEJSsFw1oAUEsBAi0DLQAAAAgAAAAhAFIzE/tOAAAAkAAAAAUAAAAAAAAAAAAAAIABAAAAAHcubnB5UEsBAi0DLQAAAAgAAAAhAPDeboxMAAAAiAAAAAgAAAAAAAAAAAAAAIABhQAAAHRleHQubnB5UEsFBgAAAAACAAIAaQAAAAsBAAAAAA==";

  @Test
  void readsNumpySavezAndSavezCompressed(@TempDir Path dir) throws IOException {
    Path stored = dir.resolve("stored.npz");
    Files.write(stored, NpyTest.b64(SAVEZ));
    Map<String, NpyArray> a = Npz.read(stored);
    assertEquals(List.of("w", "labels"), List.copyOf(a.keySet()));
    assertArrayEquals(new float[] {0, 1, 2, 3}, a.get("w").toFloats());
    assertArrayEquals(new int[] {3, 1}, a.get("labels").toInts());

    Path deflated = dir.resolve("deflated.npz");
    Files.write(deflated, NpyTest.b64(SAVEZ_COMPRESSED));
    Map<String, NpyArray> c = Npz.read(deflated);
    assertArrayEquals(new float[] {0, 1, 2, 3}, c.get("w").toFloats());
    assertEquals("{\"a\": 1}", c.get("text").toText());
  }

  @Test
  void roundTripsStoredAndDeflated(@TempDir Path dir) throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    float[] w = new float[2 * 3 * 4 * 9];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.sin(i);
    }
    arrays.put("layer00.conv.weight", NpyArray.ofFloats(w, 2, 3, 4, 3, 3));
    arrays.put("labels", NpyArray.ofInts(new int[] {9, 8, 7}, 3));
    arrays.put("architecture.json", NpyArray.ofText("{\"model\": \"p4cnn\"}"));
    for (boolean compress : new boolean[] {false, true}) {
      Path p = dir.resolve("a" + compress + ".npz");
      Npz.write(p, arrays, compress);
      Map<String, NpyArray> back = Npz.read(p);
      assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
      assertArrayEquals(w, back.get("layer00.conv.weight").toFloats());
      assertArrayEquals(new int[] {2, 3, 4, 3, 3}, back.get("layer00.conv.weight").shape());
      assertArrayEquals(new int[] {9, 8, 7}, back.get("labels").toInts());
      assertEquals("{\"model\": \"p4cnn\"}", back.get("architecture.json").toText());
    }
  }

  @Test
  void truncatedArchiveGivesAClearError(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("t.npz");
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("x", NpyArray.ofFloats(new float[1000], 1000));
    Npz.write(p, arrays, false);
    byte[] bytes = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(bytes, bytes.length / 2));
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(p));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }
}
