#!/usr/bin/env python3
"""The learner's workspace: the student version of every notebook, in a folder of the learner's own.

    python -m tools.workspace [--workspace DIR]    # what `./course lab` runs before it starts JupyterLab

The student versions come from nbgrader generate_assignment (tools/grading.py, in the learner's own course directory
build/learner/): exercises as stubs that throw, visible tests kept, hidden tests removed. They are copied into the
workspace, by default workspace/ at the root of the repository (git-ignored), so `%classpath ../target/lib/*.jar`
resolves from it. The workspace is created on the first run.

A learner's file is never overwritten. For each notebook of the course, `.course/state.json` in the workspace records
the version last put in place (a SHA-256 of its bytes). On each run:

- no file, never delivered: the notebook is added;
- no file, delivered before (the learner deleted it): a fresh copy is added, which is how a learner starts over;
- the file is exactly the version last delivered (never opened, or opened and not saved): it is replaced by the new
  version when the course changed;
- the file differs from it (the learner edited, ran and saved it): it stays as it is, and when the course changed the
  new version is added next to it as NAME.update-<8 hex digits>.ipynb, once, and reported.

The figures the notebooks show (figures/*.svg) are the course's, not the learner's: they are always brought up to date.

When the course renames a notebook (RENAMED), the learner's copy under the old name is kept as it is, never moved or
deleted, and the first run after the rename says which notebook took its place.

Every file is written to a temporary file in .course/ first and then linked or renamed into place, so a run that is
killed leaves either the old file or the new one, never half of one; the next run finishes the job. Files in the
workspace that are not course notebooks are never touched.
"""
import argparse
import fcntl
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from tools import grading

ROOT = grading.ROOT
WORKSPACE = ROOT / "workspace"
STATE = ".course"
# The course's renamed notebooks, old name → new name: Parts 1 and 2 taught by concept (2026-12).
RENAMED = {
    "01-dense-forward": "02-forward-pass",
    "02-dense-backward": "03-backward-pass",
    "03-dense-layer-design": "05-a-layer-class",
    "04-gd-vs-sgd-and-precision": "06-training",
    "05-activations-and-log-loss": "04-activations-and-losses",
    "06-column-convention-layer": "07-column-convention",
    "07-xor": "06-training",
    "09-deep-random-net": "09-deep-net-and-precision",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def update_name(assignment: str, digest: str) -> str:
    """The name under which a changed course notebook is added next to the learner's own."""
    return f"{assignment}.update-{digest[:8]}.ipynb"


class Workspace:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.state_dir = self.root / STATE
        self.state_file = self.state_dir / "state.json"

    def _load(self) -> dict:
        try:
            return json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _save(self, state: dict) -> None:
        self._write_atomically(self.state_file, json.dumps(state, indent=1, sort_keys=True).encode())

    def _temp(self, data: bytes) -> str:
        fd, tmp = tempfile.mkstemp(dir=self.state_dir, prefix="tmp-", suffix=".ipynb")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        return tmp

    def _write_atomically(self, path: Path, data: bytes) -> None:
        tmp = self._temp(data)
        os.replace(tmp, path)

    def _create(self, path: Path, data: bytes) -> bool:
        """Writes a new file; False (and nothing written) if the path exists by then."""
        tmp = self._temp(data)
        try:
            os.link(tmp, path)   # fails if path exists: never clobbers
            return True
        except FileExistsError:
            return False
        finally:
            os.unlink(tmp)

    def sync(self, notebooks: list) -> list:
        """Brings the course notebooks (paths of the student versions, named <assignment>.ipynb) into the workspace.

        Returns report lines, one per notebook that was added, replaced, restored or kept with an update beside it.
        """
        first = not self.root.exists()
        self.state_dir.mkdir(parents=True, exist_ok=True)
        with open(self.state_dir / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            for stale in self.state_dir.glob("tmp-*"):   # left by a run that was killed
                stale.unlink()
            state = self._load()
            report = []
            for source in notebooks:
                line = self._sync_one(Path(source), state)
                self._save(state)
                if line:
                    report.append(line)
            report += self._renamed(state, {Path(n).stem for n in notebooks})
            self._save(state)
            report += self._figures(notebooks)
        if first:
            return [f"created {self.root} with {len(notebooks)} notebooks"]
        return report

    def _renamed(self, state: dict, current: set) -> list:
        """Once for each notebook the course renamed since it was delivered: where its content went. The copy under
        the old name is the learner's now, and stays as it is."""
        lines = []
        for old, record in sorted(state.items()):
            new = RENAMED.get(old)
            if old in current or new is None or record.get("renamed"):
                continue
            record["renamed"] = new
            kept = (self.root / f"{old}.ipynb").exists()
            lines.append(f"{old}.ipynb: the course renamed this notebook {new}.ipynb"
                         + ("; your copy is kept as it is" if kept else ""))
        return lines

    def _figures(self, notebooks: list) -> list:
        """The figures beside the released notebooks, copied into figures/ where they differ; one report line."""
        changed = 0
        for source in notebooks:
            for figure in sorted((Path(source).parent / "figures").glob("*.svg")):
                target = self.root / "figures" / figure.name
                data = figure.read_bytes()
                if target.exists() and target.read_bytes() == data:
                    continue
                target.parent.mkdir(exist_ok=True)
                os.replace(self._temp(data), target)
                changed += 1
        return [f"figures/: {changed} figures brought up to date"] if changed else []

    def _sync_one(self, source: Path, state: dict):
        name, data = source.name, source.read_bytes()
        assignment, new = source.stem, sha256(data)
        target = self.root / name
        record = state.setdefault(assignment, {})
        if not target.exists():
            if not self._create(target, data):
                return None   # created meanwhile by someone else: looked at next time
            deleted = "delivered" in record
            record["delivered"] = new
            return f"{name}: {'was deleted, a fresh copy is back' if deleted else 'new'}"
        current = sha256(target.read_bytes())
        if current == new:
            record["delivered"] = new
            return None
        if current == record.get("delivered"):
            # Still exactly what was delivered: not the learner's work. Checked again right before the rename.
            tmp = self._temp(data)
            if sha256(target.read_bytes()) == current:
                os.replace(tmp, target)
                record["delivered"] = new
                return f"{name}: updated (you had not changed it)"
            os.unlink(tmp)
            return None
        if record.get("delivered") == new or record.get("offered") == new:
            return None   # the course did not change since, or its update was offered already
        update = self.root / update_name(assignment, new)
        if not update.exists():
            self._create(update, data)
        record["offered"] = new
        return (f"{name}: the course changed this notebook; yours is kept as it is, "
                f"the new version is {update.name}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workspace", type=Path, default=Path(os.environ.get("COURSE_WORKSPACE", WORKSPACE)),
                    help="the learner's folder (default: workspace/ in the repository, or $COURSE_WORKSPACE)")
    args = ap.parse_args()
    workspace = args.workspace.resolve()
    try:
        released = grading.release_if_stale(grading.LEARNER)
    except RuntimeError as e:
        raise SystemExit(f"workspace: {e}")
    if workspace.parent != ROOT:   # %classpath ../target/lib/*.jar must resolve from the workspace
        grading.link_target(workspace.parent)
    report = Workspace(workspace).sync(released)
    shown = os.path.relpath(workspace, ROOT) if workspace.is_relative_to(ROOT) else str(workspace)
    print(f"==> your notebooks: {shown}/" + ("" if report else " (up to date)"))
    for line in report:
        print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
