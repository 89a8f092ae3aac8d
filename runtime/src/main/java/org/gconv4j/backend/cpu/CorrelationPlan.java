package org.gconv4j.backend.cpu;

import static org.gconv4j.backend.cpu.VectorKernels.SPECIES;
import static org.gconv4j.backend.cpu.VectorKernels.VL;

import jdk.incubator.vector.FloatVector;
import org.gconv4j.backend.ConvGeometry;

/**
 * How one image of a correlation is laid out in a scratch buffer so that every kernel tap becomes
 * a contiguous vector load (always with 3 axes; a 2D problem has depth 1).
 *
 * <p>A source element at coordinate c (per axis) lands at buffer coordinate b = c·mul + add (the
 * zero padding, or the dilation of a strided gradient). The buffer is split into {@code phase}
 * interleaved sub-grids per axis ("phases"): coordinate b lives in phase b % phase at index
 * b / phase. Output position o with tap k then reads buffer coordinate o·phase + k, which is phase
 * k % phase at index o + k / phase: for a fixed tap, consecutive outputs read consecutive floats.
 * Rows are flattened with the buffer's row length, so a run of outputs spans rows; the columns
 * past the output's width ("extended positions") are computed and thrown away.
 */
final class CorrelationPlan {
  final int channels;
  final int[] src;
  private final int[] mul;
  private final int[] add;
  private final int[] phase;
  private final int[] extent;
  final int[] q;
  final int[] out;
  final int taps;
  final int[] tapOff;
  /** Elements per phase sub-grid. */
  final int planeQ;
  /** Buffer offset between consecutive output depths. */
  final int rowQ;
  final int chStride;
  /** Extended positions per output depth slice: (outH − 1)·qW + outW rounded up to the tile. */
  final int pExt;
  /** Extended positions per output depth slice that hold outputs: (outH − 1)·qW + outW. */
  final int pUsed;
  private final int maxTapOff;

  private CorrelationPlan(int channels, int[] src, int[] mul, int[] add, int[] phase, int[] extent, int[] kernel, int[] out, int tile) {
    this.channels = channels;
    this.src = src;
    this.mul = mul;
    this.add = add;
    this.phase = phase;
    this.extent = extent;
    this.out = out;
    q = new int[3];
    for (int a = 0; a < 3; a++) {
      q[a] = (extent[a] + phase[a] - 1) / phase[a];
    }
    planeQ = q[0] * q[1] * q[2];
    rowQ = q[1] * q[2];
    chStride = phase[0] * phase[1] * phase[2] * planeQ;
    taps = kernel[0] * kernel[1] * kernel[2];
    tapOff = new int[taps];
    int t = 0;
    int max = 0;
    for (int kd = 0; kd < kernel[0]; kd++) {
      for (int kh = 0; kh < kernel[1]; kh++) {
        for (int kw = 0; kw < kernel[2]; kw++) {
          int ph = ((kd % phase[0]) * phase[1] + kh % phase[1]) * phase[2] + kw % phase[2];
          int off = ph * planeQ + (kd / phase[0]) * rowQ + (kh / phase[1]) * q[2] + kw / phase[2];
          tapOff[t++] = off;
          max = Math.max(max, off);
        }
      }
    }
    maxTapOff = max;
    int p = (out[1] - 1) * q[2] + out[2];
    pUsed = p;
    pExt = (p + tile - 1) / tile * tile;
  }

  /** The forward correlation: the buffer holds the zero-padded input x, read with the stride. */
  static CorrelationPlan forward(ConvGeometry g, int tile) {
    boolean is3d = g.dims() == 3;
    int k = g.kernelSize();
    int pad = g.padding();
    int s = g.stride();
    int[] src = axes3(g.inSize());
    int[] out = axes3(g.outSize());
    int[] extent = new int[3];
    for (int a = 0; a < 3; a++) {
      extent[a] = src[a] + 2 * padOn(a, is3d, pad);
    }
    return new CorrelationPlan(g.inChannels(), src, new int[] {1, 1, 1},
        new int[] {padOn(0, is3d, pad), pad, pad}, new int[] {is3d ? s : 1, s, s}, extent,
        new int[] {is3d ? k : 1, k, k}, out, tile);
  }

  /**
   * The input gradient as a stride-1 correlation: the buffer holds gradY dilated by the stride and
   * shifted by k − 1 − padding; correlating it with the flipped, transposed filters gives gradX.
   */
  static CorrelationPlan backwardInput(ConvGeometry g, int tile) {
    boolean is3d = g.dims() == 3;
    int k = g.kernelSize();
    int s = g.stride();
    int[] src = axes3(g.outSize());
    int[] out = axes3(g.inSize());
    int[] extent = new int[3];
    int[] add = new int[3];
    int[] mul = {is3d ? s : 1, s, s};
    for (int a = 0; a < 3; a++) {
      int ka = (a == 0 && !is3d) ? 1 : k;
      extent[a] = out[a] + ka - 1;
      add[a] = ka - 1 - padOn(a, is3d, g.padding());
    }
    if (s == 1 && g.padding() == 0) {
      // Rows as long as gradX's: a tap past a row's end reads the next row's k − 1 leading zeros, which
      // pad both sides, so the extended positions are gradX's own (26² inputs: 676 instead of 26·28 − 2).
      extent[2] = out[2];
    }
    return new CorrelationPlan(g.outChannels(), src, mul, add, new int[] {1, 1, 1}, extent,
        new int[] {is3d ? k : 1, k, k}, out, tile);
  }

