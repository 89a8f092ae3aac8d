package org.gconv4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixtures are the exact bytes numpy 2.4 writes ({@code np.lib.format.write_array}), base64-encoded. */
class NpyTest {
  /** np.arange(6, dtype='<f4').reshape(2, 3) / 4 */
  static final String F4_2x3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPgAAAD8AAEA/AACAPwAAoD8=";
  /** np.array([[1, 2], [3, 4]], dtype='<i4') written with version=(2, 0) */
  static final String I4_V2 = "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8aTQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAAAgAAAAMAAAAEAAAA";
  /** np.asfortranarray(np.arange(6, dtype='<f4').reshape(2, 3)) */
  static final String FORTRAN = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAABAQAAAgD8AAIBAAAAAQAAAoEA=";
  /** np.arange(3, dtype='>f4') */
  static final String BIG_ENDIAN = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAP4AAAEAAAAA=";
  /** np.array([0.1, -2.5, 1e300], dtype='<f8') */
  static final String F8 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqamZmZmZm5PwAAAAAAAATAnHUAiDzkN34=";
  /** np.array([-1, 2**40], dtype='<i8') */
  static final String I8 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr//////////wAAAAAAAQAA";
  /** np.array([[0, 255, 7]], dtype='u1') */
  static final String U1 = "k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoA/wc=";

  static byte[] b64(String s) {
    return Base64.getDecoder().decode(s);
  }

  static NpyArray read(byte[] bytes) throws IOException {
    return Npy.read(new ByteArrayInputStream(bytes), "fixture");
  }

