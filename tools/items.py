"""The course's items: every equation, class and experiment of the three sources (E…), every erratum of them (X…), and
the course's own items (N…), each with what it covers. Every item has a check cell tagged with its id
(tools/tests/test_items.py), and the README holds an index from every item to the notebook and section that derives it,
made by `python -m tools.items` (tools/tests/test_items.py checks that it is current).

To add items, add entries (one per line, sorted by id).
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
BEGIN, END = "<!-- index of items: made by python -m tools.items -->", "<!-- end of the index of items -->"
SOURCES = {"000": "source 000", "001": "source 001", "002": "source 002"}

ITEMS = {
    # notebook 00: the course's own items
    "N00.1": "a Matrix, one entry of XW + b by hand, and a shape error that names both shapes",
    "N00.2": "a tiny network learns XOR by full-batch gradient descent; its history, loss curve and formula",
    "N00.3": "saving and loading a model (where the file keeps its numbers), and reading a CSV file",
    # notebooks 01-02: the course's own items (issue 21)
    "N01.1": "the squared error as the negative log-likelihood of Gaussian noise",
    "N01.2": "the log loss as the negative log-likelihood of Bernoulli labels, on probabilities and on logits",
    "N01.3": "gradient descent on a parabola: the step from a Taylor expansion, its closed form, the limit eta < 2/lambda",
    "N01.4": "gradient descent on a 2-D quadratic: eigenvectors decouple it; it converges below 2/lambda_max, diverges above",
    "N01.5": "linear regression as a one-layer network: its gradient, the normal equations, gradient descent below and above 2/lambda_max(H)",
    "N01.6": "logistic regression as a one-layer network on logits: gradient (1/m) X^T (sigma(Z) - Y), trained to its minimum, decision boundary",
    "N02.1": "a network is layers in sequence: the XOR network forwarded layer by layer; without activations two layers are one",
    # source 000, "Implementing Neural Network in Python using Numpy" (2017-07-21)
    "source-000-E0.1": "one sample through a fully connected layer, as a vector-matrix product",
    "source-000-E0.2": "a minibatch forwarded in one product with a broadcast bias, equal to a loop over samples",
    "source-000-E0.3": "one output neuron: dL/dw_i and dL/db by the chain rule",
    "source-000-E0.4": "one sample in vector form, with the elementwise product",
    "source-000-E0.5": "a minibatch: parameter gradients averaged over the samples, as matrix products",
    "source-000-E0.6": "the gradient with respect to the layer's input, sent to the previous layer",
    "source-000-E0.7": "the DenseLayer as a class, checked against finite differences and Dense: activation object, input_size_info, no default width, Xavier vs Gaussian through ten tanh layers, caches",
    "source-000-E0.8": "SGD vs gradient descent: minibatch gradients weighed by their sizes (a running mean that counts samples; counting minibatches fails with a smaller last one), both loss curves",
    "source-000-E0.9": "float32 vs double in a finite-difference gradient check",
    # source 001, "Writing Python Code for Neural Networks from Scratch" (2020-04-24)
    "source-001-E1.1": "tanh and sigmoid with their derivatives, checked against finite differences and plotted",
    "source-001-E1.2": "log loss, its derivative, and dL/dz = a - y after a sigmoid",
    "source-001-E1.3": "layer shapes with samples as columns (W neurons x inputs, b neurons x 1), the library's transposed",
    "source-001-E1.4": "feed forward Z = W.A1 + b, A = act(Z) with samples as columns",
    "source-001-E1.5": "backprop dZ, dW, db, dA1 against finite differences; dA1 must use W before the update",
    "source-001-E1.6": "cost (1/m) sum logloss and the four-step training loop written by hand, equal to the library's Trainer",
    "source-001-E1.7": "the XOR experiment as the source runs it, its predictions, and the outcome over seeds x hidden widths",
    "source-001-E1.8": "at a minimum the derivative is zero; a zero derivative is not always a minimum",
    # source 002, the untitled post that builds the 10-60-140-50-10-1 network with its helper module conv_utils
    "source-002-E2.1": "per-neuron form a_j = sum_i w_ij o_i + b_j, o_j = f(a_j)",
    "source-002-E2.2": "vectorized forward a_l = W_l o_(l-1), o_l = f(a_l), caching affines and transforms (input first)",
    "source-002-E2.3": "MSE in vector form L = 1/2 (y-t)^T (y-t), a scalar",
    "source-002-E2.4": "output gradient g = y - t",
    "source-002-E2.5": "backward recursion, the transforms[n] <-> o_(l-1) index shift, every layer against finite differences",
    "source-002-E2.6": "SGD step w <- w - eps grad w, and a learning rate that varies: the 1/t schedule derived",
    "source-002-E2.7": "make_net: (input, output) tuples become (output x input) matrices",
    "source-002-E2.8": "the deep random-data experiment 10-60-140-50-10-1, sigmoid, no biases, eps 0.05, 100 epochs of per-sample SGD",
    "source-002-E2.9": "stable_sigmoid / sigmoid_gradient against the naive forms at large |x|",
    # errata of the sources
    "errata-X1": "source 002's full listing has mse as np.sum(error.T, error) instead of np.matmul",
    "errata-X2": "source 002's sigmoid output cannot fit N(0,1) labels: the loss floor, and a linear output as the fix",
    "errata-X3": "source 001's listing cannot run: activationFns vs self.activationFunctions, typographic quotes and dashes",
    "errata-X4": "source 000's forward_pass mixes a tab into its indentation",
    "errata-X5": "source 002's forward takes an unused y, and mse(label, pred) swaps its arguments (harmless for MSE)",
    "errata-X6": "source 002 has no biases although its per-neuron equation has b_j: trained with and without, and layer 1 pinned at x = 0",
    "errata-X7": "source 001's prose says the layer's output is A1, but feedforward returns A",
    "errata-X8": "source 001 collects costs 'to plot graph' but never plots them; the course plots them",
    "errata-X9": "source 000's comment '# x @ w' on self.a forgets the bias",
    "errata-X10": "source 000's 'derivative of f with respect to x1' (a caution): f' is taken at the pre-activation a, not at the output",
    "errata-X11": "source 000's default input_size_info=None cannot give a layer size",
    "errata-X12": "source 000's default init_func=WeightInit.xavier_init_gauss names a class it never shows (NameError at def)",
    "errata-X13": "a caution: source 000's init_func must fill self.w in place, since rebinding it loses the float32 dtype",
    "errata-X14": "source 000 shows no backward pass and no update step in code: backward first, then the update",
    "errata-X15": "source 000's gradient lists: 'List for data chunks' comments, and s_list must hold the minibatch sizes",
    "errata-X16": "source 000's float32 parameters meet float64 inputs and compute in float64",
    "errata-X17": "caution: source 001's 'this derivative value is the update' and its lost update W <- W - alpha dW",
    "errata-X18": "caution: source 001's 'a bias value for each neuron in the network', 'for our input layer A1 = X'",
    "errata-X19": "caution: source 001's learning_rate is a class attribute, one value shared by every layer",
    "errata-X20": "source 001's logloss is unclipped: once sigma(z) rounds to 1 (z >= 53 ln 2), log 0 makes the cost inf or NaN",
    "errata-X21": "source 002's prose has the indices of w_ij the other way round, and y = o_l for o_L",
    "errata-X22": "caution: source 002's 'to update the gradients we use SGD': SGD updates the weights",
    "errata-X23": "source 002's backward(x, y, ...) never reads x or y",
    "errata-X24": "source 002's helpers live in conv_utils, which it only links (and which imports Keras)",
    "errata-X25": "source 001 says dA is 'passed on to the next layer': it goes back to the previous one",
    # notebook 06: the course's own items on source 001's learning process
    "N06.1": "the log loss never reaches 0 (source 001 wants the cost 'to be 0'): its gradient never vanishes, the cost falls like 1/t",
    "N06.2": "the number of epochs is not chosen by looking at the training cost (source 001): halving the target doubles the epochs; early stopping in 13",
    # part 3, beyond the source documents (issue 14)
    "N10.1": "ReLU and leaky ReLU with their derivatives, checked by finite differences",
    "N10.2": "gradient size per layer for sigmoid, tanh and ReLU at depth 10; Var(delta_l) ~ k s^2 E[f'^2] Var(delta_l+1)",
    "N10.3": "He's variance 2/n derived and checked by sampling through 20 ReLU layers; Xavier and LeCun rejected",
    "N10.4": "dead ReLUs get no gradient; leaky ReLU passes alpha times the gradient",
    "N10.5": "a deep sigmoid network against a deep ReLU network in training",
    "N11.1": "softmax by the formula: probabilities, order kept, shift invariance",
    "N11.2": "the softmax Jacobian diag(p) - p p^T derived and checked by finite differences",
    "N11.3": "cross-entropy and the combined gradient p - y, through the Jacobian and by finite differences",
    "N11.4": "log-sum-exp stability: logits of +-1e3 give finite, exact results where the formula gives NaN",
    "N11.5": "accuracy and the confusion matrix",
    "N11.6": "a seeded 3-class spiral trained to at least 95% training accuracy, decision regions drawn",
    "N12.1": "optimizer paths on a 2-D function, by hand and with the library (Trajectory)",
    "N12.2": "momentum derived, checked against steps by hand and the geometric sum under a constant gradient",
    "N12.3": "Nesterov derived from the look-ahead form, checked against steps by hand and the look-ahead points",
    "N12.4": "RMSProp derived and checked against steps by hand, with its first step",
    "N12.5": "Adam with bias correction derived and checked against steps by hand, its first step of size lr",
    "N12.6": "trajectories on an ill-conditioned quadratic over its contours; gradient descent's closed form",
    "N12.7": "trajectories on Rosenbrock's function over its contours, its gradient by finite differences",
    "N12.8": "one network trained with each optimizer, all loss curves on one plot",
    "N13.1": "a seeded, stratified train/validation/test split: disjoint, complete, balanced",
    "N13.2": "overfitting: a tiny training set and a large network, train and validation curves",
    "N13.3": "early stopping on the validation loss, restoring the best epoch's weights",
    "N13.4": "L2 weight decay as a loss term: one SGD step is (1 - eta lambda) W - eta g",
    "N13.5": "decoupled weight decay (AdamW) against L2 in Adam's loss, why they differ, each lambda tuned on validation",
    "N13.6": "inverted dropout: its scaling by hand and its expectation checked by sampling",
    "N13.7": "the chosen model measured once on the test part",
    # part 4, real data (issue 15)
    "N14.1": "the 8x8 handwritten digits: 1,797 images, pixels 0-16, ten classes, shown as images; pixel (r, c) is 8r + c",
    "N14.2": "a stratified 60:20:20 split; inputs standardised with the training part's mean and deviation only",
    "N14.3": "the 64-128-10 network (ReLU, He, dropout) and softmax cross-entropy on its logits, by hand",
    "N14.4": "training to at least 97% test accuracy with a live chart; three losses per epoch; the training time",
    "N14.5": "the confusion matrix, by a loop, as a Tablesaw table and as a heat map",
    "N14.6": "the misclassified test digits as images, each with its predicted and true label",
    "N14.7": "ModelFile saves and reloads the network; the reloaded network predicts the same, bit for bit",
    "N14.8": "the capstone: a network made only of the learner's dense layer, softmax cross-entropy, Adam and minibatch loop reads at least 95% of the test digits",
}


def short(item: str) -> str:
    """The id a notebook's headings use: E0.1 for source-000-E0.1, X4 for errata-X4, N10.1 for N10.1."""
    return item.split("-")[-1]


