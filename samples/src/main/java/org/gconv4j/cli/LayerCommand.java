package org.gconv4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.gconv4j.backend.Backends;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupRegistry;
import org.gconv4j.internal.Checks;
import org.gconv4j.io.DType;
import org.gconv4j.io.Npy;
import org.gconv4j.io.NpyArray;
import org.gconv4j.io.OutputGuard;
import org.gconv4j.nn.GroupConv;
import org.gconv4j.tensor.Tensor;

/**
 * {@code ./gconv4j layer --group GROUP --weights W.npy --input X.npy --output Y.npy [--bias B.npy]
 * [--backend opencl|cpu|auto]} (CONVENTIONS §7): one G-correlation (valid, stride 1) of arrays in
 * {@code .npy} files, run by {@link GroupConv} on the chosen backend, so that other tools (NumPy,
 * GrouPy) can check gconv4j's layers entry for entry.
 *
 * <p>dtype: float32 ({@code <f4}) is what the layer computes in; float64 ({@code <f8}, NumPy's
 * default) is accepted and rounded to float32 with a note; any other dtype is an error.
 */
final class LayerCommand implements Command {
  static final List<String> BACKENDS = List.of("auto", "cpu", "opencl");

  @Override
  public String name() {
    return "layer";
  }

  @Override
  public String summary() {
    return "apply one G-correlation to .npy arrays (Python interop)";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: ./gconv4j layer --group GROUP --weights W.npy --input X.npy --output Y.npy [--bias B.npy]",
        "                       [--backend opencl|cpu|auto]",
        "  one G-correlation, valid (no padding), stride 1 (CONVENTIONS §4, §5, §7):",
        "  --group GROUP    a @GroupSpec class's simple or fully qualified name (e.g. P4, P4M, P6, O)",
        "  --weights W.npy  filters [C_out, C_in, S_in, n, n] (3D groups: n, n, n); S_in = 1 lifts, S_in = S",
        "                   is group-to-group; n must be one of the group's filter sizes (./gconv4j inspect)",
        "  --input X.npy    [N, C_in, H, W] (lifting) or [N, C_in, S, H, W] (group-to-group); 3D groups add",
        "                   the depth axis D before H. X's rank decides which layer it is",
        "  --output Y.npy   written as <f4 [N, C_out, S, H-n+1, W-n+1]",
        "  --bias B.npy     [C_out], one value per output G-feature map (default: no bias)",
        "  --backend        auto (default: OpenCL on a GPU/accelerator, else the CPU backend), cpu, opencl",
        "Arrays are float32 (<f4); float64 (<f8) is rounded to float32 with a note. On the hexagonal",
        "lattice, W entries outside the hexagonal support are ignored (a note counts the nonzero ones).",
        "Prints the layer, the backend and device it ran on, and Y's shape.");
  }

  @Override
  public int run(List<String> args, PrintStream out) throws IOException {
    Args a = Args.parse(args, Set.of("group", "weights", "input", "output", "bias", "backend"), Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException("layer takes no positional arguments; got " + a.positional());
    }
    String groupName = a.require("group");
    Path weightsFile = Path.of(a.require("weights"));
    Path inputFile = Path.of(a.require("input"));
    Path outputFile = Outputs.file("output", a.require("output"));
    Path biasFile = a.has("bias") ? Path.of(a.get("bias", "")) : null;
    String backendName = a.get("backend", "auto");
    if (!BACKENDS.contains(backendName)) {
      throw new UsageException("--backend must be one of " + BACKENDS + "; got '" + backendName + "'");
    }
    java.util.Map<String, Path> inputs = new java.util.LinkedHashMap<>();
    inputs.put("--weights", weightsFile);
    inputs.put("--input", inputFile);
    inputs.put("--bias", biasFile);
    Outputs.check(java.util.Map.of("--output", outputFile), inputs);
    Path parent = outputFile.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) { // layer writes into an existing folder only
      throw Checks.argument("layer", "--output " + outputFile + ": the folder " + parent
          + " does not exist. Create it first (mkdir -p)");
    }

    Group group = GroupRegistry.load().find(groupName);
    NpyArray w = read("weights", "W", weightsFile, out);
    NpyArray x = read("input", "X", inputFile, out);
    NpyArray b = biasFile == null ? null : read("bias", "B", biasFile, out);
    LayerPlan plan = LayerPlan.of(group, w.shape(), x.shape(), b == null ? null : b.shape());
    org.gconv4j.internal.MemoryBudget.require(plan.outputBytes(), "the output Y " + Arrays.toString(plan.outputShape()),
        "Split X along its batch axis N and run the layer per part");
    float[] weights = w.toFloats();
    int outside = LayerPlan.nonzeroOutsideSupport(weights, group.tables(plan.kernelSize()));
    if (outside > 0) {
      out.println("layer: note: " + outside + " nonzero W value" + (outside == 1 ? " lies" : "s lie") + " outside " + group.name()
          + "'s filter support (n = " + plan.kernelSize() + ", ./gconv4j inspect " + group.name() + " --kernel-size "
          + plan.kernelSize() + " shows it); ignored");
    }

    Tensor y;
    try (ConvBackend backend = createBackend(backendName)) {
      out.println("layer: " + plan.describe() + " on " + backend.name() + " (" + backend.device() + ")");
      out.flush();
      GroupConv conv = new GroupConv(plan.spec(), backend);
      float[] weight = conv.weight().value().data();
      System.arraycopy(weights, 0, weight, 0, weight.length);
      if (b != null) {
        System.arraycopy(b.toFloats(), 0, conv.bias().value().data(), 0, plan.outChannels());
      }
      y = conv.forward(Tensor.of(x.toFloats(), x.shape()), false);
    }
    if (!Arrays.equals(y.shape(), plan.outputShape())) {
      throw Checks.state("layer", "GroupConv returned " + y.shapeString() + " but the valid correlation of X "
          + Arrays.toString(x.shape()) + " gives " + Arrays.toString(plan.outputShape()) + ". Report this as a bug");
    }
    OutputGuard.write("--output", outputFile, inputs, o -> Npy.write(o, NpyArray.of(y)));
    out.println("layer: wrote " + outputFile + ": Y " + y.shapeString() + " " + DType.FLOAT32.descr());
    return 0;
  }

  private static ConvBackend createBackend(String name) {
    try {
      return Backends.create(name);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** Reads one array, with the option name in every error; float64 becomes float32 (with a note). */
  private static NpyArray read(String option, String symbol, Path file, PrintStream out) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw Checks.argument("layer", "--" + option + " " + file + ": " + (Files.exists(file) ? "not a regular file"
          : "no such file") + ". Save " + symbol + " with numpy.save('" + file.getFileName() + "', " + symbol + ".astype('<f4'))");
    }
    NpyArray array;
    try {
      array = Npy.read(file);
    } catch (IOException e) {
      throw new IOException("[layer] --" + option + " " + file + ": " + Main.message(e), e);
    }
    if (array.dtype() == DType.FLOAT64) {
      out.println("layer: note: " + symbol + " (" + file.getFileName() + ") is <f8; rounded to float32, the layer's precision");
      return NpyArray.ofFloats(array.toFloats(), array.shape());
    }
    if (array.dtype() != DType.FLOAT32) {
      throw Checks.argument("layer", symbol + " (" + file + ") has dtype " + array.dtype().descr()
          + " " + array.shapeString() + "; the layer takes float32 <f4 (or <f8). Save it as "
          + symbol + ".astype('<f4')");
    }
    return array;
  }
}
