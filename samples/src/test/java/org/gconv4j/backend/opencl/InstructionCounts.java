package org.gconv4j.backend.opencl;

import java.util.Arrays;
import java.util.Random;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.PreparedConv;
import org.gconv4j.group.Group;
import org.gconv4j.nn.ConvSpec;
import org.gconv4j.samples.groups.OGroup;
import org.gconv4j.samples.groups.P4Group;

/**
 * Measurement, not a test: one forward and backward pass of the reference, a lifting and a 3D layer, for Oclgrind's
 * instruction counter. Run on the simulator with {@code OCLGRIND_INST_COUNTS=1} (see
 * docs/notes/opencl-instruction-counts.md); between the passes it prints {@code @@ <layer> <kernels> <pass> <MACs>} on
 * stderr, where the counter prints each launch's counts. {@code scripts/instruction-counts.sh} runs it and tabulates.
 */
public final class InstructionCounts {
  private InstructionCounts() {}

  public static void main(String[] args) {
    int side = args.length > 0 ? Integer.parseInt(args[0]) : 12;
    OpenClBackend backend = new OpenClBackend(new OpenClBackend.Options(false, null));
    layer(backend, "reference", new P4Group(), false, 10, 10, side);
    layer(backend, "lifting", new P4Group(), true, 1, 10, side + 2);
    layer(backend, "o", new OGroup(), false, 2, 2, Math.max(4, side / 2));
  }

  private static void layer(OpenClBackend backend, String name, Group g, boolean lifting, int inC, int outC, int side) {
    ConvSpec spec = new ConvSpec(g, inC, outC, 3, lifting, 0, 1, new Random(1));
    PreparedConv p = backend.prepare(spec);
    int[] shape = new int[2 + (lifting ? 0 : 1) + g.dimension()];
    Arrays.fill(shape, side);
    shape[0] = 1;
    shape[1] = inC;
    if (!lifting) {
      shape[2] = g.order();
    }
    ConvGeometry geo = p.geometry(shape);
    Random rnd = new Random(2);
    float[] f = Reference.random(rnd, outC * inC * spec.inOrder() * spec.tables().cells());
    float[] x = Reference.random(rnd, geo.inputLength());
    float[] y = new float[geo.outputLength()];
    float[] gy = Reference.random(rnd, y.length);
    long macs = (long) geo.outputLength() * geo.inChannels() * geo.kernelCells();
    String tag = "@@ " + name + " generic ";
    System.err.println(tag + "forward " + macs + " " + p.kernels());
    p.forward(f, x, shape, y);
    System.err.println(tag + "weights " + macs);
    p.backwardFilters(x, gy, new float[f.length]);
    System.err.println(tag + "input " + macs);
    p.backwardInput(gy, new float[x.length]);
    System.err.println("@@ end");
    p.close();
  }
}
