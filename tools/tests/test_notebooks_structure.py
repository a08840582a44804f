"""Every course notebook uses the Java kernel, loads the library, is committed executed and valid, reads at JupyterLab's
width, runs to the end in JupyterLab's Run All, and a mutation on every check cell."""
import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
from tools.mutations import is_check, mutations, target

MAX_LINE = 100   # characters of a code line: wider lines are cut off in JupyterLab's default layout
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
# With no notebooks every test runs once on None and fails: nothing is skipped.
PARAMS = NOTEBOOKS or [None]
IDS = [str(p.relative_to(ROOT)) if p else "no-notebooks" for p in PARAMS]


def load(path):
    assert path is not None, "no notebooks under notebooks/"
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [(i, c) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]


def source(cell):
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_java_kernel(path):
    meta = load(path)["metadata"]
    assert meta.get("kernelspec", {}).get("name") == "java"
    assert meta.get("kernelspec", {}).get("language", "").lower() == "java"


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_first_code_cell_loads_library_and_checks_it(path):
    cells = code_cells(load(path))
    assert cells, "notebook has no code cell"
    first = source(cells[0][1])
    assert "%classpath ../target/lib/*.jar" in first
    assert "throw new IllegalStateException" in first, "first cell must fail loudly if the jar is missing"


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_committed_executed_and_clean(path):
    problems = []
    for i, cell in code_cells(load(path)):
        if not source(cell).strip():
            continue
        allowed = "raises-exception" in cell.get("metadata", {}).get("tags", [])
        if cell.get("execution_count") is None:
            problems.append(f"cell {i}: not executed")
        for out in cell.get("outputs", []):
            if out["output_type"] == "error" and not allowed:
                problems.append(f"cell {i}: error output {out.get('ename')}")
            if out["output_type"] == "stream" and out.get("name") == "stderr":
                problems.append(f"cell {i}: stderr output")
    assert not problems, "; ".join(problems) + " (run ./course notebooks --write)"


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_code_lines_fit(path):
    long = [(i, n + 1, len(line)) for i, c in code_cells(load(path))
            for n, line in enumerate(source(c).split("\n")) if len(line) > MAX_LINE]
    assert not long, f"code lines longer than {MAX_LINE} characters (cell, line, length): {long}"


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_no_deliberate_uncaught_error(path):
    """JJava ignores stop_on_error, so in JupyterLab's Run All an uncaught error does not stop the notebook: the later
    cells run anyway, under an error that looks like a failure. A cell shows an error by catching it instead."""
    tagged = [i for i, c in code_cells(load(path)) if "raises-exception" in c.get("metadata", {}).get("tags", [])]
    assert not tagged, f"cells tagged raises-exception: {tagged} (catch the exception and show its message)"


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_valid_nbformat(path):
    assert path is not None, "no notebooks under notebooks/"
    nbformat.validate(load(path))   # the file as it is (nbformat.read would repair some faults)


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_every_check_cell_has_mutations_that_change_an_equation(path):
    """Each check cell declares at least one mutation (tools/mutations.py), well formed: its cell found once at or
    before the check, its text found once there, and no setting changed; ./course test then applies each."""
    cells = load(path)["cells"]
    checks = [i for i, c in enumerate(cells) if is_check(c)]
    assert checks, "no check cells"
    bare = [i for i in checks if not mutations(cells[i])]
    assert not bare, f"check cells without a mutation: {bare}"
    wrong = []
    for i in checks:
        for spec in mutations(cells[i]):
            try:
                target(cells, i, spec)
            except ValueError as e:
                wrong.append(f"cell {i}: {e}")
    assert not wrong, "; ".join(wrong)

