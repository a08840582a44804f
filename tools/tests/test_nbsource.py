"""tools/nbsource.py keeps a check cell's mutations: text to notebook and back loses none of them, and every committed
notebook comes back as it is (cells, tags, nbgrader metadata and mutations) from its own text."""
import json
from pathlib import Path

import nbformat
import pytest

from tools.nbsource import to_notebook, to_text

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TEXT = """# %% [markdown] tags=N99.1
## A sum · N99.1

# %% tags=N99.1
double s = 1 + 2;
s

# %% tags=N99.1,check
# %% mutation: {"cell": "double s = ", "replace": ["1 + 2", "1 - 2"], "fails": "s = 3"}
# %% mutation: {"cell": "double s = ", "replace": ["1 + 2", "2 + 2"], "fails": "s = 3"}
Checks.close("s = 3", s, 3, 0)
"""


def test_mutations_go_into_the_check_cells_metadata_and_come_back():
    nb = to_notebook(TEXT)
    check = nb.cells[2]
    assert check.metadata["tags"] == ["N99.1", "check"]
    assert check.metadata["nncourse"]["mutations"] == [
        {"cell": "double s = ", "replace": ["1 + 2", "1 - 2"], "fails": "s = 3"},
        {"cell": "double s = ", "replace": ["1 + 2", "2 + 2"], "fails": "s = 3"}]
    assert check.source == 'Checks.close("s = 3", s, 3, 0)', "a mutation line must not stay in the cell's code"
    assert "nncourse" not in nb.cells[1].metadata
    assert cells(to_notebook(to_text(nb))) == cells(nb)


def cells(nb):
    """What the text keeps of each cell: its type, source and metadata (not its id or outputs)."""
    return json.loads(json.dumps([[c.cell_type, c.source, c.metadata] for c in nb.cells]))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_a_committed_notebook_survives_its_text(path):
    nb = nbformat.read(path, as_version=4)
    assert cells(to_notebook(to_text(nb))) == cells(nb)
