package org.gconv4j.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
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
        "usage: ./gconv4j bench [--backend cpu|opencl|all] [--case NAME|all] [--warmup N] [--runs N] [--threads N]",
        "  --backend   cpu, opencl, or all (default; skips OpenCL with a note when no device works)",
        "  --case      reference (P4 10->10 ch, batch 64, 26x26, 3x3), lifting (P4 1->10, 28x28),",
        "              p4m (P4M 7->7, 26x26), o (O 3D 2->2, batch 8, 12^3), or all (default)",
        "  --warmup N  untimed runs first, to let the JIT compile the kernels (default 10)",
        "  --runs N    timed runs; the median is printed (default 10)",
        "  --threads N CPU backend worker threads (default: available processors)",
        "Prints per case and backend:",
        "  bench <case> <backend> fwd <ms> ms <GFLOP/s> GFLOP/s bwd <ms> ms <GFLOP/s> GFLOP/s",
        "FLOPs = 2 x MACs of the planar correlation with the expanded filter bank; bwd = both gradients (2x fwd).",
        String.join("\n", ModelBenchMode.USAGE));
  }

  @Override
  public int run(List<String> args, PrintStream out) {
    Args a = Args.parse(args, Set.of("backend", "case", "warmup", "runs", "threads", "model", "batch-size", "steps"), Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException("bench takes no positional arguments; got " + a.positional());
    }
    if (a.has("model")) {
      return ModelBenchMode.run(a, out);
    }
    if (a.has("batch-size") || a.has("steps")) {
      throw new UsageException("--batch-size and --steps go with --model");
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
    if (threads < 1) {
      throw new UsageException("--threads must be >= 1; got " + threads);
    }
    GroupRegistry registry = GroupRegistry.load();
    List<ConvBench.Case> cases = ConvBench.standardCases(registry::find);
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
      for (ConvBackend backend : backends) {
        System.err.println("gconv4j bench: backend " + backend.name() + " on " + backend.device());
        for (ConvBench.Case c : cases) {
          out.println(ConvBench.run(c, backend, warmup, runs).line());
          out.flush();
        }
      }
    } finally {
      for (ConvBackend b : backends) {
        b.close();
      }
    }
    return 0;
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
