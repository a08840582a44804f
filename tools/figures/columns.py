"""The figures of the column convention and vectorised backpropagation (notebooks 07-09): source 001's two layers
passing A forward and dA back, source 002's deep network to scale, and its backward recursion."""
from tools.figures.svg import ACCENT, BACKWARD, FORWARD, INK, MUTED, Drawing

SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sub(s) -> str:
    """Digits as subscripts: sub('W1') == 'W₁'."""
    return str(s).translate(SUB)


def column_backprop() -> Drawing:
    d = Drawing(760, 300, "Source 001's two layers: A goes forward to the next layer, dA back to the previous one",
                "The XOR network with samples as columns. Forward, in blue: x (2×4) enters layer 1 (W 3×2, b 3×1, "
                "tanh), whose output A (3×4) is layer 2's input A1; layer 2 (W 1×3, b 1×1, sigmoid) gives the prediction "
                "(1×4), which the cost compares with y. Backward, in red: dA = d_logloss(y, A) (1×4) enters layer 2, "
                "whose backprop returns dA1 = Wᵀ·dZ (3×4), the shape of layer 1's output, and hands it to layer 1, "
                "the previous layer; each backprop also steps its own W and b.")
    boxes = [(250, "layer 1", "W 3×2, b 3×1, tanh"), (520, "layer 2", "W 1×3, b 1×1, σ")]
    for x, name, params in boxes:
        d.rect(x - 85, 70, 170, 120, stroke=ACCENT)
        d.text(x, 92, name, weight="bold")
        d.text(x, 114, params, color=ACCENT, size=12)
        d.text(x, 140, "Z = W·A1 + b, A = act(Z)", color=FORWARD, size=11)
        d.text(x, 165, "dA1 = Wᵀ·dZ; W ← W − α dW", color=BACKWARD, size=11)
    d.rect(20, 75, 60, 40, stroke=INK)
    d.text(50, 95, "x", italic=True, weight="bold")
    d.rect(680, 75, 60, 120, stroke=INK)
    d.text(710, 135, "cost", size=13)
    for (x1, x2, label) in [(80, 165, "A1 = x  2×4"), (335, 435, "A  3×4"), (605, 680, "Ŷ 1×4")]:
        d.arrow(x1, 95, x2, 95, color=FORWARD)
        d.text((x1 + x2) / 2, 80 if x1 > 80 else 60, label, color=FORWARD, size=12)
    for (x1, x2, label) in [(680, 605, "dA  1×4"), (435, 335, "dA1  3×4")]:
        d.arrow(x1, 175, x2, 175, color=BACKWARD, dashed=True)
        d.text((x1 + x2) / 2, 195, label, color=BACKWARD, size=12)
    d.text(385, 213, "to the previous layer", color=BACKWARD, size=12)
    d.text(380, 30, "forward: each layer's A is the next layer's A1", color=FORWARD, size=14)
    d.text(380, 272, "backward (for layer in reversed(lyr)): each layer's dA1 is the previous layer's dA",
           color=BACKWARD, size=13)
    return d


