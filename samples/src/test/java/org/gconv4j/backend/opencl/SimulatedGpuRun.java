package org.gconv4j.backend.opencl;

import static org.gconv4j.backend.ReferenceCorrelation.toDouble;
import static org.gconv4j.backend.opencl.Reference.abs;
import static org.gconv4j.backend.opencl.Reference.random;

import com.aparapi.Kernel;
import com.aparapi.device.Device;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.gconv4j.backend.Backends;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.ConvGeometry;
import org.gconv4j.backend.PreparedConv;
import org.gconv4j.backend.ReferenceCorrelation;
import org.gconv4j.backend.cpu.CpuBackend;
import org.gconv4j.group.Group;
import org.gconv4j.nn.ConvSpec;
import org.gconv4j.nn.Model;
import org.gconv4j.nn.Parameter;
import org.gconv4j.nn.Sequential;
import org.gconv4j.samples.groups.OGroup;
import org.gconv4j.samples.groups.P4Group;
import org.gconv4j.samples.groups.P4MGroup;
import org.gconv4j.samples.groups.P6Group;
import org.gconv4j.tensor.Tensor;
import org.gconv4j.train.LossFunction;
import org.gconv4j.train.Sgd;
import org.gconv4j.internal.TrainStep;

/**
 * What {@link SimulatedGpuTest} runs in a JVM of its own on Oclgrind's simulated GPU (the environment that selects
 * the simulator can only be set when a process starts). Prints {@code ok <check>} per check passed; a failed check
 * throws (exit status 1). Oclgrind writes its diagnostics to this process's stderr, which the test reads.
 *
 * <p>{@code checks}: auto picks the simulated device as a GPU; every pass of a lifting and a group layer of P4, P4M,
 * P6 and O through {@link PreparedConv} against the double reference; two training steps of a small P4CNN (batch
 * 4) against the CPU backend. {@code out-of-bounds}: the negative control, a kernel reading one element past its
 * buffer (Oclgrind must report it). {@code fused}: the prototype kernels that carry the group
 * ({@link FusedInputSource}) against the double reference.
 */
public final class SimulatedGpuRun {
  private SimulatedGpuRun() {}

  public static void main(String[] args) {
    switch (args[0]) {
      case "checks" -> {
        OpenClBackend backend = auto();
        for (Group g : List.of(new P4Group(), new P4MGroup(), new P6Group(), new OGroup())) {
          for (boolean lifting : new boolean[] {true, false}) {
            layerPasses(backend, g, lifting);
          }
        }
        training(backend);
      }
      case "out-of-bounds" -> outOfBounds();
      case "fused" -> fused();
      default -> throw new IllegalArgumentException("checks, out-of-bounds or fused; got " + args[0]);
    }
    System.out.flush();
  }

  /**
   * The device the checks run on, printed as {@code ok device <description>}. By default (the simulated GPU) and
   * with {@code -Dgconv4j.check.device=gpu} ({@code scripts/gpu-check.sh}): {@code --backend auto}, which must choose
   * OpenCL on a GPU or accelerator (Oclgrind's, by default); {@code any}: the OpenCL backend on its best device.
   */
  private static OpenClBackend auto() {
    String check = System.getProperty("gconv4j.check.device", "simulated");
    if (check.equals("any")) {
      OpenClBackend o = new OpenClBackend();
      System.out.println("ok device " + o.device());
      return o;
    }
    ConvBackend b = Backends.create("auto");
    if (!(b instanceof OpenClBackend o)) {
      throw new AssertionError("auto chose " + b.device() + ", not OpenCL on a GPU");
    }
    Device.TYPE type = o.openClDevice().getType();
    boolean gpu = check.equals("gpu") ? type == Device.TYPE.GPU
        : (type == Device.TYPE.GPU || type == Device.TYPE.ACC) && o.device().contains("Oclgrind");
    if (!gpu) {
      throw new AssertionError("auto chose " + o.device() + "; expected " + (check.equals("gpu") ? "a GPU" : "Oclgrind's simulated GPU"));
    }
    System.out.println("ok device " + o.device());
    return o;
  }

