"""tools/nbsource.py: a notebook as text and back changes nothing but its outputs (cell ids and nbgrader metadata
kept), written answers graded by hand have a header, and a header it cannot read is refused with its reason."""
import json
from pathlib import Path

import pytest

from tools import nbsource

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + [
    ROOT / "tools" / "tests" / "data" / "assignment" / "98-small-assignment.ipynb"]


def without_outputs(cell):
    return {k: v for k, v in cell.items() if k not in ("outputs", "execution_count")}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_round_trip_keeps_every_cell(path):
    """Converting to text and back gave every cell a new id (75 changed lines for a one-exercise edit)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    again = nbsource.to_notebook(nbsource.to_text(nb))
    nbformat.validate(again)
    original = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert [without_outputs(c) for c in json.loads(nbformat.writes(again))["cells"]] == \
        [without_outputs(c) for c in original]


def test_written_answer_header():
    text = "# %% [markdown] id=abc nbgrader=answer:ex05-why:2\nBecause.\n"
    nb = nbsource.to_notebook(text)
    cell = nb.cells[0]
    assert cell.id == "abc" and cell.cell_type == "markdown"
    assert cell.metadata["nbgrader"] == {"schema_version": 3, "grade_id": "ex05-why", "locked": False,
                                         "solution": True, "grade": True, "points": 2}
    assert nbsource.to_text(nb).startswith("# %% [markdown] id=abc nbgrader=answer:ex05-why:2\n")


@pytest.mark.parametrize("header, reason", [
    ("# %% nbgrader=answer:ex05-why:2", "a code cell cannot be 'answer'"),
    ("# %% [markdown] nbgrader=tests:ex05-why-test:1", "a markdown cell cannot be 'tests'"),
    ("# %% nbgrader=tests:ex05-t", "expected nbgrader=tests:ID:POINTS"),
    ("# %% nbgrader=tests:ex05-t:zero", "points must be positive"),
    ("# %% id=a/b", "cell id 'a/b'"),
    ("# %% nbgrader=graded:x", "unknown nbgrader cell kind"),
])
def test_bad_headers_are_refused(header, reason):
    with pytest.raises(SystemExit, match=reason):
        nbsource.to_notebook(header + "\n1\n")


def test_duplicate_ids_are_refused():
    with pytest.raises(SystemExit, match="used twice"):
        nbsource.to_notebook("# %% id=a\n1\n# %% id=a\n2\n")
