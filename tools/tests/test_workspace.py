"""The learner's workspace (tools/workspace.py): course notebooks in, a learner's file never overwritten."""
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from tools.workspace import Workspace, sha256, update_name


def release(tmp_path, version, names=("00-a", "01-b")):
    """Fake student versions of the course notebooks, in release/<name>.ipynb; `version` changes their bytes."""
    folder = tmp_path / f"release-{version}"
    folder.mkdir(exist_ok=True)
    out = []
    for n in names:
        p = folder / f"{n}.ipynb"
        p.write_text(json.dumps({"cells": [], "metadata": {"course": n, "version": version}}))
        out.append(p)
    return out


@pytest.fixture
def ws(tmp_path):
    return Workspace(tmp_path / "workspace")


def files(ws):
    return sorted(p.name for p in ws.root.iterdir() if p.is_file())


def test_first_run_creates_the_workspace_with_every_notebook(tmp_path, ws):
    v1 = release(tmp_path, 1)
    assert ws.sync(v1) == [f"created {ws.root} with 2 notebooks"]
    assert files(ws) == ["00-a.ipynb", "01-b.ipynb"]
    assert (ws.root / "00-a.ipynb").read_bytes() == v1[0].read_bytes()
    assert ws.sync(v1) == [], "a second run with nothing new reports nothing"


def test_a_notebook_never_opened_is_updated_in_place(tmp_path, ws):
    ws.sync(release(tmp_path, 1))
    v2 = release(tmp_path, 2)
    assert ws.sync(v2) == ["00-a.ipynb: updated (you had not changed it)", "01-b.ipynb: updated (you had not changed it)"]
    assert (ws.root / "00-a.ipynb").read_bytes() == v2[0].read_bytes()
    assert files(ws) == ["00-a.ipynb", "01-b.ipynb"]


def test_an_edited_notebook_is_kept_and_the_new_version_added_beside_it_once(tmp_path, ws):
    ws.sync(release(tmp_path, 1))
    mine = ws.root / "00-a.ipynb"
    mine.write_text('{"cells": ["my answer"]}')
    assert ws.sync(release(tmp_path, 1)) == [], "no course change: nothing to say"
    v2 = release(tmp_path, 2)
    update = update_name("00-a", sha256(v2[0].read_bytes()))
    report = ws.sync(v2)
    assert report[0] == f"00-a.ipynb: the course changed this notebook; yours is kept as it is, the new version is {update}"
    assert mine.read_text() == '{"cells": ["my answer"]}'
    assert (ws.root / update).read_bytes() == v2[0].read_bytes()
    assert ws.sync(v2) == [], "the update is offered once"
    (ws.root / update).unlink()
    assert ws.sync(v2) == [] and not (ws.root / update).exists(), "an update the learner deleted is not forced back"
    v3 = release(tmp_path, 3)
    assert any("00-a.ipynb: the course changed" in line for line in ws.sync(v3)), "a further change is offered again"
    assert mine.read_text() == '{"cells": ["my answer"]}'


def test_a_deleted_notebook_comes_back_fresh(tmp_path, ws):
    v1 = release(tmp_path, 1)
    ws.sync(v1)
    (ws.root / "01-b.ipynb").unlink()
    assert ws.sync(v1) == ["01-b.ipynb: was deleted, a fresh copy is back"]
    assert (ws.root / "01-b.ipynb").read_bytes() == v1[1].read_bytes()


def test_a_new_course_notebook_is_added_and_other_files_are_left_alone(tmp_path, ws):
    ws.sync(release(tmp_path, 1))
    (ws.root / "notes.md").write_text("mine")
    (ws.root / "scratch.ipynb").write_text("{}")
    v2 = release(tmp_path, 1, names=("00-a", "01-b", "02-c"))
    assert ws.sync(v2) == ["02-c.ipynb: new"]
    assert (ws.root / "notes.md").read_text() == "mine" and (ws.root / "scratch.ipynb").read_text() == "{}"


def test_a_killed_run_leaves_whole_files_and_the_next_run_finishes(tmp_path, ws):
    """A run killed after it wrote a notebook but before it recorded that, with a temporary file left behind."""
    v1, v2 = release(tmp_path, 1), release(tmp_path, 2)
    ws.sync(v1)
    state = ws.state_file.read_bytes()
    (ws.root / "00-a.ipynb").write_bytes(v2[0].read_bytes())   # the new version got in...
    ws.state_file.write_bytes(state)                            # ...but the state still says version 1
    (ws.state_dir / "tmp-half.ipynb").write_text('{"cells": [')   # and half a file waits in .course/
    report = ws.sync(v2)
    assert report == ["01-b.ipynb: updated (you had not changed it)"], report
    assert not list(ws.state_dir.glob("tmp-*")), "the half-written temporary file is cleaned up"
    assert files(ws) == ["00-a.ipynb", "01-b.ipynb"], "no update copy for a file that is already the new version"
    assert ws.sync(v2) == []


def test_no_file_is_ever_half_written(tmp_path, ws, monkeypatch):
    """Writes go to .course/ first; a failure in the middle of one leaves the learner's folder as it was."""
    v1 = release(tmp_path, 1)
    ws.sync(v1)
    mine = ws.root / "00-a.ipynb"
    before = mine.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        ws.sync(release(tmp_path, 2))
    assert mine.read_bytes() == before


def test_the_default_workspace_finds_the_library_one_level_up():
    """%classpath ../target/lib/*.jar, from workspace/, is the repository's target/lib."""
    from tools import workspace
    assert workspace.WORKSPACE.parent == ROOT and (workspace.WORKSPACE / ".." / "target" / "lib").resolve() \
        == (ROOT / "target" / "lib").resolve()
    assert "/workspace/" in (ROOT / ".gitignore").read_text().split(), "workspace/ must be git-ignored"
