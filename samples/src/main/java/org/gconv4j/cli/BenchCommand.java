package org.gconv4j.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gconv4j.backend.Backends;
import org.gconv4j.backend.ConvBackend;
import org.gconv4j.backend.cpu.CpuBackend;
import org.gconv4j.bench.ConvBench;
import org.gconv4j.group.GroupRegistry;

/**
 * {@code ./gconv4j bench [--backend cpu|opencl|all] [--case NAME|all] [--warmup N] [--runs N]}; with
 * {@code --model} the whole network ({@link ModelBenchMode}).
 */
final class BenchCommand implements Command {
  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "time G-correlation layers forward and backward on each backend";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: ./gconv4j bench [--backend cpu|opencl|all] [--case NAME|all] [--batch-size B] [--warmup N] [--runs N] [--threads N]",
        "                       [--no-pytorch]",
        "  --backend   cpu, opencl, or all (default; skips OpenCL with a note when no device works)",
        "  --case      reference (P4 10->10 ch, batch 64, 26x26, 3x3), lifting (P4 1->10, 28x28),",
        "              p4m (P4M 7->7, 26x26), o (O 3D 2->2, batch 8, 12^3), p4m-cifar32|16|8 (P4M 16->16,",
        "              batch 32, 32x32|16x16|8x8, padding 1), or all (default)",
        "  --batch-size B  images per call instead of the case's own (e.g. 32: a P4CNN training batch)",
        "  --warmup N  untimed runs first, then more until three in a row are JIT-quiet, to let the JIT compile the kernels (default 10; 0: none)",
        "  --runs N    timed runs; the median, min and max are printed (default 10)",
        "  --threads N CPU backend worker threads (default: -Dgconv4j.cpu.threads or available processors)",
        "Prints per case and backend (medians first, then min/max and each gradient alone):",
        "  bench <case> <backend> fwd <ms> ms <GFLOP/s> GFLOP/s bwd <ms> ms <GFLOP/s> GFLOP/s (<runs> runs; ...)",
        "FLOPs = 2 x MACs of the planar correlation with the expanded filter bank; bwd = both gradients (2x fwd).",
        "With the CPU backend, and when python3 can 'import torch' (apt-get install python3-torch), it then",
        "runs scripts/bench-pytorch.py (conv2d/conv3d of the same expanded banks, same protocol and threads) and",
        "prints its lines and  bench <case> cpu/pytorch fwd <ratio>x bwd <ratio>x  (--no-pytorch: skip it).",
        String.join("\n", ModelBenchMode.USAGE));
  }

  @Override
  public int run(List<String> args, PrintStream out) {
    Args a = Args.parse(args, Set.of("backend", "case", "warmup", "runs", "threads", "model", "batch-size", "steps"), Set.of("no-pytorch"));
    if (!a.positional().isEmpty()) {
      throw new UsageException("bench takes no positional arguments; got " + a.positional());
    }
    if (a.has("model")) {
      return ModelBenchMode.run(a, out);
    }
    if (a.has("steps")) {
      throw new UsageException("--steps goes with --model");
    }
    String backendName = a.get("backend", "all");
    if (!List.of("cpu", "opencl", "all").contains(backendName)) {
      throw new UsageException("--backend must be cpu, opencl or all; got '" + backendName + "'");
    }
    int warmup = a.getInt("warmup", 10);
    int runs = a.getInt("runs", 10);
    if (warmup < 0 || runs < 1) {
      throw new UsageException("--warmup must be >= 0 and --runs >= 1; got " + warmup + " and " + runs);
    }
    int threads = a.getInt("threads", CpuBackend.defaultThreads());
    if (threads < 1 || threads > org.gconv4j.exec.CpuExecutor.maxThreads()) {
      throw new UsageException("--threads must be in 1.." + org.gconv4j.exec.CpuExecutor.maxThreads()
          + " (8 per processor, at least 64); got " + threads);
    }
    int batch = a.getInt("batch-size", 0);
    if (a.has("batch-size") && (batch < 1 || batch > 1024)) {
      throw new UsageException("--batch-size must be in 1..1024; got " + batch);
    }
    GroupRegistry registry = GroupRegistry.load();
    List<ConvBench.Case> cases = ConvBench.standardCases(registry::find);
    if (batch > 0) {
      cases = cases.stream().map(c -> c.withBatch(batch)).collect(Collectors.toList());
    }
    String caseName = a.get("case", "all");
    if (!caseName.equals("all")) {
      cases = cases.stream().filter(c -> c.name().equals(caseName)).collect(Collectors.toList());
      if (cases.isEmpty()) {
        throw new UsageException("--case must be all or one of "
            + ConvBench.standardCases(registry::find).stream().map(ConvBench.Case::name).collect(Collectors.joining(", "))
            + "; got '" + caseName + "'");
      }
    }
    List<ConvBackend> backends = new ArrayList<>();
    try {
      if (!backendName.equals("opencl")) {
        backends.add(new CpuBackend(threads));
      }
      if (!backendName.equals("cpu")) {
        ConvBackend opencl = openCl(backendName.equals("opencl"));
        if (opencl != null) {
          backends.add(opencl);
        }
      }
      Map<String, ConvBench.Result> cpu = new LinkedHashMap<>();
      for (ConvBackend backend : backends) {
        System.err.println("gconv4j bench: backend " + backend.name() + " on " + backend.device()
            + (batch > 0 ? ", batch " + batch + " for every case" : ""));
        for (ConvBench.Case c : cases) {
          ConvBench.Result r = ConvBench.run(c, backend, warmup, runs);
          if (backend instanceof CpuBackend) {
            cpu.put(c.name(), r);
          }
          out.println(r.line());
          out.flush();
        }
      }
      if (!cpu.isEmpty() && !a.has("no-pytorch")) {
        comparePyTorch(cpu, batch, warmup, runs, threads, out);
      }
    } finally {
      for (ConvBackend b : backends) {
        b.close();
      }
    }
    return 0;
  }

  /** Runs the PyTorch script on the same cases and prints its lines and the ratios (or one line saying why not). */
  private static void comparePyTorch(Map<String, ConvBench.Result> cpu, int batch, int warmup, int runs, int threads, PrintStream out) {
    PyTorchBench torch = PyTorchBench.find();
    if (torch == null) {
      return;
    }
    System.err.println("gconv4j bench: PyTorch conv of the same expanded banks (" + torch.python() + ", " + threads + " threads)");
    Map<String, PyTorchBench.Rate> rates = torch.run(List.copyOf(cpu.keySet()), batch, warmup, runs, threads);
    for (Map.Entry<String, ConvBench.Result> e : cpu.entrySet()) {
      PyTorchBench.Rate rate = rates.get(e.getKey());
      if (rate == null) {
        continue;
      }
      out.println(rate.line());
      out.println(String.format(Locale.ROOT, "bench %s cpu/pytorch fwd %.2fx bwd %.2fx", e.getKey(),
          e.getValue().forwardGflops() / rate.forwardGflops(), e.getValue().backwardGflops() / rate.backwardGflops()));
      out.flush();
    }
  }

  /** The OpenCL backend, or null (with a note) when {@code required} is false and it cannot start. */
  private static ConvBackend openCl(boolean required) {
    try {
      return Backends.create("opencl");
    } catch (RuntimeException e) {
      if (required) {
        throw e;
      }
      System.err.println("gconv4j bench: skipping opencl: " + e.getMessage());
      return null;
    }
  }
}