def deep_network() -> Drawing:
    widths = [10, 60, 140, 50, 10, 1]
    d = Drawing(760, 330, "Source 002's network: 10 → 60 → 140 → 50 → 10 → 1, sigmoid everywhere, no biases",
                "Six layers of neurons drawn to scale as bars: 10 inputs, then 60, 140, 50 and 10 sigmoid neurons, "
                "then one sigmoid output. Between two layers sits a weight matrix W_l of shape n_l × n_(l−1), neurons "
                "× inputs, as source 002 stores it (the library stores its transpose): 60×10, 140×60, 50×140, 10×50, "
                "1×10, 16,510 weights in all, and no biases.")
    xs = [60 + 128 * i for i in range(len(widths))]
    mid, scale = 172, 1.55
    for i, (x, n) in enumerate(zip(xs, widths)):
        h = max(12, n * scale)
        d.rect(x - 14, mid - h / 2, 28, h, fill="#e3f2fd", stroke=FORWARD, rx=6)
        d.text(x, mid - h / 2 - 14, str(n), weight="bold")
        d.text(x, 310, "input x" if i == 0 else ("output y" if i == len(widths) - 1 else "σ"), color=MUTED, size=12)
        if i:
            p, hp = xs[i - 1], max(12, widths[i - 1] * scale)
            for a, b in [(-hp / 2, -h / 2), (hp / 2, h / 2), (0, 0)]:
                d.line(p + 14, mid + a, x - 14, mid + b, color=MUTED, width=0.8)
            label = f"W{sub(i)} {n}×{widths[i - 1]}"
            d.text((p + x) / 2, 278, label, color=ACCENT, size=12)
    d.text(380, 22, "aₗ = Wₗ·oₗ₋₁, oₗ = σ(aₗ), one sample a column, o₀ = x; Wₗ is neurons × inputs", color=MUTED,
           size=13)
    return d


def backward_recursion() -> Drawing:
    d = Drawing(800, 330, "Source 002's backward recursion through two layers",
                "Forward, in blue, along the top: o0 = x is multiplied by W1 to give a1, the sigmoid f gives o1, W2 "
                "gives a2 and f gives o2 = y, which the loss L compares with the label t. Backward, in red, along the "
                "bottom: g = y − t leaves the loss; through each f it becomes g ⊙ f′(a_l); at each weight matrix it "
                "gives the gradient ∇W_l L = g o_(l−1)ᵀ, to the parameter below, and goes on as W_lᵀ g to the layer "
                "before.")
    nodes = [("o₀ = x", 50), ("a₁", 190), ("o₁", 320), ("a₂", 460), ("o₂ = y", 590), ("L", 730)]
    ops = ["W₁ ·", "f", "W₂ ·", "f", "½‖y − t‖²"]
    top = 90
    for name, x in nodes:
        d.circle(x, top, 30 if name != "L" else 24)
        d.text(x, top, name, italic=True, size=13)
    for k, op in enumerate(ops):
        x1, x2 = nodes[k][1], nodes[k + 1][1]
        d.arrow(x1 + 31, top, x2 - 31, top, color=FORWARD)
        d.text((x1 + x2) / 2, top - 18, op, color=FORWARD, size=12)
    back = ["g ← W₁ᵀ g", "g ← g ⊙ f′(a₁)", "g ← W₂ᵀ g", "g ← g ⊙ f′(a₂)", "g = y − t"]
    low = 175
    for k, label in enumerate(back):
        x1, x2 = nodes[k + 1][1], nodes[k][1]
        d.arrow(x1 - 20, low, x2 + 20, low, color=BACKWARD, dashed=True)
        d.text((x1 + x2) / 2, low + 18, label, color=BACKWARD, size=12)
    for k, (w, src) in enumerate([("W₁", "o₀"), ("W₂", "o₁")]):
        x = (nodes[2 * k][1] + nodes[2 * k + 1][1]) / 2
        d.rect(x - 22, 255, 44, 30, stroke=ACCENT)
        d.text(x, 270, w, italic=True, weight="bold")
        d.arrow(x, low + 30, x, 253, color=BACKWARD, dashed=True)
        d.text(x + 30, 232, f"∇{w} L = g {src}ᵀ", color=BACKWARD, size=12, anchor="start")
    d.text(400, 24, "forward: aₗ = Wₗ oₗ₋₁, oₗ = f(aₗ); the loop caches every aₗ and oₗ", color=FORWARD,
           size=13)
    d.text(400, 315, "backward, l = L … 1: g ← g ⊙ f′(aₗ), ∇Wₗ L = g oₗ₋₁ᵀ, g ← Wₗᵀ g", color=BACKWARD,
           size=13)
    return d
