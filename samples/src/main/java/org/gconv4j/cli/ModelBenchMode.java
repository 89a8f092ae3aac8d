package org.gconv4j.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.gconv4j.backend.cpu.CpuBackend;
import org.gconv4j.bench.ModelBench;
import org.gconv4j.nn.Sequential;
import org.gconv4j.samples.models.PaperModels;
import org.gconv4j.samples.models.VolumeModels;

/**
 * {@code ./gconv4j bench --model p4cnn|z2cnn|p4cnn-rp|p4mcnn|o-cnn3d|oh-cnn3d|z3-cnn3d [--batch-size B]
 * [--backend cpu|opencl|auto]}:
 * the whole network on a synthetic batch ({@link ModelBench}).
 */
final class ModelBenchMode {
  static final List<String> USAGE = List.of(
      "   or: ./gconv4j bench --model p4cnn|z2cnn|p4cnn-rp|p4mcnn|o-cnn3d|oh-cnn3d|z3-cnn3d [--batch-size B]",
      "                       [--backend cpu|opencl|auto]",
      "                       [--warmup N] [--runs N] [--steps N] [--no-pytorch]",
      "  --model M      time a whole network of paper §8.1 on a synthetic 28x28 batch instead (the 3D",
      "                 models of docs/3d.md on 28x28x28 volumes):",
      "                 per layer fwd/bwd ms and bytes allocated, then one summary line",
      "  --batch-size B images per step (default 32)",
      "  --steps N      training steps (and inference passes) per timed run (default 50);",
      "                 with --model, --warmup counts steps (default 20; then rounds of N steps until three",
      "                 consecutive rounds are JIT-quiet and within 10% of each other, at most 60 rounds)",
      "                 and --runs runs (default 7, at least 5)",
      "  bench model <m> batch <B> train <median> img/s (min <a>, max <b>) eval <median> img/s alloc <x> MB/step",
      "  (train = forward + backward + Adam step; eval = forward in inference mode; alloc = bytes",
      "  allocated per training step by all threads, after warm-up). For p4cnn and z2cnn on the CPU, when a",
      "  python3 can 'import torch', a GrouPy-style PyTorch peer (filter gather + conv2d, Adam, same batch,",
      "  steps and threads) follows:  bench model <m> cpu/pytorch train <ratio>x eval <ratio>x  (--no-pytorch: skip)");

  private ModelBenchMode() {}

  static int run(Args a, PrintStream out) {
    String model = a.get("model", "p4cnn").toLowerCase(Locale.ROOT);
    if (!PaperModels.NAMES.contains(model) && !VolumeModels.known(model)) {
      throw new UsageException("--model must be one of " + PaperModels.NAMES + " or " + VolumeModels.NAMES + "; got '"
          + model + "'");
    }
    if (a.has("case") || a.has("threads")) {
      throw new UsageException("--case and --threads time single layers; leave them out with --model");
    }
    String backend = a.get("backend", "auto");
    int batch = a.getInt("batch-size", 32);
    int warmup = a.getInt("warmup", 20);
    int runs = a.getInt("runs", 7);
    int steps = a.getInt("steps", 50);
    if (batch < 1 || warmup < 0 || runs < 5 || steps < 1) {
      throw new UsageException("with --model: --batch-size >= 1, --warmup >= 0, --runs >= 5, --steps >= 1; got "
          + batch + ", " + warmup + ", " + runs + ", " + steps);
    }
    Sequential net = VolumeModels.known(model)
        ? VolumeModels.build(model, ConvFactories.forBackend(backend), 0, 28, 2) // AdrenalMNIST3D's volumes
        : PaperModels.build(model, ConvFactories.forBackend(backend), 0);
    ModelBench.Result r = ModelBench.run(model, net, new ModelBench.Options(batch, warmup, runs, steps));
    for (String line : r.lines()) {
      out.println(line);
    }
    out.flush();
    if (!a.has("no-pytorch") && PyTorchBench.MODELS.contains(model) && !backend.equals("opencl")) {
      comparePyTorch(model, r, batch, warmup, runs, steps, out);
    }
    return 0;
  }

  /** The PyTorch peer's line and the ratios of the medians, or one line on stderr saying why not. */
  private static void comparePyTorch(String model, ModelBench.Result r, int batch, int warmup, int runs, int steps, PrintStream out) {
    PyTorchBench torch = PyTorchBench.find();
    if (torch == null) {
      return;
    }
    int threads = CpuBackend.defaultThreads();
    System.err.println("gconv4j bench: PyTorch " + model + " peer, GrouPy-style (" + torch.python() + ", " + threads + " threads)");
    PyTorchBench.ModelRate rate = torch.runModel(model, batch, warmup, runs, steps, threads);
    if (rate == null) {
      return;
    }
    out.println(rate.line());
    out.println(String.format(Locale.ROOT, "bench model %s cpu/pytorch train %.2fx eval %.2fx", model,
        r.trainImagesPerSecond().median() / rate.trainImagesPerSecond(), r.evalImagesPerSecond().median() / rate.evalImagesPerSecond()));
    out.flush();
  }
}
