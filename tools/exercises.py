#!/usr/bin/env python3
"""Every exercise of the notebooks, for instructors and for the counts the course keeps (issue 22):

    python -m tools.exercises            # print the table of docs/instructors.md
    python -m tools.exercises --write    # write it there, between its markers

An exercise is a graded cell: a locked test cell `exNN-slug-test` (its exercise is `exNN-slug`) or a written answer
`exNN-slug` (a Markdown solution cell with points, graded by hand). Its solution cells are the nbgrader solution cells
whose grade id is `exNN-slug` or starts with `exNN-slug-` (a build exercise in parts: `ex14-own-dense`, ...). Each
solution cell says in `metadata.nncourse.exercise` what kind of exercise it is and the skill it grades (tools/nbsource.py
writes it from `# %% exercise: {"kind": ..., "skill": ...}`). The lines of a model solution are the non-blank lines
between `// BEGIN SOLUTION` and `// END SOLUTION` of its code cells. tools/tests/test_exercises.py keeps the table
current and checks the counts of `problems`.
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DOCS = ROOT / "docs" / "instructors.md"
BEGIN, END = "<!-- exercises: made by python -m tools.exercises -->", "<!-- end of the exercises -->"
KINDS = ("build", "derivation", "predict", "experiment", "written")
COUNTED = range(1, 18)        # the notebooks whose counts are kept: 01 to 17 (00 is the tour)
EXERCISES, POINTS = (4, 6), (6, 12)
LONG, LONG_SHARE = 5, 1 / 3   # at least a third of the model solutions' lines in solutions of 5 lines or more
UNANSWERED = "YOUR ANSWER HERE"


def nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def source(cell):
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def solution_lines(cell):
    """The non-blank lines of a code solution cell between its BEGIN and END SOLUTION markers."""
    lines, inside = [], False
    for line in source(cell).splitlines():
        if line.strip() == "// BEGIN SOLUTION":
            inside = True
        elif line.strip() == "// END SOLUTION":
            inside = False
        elif inside and line.strip():
            lines.append(line)
    return lines


def exercises(path):
    """The exercises of one notebook, in order: dicts with notebook, id, kind, points, skill, lines (of the model
    solution; 0 for a written answer), written (bool), answer (a written answer's model text) and solutions (the grade
    ids of its solution cells), and the problems found in its metadata."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells, name = nb["cells"], Path(path).stem
    found, problems = [], []
    for cell in cells:
        g = nbgrader(cell)
        if not g.get("grade"):
            continue
        written = cell["cell_type"] == "markdown"
        found.append(dict(notebook=name, id=g["grade_id"] if written else g["grade_id"].removesuffix("-test"),
                          points=g.get("points", 0), written=written, lines=0, solutions=[], kinds=[], skills=[],
                          answer=source(cell).strip() if written else None))
    ids = sorted((e["id"] for e in found), key=len, reverse=True)
    by_id = {e["id"]: e for e in found}
    for cell in cells:
        g = nbgrader(cell)
        if not g.get("solution"):
            continue
        sid = g.get("grade_id", "")
        owner = next((i for i in ids if sid == i or sid.startswith(i + "-")), None)
        if owner is None:
            problems.append(f"{name}: solution cell {sid!r} belongs to no graded cell (a test cell {sid + '-test'!r} "
                            f"or a written answer with points)")
            continue
        e = by_id[owner]
        e["solutions"].append(sid)
        meta = cell.get("metadata", {}).get("nncourse", {}).get("exercise")
        if not (isinstance(meta, dict) and meta.get("kind") in KINDS and str(meta.get("skill", "")).strip()):
            problems.append(f"{name}: solution cell {sid!r} has no metadata nncourse.exercise {{kind, skill}} of a "
                            f"known kind ({', '.join(KINDS)}); got {meta!r}")
        else:
            e["kinds"].append(meta["kind"])
            e["skills"].append(meta["skill"])
        if cell["cell_type"] == "code":
            e["lines"] += len(solution_lines(cell))
    for e in found:
        e["kind"] = "+".join(dict.fromkeys(e.pop("kinds"))) or "?"
        e["skill"] = "; ".join(dict.fromkeys(e.pop("skills"))) or "?"
        if not e["solutions"]:
            problems.append(f"{name}: exercise {e['id']!r} has no solution cell")
    return found, problems


