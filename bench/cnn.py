"""Workload (f) of `./course bench`: one epoch of the digits CNN, the data and the numpy implementation (im2col).

The same training as the library's `Trainer` (bench/src/.../ConvBench.java) and JAX's (bench/jax_bench.py, with
`lax.conv_general_dilated`), everything matched: the 1,078 training digits as 1×8×8 images with pixels scaled by 1/16,
one sample per row; conv 8 filters 3×3, stride 1, zero padding 1, ReLU; 2×2 max pooling, stride 2; conv 16 filters 3×3,
padding 1, ReLU; 2×2 max pooling; a dense layer 64 → 10 giving the logits; softmax cross-entropy (the gradient of the
minibatch's mean loss); He-initialised weights (fan-in C·K·K) and zero biases; Adam(0.003) as in bench/mlp.py; the
samples shuffled every epoch; minibatches of 32; float64.

numpy as a learner writes it after CS231n: im2col by the K·K shifted views of the padded images, one matrix product
per layer, col2im by adding the K·K slices back; max pooling by reshaping into 2×2 windows, its gradient to the maximum.
"""
import gzip

import numpy as np

import mlp

BATCH = 32
LR = 3e-3
# (channels in, filters) of the two convolutions on 8×8 and 4×4 images; then 16·2·2 = 64 inputs to the dense layer
CONVS = [(1, 8), (8, 16)]
K, PAD = 3, 1


def data():
    """(X, Y): the 1,078 training digits as N×1×8×8 images, pixels / 16, and one-hot targets, float64."""
    rng = np.random.default_rng(1)
    rows = np.loadtxt(gzip.open(mlp.DIGITS_CSV, "rt"), delimiter=",")
    rows = rows[rng.permutation(len(rows))[:mlp.DIGITS_TRAIN]]
    x = (rows[:, :64] / 16.0).reshape(-1, 1, 8, 8)
    return np.ascontiguousarray(x), np.eye(10)[rows[:, 64].astype(int)]


def init(rng):
    """[(W, b)]: per convolution W (C·K·K) × F and b (F,), then the dense layer's W 64 × 10 and b; He, zero biases."""
    params = [(rng.standard_normal((c * K * K, f)) * np.sqrt(2.0 / (c * K * K)), np.zeros(f)) for c, f in CONVS]
    return params + [(rng.standard_normal((64, 10)) * np.sqrt(2.0 / 64), np.zeros(10))]


def im2col(x):
    """Rows (i, y, x) of the N·H·W × C·K·K matrix of what each output position sees (stride 1, padding 1)."""
    n, c, h, w = x.shape
    p = np.pad(x, ((0, 0), (0, 0), (PAD, PAD), (PAD, PAD)))
    cols = np.stack([p[:, :, ky:ky + h, kx:kx + w] for ky in range(K) for kx in range(K)], axis=2)   # N, C, K·K, H, W
    return cols.transpose(0, 3, 4, 1, 2).reshape(n * h * w, c * K * K)


def col2im(dcols, shape):
    """The gradient of the images from that of im2col's matrix: every entry added back to the input it came from."""
    n, c, h, w = shape
    d = dcols.reshape(n, h, w, c, K * K).transpose(0, 3, 4, 1, 2)
    p = np.zeros((n, c, h + 2 * PAD, w + 2 * PAD))
    for ky in range(K):
        for kx in range(K):
            p[:, :, ky:ky + h, kx:kx + w] += d[:, :, ky * K + kx]
    return p[:, :, PAD:PAD + h, PAD:PAD + w]


class Cnn:
    """Forward, softmax cross-entropy, backward and Adam."""

    def __init__(self, seed=0):
        self.rng = np.random.default_rng(seed)
        self.layers = init(self.rng)
        self.params = [a for layer in self.layers for a in layer]
        self.adam = mlp.Adam(self.params, LR)

    def step(self, x, y):
        """One minibatch: returns the sum of its per-sample losses, and updates the parameters."""
        m, caches, h = len(x), [], x
        for w, b in self.layers[:-1]:
            n, _, hh, ww = h.shape
            cols = im2col(h)
            a = (cols @ w + b).reshape(n, hh, ww, -1).transpose(0, 3, 1, 2)   # N, F, H, W
            r = np.maximum(a, 0)
            win = r.reshape(n, r.shape[1], hh // 2, 2, ww // 2, 2)
            pooled = win.max(axis=(3, 5))
            caches.append((h.shape, cols, a, win, pooled))
            h = pooled
        flat = h.reshape(m, -1)
        w, b = self.layers[-1]
        z = flat @ w + b
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        loss = np.sum(np.log(s)) - np.sum(y * z)
        g = (e / s - y) / m
        grads = [flat.T @ g, g.sum(axis=0)]
        g = (g @ w.T).reshape(h.shape)
        for (w, b), (shape, cols, a, win, pooled) in zip(reversed(self.layers[:-1]), reversed(caches)):
            first = win == pooled[:, :, :, None, :, None]   # the gradient of a window goes to its maximum
            dr = (first * g[:, :, :, None, :, None]).reshape(a.shape) * (a > 0)
            delta = dr.transpose(0, 2, 3, 1).reshape(-1, w.shape[1])       # N·H·W × F
            grads[:0] = [cols.T @ delta, delta.sum(axis=0)]
            if shape[1] > 1:
                g = col2im(delta @ w.T, shape)
        self.adam.step(self.params, grads)
        return loss

    epoch = mlp.Mlp.epoch   # one epoch in shuffled minibatches (pass BATCH); returns the mean per-sample loss


if __name__ == "__main__":
    x, y = data()
    net = Cnn()
    print([round(net.epoch(x, y, BATCH), 4) for _ in range(5)])
