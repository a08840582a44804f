"""The exercises (issue 22): docs/instructors.md lists every one with its kind, points and skill
(`python -m tools.exercises --write`), and notebooks 01-17 keep the course's counts: 4-6 exercises each, at least one
that builds a part, 6-12 points, every solution cell with its kind and skill, every written answer with a model
answer and points, and at least a third of the model solutions' lines in solutions of 5 lines or more. Each failure
names the notebook and what it lacks (tools/exercises.py)."""
import json

import pytest

from tools import exercises

DOC = exercises.DOCS.read_text(encoding="utf-8")
COUNTED = [p for p in exercises.notebooks() if int(p.name[:2]) in exercises.COUNTED]


def test_the_table_in_the_instructors_guide_is_the_notebooks():
    assert exercises.section(DOC) == exercises.table(), (
        "docs/instructors.md's table of exercises is not the notebooks'; run `python -m tools.exercises --write`")


def test_notebooks_01_to_17_are_all_there():
    assert sorted(int(p.name[:2]) for p in COUNTED) == list(exercises.COUNTED)


@pytest.mark.parametrize("path", COUNTED, ids=[p.stem for p in COUNTED])
def test_each_notebook_keeps_the_counts(path):
    problems = exercises.notebook_problems(path)
    assert not problems, "\n".join(problems)


def test_a_third_of_the_model_solutions_lines_are_in_solutions_of_5_lines_or_more():
    found = [e for p in COUNTED for e in exercises.exercises(p)[0]]
    total = sum(e["lines"] for e in found)
    long = sum(e["lines"] for e in found if e["lines"] >= exercises.LONG)
    assert total and long >= total / 3, (f"{long} of the {total} lines of model solutions in notebooks 01-17 are in "
                                         f"solutions of {exercises.LONG} lines or more; expected at least a third")


def cell(kind, grade_id, text="", points=None, meta=None):
    g = {"grade_id": grade_id, "solution": kind in ("solution", "answer"), "grade": kind in ("tests", "answer"),
         "locked": kind == "tests", "schema_version": 3}
    if points is not None:
        g["points"] = points
    metadata = {"nbgrader": g}
    if meta is not None:
        metadata["nncourse"] = {"exercise": meta}
    return {"cell_type": "markdown" if kind == "answer" else "code", "source": text, "metadata": metadata}


BUILD = {"kind": "build", "skill": "a layer"}
LONG_SOLUTION = "// BEGIN SOLUTION\n" + "x++;\n" * 6 + "// END SOLUTION\n"


def notebook(tmp_path, cells, name="07-small.ipynb"):
    (tmp_path / name).write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return tmp_path


def small_notebook():
    """A notebook's graded cells that keep the counts: a build in two parts (3 points, 12 lines), two derivations
    and a written answer."""
    cells = [cell("solution", "ex07-own-a", LONG_SOLUTION, meta=BUILD),
             cell("solution", "ex07-own-b", LONG_SOLUTION, meta=BUILD), cell("tests", "ex07-own-test", points=3)]
    for k in range(2):
        cells += [cell("solution", f"ex07-d{k}", "// BEGIN SOLUTION\nreturn 1;\n// END SOLUTION\n",
                       meta={"kind": "derivation", "skill": "a derivative"}), cell("tests", f"ex07-d{k}-test", points=1)]
    cells.append(cell("answer", "ex07-why", "Because.", points=2, meta={"kind": "written", "skill": "why"}))
    return cells


def test_a_notebook_that_keeps_the_counts_passes(tmp_path):
    cells = small_notebook()
    found, problems = exercises.exercises(notebook(tmp_path, cells) / "07-small.ipynb")
    assert not problems and [e["id"] for e in found] == ["ex07-own", "ex07-d0", "ex07-d1", "ex07-why"]
    assert found[0]["lines"] == 12 and found[0]["kind"] == "build" and found[3]["kind"] == "written"
    assert exercises.problems(tmp_path, counted=[7]) == []


@pytest.mark.parametrize("change, message", [
    (lambda cs: cs[:3], "07-small: 1 exercises (ex07-own); expected 4 to 6"),
    (lambda cs: [cell("solution", f"ex07-own-{p}", LONG_SOLUTION, meta={"kind": "derivation", "skill": "s"})
                 for p in "ab"] + cs[2:], "07-small: no exercise of kind build"),
    (lambda cs: cs[:2] + [cell("tests", "ex07-own-test", points=9)] + cs[3:], "07-small: 13 points; expected 6 to 12"),
    (lambda cs: [cell("solution", "ex07-own-a", LONG_SOLUTION, meta={"kind": "guess", "skill": "s"})] + cs[1:],
     "07-small: solution cell 'ex07-own-a' has no metadata nncourse.exercise {kind, skill} of a known kind"),
    (lambda cs: cs[:-1] + [cell("answer", "ex07-why", exercises.UNANSWERED, points=2,
                                meta={"kind": "written", "skill": "why"})],
     "07-small: written answer 'ex07-why' needs points and a model answer"),
    (lambda cs: [cell("solution", "ex07-own-a", "// BEGIN SOLUTION\nx++;\n// END SOLUTION\n", meta=BUILD),
                 cell("solution", "ex07-own-b", "// BEGIN SOLUTION\nx++;\n// END SOLUTION\n", meta=BUILD)] + cs[2:],
     "notebooks 07-07: 0 of the 4 lines of model solutions are in solutions of 5 lines or more"),
])
def test_what_a_notebook_lacks_is_named(tmp_path, change, message):
    cells = small_notebook()
    problems = exercises.problems(notebook(tmp_path, change(cells)), counted=[7])
    assert any(p.startswith(message) for p in problems), problems
