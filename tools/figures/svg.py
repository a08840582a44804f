"""A small SVG writer for the course's diagrams: shapes, arrows and labels in one style, written deterministically
(coordinates rounded to 0.1 px), so that regenerating a figure gives the same bytes."""
from xml.sax.saxutils import escape

FONT = "font-family=\"DejaVu Sans, Verdana, sans-serif\""
INK, MUTED, PAPER = "#1f2933", "#616e7c", "#ffffff"
FORWARD, BACKWARD, ACCENT = "#1565c0", "#c62828", "#2e7d32"   # forward pass, backward pass, parameters


def _n(x: float) -> str:
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


class Drawing:
    """An SVG of a given size; shapes are added in order, later ones on top."""

    def __init__(self, width: float, height: float, title: str, desc: str):
        self.width, self.height, self.title, self.desc = width, height, title, desc
        self.items = []

    def rect(self, x, y, w, h, fill=PAPER, stroke=INK, width=1.5, rx=4):
        self.items.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="{_n(rx)}" '
                          f'fill="{fill}" stroke="{stroke}" stroke-width="{_n(width)}"/>')

    def circle(self, cx, cy, r, fill=PAPER, stroke=INK, width=1.5):
        self.items.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="{fill}" stroke="{stroke}" '
                          f'stroke-width="{_n(width)}"/>')

    def line(self, x1, y1, x2, y2, color=INK, width=1.5, dashed=False, arrow=False):
        dash = ' stroke-dasharray="5 4"' if dashed else ""
        head = f' marker-end="url(#head-{color[1:]})"' if arrow else ""
        self.items.append(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{color}" '
                          f'stroke-width="{_n(width)}"{dash}{head}/>')

    def arrow(self, x1, y1, x2, y2, color=INK, width=1.5, dashed=False):
        self.line(x1, y1, x2, y2, color, width, dashed, arrow=True)

    def text(self, x, y, s, size=14, color=INK, anchor="middle", weight="normal", italic=False):
        style = ' font-style="italic"' if italic else ""
        self.items.append(f'<text x="{_n(x)}" y="{_n(y)}" {FONT} font-size="{_n(size)}" fill="{color}" '
                          f'text-anchor="{anchor}" font-weight="{weight}"{style} dominant-baseline="middle">'
                          f'{escape(s)}</text>')

    def markers(self):
        colors = sorted({item.split('url(#head-')[1][:6] for item in self.items if "url(#head-" in item})
        return "".join(f'<marker id="head-{c}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                       f'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
                       f'fill="#{c}"/></marker>' for c in colors)

    def svg(self) -> str:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(self.width)}" height="{_n(self.height)}" '
                f'viewBox="0 0 {_n(self.width)} {_n(self.height)}" role="img" aria-labelledby="title desc">\n'
                f'<title id="title">{escape(self.title)}</title>\n<desc id="desc">{escape(self.desc)}</desc>\n'
                f'<defs>{self.markers()}</defs>\n'
                f'<rect width="100%" height="100%" fill="{PAPER}"/>\n'
                + "\n".join(self.items) + "\n</svg>\n")
