"""Source 002's numpy network, ported faithfully for the benchmarks (samples in columns, W_l of shape out×in,
no biases, sigmoid on every layer, SGD), with its bug fixed: `mse` used `np.sum(error.T, error)` and now computes
½ eᵀe with `np.matmul` as the text derives.

`conv_utils` is not available, so `stable_sigmoid` and `sigmoid_gradient` are written here with numpy's vectorized
ops (σ(x) = 1/(1+e^(−x)) for x ≥ 0 and e^x/(1+e^x) otherwise, σ′ = σ(1−σ)), which is what they compute.

Run as a script it trains source 002's network and prints the loss per epoch, like the original.
"""
import numpy as np


def stable_sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))


def sigmoid_gradient(x):
    s = stable_sigmoid(x)
    return s * (1 - s)


def make_net(layers):
    return [np.random.randn(w[1], w[0]) for w in layers]


def forward(x, y, weights, f):
    affines = []
    transforms = [x]
    a = x
    for w in range(len(weights)):
        a = np.matmul(weights[w], a)
        affines.append(a)
        a = f(a)
        transforms.append(a)
    return affines, transforms


def backward(x, y, error, weights, affines, transforms, grad_f):
    grads = []
    g = error
    N = len(weights)
    for n in range(N - 1, -1, -1):
        g = g * grad_f(affines[n])
        grad = np.matmul(g, transforms[n].T)
        grads.append(grad)
        g = np.matmul(weights[n].T, g)
    return [j for j in reversed(grads)]


def sgd(weights, grad_weights, eps):
    for n in range(len(weights)):
        weights[n] = weights[n] - (grad_weights[n] * eps)
    return weights


def mse(y, t):
    error = y - t
    loss = np.matmul(error.T, error) / 2   # the fix: source 002 wrote np.sum(error.T, error)
    return loss[0][0]


def train_epoch(weights, samples, labels, eps, f=stable_sigmoid, grad_f=sigmoid_gradient):
    """One epoch of source 002's loop: one SGD step per sample. Returns (weights, mean loss)."""
    epoch_loss = 0.
    for feature, label in zip(samples, labels):
        a_s, h_s = forward(feature, label, weights, f)
        pred = h_s[-1]
        error = pred - label
        epoch_loss += mse(label, pred)
        weight_grads = backward(feature, label, error, weights, a_s, h_s, grad_f)
        weights = sgd(weights, weight_grads, eps)
    return weights, epoch_loss / len(samples)


def train_minibatch(weights, x, t, eps, f=stable_sigmoid, grad_f=sigmoid_gradient):
    """One SGD step on a minibatch: the samples are the columns of x, the gradient is averaged over them."""
    a_s, h_s = forward(x, t, weights, f)
    error = h_s[-1] - t
    grads = backward(x, t, error, weights, a_s, h_s, grad_f)
    m = x.shape[1]
    return sgd(weights, [g / m for g in grads], eps)


if __name__ == "__main__":
    N = 50
    eps = 0.05
    EPOCHS = 100
    np.random.seed(0)
    weights = make_net([(10, 60), (60, 140), (140, 50), (50, 10), (10, 1)])
    samples = [np.random.randn(10, 1) for _ in range(N)]
    labels = [np.random.randn(1, 1) for _ in range(N)]
    for e in range(EPOCHS):
        weights, loss = train_epoch(weights, samples, labels, eps)
        print('Epoch {} / {}; Loss {}'.format(e + 1, EPOCHS, loss))
