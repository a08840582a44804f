#!/usr/bin/env python3
"""Write a notebook from a plain-text cell source, or print a notebook back as that text.

    python -m tools.nbsource to-ipynb  notebooks/src.txt notebooks/07-xor.ipynb
    python -m tools.nbsource from-ipynb notebooks/07-xor.ipynb > /tmp/07.txt

Each cell starts with a header line:

    # %% [markdown] id=1f0c9a2e tags=seed-001-E1.2
    # %% id=5d1e0b7a tags=seed-001-E1.2,check
    # %% nbgrader=solution:ex01-affine
    # %% nbgrader=tests:ex01-affine-test:2 tags=check
    # %% [markdown] nbgrader=answer:ex01-in-words:2

`nbgrader=solution:ID` marks an exercise's solution cell; `nbgrader=tests:ID:POINTS` its autograded, locked test
cell; `nbgrader=answer:ID:POINTS` a written answer graded by hand (a Markdown cell, nbgrader's "manually graded
answer"; its text is the model answer, which the student version replaces by "YOUR ANSWER HERE"); and
`nbgrader=readonly:ID` a locked cell. `id=` keeps the cell's id through the round trip, so that converting a notebook
to text and back changes only the cells that were edited; a cell without one (a new cell) gets a fresh id. A check
cell's mutations (tools/mutations.py) follow its header, one a line, as JSON:

    # %% mutation: {"cell": "Matrix dJdb = ", "replace": ["1.0 / m", "2.0 / m"], "fails": "∂J/∂b"}

An exercise's solution cell names its kind and the skill it grades on a line after its header, as JSON
(metadata.nncourse.exercise; kind: build, derivation, predict, experiment or written):

    # %% exercise: {"kind": "build", "skill": "a dense layer's forward pass"}

The notebook written has no outputs: execute it with `./course notebooks --write FILE`.
"""
import json
import re
import sys

import nbformat

HEADER = "# %%"
MUTATION = "# %% mutation: "
EXERCISE = "# %% exercise: "
EXERCISE_KINDS = ("build", "derivation", "predict", "experiment", "written")
KERNELSPEC = {"name": "java", "display_name": "Java (nncourse)", "language": "java"}
LANGUAGE_INFO = {"name": "Java", "file_extension": ".jshell", "mimetype": "text/x-java-source"}


CELL_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")   # nbformat 4.5's cell id


def parse_header(line):
    opts = {"markdown": False, "tags": [], "nbgrader": None, "id": None}
    for word in line[len(HEADER):].split():
        if word == "[markdown]":
            opts["markdown"] = True
        elif word.startswith("id="):
            if not CELL_ID.match(word[3:]):
                raise SystemExit(f"cell id {word[3:]!r} in header {line!r}: expected 1-64 letters, digits, - or _")
            opts["id"] = word[3:]
        elif word.startswith("tags="):
            opts["tags"] = [t for t in word[5:].split(",") if t]
        elif word.startswith("nbgrader="):
            opts["nbgrader"] = word[9:].split(":")
        else:
            raise SystemExit(f"unknown cell option {word!r} in header {line!r}")
    return opts


KINDS = {  # kind: (fields after the kind, cell types it may mark)
    "solution": (["ID"], {"code", "markdown"}),
    "tests": (["ID", "POINTS"], {"code"}),
    "answer": (["ID", "POINTS"], {"markdown"}),
    "readonly": (["ID"], {"code", "markdown"}),
}


def nbgrader_metadata(spec, markdown):
    kind = spec[0]
    if kind not in KINDS:
        raise SystemExit(f"unknown nbgrader cell kind {kind!r}: expected one of {', '.join(KINDS)}")
    fields, types = KINDS[kind]
    if len(spec) != 1 + len(fields):
        raise SystemExit(f"nbgrader={':'.join(spec)}: expected nbgrader={':'.join([kind] + fields)}")
    cell_type = "markdown" if markdown else "code"
    if cell_type not in types:
        raise SystemExit(f"nbgrader={':'.join(spec)}: a {cell_type} cell cannot be {kind!r}")
    meta = {"schema_version": 3, "grade_id": spec[1], "locked": False, "solution": False, "grade": False}
    if len(fields) == 2:
        try:
            points = float(spec[2])
        except ValueError:
            points = -1
        if not 0 < points < float("inf"):
            raise SystemExit(f"nbgrader={':'.join(spec)}: points must be positive")
        meta["points"] = int(points) if points.is_integer() else points
    if kind == "solution":
        meta["solution"] = True
    elif kind == "tests":
        meta.update(grade=True, locked=True)
    elif kind == "answer":
        meta.update(grade=True, solution=True)
    else:
        meta["locked"] = True
    return meta


