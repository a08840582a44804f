"""The figures of Part 5 (notebooks 15-17): the computational graph of one neuron's loss with its values and adjoints,
the order of the backward pass where a value is used twice, a convolution's sliding window, im2col, max pooling's
forward and backward, and batch normalisation's graph."""
import math

from tools.figures.svg import ACCENT, BACKWARD, FORWARD, INK, MUTED, Drawing

# Notebook 15's neuron: L = ½(tanh(w1 x1 + w2 x2 + b) − t)²
W1, W2, B, X1, X2, T = 0.5, -1.2, 0.3, 1.5, 0.8, 0.2


def neuron_values() -> dict:
    """{node: (value, adjoint)} of notebook 15's neuron, forward then backward, as the notebook computes them."""
    u1, u2 = W1 * X1, W2 * X2
    s = u1 + u2
    a = s + B
    y = math.tanh(a)
    e = y - T
    loss = 0.5 * e * e
    abar = e * (1 - y * y)
    return {"w₁": (W1, abar * X1), "x₁": (X1, abar * W1), "w₂": (W2, abar * X2), "x₂": (X2, abar * W2),
            "b": (B, abar), "t": (T, -e), "u₁": (u1, abar), "u₂": (u2, abar), "s": (s, abar), "a": (a, abar),
            "y": (y, e), "e": (e, e), "L": (loss, 1.0)}


def computational_graph() -> Drawing:
    v = neuron_values()
    d = Drawing(920, 380, "The computational graph of one neuron's loss, L = ½(tanh(w₁x₁ + w₂x₂ + b) − t)²",
                "The inputs w₁ = 0.5, x₁ = 1.5, w₂ = −1.2, x₂ = 0.8, b = 0.3 and t = 0.2 feed the nodes u₁ = w₁x₁, "
                "u₂ = w₂x₂, s = u₁ + u₂, a = s + b, y = tanh a, e = y − t and L = ½e², left to right. Under each node "
                "its value (blue, computed forwards) and its adjoint ∂L/∂v (red, computed backwards from L̄ = 1): "
                "ē = e, ā = ē(1 − y²), and each input's adjoint is ā times the other factor of its product.")
    leaves = {"w₁": (60, 70), "x₁": (60, 150), "w₂": (60, 230), "x₂": (60, 310), "b": (480, 70), "t": (740, 70)}
    for name, (x, y) in leaves.items():
        d.rect(x - 42, y - 15, 84, 30, stroke=ACCENT if name[0] in "wb" else INK)
        d.text(x, y, f"{name} = {v[name][0]:.4g}", size=13)
        if name in ("b", "t"):
            d.text(x + 48, y, f"{v[name][1]:.4g}", color=BACKWARD, size=12, anchor="start")
            d.arrow(x, y + 15, x, 163, color=FORWARD)
        else:
            d.text(x, y + 25, f"{v[name][1]:.4g}", color=BACKWARD, size=12)
    nodes = {"u₁": (220, 110, "u₁ = w₁x₁"), "u₂": (220, 270, "u₂ = w₂x₂"), "s": (355, 180, "s = u₁ + u₂"),
             "a": (480, 180, "a = s + b"), "y": (610, 180, "y = tanh a"), "e": (740, 180, "e = y − t"),
             "L": (860, 180, "L = ½e²")}
    for name, (x, y, label) in nodes.items():
        d.rect(x - 50, y - 17, 100, 34, rx=17)
        d.text(x, y, label, size=13)
        d.text(x, y + 32, f"{v[name][0]:.4g}", color=FORWARD, size=12)
        d.text(x, y + 48, f"{v[name][1]:.4g}", color=BACKWARD, size=12)
    edges = [((102, 70), (170, 102)), ((102, 150), (170, 118)), ((102, 230), (170, 262)), ((102, 310), (170, 278)),
             ((250, 127), (320, 163)), ((250, 253), (320, 197)), ((405, 180), (430, 180)), ((530, 180), (560, 180)),
             ((660, 180), (690, 180)), ((790, 180), (810, 180))]
    for a, b in edges:
        d.arrow(*a, *b, color=FORWARD)
    d.text(460, 22, "forward: each value from its operands (blue); backward: each adjoint v̄ = ∂L/∂v from the "
           "adjoints after it (red)", size=13, color=MUTED)
    d.text(560, 340, "v̄ = Σ over the uses c of v: c̄ · ∂c/∂v, starting from L̄ = 1", size=13, color=BACKWARD)
    return d