  /** Filter transform, forward, input gradient, weight gradient and the transform's gradient of one small layer. */
  private static void layerPasses(OpenClBackend backend, Group g, boolean lifting) {
    int inC = 2;
    int outC = 2;
    int side = g.dimension() == 3 ? 4 : 6;
    ConvSpec spec = new ConvSpec(g, inC, outC, 3, lifting, 1, 1, new Random(1));
    PreparedConv prepared = backend.prepare(spec);
    int[] shape = new int[2 + (lifting ? 0 : 1) + g.dimension()];
    shape[0] = 1;
    shape[1] = inC;
    Arrays.fill(shape, 2, shape.length, side);
    if (!lifting) {
      shape[2] = g.order();
    }
    Random rnd = new Random(g.name().hashCode() + (lifting ? 1 : 0));
    float[] f = random(rnd, (int) Arrays.stream(spec.filterShape()).asLongStream().reduce(1, (a, b) -> a * b));
    ConvGeometry geo = prepared.geometry(shape);
    float[] x = random(rnd, geo.inputLength());
    float[] y = new float[geo.outputLength()];
    prepared.forward(f, x, shape, y);
    int[] table = spec.table();
    int block = spec.inOrder() * spec.tables().cells();
    double[] fPlus = Reference.transform(toDouble(f), outC, inC, table, g.order(), block);
    double[] fPlusAbs = Reference.transform(abs(f), outC, inC, table, g.order(), block);
    String what = g.name() + (lifting ? " lifting " : " group ") + geo;
    Close.assertClose("filter transform " + what, fPlus, fPlusAbs, prepared.expandedBank());
    Close.assertClose("forward " + what, ReferenceCorrelation.correlate(geo, toDouble(x), fPlus),
        ReferenceCorrelation.correlate(geo, abs(x), fPlusAbs), y);
    float[] gy = random(rnd, y.length);
    float[] gradF = new float[f.length];
    float[] gradX = new float[x.length];
    prepared.backward(x, gy, gradF, gradX);
    Close.assertClose("input gradient " + what, ReferenceCorrelation.backwardInput(geo, toDouble(gy), fPlus),
        ReferenceCorrelation.backwardInput(geo, abs(gy), fPlusAbs), gradX);
    Close.assertClose("filter gradient " + what,
        Reference.transformBackward(ReferenceCorrelation.backwardWeights(geo, toDouble(x), toDouble(gy)), outC, inC, table,
            g.order(), block),
        Reference.transformBackward(ReferenceCorrelation.backwardWeights(geo, abs(x), abs(gy)), outC, inC, table, g.order(),
            block),
        gradF);
    // the forward pass of a 2D layer runs the kernel the processor generated for the group (P4, P4M, P6: lifting and
    // group layers, n = 3); 3D groups run the generic kernels
    boolean generated = ((OpenClPreparedConv) prepared).lastForwardGenerated();
    check(generated == (g.dimension() == 2), what + ": forward ran " + prepared.kernels());
    prepared.close();
    System.out.println("ok passes " + what + " on " + prepared.kernels());
  }