def nbgrader_kind(g, cell_type):
    """The header kind of a cell's nbgrader metadata; refuses metadata the text form cannot give back."""
    kinds = {(True, True): "answer", (False, True): "solution", (True, False): "tests", (False, False): "readonly"}
    kind = kinds[bool(g.get("grade")), bool(g.get("solution"))]
    expected = nbgrader_metadata([kind, g.get("grade_id", "")] + ([str(g.get("points"))] if kind in
                                 ("tests", "answer") else []), cell_type == "markdown")
    if {k: v for k, v in g.items() if (k, v) not in (("cell_type", "markdown"), ("cell_type", "code"),
                                                       ("task", False))} != expected:
        raise SystemExit(f"cell {g.get('grade_id')!r}: nbgrader metadata {g} has no text form (expected {expected})")
    return kind


def exercise_metadata(line):
    """{"kind", "skill"} of an `# %% exercise:` line, checked."""
    meta = json.loads(line[len(EXERCISE):])
    if set(meta) != {"kind", "skill"} or meta["kind"] not in EXERCISE_KINDS or not str(meta["skill"]).strip():
        raise SystemExit(f"{line!r}: expected {{\"kind\": one of {', '.join(EXERCISE_KINDS)}, \"skill\": a phrase}}")
    return meta


def to_notebook(text):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = LANGUAGE_INFO
    chunks = []
    for line in text.splitlines():
        if line.startswith(MUTATION) and chunks and not chunks[-1][1]:
            chunks[-1][0].setdefault("mutations", []).append(json.loads(line[len(MUTATION):]))
        elif line.startswith(EXERCISE) and chunks and not chunks[-1][1]:
            chunks[-1][0]["exercise"] = exercise_metadata(line)
        elif line.startswith(HEADER):
            chunks.append((parse_header(line), []))
        elif chunks:
            chunks[-1][1].append(line)
        elif line.strip():
            raise SystemExit(f"text before the first '{HEADER}' header: {line!r}")
    for opts, lines in chunks:
        source = "\n".join(lines).strip("\n")
        cell = nbformat.v4.new_markdown_cell(source) if opts["markdown"] else nbformat.v4.new_code_cell(source)
        if opts["id"]:
            if any(c.id == opts["id"] for c in nb.cells):
                raise SystemExit(f"cell id {opts['id']!r} is used twice")
            cell.id = opts["id"]
        if opts["tags"]:
            cell.metadata["tags"] = opts["tags"]
        if opts["nbgrader"]:
            cell.metadata["nbgrader"] = nbgrader_metadata(opts["nbgrader"], opts["markdown"])
        if opts.get("mutations"):
            cell.metadata["nncourse"] = {"mutations": opts["mutations"]}
        if opts.get("exercise"):
            cell.metadata.setdefault("nncourse", {})["exercise"] = opts["exercise"]
        nb.cells.append(cell)
    return nb


def to_text(nb):
    out = []
    for cell in nb.cells:
        header = [HEADER] + (["[markdown]"] if cell.cell_type == "markdown" else [])
        if cell.get("id"):
            header.append("id=" + cell.id)
        tags = cell.metadata.get("tags", [])
        if tags:
            header.append("tags=" + ",".join(tags))
        g = cell.metadata.get("nbgrader")
        if g:
            kind = nbgrader_kind(g, cell.cell_type)
            header.append("nbgrader=" + ":".join([kind, g["grade_id"]] + ([f"{g['points']:g}"] if "points" in g else [])))
        muts = [MUTATION + json.dumps(m, ensure_ascii=False) + "\n"
                for m in cell.metadata.get("nncourse", {}).get("mutations", [])]
        exercise = cell.metadata.get("nncourse", {}).get("exercise")
        muts += [EXERCISE + json.dumps(exercise, ensure_ascii=False) + "\n"] if exercise else []
        out.append(" ".join(header) + "\n" + "".join(muts) + cell.source + "\n")
    return "\n".join(out)


def main(argv):
    if len(argv) == 3 and argv[0] == "to-ipynb":
        with open(argv[1], encoding="utf-8") as f:
            nb = to_notebook(f.read())
        nbformat.validate(nb)
        with open(argv[2], "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
    elif len(argv) == 2 and argv[0] == "from-ipynb":
        sys.stdout.write(to_text(nbformat.read(argv[1], as_version=4)))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
