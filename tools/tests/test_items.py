"""Every item of the notebook issues has a throwing check cell, and every notebook ends with graded exercises.

The items and what each covers are in tools/items.py, which also writes the README's index of them.
"""
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)

from tools.items import ITEMS, README, readme_with_index  # noqa: E402

CHECK_MARKERS = ("Checks.", "throw", "requireBelow")


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def test_item_ids_are_well_formed():
    bad = [i for i in ITEMS if not re.fullmatch(r"source-00\d-E\d\.\d+|errata-X\d+|N\d\d\.\d+", i)]
    assert not bad, f"item ids must look like source-00N-EN.k, errata-Xk or NNN.k: {bad}"


@pytest.mark.parametrize("item", sorted(ITEMS))
def test_item_has_a_throwing_check_cell(item):
    found = []
    for path in NOTEBOOKS:
        for i, cell in enumerate(cells(path)):
            tags = cell.get("metadata", {}).get("tags", [])
            if cell["cell_type"] == "code" and item in tags and "check" in tags:
                found.append((path.name, i, any(m in source(cell) for m in CHECK_MARKERS)))
    assert found, f"{item} ({ITEMS[item]}): no code cell tagged both '{item}' and 'check'"
    assert any(ok for *_, ok in found), (
        f"{item}: its check cells {[(n, i) for n, i, _ in found]} contain none of {CHECK_MARKERS}, so they cannot fail")


@pytest.mark.parametrize("path", NOTEBOOKS or [None], ids=[p.name for p in NOTEBOOKS] or ["no-notebooks"])
def test_notebook_has_graded_exercises(path):
    assert path is not None, "no notebooks under notebooks/"
    nb = cells(path)
    solutions = [c for c in nb if nbgrader(c).get("solution") and c["cell_type"] == "code"]   # not written answers
    tests = [c for c in nb if nbgrader(c).get("grade") and c["cell_type"] == "code"]
    assert len(solutions) >= 2, f"{len(solutions)} nbgrader solution cells, expected at least 2"
    assert len(tests) >= 2, f"{len(tests)} nbgrader grade cells, expected at least 2"
    ids = [nbgrader(c)["grade_id"] for c in nb if nbgrader(c)]
    assert len(ids) == len(set(ids)), f"grade_id not unique: {sorted(ids)}"
    for c in (c for c in solutions if c["cell_type"] == "code"):   # a written answer is all answer
        s = source(c)
        if c["cell_type"] == "markdown":   # a written answer: its text is the model answer
            continue
        assert "// BEGIN SOLUTION" in s and "// END SOLUTION" in s, f"{nbgrader(c)['grade_id']}: no solution markers"
    for c in tests:
        gid = nbgrader(c)["grade_id"]
        assert nbgrader(c).get("locked") and nbgrader(c).get("points", 0) > 0, f"{gid}: not locked or no points"
        shown = "".join(source_of(o) for o in c.get("outputs", []) if o["output_type"] == "execute_result")
        assert shown.lstrip().startswith("✓"), f"{gid}: test cell must end on a Checks confirmation, showed {shown!r}"


def source_of(output):
    text = output.get("data", {}).get("text/plain", "")
    return "".join(text) if isinstance(text, list) else text


def test_the_readme_indexes_every_item_where_it_is_derived():
    text = README.read_text(encoding="utf-8")
    assert readme_with_index(text) == text, "README.md's index of items is not current: run python -m tools.items"
    assert "not derived in any notebook" not in text, "an item is indexed but derived in no notebook"
