package org.gconv4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @Test
  void readsPlainAndGzipFiles(@TempDir Path dir) throws IOException {
    byte[] data = new byte[2 * 3 * 4];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (250 + i);
    }
    byte[] plain = IdxFiles.ubyte(data, 2, 3, 4);
    Files.write(dir.resolve("a-idx3-ubyte"), plain);
    Files.write(dir.resolve("a-idx3-ubyte.gz"), IdxFiles.gzip(plain));
    for (String name : new String[] {"a-idx3-ubyte", "a-idx3-ubyte.gz"}) {
      Idx.Array a = Idx.read(dir.resolve(name));
      assertArrayEquals(new int[] {2, 3, 4}, a.dims());
      assertArrayEquals(data, a.data());
      assertEquals(250, a.data()[0] & 0xff);
      assertEquals(17, a.data()[23] & 0xff); // 273 mod 256, unsigned
    }
  }

  @Test
  void rejectsBadMagicOtherTypesAndTruncation() throws IOException {
    byte[] good = IdxFiles.ubyte(new byte[10], 10);
    IdxFormatException magic = assertThrows(IdxFormatException.class,
        () -> Idx.read(new ByteArrayInputStream("hello world".getBytes()), "x"));
    assertTrue(magic.getMessage().contains("not an IDX file"), magic.getMessage());

    byte[] ints = good.clone();
    ints[2] = 0x0C;
    IdxFormatException type = assertThrows(IdxFormatException.class,
        () -> Idx.read(new ByteArrayInputStream(ints), "x"));
    assertTrue(type.getMessage().contains("0xc"), type.getMessage());

    IdxFormatException cut = assertThrows(IdxFormatException.class,
        () -> Idx.read(new ByteArrayInputStream(Arrays.copyOf(good, good.length - 4)), "x"));
    assertTrue(cut.getMessage().contains("need 10 bytes of data, found 6"), cut.getMessage());

    IdxFormatException header = assertThrows(IdxFormatException.class,
        () -> Idx.read(new ByteArrayInputStream(Arrays.copyOf(good, 6)), "x"));
    assertTrue(header.getMessage().contains("truncated inside its header"), header.getMessage());

    IdxFormatException gzCut = assertThrows(IdxFormatException.class, () -> {
      byte[] gz = IdxFiles.gzip(IdxFiles.ubyte(new byte[1000], 1000));
      Idx.read(new ByteArrayInputStream(Arrays.copyOf(gz, gz.length - 10)), "x.gz");
    });
    assertTrue(gzCut.getMessage().contains("truncated"), gzCut.getMessage());
  }

  @Test
  void mnistFilesScalesPixelsAndChecksCounts(@TempDir Path dir) throws IOException {
    IdxFiles.writeMnistLike(dir, 7, 3, true);
    Dataset[] d = MnistFiles.find(dir).orElseThrow().load("m");
    assertEquals(7, d[0].size());
    assertEquals(3, d[1].size());
    assertEquals(4, d[0].height());
    assertEquals(37 / 255f, d[0].images()[1], 1e-7);
    assertEquals(6, d[0].label(6));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.ubyte(new byte[2], 2)));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistFiles.find(dir).orElseThrow().load("m"));
    assertTrue(e.getMessage().contains("do not match"), e.getMessage());
  }
}