  /** A small P4CNN (three 3×3 P4 layers, 2×2 max-pool, a 4×4 layer, coset max-pool), batch 4, two SGD steps. */
  private static void training(OpenClBackend backend) {
    float[][] onOpenCl = trainTwoSteps(backend);
    float[][] onCpu;
    try (CpuBackend cpu = new CpuBackend(1)) {
      onCpu = trainTwoSteps(cpu);
    }
    double worst = 0;
    String where = "";
    for (int p = 0; p < onCpu.length; p++) {
      double scale = 0;
      for (float v : onCpu[p]) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int i = 0; i < onCpu[p].length; i++) {
        // relative to the tensor's largest entry; a G-correlation's bias before batch norm has gradient 0 and stays at
        // rounding noise (1e-8): scales below 1e-3 count as 1e-3
        double err = Math.abs(onOpenCl[p][i] - onCpu[p][i]) / Math.max(scale, 1e-3);
        if (err > worst) {
          worst = err;
          where = (p == 0 ? "loss " : "parameter " + (p - 1) + " (of " + onCpu[p].length + " entries, largest " + scale + ") entry ")
              + i + ": " + onOpenCl[p][i] + " vs " + onCpu[p][i];
        }
      }
    }
    if (worst > 1e-4) {
      throw new AssertionError("P4CNN after two steps: OpenCL differs from the CPU backend by " + worst + " (relative; limit 1e-4) at " + where);
    }
    System.out.println("ok training p4cnn-small batch 4, 2 steps: losses and parameters within " + worst + " of the CPU backend");
  }

  /** The losses of both steps (entry 0) and every parameter after them. */
  private static float[][] trainTwoSteps(ConvBackend backend) {
    Group p4 = new P4Group();
    Sequential model = Model.builder(1, 16, 16).backend(backend).seed(3)
        .groupConv(p4, 4, 3).batchNorm().relu()
        .groupConv(p4, 4, 3).batchNorm().relu().maxPool(2)
        .groupConv(p4, 4, 3).batchNorm().relu()
        .groupConv(p4, 10, 4).cosetMaxPool().flatten().build();
    TrainStep step = new TrainStep(model, LossFunction.softmaxCrossEntropy(), new Sgd(model.parameters(), 0.05));
    Random rnd = new Random(5);
    float[] losses = new float[2];
    for (int s = 0; s < 2; s++) {
      Tensor images = Tensor.of(random(rnd, 4 * 16 * 16), 4, 1, 16, 16);
      losses[s] = (float) step.run(images, new int[] {s, 3, 7, 9});
    }
    List<Parameter> params = model.parameters();
    float[][] out = new float[params.size() + 1][];
    out[0] = losses;
    for (int p = 0; p < params.size(); p++) {
      out[p + 1] = params.get(p).value().data().clone();
    }
    return out;
  }

  private static void outOfBounds() {
    OpenClBackend backend = new OpenClBackend(new OpenClBackend.Options(false, null));
    ReadsPastTheEndKernel k = backend.launcher().prepare(new ReadsPastTheEndKernel());
    k.in = new float[64];
    k.out = new float[64];
    backend.launcher().launch(k, 64, new Object[] {k.in}, new float[][] {k.out});
    System.out.println("ok out-of-bounds launched on " + backend.device());
  }

  /**
   * The prototype kernels that carry the group ({@link FusedInputSource#SPECS}): the input gradient from F and gradY
   * against the double reference (F+ by the table, then the planar correlation's input gradient), valid and with zero
   * padding 1, batch 2.
   */
  private static void fused() {
    OpenClBackend backend = new OpenClBackend(new OpenClBackend.Options(false, null));
    for (FusedInputSource.Spec s : FusedInputSource.SPECS) {
      for (int pad : new int[] {0, 1}) {
        Kernel k = backend.launcher().prepare(fusedKernel(s));
        Group g = s.group();
        int inC = 2;
        int outC = 3;
        int side = 7;
        ConvSpec spec = new ConvSpec(g, inC, outC, s.kernelSize(), s.lifting(), pad, 1, new Random(1));
        ConvGeometry geo = spec.geometry(2, new int[] {side, side});
        Random rnd = new Random(g.name().hashCode() + pad);
        int block = spec.inOrder() * spec.tables().cells();
        float[] f = random(rnd, outC * inC * block);
        double[] fPlus = Reference.transform(toDouble(f), outC, inC, spec.table(), g.order(), block);
        double[] fPlusAbs = Reference.transform(abs(f), outC, inC, spec.table(), g.order(), block);
        String what = s.className() + " " + geo;
        FusedInputKernel ik = (FusedInputKernel) k;
        check(ik.inOrder() == spec.inOrder(), s.className() + ": S_in " + ik.inOrder() + ", the spec's " + spec.inOrder());
        float[] gy = random(rnd, geo.outputLength());
        float[] gx = new float[geo.inputLength()];
        ik.bind(gy, f, gx, 2, inC, outC, side, side, pad);
        backend.launcher().launch(ik, ik.workItems(), new Object[] {gy, f}, new float[][] {gx});
        Close.assertClose("fused input gradient " + what, ReferenceCorrelation.backwardInput(geo, toDouble(gy), fPlus),
            ReferenceCorrelation.backwardInput(geo, abs(gy), fPlusAbs), gx);
        check(backend.launcher().provenLaunches(k.getClass()) >= 1, s.className() + " did not run on " + backend.device());
        k.dispose();
        System.out.println("ok fused " + what + " on " + backend.device());
      }
    }
    System.out.println("compile ms " + backend.launcher().compileMillis());
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  static Kernel fusedKernel(FusedInputSource.Spec s) {
    try {
      return (Kernel) Class.forName(FusedInputKernel.class.getPackageName() + "." + s.className())
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("generated kernel " + s.className() + " missing: run FusedInputSource", e);
    }
  }
}
