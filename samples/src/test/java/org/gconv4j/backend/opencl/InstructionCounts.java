package org.gconv4j.backend.opencl;

import com.aparapi.Kernel;
import java.util.Arrays;
import java.util.Random;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.PreparedConv;
import org.gconv4j.group.Group;
import org.gconv4j.nn.ConvSpec;
import org.gconv4j.samples.groups.OGroup;
import org.gconv4j.samples.groups.P4Group;
import org.gconv4j.samples.groups.P4MGroup;

/**
 * Measurement, not a test: one forward and backward pass of the reference, a lifting, a 3D and a P4M layer, and one
 * forward pass of each prototype kernel that carries the group ({@link FusedForwardSource}), for Oclgrind's
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
    // the prototype kernels that carry the group (FusedForwardSource): from F, F+ never formed
    layer(backend, "p4m", new P4MGroup(), false, 5, 5, side);
    for (FusedForwardSource.Spec s : FusedForwardSource.SPECS) {
      if (s.lifting()) {
        fused(backend, "lifting", s, 1, 10, side + 2);
      } else {
        boolean p4 = s.group().name().equals("P4");
        fused(backend, p4 ? "reference" : "p4m", s, p4 ? 10 : 5, p4 ? 10 : 5, side);
      }
    }
  }

  /** One pass of a generated kernel that carries the group, valid, batch 1, inC → outC channels. */
  private static void fused(OpenClBackend backend, String name, FusedForwardSource.Spec s, int inC, int outC, int side) {
    Kernel k = backend.launcher().prepare(SimulatedGpuRun.fusedKernel(s));
    ConvSpec spec = new ConvSpec(s.group(), inC, outC, s.kernelSize(), s.lifting(), 0, 1, new Random(1));
    ConvGeometry geo = spec.geometry(1, new int[] {side, side});
    Random rnd = new Random(2);
    float[] f = Reference.random(rnd, outC * inC * spec.inOrder() * spec.tables().cells());
    long macs = (long) geo.outputLength() * geo.inChannels() * geo.kernelCells();
    String tag = "@@ " + name + " fused-x" + s.tile() + " ";
    if (k instanceof FusedForwardKernel fk) {
      float[] x = Reference.random(rnd, geo.inputLength());
      float[] y = new float[geo.outputLength()];
      fk.bind(x, f, y, 1, inC, outC, side, side, 0);
      System.err.println(tag + "forward " + macs + " " + s.className());
      backend.launcher().launch(fk, fk.workItems(), new Object[] {x, f}, new float[][] {y});
    } else {
      FusedInputKernel ik = (FusedInputKernel) k;
      float[] gy = Reference.random(rnd, geo.outputLength());
      float[] gx = new float[geo.inputLength()];
      ik.bind(gy, f, gx, 1, inC, outC, side, side, 0);
      System.err.println(tag + "input " + macs + " " + s.className());
      backend.launcher().launch(ik, ik.workItems(), new Object[] {gy, f}, new float[][] {gx});
    }
    System.err.println("@@ end");
    k.dispose();
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
