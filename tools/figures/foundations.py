"""The foundations notebook's figure: gradient descent's steps on a parabola, below and above the step-size limit."""
from tools.figures.svg import BACKWARD, FORWARD, INK, MUTED, Drawing

PANEL, TOP, HEIGHT = 240, 52, 150   # panel width, top of the plot area, its height (pixels)
SPAN = 3.0                          # θ runs over [−SPAN, SPAN]; the parabola is f(θ) = θ²/2 (λ = 1, minimum at 0)


def parabola(d: Drawing, left: float):
    """f(θ) = θ²/2 over [−SPAN, SPAN] as short segments, with the θ axis and the minimum marked."""
    x, y = point(left)
    d.line(x(-SPAN), TOP + HEIGHT, x(SPAN), TOP + HEIGHT, color=MUTED, width=1)
    d.line(x(0), TOP + HEIGHT - 4, x(0), TOP + HEIGHT + 4, color=MUTED, width=1)
    d.text(x(0), TOP + HEIGHT + 14, "θ* (f′ = 0)", color=MUTED, size=11)
    pieces = 48
    for k in range(pieces):
        a, b = -SPAN + 2 * SPAN * k / pieces, -SPAN + 2 * SPAN * (k + 1) / pieces
        d.line(x(a), y(a), x(b), y(b), color=INK, width=1.5)


def point(left: float):
    """The pixel coordinates (x(θ), y(θ)) of the point (θ, f(θ)) of the panel whose left edge is `left`."""
    def x(theta):
        return left + 20 + (theta + SPAN) / (2 * SPAN) * (PANEL - 40)

    def y(theta):
        return TOP + HEIGHT - (theta * theta / 2) / (SPAN * SPAN / 2) * HEIGHT

    return x, y


def steps(d: Drawing, left: float, eta_lambda: float, theta0: float, n: int, color: str):
    """n steps θ ← θ − ηf′(θ) = (1 − ηλ)θ from theta0, each an arrow from (θ, f(θ)) to the next point."""
    x, y = point(left)
    theta = theta0
    d.circle(x(theta), y(theta), 4, fill=color, stroke=color)
    for _ in range(n):
        after = (1 - eta_lambda) * theta
        d.arrow(x(theta), y(theta), x(after), y(after), color=color, width=1.6)
        d.circle(x(after), y(after), 2.5, fill=color, stroke=color)
        theta = after


def gradient_steps() -> Drawing:
    d = Drawing(3 * PANEL, 250, "Gradient descent's steps on a parabola, below and above the step-size limit",
                "Three copies of the parabola f(θ) = λθ²/2. Every step multiplies the distance to the minimum by "
                "1 − ηλ. Left, ηλ = 0.5: the points slide down one side. Middle, ηλ = 1.6: they jump across the "
                "minimum, each jump shorter, and converge. Right, ηλ = 2.2, above the limit 2: each jump is longer "
                "than the last, and gradient descent diverges.")
    panels = [(0.5, 2.6, 5, FORWARD, "ηλ = 0.5: down one side", "factor 1 − ηλ = 0.5"),
              (1.6, 2.6, 6, FORWARD, "ηλ = 1.6: zigzag inwards", "factor 1 − ηλ = −0.6"),
              (2.2, 1.0, 6, BACKWARD, "ηλ = 2.2: zigzag outwards", "factor 1 − ηλ = −1.2")]
    for k, (eta_lambda, theta0, n, color, title, factor) in enumerate(panels):
        left = k * PANEL
        parabola(d, left)
        steps(d, left, eta_lambda, theta0, n, color)
        d.text(left + PANEL / 2, 20, title, color=color, size=13)
        d.text(left + PANEL / 2, 38, factor, color=MUTED, size=12)
    d.text(3 * PANEL / 2, 236, "θ ← θ − η f′(θ) on f(θ) = λθ²/2: converges for ηλ < 2, diverges above", size=13)
    return d
