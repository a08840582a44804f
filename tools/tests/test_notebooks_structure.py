"""Every course notebook uses the Java kernel, loads the library, and is committed executed."""
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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
