"""The course's diagrams (tools/figures): the committed SVG files are what the code draws, each describes itself for
screen readers, every figure a notebook shows exists, and every figure is shown by some notebook."""
import json
import re
from pathlib import Path

from tools.figures import OUT, render
from tools.grading import figures

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_committed_figures_are_what_the_code_draws():
    drawn = render()
    committed = {p.name: p.read_text(encoding="utf-8") for p in OUT.glob("*.svg")}
    assert sorted(committed) == sorted(drawn), "notebooks/figures/ differs from tools/figures: run python -m tools.figures"
    stale = [name for name in drawn if committed[name] != drawn[name]]
    assert not stale, f"{stale} differ from what tools/figures draws: run python -m tools.figures"


def test_every_figure_has_a_title_and_a_description():
    for name, text in render().items():
        assert re.search(r"<title id=\"title\">\S.+</title>", text), name
        assert re.search(r"<desc id=\"desc\">\S.{40,}</desc>", text), f"{name}: describe what it shows"


def test_every_figure_a_notebook_shows_exists_and_has_alt_text():
    for path in NOTEBOOKS:
        for rel in figures(path):
            assert (path.parent / rel).is_file(), f"{path.name} shows {rel}, which does not exist"
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for c in cells:
            text = "".join(c["source"]) if c["cell_type"] == "markdown" else ""
            for alt in re.findall(r"!\[([^\]]*)\]\(figures/", text):
                assert len(alt.split()) >= 3, f"{path.name}: a figure needs alt text that says what it shows: {alt!r}"


def test_every_figure_is_shown_by_a_notebook():
    shown = {Path(rel).name for path in NOTEBOOKS for rel in figures(path)}
    unused = sorted(set(render()) - shown)
    assert not unused, f"figures no notebook shows: {unused}"
