#!/usr/bin/env python3
"""Student release and autograding of the course's exercises with nbgrader (configured in nbgrader_config.py).

    python tools/grading.py release          # every notebook → build/nbgrader/release/<assignment>/<assignment>.ipynb
    python tools/grading.py autograde DIR    # DIR/<student>/<assignment>/<assignment>.ipynb → per-student score table

Every notebook in notebooks/ is one assignment, named after the notebook (`00-getting-started`). `./course release`
and `./course autograde DIR` call this script; tools/tests/test_grading.py drives the same functions in a temporary
course directory. nbgrader does all the work (generate_assignment, validate, autograde, the gradebook); its full log
goes to <course>/<command>.log.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
COURSE = ROOT / "build" / "nbgrader"
VALIDATED = {False: "Success! Your notebook passes all the tests.",
             True: "Success! The notebook does not pass any tests."}


def assignments(notebooks=NOTEBOOKS):
    """The assignment ids: one per notebook in notebooks/, in order."""
    return sorted(p.stem for p in Path(notebooks).glob("*.ipynb"))


def nbgrader(course, *args, log=None, echo=None):
    """Run `nbgrader ARGS` on the course directory with the repository's nbgrader_config.py.

    Output (log and results, in order) goes to the file `log` if given, else is returned. For lines matching the
    regex `echo`, its first group is printed. Raises RuntimeError, with the end of the output, when nbgrader fails.
    """
    cmd = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={course}"]
    env = dict(os.environ, PYTHONUNBUFFERED="1")  # keeps nbgrader's log and its printed results in order
    # nbgrader runs `alembic` (gradebook migrations) from PATH: use the one installed beside this Python.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, encoding="utf-8", errors="replace")
    lines = []
    with open(log, "w", encoding="utf-8") if log else open(os.devnull, "w") as sink:
        for line in proc.stdout:
            lines.append(line)
            sink.write(line)
            m = echo and re.search(echo, line)
            if m:
                print("  " + m.group(1), flush=True)
    if proc.wait() != 0:
        tail = "".join(lines[-30:])
        raise RuntimeError(f"nbgrader {args[0]} failed (exit {proc.returncode}):\n{tail}"
                           + (f"\nfull log: {log}" if log else ""))
    return "".join(lines)


def link_target(directory):
    """directory/target/lib → the repository's target/lib, so `%classpath ../target/lib/*.jar` resolves one level down.

    (A link to lib/ only: zipping the release, which follows links, then packs just the library's jars.)
    """
    lib = Path(directory) / "target" / "lib"
    if lib.is_symlink() and os.readlink(lib) == str(ROOT / "target" / "lib"):
        return
    if lib.parent.is_symlink():
        lib.parent.unlink()
    lib.parent.mkdir(parents=True, exist_ok=True)
    if lib.is_symlink():
        lib.unlink()
    elif lib.exists():
        raise RuntimeError(f"{lib} exists and is not a link to {ROOT / 'target' / 'lib'}")
    lib.symlink_to(ROOT / "target" / "lib", target_is_directory=True)


def release(course=COURSE, ids=None, notebooks=NOTEBOOKS):
    """The student version of every assignment: course/release/<id>/<id>.ipynb, from notebooks/<id>.ipynb.

    course/source/ is rebuilt as symlinks to the notebooks and course/release/ from scratch. Returns the release
    notebooks in order.
    """
    course, notebooks = Path(course), Path(notebooks)
    ids = assignments(notebooks) if ids is None else list(ids)
    if not ids:
        raise RuntimeError(f"no notebooks in {notebooks}")
    for step in ("source", "release"):
        shutil.rmtree(course / step, ignore_errors=True)
    for a in ids:
        (course / "source" / a).mkdir(parents=True)
        (course / "source" / a / f"{a}.ipynb").symlink_to(notebooks / f"{a}.ipynb")
    nbgrader(course, "generate_assignment", "*", "--force", log=course / "generate_assignment.log")
    link_target(course / "release")
    out = [course / "release" / a / f"{a}.ipynb" for a in ids]
    missing = [str(p) for p in out if not p.is_file()]
    if missing:
        raise RuntimeError(f"nbgrader generate_assignment wrote no {', '.join(missing)}")
    return out


def validate(paths, invert=False):
    """`nbgrader validate [--invert]` on the notebooks, in one nbgrader process.

    Returns {path: (ok, report)}: ok when every test cell passes (with invert: when none does); report is what
    nbgrader printed about that notebook.
    """
    paths = [Path(p).resolve() for p in paths]
    out = nbgrader(ROOT, "validate", *(["--invert"] if invert else []), *map(str, paths))
    # nbgrader logs "Validating '<path>'" before each notebook's results.
    parts = re.split(r"^.*Validating '(.+)'\s*$", out, flags=re.M)
    reports = {Path(p): text for p, text in zip(parts[1::2], parts[2::2])}
    return {p: (VALIDATED[invert] in reports.get(p, ""), reports.get(p, "nbgrader did not validate this notebook"))
            for p in paths}


def submissions(directory, ids):
    """{student: [assignment ids]} of a folder laid out DIR/<student>/<assignment>/<assignment>.ipynb."""
    directory = Path(directory)
    found = {}
    for student in sorted(d for d in directory.iterdir() if d.is_dir() and not d.name.startswith(".")):
        for a in sorted(d.name for d in student.iterdir() if d.is_dir() and not d.name.startswith(".")):
            if a not in ids:
                raise SystemExit(f"grading: unknown assignment {a!r} in {student}: expected one of {', '.join(ids)}")
            if not (student / a / f"{a}.ipynb").is_file():
                names = ", ".join(p.name for p in (student / a).glob("*.ipynb")) or "none"
                raise SystemExit(f"grading: {student / a} must hold {a}.ipynb (found: {names})")
            found.setdefault(student.name, []).append(a)
    if not found:
        raise SystemExit(f"grading: no submissions in {directory}: expected {directory}/<student>/<assignment>/"
                         f"<assignment>.ipynb")
    return found


def autograde(directory, course=COURSE, echo=None):
    """Copy the submissions in `directory` into course/submitted/ and autograde them with nbgrader.

    `directory` may be course/submitted itself (e.g. after `nbgrader collect`). The course's gradebook must know the
    assignments (run release first). Submissions already autograded are graded again. Returns scores(course, the
    students and assignments found).
    """
    course, directory = Path(course), Path(directory).resolve()
    submitted = (course / "submitted").resolve()
    ids = sorted(p.name for p in (course / "source").iterdir() if p.is_dir())
    found = submissions(directory, ids)
    for student, done in found.items():
        for a in done:
            shutil.rmtree(course / "autograded" / student / a, ignore_errors=True)
            if directory != submitted:
                shutil.rmtree(submitted / student / a, ignore_errors=True)
                shutil.copytree(directory / student / a, submitted / student / a)
        link_target(course / "autograded" / student)
    nbgrader(course, "autograde", "*", log=course / "autograde.log", echo=echo)
    return scores(course, found)


def scores(course, found):
    """{student: {assignment: (score, max_score)}} from the course's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}") as gb:
        return {s: {a: (gb.find_submission(a, s).score, gb.find_submission(a, s).max_score) for a in done}
                for s, done in found.items()}


def score_table(table):
    """One row per student, one column per assignment (headed by its number), then the total."""
    ids = sorted({a for row in table.values() for a in row})
    heads = [a.split("-")[0] for a in ids]
    width = max(len("student"), *map(len, table))
    cells = {s: [f"{row[a][0]:g}/{row[a][1]:g}" if a in row else "-" for a in ids] for s, row in table.items()}
    cw = max(5, *(len(c) for row in cells.values() for c in row))
    lines = [f"{'student':<{width}}  " + "  ".join(f"{h:>{cw}}" for h in heads) + "      total"]
    for s, row in table.items():
        got, most = sum(v[0] for v in row.values()), sum(v[1] for v in row.values())
        pct = f"{100 * got / most:5.1f}%" if most else "    -"
        lines.append(f"{s:<{width}}  " + "  ".join(f"{c:>{cw}}" for c in cells[s]) + f"  {got:g}/{most:g} {pct}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("release", help="generate the student release of every notebook")
    grade = sub.add_parser("autograde", help="autograde DIR/<student>/<assignment>/<assignment>.ipynb")
    grade.add_argument("directory", type=Path)
    args = ap.parse_args()

    try:
        out = release()
        print(f"released {len(out)} assignment(s) to {os.path.relpath(COURSE / 'release')}/ "
              f"(log: {os.path.relpath(COURSE / 'generate_assignment.log')})")
        if args.command == "autograde":
            if not args.directory.is_dir():
                raise SystemExit(f"grading: not a directory: {args.directory}")
            print(f"autograding {args.directory} (log: {os.path.relpath(COURSE / 'autograde.log')})", flush=True)
            table = autograde(args.directory, echo=r"Autograding .*/autograded/(.+)/[^/]+\.ipynb$")
            print(score_table(table))
    except RuntimeError as e:
        raise SystemExit(f"grading: {e}")


if __name__ == "__main__":
    main()
