#!/usr/bin/env python3
"""PyTorch (oneDNN) conv2d/conv3d of the planar correlations `./gconv4j bench` times.

Each case is the expanded filter bank of a gconv4j G-correlation as one plain convolution:
C_in*S_in -> C_out*S channels, the case's zero padding, stride 1, random float32 data. Same timing protocol as
`./gconv4j bench`: warm-up runs, then min/median/max of timed runs; FLOPs = 2 * MACs forward,
backward = input and weight gradient (2x forward). Prints one line per case:

  bench <case> pytorch fwd <ms> ms <GFLOP/s> GFLOP/s bwd <ms> ms <GFLOP/s> GFLOP/s (...)

With --model p4cnn (or z2cnn) it times instead a GrouPy-style PyTorch network of the same layers as
`./gconv4j bench --model`: per G-correlation a filter gather through a precomputed index (GrouPy's
transform_filter) and one conv2d, batch norm per G-feature map, ReLU, 2x2 max pooling after the second
layer, a 4x4 G-correlation, max over rotations; softmax cross-entropy and Adam (lr 1e-3) on a synthetic
batch of 28x28 images. Same protocol: warm-up steps, then runs of --steps steps, min/median/max images/s:

  bench model <m> pytorch batch <B> train <median> img/s (min <a>, max <b>) eval <median> img/s

Needs `import torch` (Debian: apt-get install python3-torch).
"""
import argparse
import statistics
import time

import torch

# name: (batch, planar in channels, planar out channels, spatial size, dims, kernel size, padding)
CASES = {
    "reference": (64, 40, 40, 26, 2, 3, 0),      # P4 group->group 10->10
    "lifting": (64, 1, 40, 28, 2, 3, 0),         # P4 lifting 1->10
    "p4m": (64, 56, 56, 26, 2, 3, 0),            # P4M 7->7
    "o": (8, 48, 48, 12, 3, 3, 0),               # O (3D) 2->2
    "p4m-cifar32": (32, 128, 128, 32, 2, 3, 1),  # P4M 16->16, CIFAR-sized
    "p4m-cifar16": (32, 128, 128, 16, 2, 3, 1),
    "p4m-cifar8": (32, 128, 128, 8, 2, 3, 1),
}


def bench(name, warmup, runs, batch=0):
    n, cin, cout, size, dims, k, pad = CASES[name]
    n = batch if batch > 0 else n
    gen = torch.Generator().manual_seed(42)
    x = torch.randn((n, cin) + (size,) * dims, generator=gen).requires_grad_(True)
    w = torch.randn((cout, cin) + (k,) * dims, generator=gen).requires_grad_(True)
    conv = torch.nn.functional.conv2d if dims == 2 else torch.nn.functional.conv3d
    out = size + 2 * pad - k + 1
    flops = 2.0 * n * cout * out ** dims * cin * k ** dims
    gy = torch.randn((n, cout) + (out,) * dims, generator=gen)
    fwd, bwd = [], []
    for i in range(warmup + runs):
        x.grad = None
        w.grad = None
        t0 = time.perf_counter()
        y = conv(x, w, padding=pad)
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


def p4_lifting_index(cout, cin, k):
    """Flat indices into w [cout, cin, k, k] giving the expanded bank [cout*4, cin, k, k]: rotation s of each filter."""
    idx = torch.arange(cout * cin * k * k).view(cout, cin, k, k)
    return torch.stack([torch.rot90(idx, s, dims=(2, 3)) for s in range(4)], dim=1).reshape(cout * 4, cin, k, k)


def p4_group_index(cout, cin, k):
    """Flat indices into w [cout, cin, 4, k, k] giving [cout*4, cin*4, k, k]: rotate by s, cycle the input rotations."""
    idx = torch.arange(cout * cin * 4 * k * k).view(cout, cin, 4, k, k)
    banks = [torch.rot90(torch.roll(idx, s, dims=2), s, dims=(3, 4)) for s in range(4)]
    return torch.stack(banks, dim=1).reshape(cout * 4, cin * 4, k, k)