def topological_order() -> Drawing:
    d = Drawing(760, 300, "The order of the backward pass where a value is used twice",
                "x feeds h = tanh x; h is used twice, by q = h·h and by L = q + h. A depth-first search from L lists "
                "each node after its operands: 1 x, 2 h, 3 q, 4 L. The rules run in the reverse order, L, q, h, x: "
                "L's rule adds 1 to q̄ and 1 to h̄, q's rule adds 2h to h̄, and only then, with h̄ = 2h + 1 complete, "
                "h's rule sends h̄(1 − h²) to x.")
    nodes = {"x": (80, 160, "1", ""), "h": (260, 160, "2", "tanh"), "q": (440, 70, "3", "×"),
             "L": (620, 160, "4", "+")}
    for name, (x, y, k, op) in nodes.items():
        d.circle(x, y, 28, stroke=ACCENT if name == "x" else INK)
        d.text(x, y, op or name, italic=not op, size=14)
        if name == "q":
            d.text(x + 36, y - 22, f"q = h·h   (order {k})", weight="bold", size=13, anchor="start")
        else:
            d.text(x, y + (46 if name == "L" else -42), {"x": "x", "h": "h = tanh x", "L": "L = q + h"}[name]
                   + f"   (order {k})", weight="bold", size=13)
    for a, b in [((108, 160), (232, 160)), ((282, 143), (414, 76)), ((286, 150), (413, 86)),
                 ((466, 80), (594, 148)), ((288, 166), (592, 166))]:
        d.arrow(*a, *b, color=FORWARD)
    back = [((594, 180), (290, 180), "L̄ = 1 → h̄ += 1", (440, 198)),
            ((598, 140), (470, 72), "q̄ = 1", (575, 96)),
            ((416, 98), (290, 156), "h̄ += 2h·q̄", (372, 142)),
            ((232, 175), (108, 175), "x̄ = h̄ (1 − h²)", (170, 198))]
    for a, b, label, at in back:
        d.arrow(*a, *b, color=BACKWARD, dashed=True)
        d.text(*at, label, color=BACKWARD, size=13)
    d.text(380, 236, "depth-first search from L lists x, h, q, L: each node after its operands", color=FORWARD,
           size=13)
    d.text(380, 262, "the rules run in reverse, L, q, h, x: h's rule waits until both of h's uses have added to h̄",
           color=BACKWARD, size=13)
    return d


def _grid(d, x0, y0, rows, cols, cell, fills=None, labels=None, stroke=MUTED, size=12):
    """A grid of cells at (x0, y0); fills[(r, c)] colours a cell, labels[(r, c)] writes in it."""
    for r in range(rows):
        for c in range(cols):
            fill = (fills or {}).get((r, c), "#ffffff")
            d.rect(x0 + c * cell, y0 + r * cell, cell, cell, fill=fill, stroke=stroke, width=1, rx=0)
            if labels and (r, c) in labels:
                d.text(x0 + c * cell + cell / 2, y0 + r * cell + cell / 2, labels[(r, c)], size=size)


PAD, WINDOW, PATCH2 = "#eceff1", "#bbdefb", "#ffe0b2"


