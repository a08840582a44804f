"""Part 3's diagrams: the gradient's way back through deep sigmoid and ReLU layers (notebook 10), the softmax
cross-entropy graph (notebook 11), and a dropout mask (notebook 13)."""
import math

from tools.figures.svg import ACCENT, BACKWARD, FORWARD, INK, MUTED, Drawing

KEPT, DROPPED = "#e3f2fd", "#cfd8dc"


def gradient_flow() -> Drawing:
    d = Drawing(720, 300, "The gradient's way back through five layers, sigmoid against ReLU",
                "Backpropagation multiplies the gradient by W transposed and by f′ at every layer. Top: sigmoid "
                "layers with Xavier weights, where each layer multiplies its size by at most a quarter, so the bars "
                "that show the gradient's size shrink fourfold from each layer to the one before it. Bottom: ReLU "
                "layers with He's weights, where f′ is 1 for the active half and the weights' variance 2/n makes up "
                "for the other half, so the bars keep their size.")
    d.text(360, 22, "Δₗ = (Δₗ₊₁ Wₗ₊₁ᵀ) ⊙ f′(Aₗ): each layer multiplies the gradient's size by about "
                    "√(k s² E[f′²])", size=13, color=MUTED)
    rows = [("sigmoid, Xavier: × ≤ ¼ per layer", 95, [4 ** -k for k in range(4, -1, -1)]),
            ("ReLU, He: × ≈ 1 per layer", 225, [1.0] * 5)]
    for label, y, sizes in rows:
        d.text(20, y - 52, label, anchor="start", size=13, weight="bold")
        for i, size in enumerate(sizes):
            x = 60 + i * 130
            d.rect(x, y - 22, 70, 44)
            d.text(x + 35, y, f"layer {i + 1}", size=12)
            height = 50 * (1 + math.log(size, 4) / 5)   # a log scale: a quarter is a fifth of the bar less
            d.rect(x + 80, y + 22 - height, 14, height, fill=BACKWARD, stroke=BACKWARD, width=1, rx=1)
            if i < 4:
                d.arrow(x + 128, y - 8, x + 100, y - 8, color=BACKWARD, dashed=True)
        d.text(700, y, "G", color=BACKWARD, italic=True)
        d.arrow(690, y - 8, 682, y - 8, color=BACKWARD)
    d.text(360, 285, "bars: the size of ∂J/∂Wₗ (the gradient comes back from the loss, right, to layer 1, left)",
           size=12, color=BACKWARD)
    return d


def softmax_cross_entropy() -> Drawing:
    d = Drawing(720, 260, "Softmax and cross-entropy as one graph, forward and backward",
                "Forward, in blue: the logits z go through softmax to the probabilities p; the loss L = −Σ y log p "
                "takes p and the one-hot target y. Backward, in red: ∂L/∂p = −y/p comes back from the loss, and "
                "multiplied by the softmax Jacobian J = diag(p) − p pᵀ it collapses to ∂L/∂z = p − y. The library's "
                "SOFTMAX_CROSS_ENTROPY fuses the two boxes and returns p − y directly.")
    d.rect(250, 60, 330, 120, stroke=MUTED, width=1, rx=10)
    d.text(415, 48, "Losses.SOFTMAX_CROSS_ENTROPY, fused", size=12, color=MUTED)
    d.rect(40, 100, 70, 40)
    d.text(75, 120, "z", italic=True, weight="bold")
    d.text(75, 156, "logits 1×k", size=11, color=MUTED)
    d.circle(320, 120, 36)
    d.text(320, 120, "softmax", size=12)
    d.circle(510, 120, 36)
    d.text(510, 120, "−Σ y log p", size=11)
    d.rect(470, 215, 80, 34, stroke=ACCENT)
    d.text(510, 232, "y (one-hot)", size=12, color=ACCENT)
    d.arrow(510, 213, 510, 158, color=ACCENT)
    d.arrow(112, 112, 282, 112, color=FORWARD)
    d.arrow(358, 112, 472, 112, color=FORWARD)
    d.text(415, 100, "p", color=FORWARD, italic=True)
    d.arrow(548, 120, 650, 120, color=FORWARD)
    d.text(680, 120, "L", italic=True, weight="bold")
    d.arrow(472, 132, 358, 132, color=BACKWARD, dashed=True)
    d.text(415, 150, "∂L/∂p = −y/p", color=BACKWARD, size=12)
    d.arrow(282, 132, 112, 132, color=BACKWARD, dashed=True)
    d.text(197, 150, "× J = diag(p) − ppᵀ", color=BACKWARD, size=12)
    d.text(197, 200, "∂L/∂z = (∂L/∂p) J = p − y", color=BACKWARD, size=14, weight="bold")
    return d


def dropout_mask() -> Drawing:
    rows, cols, u = 4, 5, 38
    dropped = {(0, 1), (0, 4), (1, 0), (1, 2), (2, 3), (3, 1), (3, 2), (3, 4)}
    d = Drawing(760, 250, "Inverted dropout on a minibatch: Y = X ⊙ M / (1 − p)",
                "Left: the input X, 4 samples (rows) of 5 entries. Middle: a fresh random mask M with p = 0.4, each "
                "entry 0 (dropped, grey) with probability p and 1 (kept) otherwise. Right: the output Y, zero where "
                "M is 0, and the kept entries of X scaled by 1/(1 − p) so that the expectation of Y is X.")

    def panel(x0, name, text, shade):
        for r in range(rows):
            for c in range(cols):
                fill = (DROPPED if (r, c) in dropped else KEPT) if shade else "#ffffff"
                d.rect(x0 + c * u, 30 + r * u, u, u, fill=fill, stroke=MUTED, width=0.5, rx=0)
                d.text(x0 + c * u + u / 2, 30 + r * u + u / 2, text((r, c) in dropped, r, c), size=11)
        d.text(x0 + cols * u / 2, 30 + rows * u + 20, name, italic=True, weight="bold")

    panel(20, "X", lambda off, r, c: f"x{r + 1}{c + 1}", False)
    d.text(232, 106, "⊙", size=24)
    panel(255, "M", lambda off, r, c: "0" if off else "1", True)
    d.text(488, 106, "/ (1 − p) =", size=13)
    panel(545, "Y", lambda off, r, c: "0" if off else f"⁵⁄₃x{r + 1}{c + 1}", True)
    d.text(380, 225, "p = 0.4: each entry dropped with probability p, the kept ones scaled by 1/(1 − p) = 5/3, "
                     "so E[Y] = X", size=13, color=MUTED)
    return d