class GConv(torch.nn.Module):
    """A P4 (or Z2) G-correlation, GrouPy style: gather the expanded bank, then one conv2d; bias per G-feature map."""

    def __init__(self, cin, cout, k, lifting, rotations):
        super().__init__()
        self.rotations = rotations
        shape = (cout, cin, k, k) if lifting or rotations == 1 else (cout, cin, rotations, k, k)
        fan_in = cin * k * k * (1 if lifting else rotations)
        self.weight = torch.nn.Parameter(torch.randn(shape) * (2.0 / fan_in) ** 0.5)
        self.bias = torch.nn.Parameter(torch.zeros(cout))
        if rotations == 1:
            self.register_buffer("index", torch.arange(self.weight.numel()).view(shape))
        elif lifting:
            self.register_buffer("index", p4_lifting_index(cout, cin, k))
        else:
            self.register_buffer("index", p4_group_index(cout, cin, k))

    def forward(self, x):
        bank = self.weight.reshape(-1)[self.index]
        bias = self.bias.repeat_interleave(self.rotations)
        return torch.nn.functional.conv2d(x, bank, bias)


class GBatchNorm(torch.nn.Module):
    """Batch norm per G-feature map: statistics over the rotations and the plane."""

    def __init__(self, channels, rotations):
        super().__init__()
        self.rotations = rotations
        self.bn = torch.nn.BatchNorm2d(channels)

    def forward(self, x):
        n, c, h, w = x.shape
        return self.bn(x.reshape(n, c // self.rotations, self.rotations * h, w)).reshape(n, c, h, w)


def paper_model(name):
    """p4cnn (10 channels, 4 rotations) or z2cnn (20 channels, dropout 0.3), as PaperModels.build."""
    rotations, channels = {"p4cnn": (4, 10), "z2cnn": (1, 20)}[name]
    layers = []
    cin = 1
    for layer in range(1, 7):
        layers += [GConv(cin, channels, 3, layer == 1, rotations), GBatchNorm(channels, rotations), torch.nn.ReLU()]
        if layer == 2:
            layers.append(torch.nn.MaxPool2d(2))
        elif name == "z2cnn":
            layers.append(torch.nn.Dropout(0.3))
        cin = channels
    layers.append(GConv(cin, 10, 4, False, rotations))
    net = torch.nn.Sequential(*layers)

    def forward(x):
        y = net(x)
        return y.reshape(x.shape[0], 10, rotations).amax(dim=2)
    return net, forward


def bench_model(name, batch, warmup, runs, steps):
    torch.manual_seed(42)
    net, forward = paper_model(name)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.rand(batch, 1, 28, 28)
    labels = torch.randint(0, 10, (batch,))

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(forward(x), labels)
        loss.backward()
        opt.step()

    net.train()
    for _ in range(warmup):
        train_step()
    train = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(steps):
            train_step()
        train.append(batch * steps / (time.perf_counter() - t0))
    net.eval()
    evals = []
    with torch.no_grad():
        for _ in range(2):
            forward(x)
        for _ in range(runs):
            t0 = time.perf_counter()
            for _ in range(steps):
                forward(x)
            evals.append(batch * steps / (time.perf_counter() - t0))
    return ("bench model %s pytorch batch %d train %.0f img/s (min %.0f, max %.0f) eval %.0f img/s"
            % (name, batch, statistics.median(train), min(train), max(train), statistics.median(evals)))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--case", default="all", choices=["all"] + list(CASES))
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--batch", type=int, default=0, help="images per call (default: the case's own)")
    p.add_argument("--threads", type=int, default=0, help="intra-op threads (default: torch's own choice)")
    p.add_argument("--model", choices=["p4cnn", "z2cnn"], help="time this whole network instead of the cases")
    p.add_argument("--steps", type=int, default=50, help="with --model: training steps per timed run")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    if a.model:
        print("# pytorch %s, %d threads, oneDNN %s" % (torch.__version__, torch.get_num_threads(),
                                                       torch.backends.mkldnn.is_available()), flush=True)
        print(bench_model(a.model, a.batch if a.batch > 0 else 32, a.warmup, a.runs, a.steps), flush=True)
        return
    names = list(CASES) if a.case == "all" else [a.case]
    print("# pytorch %s, %d threads, oneDNN %s" % (torch.__version__, torch.get_num_threads(),
                                                   torch.backends.mkldnn.is_available()), flush=True)
    with torch.backends.mkldnn.flags(enabled=True):
        for name in names:
            print(bench(name, a.warmup, a.runs, a.batch), flush=True)


if __name__ == "__main__":
    main()
