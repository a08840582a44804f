"""The shapes of a minibatch's matrices, drawn to scale: one sample per row (the course's convention), and one sample
per column (sources 001 and 002)."""
from tools.figures.svg import ACCENT, FORWARD, INK, MUTED, Drawing

U = 26   # pixels per matrix entry
SHADE = "#e3f2fd"


def grid(d: Drawing, x, y, rows, cols, name, dims, stroke=INK, shade_row=None, shade_col=None):
    """A rows×cols matrix at (x, y), each entry a U×U cell, with a shaded row or column, its name and shape below."""
    d.rect(x, y, cols * U, rows * U, stroke=stroke, rx=2)
    for r in range(rows):
        for c in range(cols):
            if r == shade_row or c == shade_col:
                d.rect(x + c * U + 2, y + r * U + 2, U - 4, U - 4, fill=SHADE, stroke=SHADE, width=0.5, rx=2)
    for r in range(1, rows):
        d.line(x, y + r * U, x + cols * U, y + r * U, color=MUTED, width=0.5)
    for c in range(1, cols):
        d.line(x + c * U, y, x + c * U, y + rows * U, color=MUTED, width=0.5)
    d.text(x + cols * U / 2, y + rows * U + 18, name, italic=True, weight="bold")
    d.text(x + cols * U / 2, y + rows * U + 38, dims, color=MUTED, size=12)


def minibatch() -> Drawing:
    m, n, k = 4, 3, 2
    d = Drawing(640, 210, "The shapes of a minibatch through a dense layer, one sample per row",
                "X has m = 4 rows, one sample each, and n = 3 columns, one input each; W has n = 3 rows and k = 2 "
                "columns; the bias b is one row of k = 2, added to every row of XW; A = XW + b has m = 4 rows and "
                "k = 2 columns. The first sample, row 1 of X, gives row 1 of A.")
    top = 40
    x0 = 90
    grid(d, x0, top, m, n, "X", "m×n (samples × inputs)", shade_row=0)
    d.text(x0 + n * U + 22, top + m * U / 2, "·", size=26)
    grid(d, x0 + n * U + 45, top + U / 2, n, k, "W", "n×k", stroke=ACCENT)
    x_b = x0 + n * U + 45 + k * U + 45
    d.text(x_b - 22, top + m * U / 2, "+", size=22)
    grid(d, x_b, top + (m - 1) * U / 2, 1, k, "b", "1×k, to every row", stroke=ACCENT)
    x_a = x_b + k * U + 75
    d.text(x_a - 35, top + m * U / 2, "=", size=22)
    grid(d, x_a, top, m, k, "A = XW + b", "m×k (samples × neurons)", stroke=FORWARD, shade_row=0)
    d.text(320, 18, "one sample per row: row i of A is sample i's layer output", color=MUTED, size=13)
    return d


def columns() -> Drawing:
    m, n, k = 4, 3, 2
    d = Drawing(640, 210, "The same layer with one sample per column (sources 001 and 002)",
                "W has k = 2 rows and n = 3 columns; A1 has n = 3 rows and m = 4 columns, one sample each; b is a column "
                "of k = 2, added to every column; Z = W A1 + b has k = 2 rows and m = 4 columns. Every matrix is the "
                "transpose of its row-convention twin: Z = Aᵀ, A1 = Xᵀ, W = W_rowsᵀ.")
    top = 40
    x0 = 60
    grid(d, x0, top + U / 2, k, n, "W", "k×n", stroke=ACCENT)
    d.text(x0 + n * U + 22, top + 1.5 * U, "·", size=26)
    grid(d, x0 + n * U + 45, top, n, m, "A1", "n×m (a sample per column)", shade_col=0)
    x_b = x0 + n * U + 45 + m * U + 45
    d.text(x_b - 22, top + 1.5 * U, "+", size=22)
    grid(d, x_b, top + U / 2, k, 1, "b", "k×1", stroke=ACCENT)
    x_z = x_b + U + 70
    d.text(x_z - 35, top + 1.5 * U, "=", size=22)
    grid(d, x_z, top + U / 2, k, m, "Z = W·A1 + b", "k×m = (XW + b)ᵀ", stroke=FORWARD, shade_col=0)
    d.text(320, 18, "one sample per column: every matrix is the transpose of its row-convention twin", color=MUTED,
           size=13)
    return d