def conv_window() -> Drawing:
    d = Drawing(820, 360, "A 3×3 filter sliding over a 4×4 image with padding 1 and stride 1",
                "Left: a 4×4 image surrounded by one ring of zero padding (grey), 6×6 in all. A 3×3 window (blue) "
                "covers padded rows 0-2 and columns 1-3, which is output position (0, 1). Middle: the filter's nine "
                "weights w(ky, kx). Right: the 4×4 output; entry (0, 1), in blue, is b plus the sum of the nine "
                "products of the window's pixels with the weights. The output side is (H + 2P − K)/S + 1 = "
                "(4 + 2 − 3)/1 + 1 = 4.")
    cell = 36
    fills = {(r, c): PAD for r in range(6) for c in range(6) if r in (0, 5) or c in (0, 5)}
    for r in range(3):
        for c in range(1, 4):
            fills[(r, c)] = WINDOW
    labels = {(r, c): "0" for r in range(6) for c in range(6) if r in (0, 5) or c in (0, 5)}
    labels.update({(r + 1, c + 1): f"x{r}{c}" for r in range(4) for c in range(4)})
    _grid(d, 30, 60, 6, 6, cell, fills, labels, size=11)
    d.rect(30 + cell, 60, 3 * cell, 3 * cell, fill="none", stroke=FORWARD, width=3, rx=0)
    d.text(138, 40, "input X with padding P = 1", size=13)
    d.text(138, 300, "H = W = 4, padded to 6×6", color=MUTED, size=12)
    _grid(d, 340, 114, 3, 3, cell, {(r, c): WINDOW for r in range(3) for c in range(3)},
          {(r, c): f"w{r}{c}" for r in range(3) for c in range(3)}, stroke=FORWARD, size=11)
    d.text(394, 94, "filter W, K = 3", size=13)
    d.text(394, 244, "+ bias b", color=MUTED, size=12)
    d.text(300, 168, "⊙", size=22)
    d.text(486, 168, "Σ →", size=18)
    _grid(d, 540, 96, 4, 4, cell, {(0, 1): WINDOW}, {(0, 1): "a01"}, size=11)
    d.rect(540 + cell, 96, cell, cell, fill="none", stroke=FORWARD, width=3, rx=0)
    d.text(612, 76, "output A, 4×4", size=13)
    d.text(410, 330, "A[oy, ox] = b + Σ_ky Σ_kx X[oy·S + ky − P, ox·S + kx − P] · W[ky, kx]   (0 outside the image)",
           size=13, color=FORWARD)
    d.text(410, 350, "each step of the window (stride S = 1) gives the next output entry", size=12, color=MUTED)
    return d


def im2col() -> Drawing:
    d = Drawing(860, 330, "im2col: every patch a row, the convolution one matrix product",
                "Left: a 4×4 image with two of its four 3×3 patches outlined, the first (blue) at output position (0, 0) "
                "and the last (orange) at (1, 1). Middle: the matrix Col, one row per output position, 4 rows, and one "
                "column per filter weight, 9 columns; row 1 holds the blue patch's nine pixels, row 4 the orange "
                "patch's. Right: Col (4×9) times W (9×F), one column per filter, plus the bias gives A (4×F): every "
                "output of every filter in one product.")
    cell = 30
    labels = {(r, c): str(4 * r + c + 1) for r in range(4) for c in range(4)}
    fills = {(r, c): WINDOW for r in range(3) for c in range(3)}
    fills.update({(r, c): PATCH2 for r in range(1, 4) for c in range(1, 4) if (r, c) not in fills})
    _grid(d, 30, 90, 4, 4, cell, fills, labels)
    d.rect(30, 90, 3 * cell, 3 * cell, fill="none", stroke=FORWARD, width=3, rx=0)
    d.rect(30 + cell, 90 + cell, 3 * cell, 3 * cell, fill="none", stroke="#ef6c00", width=3, rx=0)
    d.text(90, 70, "image, 4×4, K = 3", size=13)
    rows = [[1, 2, 3, 5, 6, 7, 9, 10, 11], [2, 3, 4, 6, 7, 8, 10, 11, 12], [5, 6, 7, 9, 10, 11, 13, 14, 15],
            [6, 7, 8, 10, 11, 12, 14, 15, 16]]
    small = 26
    cfill = {(r, c): (WINDOW if r == 0 else PATCH2 if r == 3 else "#ffffff") for r in range(4) for c in range(9)}
    _grid(d, 200, 100, 4, 9, small, cfill, {(r, c): str(v) for r, row in enumerate(rows) for c, v in enumerate(row)},
          size=11)
    d.text(317, 80, "Col: one row per position (4 × 9)", size=13)
    for r, name in enumerate(["(0,0)", "(0,1)", "(1,0)", "(1,1)"]):
        d.text(180, 113 + r * small, name, size=10, color=MUTED, anchor="end")
    d.text(455, 152, "·", size=28)
    d.rect(475, 70, 60, 9 * 18, fill="#e8f5e9", stroke=ACCENT, rx=0)
    d.text(505, 151, "W", italic=True, weight="bold")
    d.text(505, 250, "9 × F", color=ACCENT, size=12)
    d.text(560, 152, "+ 1b =", size=15)
    d.rect(610, 100, 60, 4 * small, fill="#e3f2fd", stroke=FORWARD, rx=0)
    d.text(640, 152, "A", italic=True, weight="bold")
    d.text(640, 250, "4 × F", color=FORWARD, size=12)
    d.text(760, 140, "row: a position", size=12, color=MUTED)
    d.text(760, 160, "column: a filter", size=12, color=MUTED)
    d.text(430, 300, "A = Col·W + 1b: (m·Ho·Wo × C·K·K)(C·K·K × F), a dense layer applied to every patch",
           size=13, color=FORWARD)
    return d


