#!/usr/bin/env python3
"""Write a notebook from a plain-text cell source, or print a notebook back as that text.

    python -m tools.nbsource to-ipynb  notebooks/src.txt notebooks/07-xor.ipynb
    python -m tools.nbsource from-ipynb notebooks/07-xor.ipynb > /tmp/07.txt

Each cell starts with a header line:

    # %% [markdown] tags=seed-001-E1.2
    # %% tags=seed-001-E1.2,check
    # %% nbgrader=solution:ex1
    # %% nbgrader=tests:ex1-test:2 tags=check

`nbgrader=solution:ID` marks an exercise's solution cell; `nbgrader=tests:ID:POINTS` its autograded, locked test
cell. A check cell's mutations (tools/mutations.py) follow its header, one a line, as JSON:

    # %% mutation: {"cell": "Matrix dJdb = ", "replace": ["1.0 / m", "2.0 / m"], "fails": "∂J/∂b"}
 The notebook written has no outputs: execute it with `./course notebooks --write FILE`.
"""
import json
import sys

import nbformat

HEADER = "# %%"
MUTATION = "# %% mutation: "
KERNELSPEC = {"name": "java", "display_name": "Java (nncourse)", "language": "java"}
LANGUAGE_INFO = {"name": "Java", "file_extension": ".jshell", "mimetype": "text/x-java-source"}


def parse_header(line):
    opts = {"markdown": False, "tags": [], "nbgrader": None}
    for word in line[len(HEADER):].split():
        if word == "[markdown]":
            opts["markdown"] = True
        elif word.startswith("tags="):
            opts["tags"] = [t for t in word[5:].split(",") if t]
        elif word.startswith("nbgrader="):
            opts["nbgrader"] = word[9:].split(":")
        else:
            raise SystemExit(f"unknown cell option {word!r} in header {line!r}")
    return opts


def nbgrader_metadata(spec, markdown):
    kind, grade_id = spec[0], spec[1]
    meta = {"schema_version": 3, "grade_id": grade_id, "locked": False, "solution": False, "grade": False}
    if kind == "solution":
        meta["solution"] = True
    elif kind == "tests":
        meta.update(grade=True, locked=True, points=int(spec[2]))
    elif kind == "readonly":
        meta["locked"] = True
    else:
        raise SystemExit(f"unknown nbgrader cell kind {kind!r}")
    if markdown and kind == "tests":
        raise SystemExit("a markdown cell cannot hold tests")
    return meta


def to_notebook(text):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = LANGUAGE_INFO
    chunks = []
    for line in text.splitlines():
        if line.startswith(MUTATION) and chunks and not chunks[-1][1]:
            chunks[-1][0].setdefault("mutations", []).append(json.loads(line[len(MUTATION):]))
        elif line.startswith(HEADER):
            chunks.append((parse_header(line), []))
        elif chunks:
            chunks[-1][1].append(line)
        elif line.strip():
            raise SystemExit(f"text before the first '{HEADER}' header: {line!r}")
    for opts, lines in chunks:
        source = "\n".join(lines).strip("\n")
        cell = nbformat.v4.new_markdown_cell(source) if opts["markdown"] else nbformat.v4.new_code_cell(source)
        if opts["tags"]:
            cell.metadata["tags"] = opts["tags"]
        if opts["nbgrader"]:
            cell.metadata["nbgrader"] = nbgrader_metadata(opts["nbgrader"], opts["markdown"])
        if opts.get("mutations"):
            cell.metadata["nncourse"] = {"mutations": opts["mutations"]}
        nb.cells.append(cell)
    return nb


def to_text(nb):
    out = []
    for cell in nb.cells:
        header = [HEADER] + (["[markdown]"] if cell.cell_type == "markdown" else [])
        tags = cell.metadata.get("tags", [])
        if tags:
            header.append("tags=" + ",".join(tags))
        g = cell.metadata.get("nbgrader")
        if g:
            kind = "tests" if g.get("grade") else "solution" if g.get("solution") else "readonly"
            header.append("nbgrader=" + ":".join([kind, g["grade_id"]] + ([str(g["points"])] if kind == "tests" else [])))
        muts = [MUTATION + json.dumps(m, ensure_ascii=False) + "\n"
                for m in cell.metadata.get("nncourse", {}).get("mutations", [])]
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
