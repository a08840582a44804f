"""Diagrams of notebooks 04-06: a sigmoid output with the log loss, what a layer object holds, the training loop, and
one epoch's minibatches under SGD and gradient descent."""
from tools.figures.svg import ACCENT, BACKWARD, FORWARD, INK, MUTED, Drawing


def node(d: Drawing, x, y, w, label, stroke=INK, size=14, italic=True):
    """A labelled box of width w centred at (x, y)."""
    d.rect(x - w / 2, y - 20, w, 40, stroke=stroke)
    d.text(x, y, label, size=size, italic=italic)


def sigmoid_log_loss() -> Drawing:
    d = Drawing(760, 330, "A sigmoid output with the log loss: two steps, or one on the logit",
                "Top, source 001's two steps: the logit z goes through the sigmoid to the prediction a, and the log "
                "loss L compares a with the label y. Backward, dL/da = (a − y)/(a(1 − a)) is multiplied by "
                "σ′(z) = a(1 − a), and the two factors a(1 − a) cancel to a − y. Bottom, the loss computed from the "
                "logit: one node L(σ(z), y) whose gradient is σ(z) − y directly, with nothing to cancel.")
    d.text(380, 20, "two steps, as source 001 computes them", color=MUTED, size=13)
    node(d, 70, 70, 60, "z")
    node(d, 300, 70, 110, "a = σ(z)", size=13)
    node(d, 560, 70, 150, "L(a, y)", stroke=INK)
    node(d, 720, 70, 50, "y")
    d.arrow(100, 70, 245, 70, color=FORWARD)
    d.text(170, 58, "σ", color=FORWARD, italic=True)
    d.arrow(355, 70, 485, 70, color=FORWARD)
    d.arrow(695, 70, 635, 70, color=FORWARD)
    d.arrow(485, 100, 355, 100, color=BACKWARD, dashed=True)
    d.text(408, 122, "∂L/∂a = (a − y) / (a(1 − a))", color=BACKWARD, size=13)
    d.arrow(245, 100, 100, 100, color=BACKWARD, dashed=True)
    d.text(170, 122, "× σ′(z) = a(1 − a)", color=BACKWARD, size=13)
    d.text(40, 145, "∂L/∂z = a − y", color=BACKWARD, size=14, weight="bold", anchor="start")
    d.line(40, 180, 720, 180, color=MUTED, width=0.8, dashed=True)
    d.text(380, 200, "one step, on the logit (Losses.SIGMOID_CROSS_ENTROPY)", color=MUTED, size=13)
    node(d, 70, 250, 60, "z")
    node(d, 420, 250, 250, "L(σ(z), y) = log(1 + eᶻ) − y z", size=13)
    node(d, 720, 250, 50, "y")
    d.arrow(100, 250, 295, 250, color=FORWARD)
    d.arrow(695, 250, 545, 250, color=FORWARD)
    d.arrow(295, 280, 100, 280, color=BACKWARD, dashed=True)
    d.text(200, 302, "∂L/∂z = σ(z) − y", color=BACKWARD, size=14, weight="bold")
    d.text(560, 302, "no a(1 − a) to cancel: exact at any z", color=MUTED, size=13)
    return d


def layer_object() -> Drawing:
    d = Drawing(width=760, height=330, title="What a layer object holds",
                desc="A dense layer of n inputs and k neurons holds its parameters w (n×k) and b (1×k), an activation "
                     "object that gives f and f′, and the caches of its last forward pass: the input x (m×n), the "
                     "pre-activation a = xw + b and the output y = f(a) (both m×k). Forward takes x and returns y, "
                     "filling the caches; backward takes G = ∂L/∂y, reads x, a and w, sets ∂J/∂w and ∂J/∂b, and "
                     "returns ∂L/∂x = Δwᵀ with Δ = G ⊙ f′(a).")
    d.rect(150, 40, 460, 250, stroke=INK, width=2, rx=8)
    d.text(380, 60, "DenseLayer (n inputs → k neurons)", weight="bold")
    d.rect(170, 85, 200, 90, stroke=ACCENT)
    d.text(270, 102, "parameters (trained)", color=ACCENT, size=13)
    d.text(270, 128, "w  n×k", italic=True)
    d.text(270, 153, "b  1×k", italic=True)
    d.rect(390, 85, 200, 90, stroke=INK)
    d.text(490, 102, "activation object", color=MUTED, size=13)
    d.text(490, 128, "f, for forward", italic=True)
    d.text(490, 153, "f′, for backward", italic=True)
    d.rect(170, 190, 420, 85, stroke=FORWARD)
    d.text(380, 207, "caches of the last forward pass", color=FORWARD, size=13)
    d.text(240, 240, "x  m×n", italic=True)
    d.text(380, 240, "a = xw + b", italic=True)
    d.text(520, 240, "y = f(a)", italic=True)
    d.text(380, 262, "backward reads x, a (for f′(a)) and w", color=MUTED, size=12)
    d.arrow(20, 110, 148, 110, color=FORWARD)
    d.text(80, 95, "forward: x", color=FORWARD, size=13)
    d.arrow(612, 110, 740, 110, color=FORWARD)
    d.text(680, 95, "y", color=FORWARD, size=13, italic=True)
    d.arrow(740, 230, 612, 230, color=BACKWARD, dashed=True)
    d.text(680, 215, "G = ∂L/∂y", color=BACKWARD, size=13)
    d.arrow(148, 230, 20, 230, color=BACKWARD, dashed=True)
    d.text(80, 215, "∂L/∂x = Δwᵀ", color=BACKWARD, size=13)
    d.text(380, 312, "backward sets ∂J/∂w = (1/m) xᵀΔ and ∂J/∂b = (1/m) Σᵢ Δᵢ, with Δ = G ⊙ f′(a)", color=BACKWARD,
           size=13)
    return d