  private static int padOn(int axis, boolean is3d, int pad) {
    return axis == 0 && !is3d ? 0 : pad;
  }

  private static int[] axes3(int[] sizes) {
    return sizes.length == 3 ? sizes.clone() : new int[] {1, sizes[0], sizes[1]};
  }

  /** Buffer length for {@code count} channels, including the slack the last tile reads past. */
  int imageLength(int count) {
    return Math.max(count * chStride, (count - 1) * chStride + maxTapOff + (out[0] - 1) * rowQ + pExt);
  }

  /**
   * True when the buffer layout of a channel is the source's own (no padding, stride 1, no
   * dilation): kernels may then read the source array in place wherever {@link #imageLength} floats
   * from the image's start stay inside it.
   */
  boolean sourceIsBuffer() {
    for (int a = 0; a < 3; a++) {
      if (mul[a] != 1 || add[a] != 0 || phase[a] != 1 || extent[a] != src[a]) {
        return false;
      }
    }
    return true;
  }

  int srcPlane() {
    return src[0] * src[1] * src[2];
  }

  int outPlane() {
    return out[0] * out[1] * out[2];
  }

  /**
   * Writes source channels [c0, c1) of one image (starting at {@code srcBase}) into {@code buf}
   * from {@code bufBase} (local channel c − c0). The buffer's other entries must already be zero.
   */
  void fill(float[] source, int srcBase, int c0, int c1, float[] buf, int bufBase) {
    int plane = srcPlane();
    boolean contiguous = mul[2] == 1 && phase[2] == 1;
    int colLo = 0;
    int colHi = src[2];
    if (contiguous) {
      colLo = Math.max(0, -add[2]);
      colHi = Math.min(src[2], extent[2] - add[2]);
    }
    for (int c = c0; c < c1; c++) {
      int sc = srcBase + c * plane;
      int bc = bufBase + (c - c0) * chStride;
      for (int z = 0; z < src[0]; z++) {
        int bz = z * mul[0] + add[0];
        if (bz < 0 || bz >= extent[0]) {
          continue;
        }
        for (int r = 0; r < src[1]; r++) {
          int br = r * mul[1] + add[1];
          if (br < 0 || br >= extent[1]) {
            continue;
          }
          int rowSrc = sc + (z * src[1] + r) * src[2];
          int rowPhase = ((bz % phase[0]) * phase[1] + br % phase[1]) * phase[2];
          int rowBase = bc + (bz / phase[0]) * rowQ + (br / phase[1]) * q[2];
          if (contiguous) {
            if (colHi > colLo) {
              System.arraycopy(source, rowSrc + colLo, buf, rowBase + rowPhase * planeQ + colLo + add[2], colHi - colLo);
            }
            continue;
          }
          for (int col = 0; col < src[2]; col++) {
            int bcol = col * mul[2] + add[2];
            if (bcol < 0 || bcol >= extent[2]) {
              continue;
            }
            buf[rowBase + (rowPhase + bcol % phase[2]) * planeQ + bcol / phase[2]] = source[rowSrc + col];
          }
        }
      }
    }
  }

  /**
   * Copies extended outputs ext[j][od][oh·qW + ow] of channels [o0, o0 + count) into y. Rows go with whole
   * vectors: a row's copy runs up to VL − 1 floats into the next row, which the next copy overwrites; the
   * rows whose overrun would leave the block's part of y (or read past ext) use arraycopy.
   */
  void extract(float[] ext, int count, float[] y, int yBase, int o0) {
    int plane = outPlane();
    int w = out[2];
    int whole = (w + VL - 1) / VL * VL;
    int dst = yBase + o0 * plane;
    int end = dst + count * plane;
    for (int j = 0; j < count; j++) {
      for (int od = 0; od < out[0]; od++) {
        int e = (j * out[0] + od) * pExt;
        for (int oh = 0; oh < out[1]; oh++) {
          int src = e + oh * q[2];
          if (dst + whole <= end && src + whole <= ext.length) {
            for (int v = 0; v < whole; v += VL) {
              FloatVector.fromArray(SPECIES, ext, src + v).intoArray(y, dst + v);
            }
          } else {
            System.arraycopy(ext, src, y, dst, w);
          }
          dst += w;
        }
      }
    }
  }

  /**
   * The inverse of {@link #extract} for a gradient: channel j of [o0, o0 + count) goes to
   * ext[extBase + j·channelStride + od·depthStride + oh·qW + ow]; the extended positions stay untouched (0).
   */
  void extend(float[] y, int yBase, int o0, int count, float[] ext, int extBase, int channelStride, int depthStride) {
    int plane = outPlane();
    for (int j = 0; j < count; j++) {
      int srcPos = yBase + (o0 + j) * plane;
      for (int od = 0; od < out[0]; od++) {
        int e = extBase + j * channelStride + od * depthStride;
        for (int oh = 0; oh < out[1]; oh++) {
          System.arraycopy(y, srcPos, ext, e + oh * q[2], out[2]);
          srcPos += out[2];
        }
      }
    }
  }
}