  static byte[] write(NpyArray a) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.write(out, a);
    return out.toByteArray();
  }

  @Test
  void readsFloat32AndWritesTheSameBytesAsNumpy() throws IOException {
    NpyArray a = read(b64(F4_2x3));
    assertEquals(DType.FLOAT32, a.dtype());
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f}, a.toFloats());
    assertArrayEquals(b64(F4_2x3), write(a));
  }

  @Test
  void headerIsPaddedToA64ByteBoundaryEndingInNewline() throws IOException {
    for (int[] shape : new int[][] {{}, {0}, {7}, {2, 3}, {10, 1, 1, 3, 3}, {1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 3}, {1234567, 0}, {123, 1}}) {
      byte[] bytes = write(NpyArray.ofFloats(new float[(int) org.gconv4j.tensor.Tensor.size(shape)], shape));
      int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
      int dataStart = 10 + headerLen;
      assertEquals(0, dataStart % 64, "data offset for shape " + Arrays.toString(shape));
      assertEquals('\n', bytes[dataStart - 1]);
      assertEquals(1, bytes[6]);
      assertArrayEquals(shape, read(bytes).shape());
    }
  }

  @Test
  void readsEveryDtypeFromNumpyBytes() throws IOException {
    NpyArray v2 = read(b64(I4_V2));
    assertEquals(DType.INT32, v2.dtype());
    assertArrayEquals(new int[] {1, 2, 3, 4}, v2.toInts());
    assertArrayEquals(new int[] {2, 2}, v2.shape());

    NpyArray f8 = read(b64(F8));
    assertArrayEquals(new double[] {0.1, -2.5, 1e300}, f8.toDoubles());

    NpyArray i8 = read(b64(I8));
    assertEquals(-1.0, i8.getDouble(0));
    assertEquals(Math.pow(2, 40), i8.getDouble(1));
    assertArrayEquals(b64(I8), write(i8));

    NpyArray u1 = read(b64(U1));
    assertArrayEquals(new float[] {0, 255, 7}, u1.toFloats());
    assertArrayEquals(new int[] {0, 255, 7}, u1.toInts());
    assertArrayEquals(b64(U1), write(u1));
  }

  @Test
  void rejectsFortranOrderAndBigEndianWithAFix() {
    NpyFormatException f = assertThrows(NpyFormatException.class, () -> read(b64(FORTRAN)));
    assertTrue(f.getMessage().contains("Fortran order"), f.getMessage());
    assertTrue(f.getMessage().contains("ascontiguousarray"), f.getMessage());
    NpyFormatException b = assertThrows(NpyFormatException.class, () -> read(b64(BIG_ENDIAN)));
    assertTrue(b.getMessage().contains("big-endian"), b.getMessage());
  }

  @Test
  void rejectsBadMagicTruncationAndUnsupportedTypes() throws IOException {
    NpyFormatException magic = assertThrows(NpyFormatException.class,
        () -> read("PK\u0003\u0004 not npy".getBytes(StandardCharsets.ISO_8859_1)));
    assertTrue(magic.getMessage().contains("not a .npy file"), magic.getMessage());

    byte[] full = b64(F4_2x3);
    NpyFormatException cut = assertThrows(NpyFormatException.class, () -> read(Arrays.copyOf(full, full.length - 3)));
    assertTrue(cut.getMessage().contains("truncated") && cut.getMessage().contains("[2, 3]")
        && cut.getMessage().contains("24 data bytes, found 21"), cut.getMessage());

    NpyFormatException header = assertThrows(NpyFormatException.class, () -> read(Arrays.copyOf(full, 40)));
    assertTrue(header.getMessage().contains("truncated"), header.getMessage());

    byte[] complex = full.clone();
    byte[] descr = "'<c8'".getBytes(StandardCharsets.ISO_8859_1);
    int at = new String(full, StandardCharsets.ISO_8859_1).indexOf("'<f4'");
    System.arraycopy(descr, 0, complex, at, descr.length);
    NpyFormatException type = assertThrows(NpyFormatException.class, () -> read(complex));
    assertTrue(type.getMessage().contains("unsupported dtype '<c8'"), type.getMessage());
  }

  @Test
  void parsesHeadersFromOtherWriters() throws IOException {
    // keys in another order, no trailing comma, Python 2 long suffixes, version 3 (utf-8)
    String dict = "{'shape': (2L, 1L), 'fortran_order': False, 'descr': '<i8'}";
    byte[] text = (dict + "    \n").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(NpyHeader.MAGIC);
    out.write(new byte[] {3, 0, (byte) text.length, 0, 0, 0});
    out.write(text);
    out.write(new byte[] {5, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0});
    NpyArray a = read(out.toByteArray());
    assertArrayEquals(new int[] {2, 1}, a.shape());
    assertArrayEquals(new int[] {5, 6}, a.toInts());
  }

  @Test
  void roundTripsEveryDtypeThroughAFileLargerThanOneChunk(@TempDir Path dir) throws IOException {
    Random r = new Random(1);
    int n = 70_007; // 7 * 10001, several 64 KiB chunks, not a multiple of one
    float[] f = new float[n];
    double[] d = new double[n];
    int[] i = new int[n];
    long[] l = new long[n];
    byte[] u = new byte[n];
    for (int k = 0; k < n; k++) {
      f[k] = (float) r.nextGaussian();
      d[k] = r.nextGaussian();
      i[k] = r.nextInt();
      l[k] = r.nextLong();
      u[k] = (byte) r.nextInt(256);
    }
    NpyArray[] arrays = {NpyArray.ofFloats(f, 7, 10_001), NpyArray.ofDoubles(d, n),
        NpyArray.ofInts(i, n, 1), NpyArray.ofLongs(l, 1, n), NpyArray.ofUnsignedBytes(u, n)};
    for (NpyArray a : arrays) {
      Path p = dir.resolve(a.dtype().name() + ".npy");
      Npy.write(p, a);
      NpyArray back = Npy.read(p);
      assertEquals(a.dtype(), back.dtype());
      assertArrayEquals(a.shape(), back.shape());
      assertEquals(Npy.encodedSize(a), Files.size(p));
      for (int k = 0; k < n; k += 997) {
        assertEquals(a.getDouble(k), back.getDouble(k));
      }
      assertEquals(a.getDouble(n - 1), back.getDouble(n - 1));
    }
    assertArrayEquals(f, Npy.read(dir.resolve("FLOAT32.npy")).toFloats());
    assertArrayEquals(l, (long[]) Npy.read(dir.resolve("INT64.npy")).raw());
    try (var files = Files.list(dir)) {
      assertEquals(5, files.count(), "no temporary files left behind");
    }
  }
}