def training_loop() -> Drawing:
    boxes = [(190, 70, "1  feed forward", "Y = network(X)"),
             (510, 70, "2  cost", "J = (1/m) Σᵢ L(yᵢ, tᵢ)"),
             (510, 230, "3  backpropagation", "∂J/∂θ, last layer first"),
             (190, 230, "4  update", "θ ← θ − η ∂J/∂θ")]
    colors = [FORWARD, INK, BACKWARD, ACCENT]
    d = Drawing(700, 330, "The training loop",
                "Four steps in a cycle: 1, feed forward, the network's outputs for a minibatch; 2, the cost J, the mean "
                "loss over its samples; 3, backpropagation, the gradient of J for every parameter, last layer first; "
                "4, the update of every parameter against its gradient, theta ← theta − η ∂J/∂theta. Then the next "
                "minibatch; one pass over all the training samples is an epoch, repeated for a number of epochs.")
    for (x, y, head, body), color in zip(boxes, colors):
        d.rect(x - 130, y - 35, 260, 70, stroke=color, width=2, rx=8)
        d.text(x, y - 12, head, weight="bold", color=color)
        d.text(x, y + 14, body, italic=True)
    d.arrow(322, 70, 378, 70)
    d.arrow(510, 107, 510, 193)
    d.arrow(378, 230, 322, 230)
    d.arrow(190, 193, 190, 107)
    d.text(350, 150, "next minibatch", color=MUTED, size=13)
    d.text(350, 295, "one pass over all N samples = one epoch; repeat for a number of epochs", color=MUTED, size=13)
    return d


def epoch_minibatches() -> Drawing:
    sizes = [32, 32, 32, 32, 32, 32, 8]
    d = Drawing(780, 310, "One epoch of 200 samples in minibatches of 32: SGD and gradient descent",
                "The 200 shuffled samples split into six minibatches of 32 and a last one of 8. SGD updates the "
                "parameters after every minibatch with its mean gradient g_b: seven updates. Gradient descent folds "
                "each g_b into a running mean with weight s_b / c_b, its size over the samples counted so far, and "
                "updates once at the end with the full-batch mean: the last minibatch weighs 8/200, not 1/7.")
    x0, scale, top = 110, 3.2, 50
    d.text(430, 20, "one epoch: N = 200 shuffled samples in minibatches of 32; the last has 8", color=MUTED, size=13)
    d.text(20, top + 17, "data", weight="bold", anchor="start")
    d.text(20, top + 75, "SGD", weight="bold", color=ACCENT, anchor="start")
    d.text(20, top + 155, "GD", weight="bold", color=FORWARD, anchor="start")
    x, c = x0, 0
    for b, s in enumerate(sizes, 1):
        w = s * scale
        c += s
        d.rect(x, top, w - 3, 34, stroke=INK, rx=3)
        d.text(x + (w - 3) / 2, top + 17, f"g{'₁₂₃₄₅₆₇'[b - 1]}", italic=True, size=13)
        d.arrow(x + (w - 3) / 2, top + 38, x + (w - 3) / 2, top + 70, color=ACCENT)
        d.text(x + (w - 3) / 2, top + 132, f"{s}/{c}", color=FORWARD, size=12)
        x += w
    d.text(x0, top + 90, "an update θ ← θ − η g_b after every minibatch: 7 updates", color=ACCENT, size=13,
           anchor="start")
    d.text(x0, top + 155, "fold g_b into the mean ḡ with weight s_b / c_b (above), then one update:", color=FORWARD,
           size=13, anchor="start")
    d.text(x - 4, top + 182, "θ ← θ − η ḡ", color=FORWARD, size=14, italic=True, anchor="end")
    d.text(430, top + 235, "counting minibatches instead (weight 1/b) gives the last 8 samples the weight of 32",
           color=BACKWARD, size=13)
    return d