def notebooks(directory=NOTEBOOKS):
    return sorted(Path(directory).glob("[0-9][0-9]-*.ipynb"))


def cell(text: str) -> str:
    """Text for a cell of a Markdown table: a | in it would end the cell."""
    return text.replace("|", "\\|")


def table(directory=NOTEBOOKS):
    """The Markdown table of every exercise: notebook, exercise, kind, points, skill, lines of the model solution."""
    lines = ["| notebook | exercise | kind | points | skill | lines of the model solution |", "|---|---|---|---|---|---|"]
    for path in notebooks(directory):
        for e in exercises(path)[0]:
            lines.append(f"| {e['notebook']} | {e['id']} | {e['kind']} | {e['points']:g} | {cell(e['skill'])} | "
                         f"{'written, graded by hand' if e['written'] else e['lines']} |")
    return "\n".join(lines)


def notebook_problems(path):
    """What one notebook lacks of the course's counts, one message per shortfall, each naming the notebook: 4-6
    exercises, at least one build, 6-12 points, every solution cell with its kind and skill, every written answer with
    a model answer and points."""
    found, out = exercises(path)
    name = Path(path).stem
    if not EXERCISES[0] <= len(found) <= EXERCISES[1]:
        out.append(f"{name}: {len(found)} exercises ({', '.join(e['id'] for e in found) or 'none'}); "
                   f"expected {EXERCISES[0]} to {EXERCISES[1]}")
    if not any("build" in e["kind"].split("+") for e in found):
        out.append(f"{name}: no exercise of kind build (kinds: {', '.join(e['kind'] for e in found) or 'none'})")
    points = sum(e["points"] for e in found)
    if not POINTS[0] <= points <= POINTS[1]:
        out.append(f"{name}: {points:g} points; expected {POINTS[0]} to {POINTS[1]}")
    for e in found:
        if e["written"] and (not e["points"] or not e["answer"] or e["answer"] == UNANSWERED):
            out.append(f"{name}: written answer {e['id']!r} needs points and a model answer (its text); got "
                       f"{e['points']:g} points and {len(e['answer'] or '')} characters")
    return out


def problems(directory=NOTEBOOKS, counted=COUNTED):
    """What the notebooks numbered in `counted` lack (notebook_problems of each), and, over all of them, whether at
    least a third of the model solutions' lines are in solutions of 5 lines or more."""
    chosen = [p for p in notebooks(directory) if int(p.name[:2]) in counted]
    numbers = {int(p.name[:2]) for p in chosen}
    out = [f"{n:02d}: no notebook numbered {n:02d}" for n in counted if n not in numbers]
    for path in chosen:
        out += notebook_problems(path)
    lines = [e["lines"] for p in chosen for e in exercises(p)[0]]
    total, long_lines = sum(lines), sum(n for n in lines if n >= LONG)
    if total and long_lines < LONG_SHARE * total:
        out.append(f"notebooks {min(counted):02d}-{max(counted):02d}: {long_lines} of the {total} lines of model "
                   f"solutions are in solutions of {LONG} lines or more; expected at least a third")
    return out


def section(text):
    """The table's part of docs/instructors.md (between the markers), or None."""
    m = re.search(re.escape(BEGIN) + r"\n(.*?)" + re.escape(END), text, flags=re.S)
    return m.group(1).rstrip("\n") if m else None


def write(docs=DOCS, directory=NOTEBOOKS):
    text = docs.read_text(encoding="utf-8")
    if section(text) is None:
        raise SystemExit(f"{docs}: no {BEGIN} … {END} block to write the table into")
    new = re.sub(re.escape(BEGIN) + r"\n.*?" + re.escape(END), lambda _: f"{BEGIN}\n{table(directory)}\n{END}",
                 text, flags=re.S)
    docs.write_text(new, encoding="utf-8")


def main(argv):
    if argv == ["--write"]:
        write()
    elif not argv:
        print(table())
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
