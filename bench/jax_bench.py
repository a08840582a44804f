"""Workload (e) with JAX on the CPU: the framework side of `./course bench` (see bench/mlp.py for what is matched).

Why JAX and not PyTorch: PyTorch's wheel on PyPI (torch 2.15.0, 539 MB) requires about 3 GB of CUDA packages on
Linux, and without them `import torch` fails; its CPU-only wheels live on PyTorch's own package index, which this
project's machines cannot reach. JAX's CPU wheels come from PyPI (jax, jaxlib: about 90 MB).

As a JAX user writes it: the loss as a function of the parameters, `jax.value_and_grad` for the backward pass, and
one `jax.jit`-compiled step (gathering the minibatch from the data on the device, forward, backward, Adam) called
once per minibatch from a Python loop, with the parameters and Adam's state donated so XLA updates them in place.
float64 (`jax_enable_x64`); the thread count is set by the caller through XLA_FLAGS before JAX loads.

Workload (f), the digits CNN of bench/cnn.py, likewise: `lax.conv_general_dilated` and `lax.reduce_window` in one
`jit`-compiled step per minibatch.

Usage: jax_bench.py [--window SECONDS]   prints one JSON object {"digits batch=32": samples/s, ..., "cnn": samples/s}
"""
import argparse
import json
from functools import partial

import jax
import jax.numpy as jnp
from jax import lax
import numpy as np

import cnn
import mlp
from numpy_bench import rate

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")


def loss(params, x, y, key, dropout):
    """Σ_i of the per-sample softmax cross-entropy, and the mean that is differentiated."""
    h = x
    for w, b in params[:-1]:
        h = jax.nn.relu(h @ w + b)
        if dropout:   # inverted dropout: keep with probability 1 − p
            h = jnp.where(jax.random.bernoulli(key, 1 - dropout, h.shape), h / (1 - dropout), 0)
    w, b = params[-1]
    z = h @ w + b
    total = -jnp.sum(y * jax.nn.log_softmax(z))
    return total / x.shape[0], total


def adam(params, m, v, g, t, lr):
    """Adam's step t on every parameter, bias-corrected (bench/mlp.py's Adam): the new parameters, m and v."""
    c1, c2 = 1 - mlp.BETA1 ** t, 1 - mlp.BETA2 ** t
    m = jax.tree_util.tree_map(lambda m, g: mlp.BETA1 * m + (1 - mlp.BETA1) * g, m, g)
    v = jax.tree_util.tree_map(lambda v, g: mlp.BETA2 * v + (1 - mlp.BETA2) * g * g, v, g)
    params = jax.tree_util.tree_map(lambda p, m, v: p - lr * (m / c1) / (jnp.sqrt(v / c2) + mlp.EPS), params, m, v)
    return params, m, v


@partial(jax.jit, donate_argnums=(0, 1, 2), static_argnames=("lr", "dropout"))
def step(params, m, v, t, x, y, idx, key, lr, dropout):
    """One minibatch (rows idx of x and y): returns the new parameters, m, v, and the sum of its losses."""
    (_, total), g = jax.value_and_grad(loss, has_aux=True)(params, x[idx], y[idx], jax.random.fold_in(key, t), dropout)
    return (*adam(params, m, v, g, t, lr), total)


class Trainer:
    def __init__(self, name, batch):
        x, y = mlp.data(name)
        self.x, self.y, self.batch = jnp.asarray(x), jnp.asarray(y), batch
        self.rng = np.random.default_rng(0)
        self.params = [(jnp.asarray(w), jnp.asarray(b)) for w, b in mlp.init(mlp.WIDTHS[name], self.rng)]
        self.m = jax.tree_util.tree_map(jnp.zeros_like, self.params)
        self.v = jax.tree_util.tree_map(jnp.zeros_like, self.params)
        self.t, self.key, self.lr, self.dropout = 0, jax.random.PRNGKey(0), mlp.LR[name], mlp.DROPOUT[name]

    def epoch(self):
        """One epoch in shuffled minibatches; returns the mean per-sample loss (one wait for the device per epoch)."""
        n = self.x.shape[0]
        order, total = self.rng.permutation(n), 0.0
        for s in range(0, n, self.batch):
            self.t += 1
            self.params, self.m, self.v, l = step(self.params, self.m, self.v, self.t, self.x, self.y,
                                                  order[s:s + self.batch], self.key, self.lr, self.dropout)
            total += l
        return float(total) / n


def cnn_loss(params, x, y):
    """Workload (f): the digits CNN of bench/cnn.py, NCHW images and OIHW filters, as a JAX user writes it."""
    h = x
    for w, b in params[:-1]:
        h = lax.conv_general_dilated(h, w, window_strides=(1, 1), padding=((cnn.PAD, cnn.PAD), (cnn.PAD, cnn.PAD)))
        h = jax.nn.relu(h + b[None, :, None, None])
        h = lax.reduce_window(h, -jnp.inf, lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID")
    w, b = params[-1]
    z = h.reshape(h.shape[0], -1) @ w + b
    total = -jnp.sum(y * jax.nn.log_softmax(z))
    return total / x.shape[0], total


@partial(jax.jit, donate_argnums=(0, 1, 2), static_argnames=("lr",))
def cnn_step(params, m, v, t, x, y, idx, lr):
    """One minibatch of the CNN: returns the new parameters, m, v, and the sum of its losses."""
    (_, total), g = jax.value_and_grad(cnn_loss, has_aux=True)(params, x[idx], y[idx])
    return (*adam(params, m, v, g, t, lr), total)


class CnnTrainer:
    """Workload (f): bench/cnn.py's network and data; filters (C·K·K) × F reshaped to OIHW once."""

    def __init__(self):
        x, y = cnn.data()
        self.x, self.y = jnp.asarray(x), jnp.asarray(y)
        self.rng = np.random.default_rng(0)
        layers = cnn.init(self.rng)
        convs = [(jnp.asarray(w.reshape(c, cnn.K, cnn.K, f).transpose(3, 0, 1, 2)), jnp.asarray(b))
                 for (w, b), (c, f) in zip(layers, cnn.CONVS)]
        self.params = convs + [tuple(jnp.asarray(a) for a in layers[-1])]
        self.m = jax.tree_util.tree_map(jnp.zeros_like, self.params)
        self.v = jax.tree_util.tree_map(jnp.zeros_like, self.params)
        self.t = 0

    def epoch(self):
        n = self.x.shape[0]
        order, total = self.rng.permutation(n), 0.0
        for s in range(0, n, cnn.BATCH):
            self.t += 1
            self.params, self.m, self.v, l = cnn_step(self.params, self.m, self.v, self.t, self.x, self.y,
                                                      order[s:s + cnn.BATCH], cnn.LR)
            total += l
        return float(total) / n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--window", type=float, default=0.5)
    args = p.parse_args()
    out = {}
    for name, n in [("digits", mlp.DIGITS_TRAIN), ("mnist", mlp.MNIST_SAMPLES)]:
        for batch in (32, 256):
            t = Trainer(name, batch)
            out[f"{name} batch={batch}"] = rate(t.epoch, n, max(args.window, 1.0), warmup=max(args.window, 1.0))
    t = CnnTrainer()
    out["cnn"] = rate(t.epoch, mlp.DIGITS_TRAIN, max(args.window, 1.0), warmup=max(args.window, 1.0))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
