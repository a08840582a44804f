"""Workload (e) of `./course bench`: end-to-end training of an MLP, the data and the numpy implementation.

The same training as the library's `Trainer` (bench/src/.../EndToEndBench.java) and JAX's (bench/jax_bench.py), with
everything matched: one sample per row, dense layers A = X·W + b with ReLU between them and logits out, softmax
cross-entropy (the gradient of the minibatch's mean loss), He-initialised weights and zero biases, Adam (β1 = 0.9,
β2 = 0.999, ε̂ = 1e-8, bias-corrected), the samples shuffled every epoch, the epoch's mean loss kept, float64, and
one minibatch size per run (32 or 256; a last, smaller minibatch when the size does not divide the data).

- digits: Part 4's network (notebook 14), 64-128-10 with inverted dropout of rate 0.2 after the hidden layer and
  Adam's ε = 0.003, on the 1,078 training images of the 8×8 digits (the library's split has 1,078 too), standardised
  per pixel.
- mnist: 784-128-10, no dropout, ε = 0.001, on 6,400 random samples of MNIST's shape (784 inputs, 10 classes).
"""
from pathlib import Path
import gzip

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DIGITS_CSV = ROOT / "src/main/resources/dev/nncourse/data/digits.csv.gz"
DIGITS_TRAIN = 1078
MNIST_SAMPLES = 6400
WIDTHS = {"digits": [64, 128, 10], "mnist": [784, 128, 10]}
DROPOUT = {"digits": 0.2, "mnist": 0.0}
LR = {"digits": 3e-3, "mnist": 1e-3}
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8


def data(name):
    """(X, Y): inputs one sample per row and one-hot targets, float64."""
    rng = np.random.default_rng(1)
    if name == "digits":
        rows = np.loadtxt(gzip.open(DIGITS_CSV, "rt"), delimiter=",")
        rows = rows[rng.permutation(len(rows))[:DIGITS_TRAIN]]
        x, labels = rows[:, :64], rows[:, 64].astype(int)
        sd = x.std(axis=0)
        x = (x - x.mean(axis=0)) / np.where(sd > 0, sd, 1)
    else:
        x = rng.standard_normal((MNIST_SAMPLES, 784))
        labels = rng.integers(0, 10, MNIST_SAMPLES)
    return np.ascontiguousarray(x), np.eye(10)[labels]


def init(widths, rng):
    """[(W, b)] per layer: W n×k drawn from N(0, 2/n) (He), b = 0."""
    return [(rng.standard_normal((n, k)) * np.sqrt(2.0 / n), np.zeros(k)) for n, k in zip(widths, widths[1:])]


class Adam:
    """m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g², θ ← θ − ε m̂ / (√v̂ + ε̂), in place."""

    def __init__(self, params, lr):
        self.t, self.lr = 0, lr
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, params, grads):
        self.t += 1
        c1, c2 = 1 - BETA1 ** self.t, 1 - BETA2 ** self.t
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= BETA1
            m += (1 - BETA1) * g
            v *= BETA2
            v += (1 - BETA2) * g * g
            p -= self.lr * (m / c1) / (np.sqrt(v / c2) + EPS)


class Mlp:
    """The numpy implementation: forward, softmax cross-entropy, backward and Adam, as a learner writes them."""

    def __init__(self, name, seed=0):
        self.rng = np.random.default_rng(seed)
        self.layers = init(WIDTHS[name], self.rng)
        self.params = [a for layer in self.layers for a in layer]
        self.adam = Adam(self.params, LR[name])
        self.dropout = DROPOUT[name]

    def step(self, x, y):
        """One minibatch: returns the sum of its per-sample losses, and updates the parameters."""
        acts, masks, h = [], [], x
        for i, (w, b) in enumerate(self.layers):
            a = h @ w + b
            acts.append((h, a))
            h = a
            if i < len(self.layers) - 1:
                h = np.maximum(a, 0)
                if self.dropout:                               # inverted dropout: keep with probability 1 − p
                    masks.append((self.rng.random(h.shape) >= self.dropout) / (1 - self.dropout))
                    h = h * masks[-1]
        z = h - h.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        loss = np.sum(np.log(s)) - np.sum(y * z)            # Σ_i log Σ_k e^(z_ik) − Σ_j y_ij z_ij
        g = (e / s - y) / len(x)                               # ∂(mean loss)/∂z = (softmax(z) − y) / m
        grads = []
        for i in range(len(self.layers) - 1, -1, -1):
            h, a = acts[i]   # h: the layer's input (after the previous layer's dropout)
            if i < len(self.layers) - 1:
                if self.dropout:
                    g = g * masks[i]
                g = g * (a > 0)
            grads[:0] = [h.T @ g, g.sum(axis=0)]
            if i > 0:
                g = g @ self.layers[i][0].T
        self.adam.step(self.params, grads)
        return loss

    def epoch(self, x, y, batch):
        """One epoch in shuffled minibatches; returns the mean per-sample loss."""
        order, total = self.rng.permutation(len(x)), 0.0
        for s in range(0, len(x), batch):
            idx = order[s:s + batch]
            total += self.step(x[idx], y[idx])
        return total / len(x)


if __name__ == "__main__":
    for name in WIDTHS:
        x, y = data(name)
        net = Mlp(name)
        print(name, [round(net.epoch(x, y, 32), 4) for _ in range(5)])
