"""Neurons, layers, networks and the computational graph of one dense layer."""
from tools.figures.svg import ACCENT, BACKWARD, FORWARD, INK, MUTED, Drawing


def neuron() -> Drawing:
    d = Drawing(560, 250, "One neuron",
                "Three inputs x1, x2, x3, each multiplied by its weight w1, w2, w3, are summed with the bias b into the "
                "pre-activation a; the activation f turns a into the output y = f(a).")
    ys = [55, 125, 195]
    for i, y in enumerate(ys, 1):
        d.circle(50, y, 20)
        d.text(50, y, f"x{'₁₂₃'[i - 1]}", italic=True)
        d.arrow(72, y, 268, 125 + (y - 125) * 0.25, color=FORWARD)
        d.text(165, y + (125 - y) * 0.45 - 12, f"w{'₁₂₃'[i - 1]}", color=ACCENT, italic=True)
    d.circle(310, 125, 42)
    d.line(310, 85, 310, 165, color=MUTED, width=1)
    d.text(292, 125, "Σ", size=20)
    d.text(329, 125, "f", size=18, italic=True)
    d.arrow(310, 235, 310, 169, color=ACCENT)
    d.text(326, 222, "b", color=ACCENT, italic=True, anchor="start")
    d.arrow(353, 125, 470, 125, color=FORWARD)
    d.text(515, 125, "y = f(a)", italic=True)
    d.text(310, 28, "a = x₁w₁ + x₂w₂ + x₃w₃ + b", size=14, color=MUTED)
    return d


def layer() -> Drawing:
    d = Drawing(560, 270, "A fully connected layer",
                "Three inputs are each connected to both of two neurons; weight W_ij connects input i to neuron j, so "
                "W has 3 rows and 2 columns, and each neuron j adds its bias b_j.")
    inputs, neurons = [60, 135, 210], [95, 180]
    for i, y in enumerate(inputs):
        d.circle(60, y, 20)
        d.text(60, y, f"x{'₁₂₃'[i]}", italic=True)
        for yn in neurons:
            d.arrow(82, y, 283, yn + (y - yn) * 0.12, color=FORWARD, width=1.2)
    for j, y in enumerate(neurons):
        d.circle(310, y, 26)
        d.text(310, y, f"f", italic=True)
        d.arrow(338, y, 430, y, color=FORWARD)
        d.text(455, y, f"y{'₁₂'[j]}", italic=True)
    d.text(190, 28, "W (3×2): W_ij joins input i to neuron j", color=ACCENT, size=13)
    d.text(310, 245, "b (1×2): one bias per neuron", color=ACCENT, size=13)
    d.text(470, 28, "y = f(xW + b)", size=14, italic=True)
    return d


def network() -> Drawing:
    d = Drawing(560, 280, "A small network: 2 inputs, 3 hidden neurons, 1 output",
                "The XOR network. Two inputs feed three hidden neurons through W1 (2×3) and b1 (1×3); the three hidden "
                "outputs feed one output neuron through W2 (3×1) and b2 (1×1).")
    xs, hs, o = [105, 175], [70, 140, 210], 140
    for y in xs:
        d.circle(80, y, 20)
        for yh in hs:
            d.arrow(102, y, 246, yh + (y - yh) * 0.12, color=FORWARD, width=1.2)
    d.text(80, 105, "x₁", italic=True)
    d.text(80, 175, "x₂", italic=True)
    for yh in hs:
        d.circle(270, yh, 22)
        d.text(270, yh, "tanh", size=11)
        d.arrow(294, yh, 433, o + (yh - o) * 0.12, color=FORWARD, width=1.2)
    d.circle(458, o, 24)
    d.text(458, o, "σ", size=16)
    d.arrow(484, o, 535, o, color=FORWARD)
    d.text(80, 250, "input", color=MUTED, size=13)
    d.text(270, 250, "hidden layer: W₁ 2×3, b₁ 1×3", color=ACCENT, size=13)
    d.text(458, 250, "output: W₂ 3×1, b₂", color=ACCENT, size=13)
    return d


def dense_graph() -> Drawing:
    d = Drawing(760, 330, "The computational graph of one dense layer, forward and backward",
                "Forward, in blue: X and W meet in the product XW, the bias b is added to give A, and the activation f "
                "gives Y, which the loss L takes. Backward, in red: G = dL/dY comes back from the loss; "
                "Delta = G ⊙ f′(A); the bias gets (1/m) Σ_i Delta_i, the weights (1/m) Xᵀ Delta, and the input "
                "dL/dX = Delta Wᵀ goes back to the layer before.")
    boxes = {"X": (40, 70), "W": (40, 165), "b": (40, 260)}
    for name, (x, y) in boxes.items():
        d.rect(x - 25, y - 18, 50, 36, stroke=ACCENT if name != "X" else INK)
        d.text(x, y, name, italic=True, weight="bold")
    ops = {"mult": (230, 115, "XW"), "plus": (400, 165, "+ b"), "f": (560, 165, "f"), "L": (700, 165, "L")}
    for x, y, label in ops.values():
        d.circle(x, y, 28)
        d.text(x, y, label, italic=label in ("f", "L"))
    fwd = [((65, 70), (204, 106)), ((65, 165), (204, 124)), ((256, 125), (373, 157)), ((65, 260), (374, 178)),
           ((428, 165), (530, 165)), ((588, 165), (670, 165))]
    for (a, b) in fwd:
        d.arrow(*a, *b, color=FORWARD)
    d.text(479, 152, "A", color=FORWARD, italic=True)
    d.text(629, 152, "Y", color=FORWARD, italic=True)
    back = [((670, 180), (588, 180), "G = ∂L/∂Y", (629, 200)),
            ((530, 180), (428, 180), "Δ = G ⊙ f′(A)", (479, 200)),
            ((380, 185), (70, 270), "∂J/∂b = (1/m) Σᵢ Δᵢ", (260, 262)),
            ((375, 150), (258, 118), "Δ", (322, 148)),
            ((205, 128), (70, 172), "∂J/∂W = (1/m) XᵀΔ", (140, 190)),
            ((204, 100), (70, 62), "∂L/∂X = ΔWᵀ", (140, 55))]
    for a, b, label, at in back:
        d.arrow(*a, *b, color=BACKWARD, dashed=True)
        d.text(*at, label, color=BACKWARD, size=13)
    d.text(380, 20, "forward: Y = f(XW + b)", color=FORWARD, size=14)
    d.text(380, 310, "backward: each node sends ∂L/∂(its input) back along the edge it came from", color=BACKWARD,
           size=13)
    return d
