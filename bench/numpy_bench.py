"""The numpy side of `./course bench`: the same workloads as the JMH benchmarks, timed the same way
(a warm-up, then the mean rate over a few fixed-length measurement windows). Prints one JSON object.
Workload (e), end-to-end training, is bench/mlp.py's; workload (f), the digits CNN, bench/cnn.py's.

Thread counts are set by the caller through OPENBLAS_NUM_THREADS / OMP_NUM_THREADS before numpy loads.
Usage: numpy_bench.py [--matmul 64,128,...] [--training] [--window SECONDS]
"""
import argparse
import json
import time

import numpy as np

import cnn
import mlp
import source002


def rate(step, work_per_step, window, windows=3, warmup=None):
    """Mean of `windows` measurements of work/s, each running `step` for about `window` seconds."""
    deadline = time.perf_counter() + (warmup if warmup is not None else window)
    while time.perf_counter() < deadline:
        step()
    rates = []
    for _ in range(windows):
        n, start = 0, time.perf_counter()
        while True:
            step()
            n += 1
            elapsed = time.perf_counter() - start
            if elapsed >= window:
                break
        rates.append(n * work_per_step / elapsed)
    return sum(rates) / len(rates)


def matmul(n, window):
    rng = np.random.default_rng(42)
    a, b, c = rng.standard_normal((n, n)), rng.standard_normal((n, n)), np.empty((n, n))
    return rate(lambda: np.matmul(a, b, out=c), 2.0 * n ** 3 / 1e9, window)   # GFLOP/s


def training(window):
    np.random.seed(0)
    layers = [(10, 60), (60, 140), (140, 50), (50, 10), (10, 1)]
    samples = [np.random.randn(10, 1) for _ in range(50)]
    labels = [np.random.randn(1, 1) for _ in range(50)]
    state = {"w": source002.make_net(layers)}

    def per_sample():
        state["w"], _ = source002.train_epoch(state["w"], samples, labels, 0.05)

    x, t = np.hstack(samples), np.hstack(labels)
    mb = {"w": source002.make_net(layers)}

    def minibatch():
        mb["w"] = source002.train_minibatch(mb["w"], x, t, 0.05)

    wide_x = np.random.randn(784, 6400)
    wide_t = np.random.uniform(-1, 1, (10, 6400))
    wide = {"w": [w / np.sqrt(w.shape[1]) for w in source002.make_net([(784, 256), (256, 10)])]}

    def wide_epoch():
        for s in range(0, 6400, 64):
            wide["w"] = source002.train_minibatch(wide["w"], wide_x[:, s:s + 64], wide_t[:, s:s + 64], 0.05)

    return {
        "source002PerSample": rate(per_sample, 50, window),
        "source002Minibatch": rate(minibatch, 50, window),
        "wideEpoch": rate(wide_epoch, 6400, max(window, 1.0), warmup=window),
        **end_to_end(window),
        "cnn": convolution(window),
    }


def end_to_end(window):
    """Workload (e): {"digits batch=32": samples/s, ...}, one epoch of bench/mlp.py's training per step."""
    out = {}
    for name in mlp.WIDTHS:
        x, y = mlp.data(name)
        for batch in (32, 256):
            net = mlp.Mlp(name)
            out[f"{name} batch={batch}"] = rate(lambda: net.epoch(x, y, batch), len(x), max(window, 1.0), warmup=window)
    return out


def convolution(window):
    """Workload (f): samples/s of one epoch of bench/cnn.py's digits CNN (im2col) per step."""
    x, y = cnn.data()
    net = cnn.Cnn()
    return rate(lambda: net.epoch(x, y, cnn.BATCH), len(x), max(window, 1.0), warmup=window)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--matmul", default="")
    p.add_argument("--training", action="store_true")
    p.add_argument("--window", type=float, default=0.5)
    args = p.parse_args()
    out = {}
    for n in [int(s) for s in args.matmul.split(",") if s]:
        out[f"matmul{n}"] = matmul(n, args.window)
    if args.training:
        out.update(training(args.window))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
