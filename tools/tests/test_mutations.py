"""tools/mutations.py: a mutation must change an equation, never a setting."""
import pytest

from tools.mutations import target

CELLS = [{"cell_type": "code", "source": "double dJdb = g.sum() / m;   // the mean over the samples\nint epochs = 30;"},
         {"cell_type": "code", "source": "check(dJdb);", "metadata": {"tags": ["check"]}}]


def test_a_word_in_a_comment_is_no_setting():
    assert target(CELLS, 1, {"cell": "double dJdb", "replace": ["/ m", "/ 2"], "fails": "∂J/∂b"}) == \
        (0, CELLS[0]["source"].replace("/ m", "/ 2"))


def test_a_setting_is_refused():
    with pytest.raises(ValueError, match="changes a setting"):
        target(CELLS, 1, {"cell": "double dJdb", "replace": ["30", "31"], "fails": "∂J/∂b"})