def sections() -> dict:
    """{short id: (notebook file name, section title)} from the notebooks' headings `## <title> · <id>`, first one."""
    found = {}
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""
            for title, ids in re.findall(r"^## (.+?) · ([\w.]+(?:, [\w.]+)*)\s*$", text, flags=re.M):
                for i in ids.split(", "):
                    found.setdefault(i, (path.name, title.strip()))
    return found


def index() -> str:
    """The README's index: one row per item, with the notebook and section that derive it."""
    where = sections()
    rows = ["| item | what | where |", "|---|---|---|"]
    for item, what in ITEMS.items():
        name, title = where.get(short(item), (None, None))
        place = f"[{name[:-6]}](notebooks/{name}) · {title}" if name else "**not derived in any notebook**"
        rows.append(f"| {short(item)} | {what} | {place} |")
    return "\n".join(rows)


def readme_with_index(text: str) -> str:
    """The README's text with the index between its markers replaced by the current one."""
    if BEGIN not in text or END not in text:
        raise ValueError(f"README.md has no markers {BEGIN!r} … {END!r} for the index of items")
    head, rest = text.split(BEGIN, 1)
    return head + BEGIN + "\n" + index() + "\n" + END + rest.split(END, 1)[1]


if __name__ == "__main__":
    README.write_text(readme_with_index(README.read_text(encoding="utf-8")), encoding="utf-8")
    print("README.md: index of items written", file=sys.stderr)
