#!/usr/bin/env python3
"""PyTorch (oneDNN) conv2d/conv3d of the planar correlations `./gconv4j bench` times.

Each case is the expanded filter bank of a gconv4j G-correlation as one plain convolution:
C_in*S_in -> C_out*S channels, valid, stride 1, random float32 data. Same timing protocol as
`./gconv4j bench`: warm-up runs, then min/median/max of timed runs; FLOPs = 2 * MACs forward,
backward = input and weight gradient (2x forward). Prints one line per case:

  bench <case> pytorch fwd <ms> ms <GFLOP/s> GFLOP/s bwd <ms> ms <GFLOP/s> GFLOP/s (...)

Needs `import torch` (Debian: apt-get install python3-torch).
"""
import argparse
import statistics
import time

import torch

# name: (batch, planar in channels, planar out channels, spatial size, dims, kernel size)
CASES = {
    "reference": (64, 40, 40, 26, 2, 3),   # P4 group->group 10->10
    "lifting": (64, 1, 40, 28, 2, 3),      # P4 lifting 1->10
    "p4m": (64, 56, 56, 26, 2, 3),         # P4M 7->7
    "o": (8, 48, 48, 12, 3, 3),            # O (3D) 2->2
}


def bench(name, warmup, runs, batch=0):
    n, cin, cout, size, dims, k = CASES[name]
    n = batch if batch > 0 else n
    gen = torch.Generator().manual_seed(42)
    x = torch.randn((n, cin) + (size,) * dims, generator=gen).requires_grad_(True)
    w = torch.randn((cout, cin) + (k,) * dims, generator=gen).requires_grad_(True)
    conv = torch.nn.functional.conv2d if dims == 2 else torch.nn.functional.conv3d
    out = size - k + 1
    flops = 2.0 * n * cout * out ** dims * cin * k ** dims
    gy = torch.randn((n, cout) + (out,) * dims, generator=gen)
    fwd, bwd = [], []
    for i in range(warmup + runs):
        x.grad = None
        w.grad = None
        t0 = time.perf_counter()
        y = conv(x, w)
        t1 = time.perf_counter()
        y.backward(gy)
        t2 = time.perf_counter()
        if i >= warmup:
            fwd.append((t1 - t0) * 1e3)
            bwd.append((t2 - t1) * 1e3)
    f, b = statistics.median(fwd), statistics.median(bwd)
    return ("bench %s pytorch fwd %.3f ms %.1f GFLOP/s bwd %.3f ms %.1f GFLOP/s "
            "(%d runs; fwd min %.3f max %.3f ms, bwd min %.3f max %.3f ms)"
            % (name, f, flops / f / 1e6, b, 2 * flops / b / 1e6, runs, min(fwd), max(fwd), min(bwd), max(bwd)))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--case", default="all", choices=["all"] + list(CASES))
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--batch", type=int, default=0, help="images per call (default: the case's own)")
    p.add_argument("--threads", type=int, default=0, help="intra-op threads (default: torch's own choice)")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    names = list(CASES) if a.case == "all" else [a.case]
    print("# pytorch %s, %d threads, oneDNN %s" % (torch.__version__, torch.get_num_threads(),
                                                   torch.backends.mkldnn.is_available()), flush=True)
    with torch.backends.mkldnn.flags(enabled=True):
        for name in names:
            print(bench(name, a.warmup, a.runs, a.batch), flush=True)


if __name__ == "__main__":
    main()