def maxpool() -> Drawing:
    d = Drawing(820, 300, "Max pooling, 2×2 windows with stride 2: forward and backward",
                "Left: a 4×4 input split into four 2×2 windows; in each, the largest value is outlined: 7, 8, 9 and 6. "
                "Middle: the forward output, 2×2, holding those maxima. Right, backward: the gradient G, 2×2, with "
                "entries g1 to g4, goes back to the 4×4 input; each g lands on its window's maximum, and every other "
                "input gets 0.")
    cell = 34
    x = [[1, 7, 2, 0], [3, 4, 8, 5], [9, 2, 1, 6], [0, 5, 3, 4]]
    tint = {(r, c): ("#e3f2fd" if (r // 2 + c // 2) % 2 == 0 else "#fff8e1") for r in range(4) for c in range(4)}
    arg = [(0, 1), (1, 2), (2, 0), (2, 3)]
    _grid(d, 30, 70, 4, 4, cell, tint, {(r, c): str(x[r][c]) for r in range(4) for c in range(4)})
    for r, c in arg:
        d.rect(30 + c * cell + 3, 70 + r * cell + 3, cell - 6, cell - 6, fill="none", stroke=FORWARD, width=2.5)
    d.text(98, 50, "X, four 2×2 windows", size=13)
    d.arrow(180, 138, 240, 138, color=FORWARD)
    _grid(d, 250, 104, 2, 2, cell, {(0, 0): "#e3f2fd", (0, 1): "#fff8e1", (1, 0): "#fff8e1", (1, 1): "#e3f2fd"},
          {(0, 0): "7", (0, 1): "8", (1, 0): "9", (1, 1): "6"})
    d.text(284, 84, "Y = max per window", size=13, color=FORWARD)
    _grid(d, 420, 104, 2, 2, cell, None, {(0, 0): "g1", (0, 1): "g2", (1, 0): "g3", (1, 1): "g4"})
    d.text(454, 84, "G = ∂L/∂Y", size=13, color=BACKWARD)
    d.arrow(500, 138, 560, 138, color=BACKWARD, dashed=True)
    dx = {(r, c): "0" for r in range(4) for c in range(4)}
    dx.update({p: g for p, g in zip(arg, ["g1", "g2", "g3", "g4"])})
    _grid(d, 570, 70, 4, 4, cell, tint, dx)
    for r, c in arg:
        d.rect(570 + c * cell + 3, 70 + r * cell + 3, cell - 6, cell - 6, fill="none", stroke=BACKWARD, width=2.5)
    d.text(638, 50, "∂L/∂X", size=13, color=BACKWARD)
    d.text(410, 250, "forward: each window's largest entry; backward: each window's gradient to that entry only",
           size=13)
    d.text(410, 272, "(the maximum moves with its own input at slope 1 and not at all with the others)", size=12,
           color=MUTED)
    return d
