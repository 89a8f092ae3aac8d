package org.gconv4j.backend.cpu;

import static org.gconv4j.backend.cpu.VectorKernels.GO;
import static org.gconv4j.backend.cpu.VectorKernels.OB;
import static org.gconv4j.backend.cpu.VectorKernels.ROWS;
import static org.gconv4j.backend.cpu.VectorKernels.TILE;
import static org.gconv4j.backend.cpu.VectorKernels.VL;

import org.gconv4j.backend.ConvGeometry;

/**
 * Chooses, per pass, between the extended-position path ({@link CpuCorrelation}: vectors over
 * positions) and the channel path ({@link ChannelCorrelation}: vectors over channels) by the
 * fraction of multiply-adds whose lanes hold wanted results on each. The extended path loses the
 * columns past the output width and the tile's rounding (and, for the input gradient, the zero
 * padding around the output gradient, less the taps its border tiles skip: {@link TapClasses}), the
 * channel path the channels past a multiple of {@link VectorKernels#CB}; it writes each output as a
 * scalar, which only pays when enough (channel, tap) entries feed it. The margins are measured: per
 * wanted lane, the channel path's products ran about 1.1-1.25× slower than the extended path's on the
 * P4CNN shapes, its weight gradient (no lane sums, no copies, rows in chunks that stay in L1)
 * faster.
 */
final class LaneUse {
  /** Forward and input gradient: the channel path must use this many times the extended path's lanes. */
  static final double MARGIN = 1.22;
  /**
   * The same for the weight gradient: with 8 or more floats per vector its channel path (rows in chunks that stay in
   * L1, no lane sums, no copies) ran 1.2× (AVX-512) to 1.6× (AVX2) faster per wanted lane than the extended path on
   * a 26² plane; with 4 (128-bit vectors) 1.5× slower, like the other passes there.
   */
  static final double WEIGHT_MARGIN = VL >= 8 ? 0.8 : MARGIN;
  /** The weight gradient's channel path keeps the output gradient transposed in a workspace: at most 64 MB. */
  static final long WEIGHT_ROWS_FLOATS = 1 << 24;
  /** Fewer (channel, tap) entries per output than this: the channel path's scalar writes dominate. */
  static final int MIN_ENTRIES = 64;

  private final ConvGeometry g;
  private final CorrelationPlan forward;

  LaneUse(ConvGeometry g, CorrelationPlan forward) {
    this.g = g;
    this.forward = forward;
  }

  boolean forwardByChannels() {
    double extended = (double) forward.outPlane() / (forward.out[0] * forward.pExt * TapClasses.workFraction(forward, TILE))
        * blockUse(g.outChannels(), OB);
    return better(channelUse(g.outChannels(), (long) g.batch() * forward.outPlane()), MARGIN * extended,
        g.inChannels() * forward.taps);
  }

  boolean inputByChannels() {
    CorrelationPlan input = CorrelationPlan.backwardInput(g, TILE);
    // the extended path computes the live taps (TapClasses) of every extended position; the wanted ones are the forward's
    double extended = (double) forward.outPlane() / (input.out[0] * input.pExt * TapClasses.workFraction(input, TILE))
        * blockUse(g.inChannels(), OB);
    return g.kernelSize() < Long.SIZE // the channel path keeps an axis's reaching taps in a long
        && better(channelUse(g.inChannels(), (long) g.batch() * input.outPlane()), MARGIN * extended,
            g.outChannels() * input.taps);
  }

  boolean weightsByChannels() {
    int steps = (forward.pUsed + VL - 1) / VL;
    double extended = (double) forward.outPlane() / (forward.out[0] * steps * VL) * blockUse(g.outChannels(), GO);
    int entries = g.inChannels() * forward.taps;
    long transposed = (long) g.batch() * forward.outPlane() * VectorKernels.CB * ((g.outChannels() + VectorKernels.CB - 1) / VectorKernels.CB);
    return transposed <= WEIGHT_ROWS_FLOATS
        && better(ChannelCorrelation.channelEfficiency(g.outChannels()) * blockUse(entries, ROWS), WEIGHT_MARGIN * extended, entries);
  }

  private static boolean better(double channels, double extended, int entries) {
    return entries >= MIN_ENTRIES && channels > extended;
  }

  private static double channelUse(int channels, long rows) {
    return ChannelCorrelation.channelEfficiency(channels) * blockUse(rows, ROWS);
  }

  /** n / (block · ⌈n / block⌉). */
  private static double blockUse(long n, int block) {
    return (double) n / (block * ((n + block - 1) / block));
  }
}
