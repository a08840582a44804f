#!/usr/bin/env python3
"""Student release and autograding of the course's exercises with nbgrader (configured in nbgrader_config.py).

    python -m tools.grading release            # every notebook → build/nbgrader/release/<assignment>/<assignment>.ipynb
    python -m tools.grading autograde DIR      # DIR/<student>/<assignment>/<assignment>.ipynb → score table, feedback
    python -m tools.grading check [NOTEBOOK…]  # the learner's workspace → points and messages per exercise

Every notebook in notebooks/ is one assignment, named after the notebook (`00-getting-started`). `./course release`,
`./course autograde DIR` and `./course check` call this script; tools/tests/test_grading.py drives the same functions
in temporary course directories. nbgrader does all the work (generate_assignment, validate, autograde,
generate_feedback, the gradebook); its full log goes to <course>/<command>.log.

There are two course directories: the instructor's, build/nbgrader/ (nbgrader_config.py), and the learner's own,
build/learner/, whose release fills the learner's workspace (tools/workspace.py) and whose gradebook grades it, with
the learner as the one student `learner`. A command that writes a course directory holds its lock (<course>/.lock).
"""
import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
COURSE = ROOT / "build" / "nbgrader"
LEARNER = ROOT / "build" / "learner"
LEARNER_ID = "learner"
STAMP = ".release-stamp"
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


@contextlib.contextmanager
def locked(course):
    """Holds the course directory's lock: one nbgrader command writes a course directory at a time."""
    Path(course).mkdir(parents=True, exist_ok=True)
    with open(Path(course) / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def release_stamp(notebooks=NOTEBOOKS, ids=None):
    """A digest of everything a release depends on: the notebooks, nbgrader_config.py and nbgrader's version."""
    from nbgrader import __version__

    h = hashlib.sha256(f"nbgrader {__version__}\n".encode())
    h.update((ROOT / "nbgrader_config.py").read_bytes())
    for a in assignments(notebooks) if ids is None else ids:
        h.update(f"\n{a}\n".encode())
        h.update((Path(notebooks) / f"{a}.ipynb").read_bytes())
    return h.hexdigest()


def release_if_stale(course=COURSE, notebooks=NOTEBOOKS):
    """release(course) unless the course directory holds a release of exactly these notebooks; returns its
    notebooks."""
    course, ids = Path(course), assignments(notebooks)
    stamp = release_stamp(notebooks, ids)
    with locked(course):
        out = [course / "release" / a / f"{a}.ipynb" for a in ids]
        try:
            current = (course / STAMP).read_text() == stamp and all(p.is_file() for p in out)
        except OSError:
            current = False
        if current:
            return out
        print(f"==> making the student version of {len(ids)} notebooks with nbgrader (in {os.path.relpath(course)}/)",
              flush=True)
        return release(course, ids, notebooks, stamp=stamp)


def release(course=COURSE, ids=None, notebooks=NOTEBOOKS, stamp=None):
    """The student version of every assignment: course/release/<id>/<id>.ipynb, from notebooks/<id>.ipynb.

    course/source/ is rebuilt as symlinks to the notebooks and course/release/ from scratch. Returns the release
    notebooks in order. With `stamp` (release_stamp()), course/.release-stamp records what was released.
    """
    course, notebooks = Path(course), Path(notebooks)
    ids = assignments(notebooks) if ids is None else list(ids)
    if not ids:
        raise RuntimeError(f"no notebooks in {notebooks}")
    (course / STAMP).unlink(missing_ok=True)
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
    if stamp:
        (course / STAMP).write_text(stamp)
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


def autograde(directory, course=COURSE, echo=None, feedback=True):
    """Copy the submissions in `directory` into course/submitted/ and autograde them with nbgrader.

    `directory` may be course/submitted itself (e.g. after `nbgrader collect`). The course's gradebook must know the
    assignments (run release first). Submissions already autograded are graded again. With `feedback`, nbgrader
    generate_feedback then writes course/feedback/<student>/<assignment>/<assignment>.html for every autograded
    submission. Returns scores(course, the students and assignments found).
    """
    course, directory = Path(course), Path(directory).resolve()
    submitted = (course / "submitted").resolve()
    ids = sorted(p.name for p in (course / "source").iterdir() if p.is_dir())
    found = submissions(directory, ids)
    for student, done in found.items():
        for a in done:
            shutil.rmtree(course / "autograded" / student / a, ignore_errors=True)
            shutil.rmtree(course / "feedback" / student / a, ignore_errors=True)
            if directory != submitted:
                shutil.rmtree(submitted / student / a, ignore_errors=True)
                shutil.copytree(directory / student / a, submitted / student / a)
        link_target(course / "autograded" / student)
    nbgrader(course, "autograde", "*", log=course / "autograde.log", echo=echo)
    if feedback:
        nbgrader(course, "generate_feedback", "*", "--force", log=course / "generate_feedback.log")
    return scores(course, found)


def feedback_files(course, found):
    """{student: {assignment: the HTML feedback file}} for the submissions found."""
    return {s: {a: Path(course) / "feedback" / s / a / f"{a}.html" for a in done} for s, done in found.items()}


def read_notebook(path, wait=5.0):
    """The bytes of a notebook file that JupyterLab may be saving right now.

    JupyterLab (jupyter_server) saves a notebook in place, so a read during a save can see half a file: read again
    until the bytes parse as JSON, for up to `wait` seconds. The file is only opened for reading, never locked.
    """
    deadline = time.monotonic() + wait
    while True:
        data = Path(path).read_bytes()
        try:
            json.loads(data)
            return data
        except ValueError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{path} is not a notebook (not JSON): is it being saved?") from None
            time.sleep(0.2)


def assignment_of(path, ids):
    """The assignment a learner's notebook belongs to: its name is <assignment>.ipynb or an update of it
    (<assignment>.update-<digest>.ipynb), or starts with the assignment's name."""
    stem = Path(path).name.removesuffix(".ipynb")
    for a in ids:
        if stem == a or stem.startswith(a + ".") or stem.startswith(a + " ") or stem.startswith(a + "-"):
            return a
    raise RuntimeError(f"{path}: not a course notebook (its name must start with one of {', '.join(ids)})")


def learner_notebooks(names, workspace, cwd=None):
    """The learner's notebooks that NAMES mean: a path to a notebook file, an assignment (`01-dense-forward`) or its
    number (`01`, `1`). Without names, every course notebook in the workspace."""
    ids = assignments()
    workspace = Path(workspace)
    if not names:
        found = [workspace / f"{a}.ipynb" for a in ids if (workspace / f"{a}.ipynb").is_file()]
        if not found:
            raise RuntimeError(f"no course notebooks in {workspace}: run ./course lab first")
        return found
    out = []
    for name in names:
        path = Path(cwd or ".") / name
        if name.endswith(".ipynb") and path.is_file():
            out.append(path.resolve())
            continue
        key = name.removesuffix(".ipynb")
        match = [a for a in ids if a == key or (key.isdigit() and a.split("-")[0] == key.zfill(2))]
        if not match:
            raise RuntimeError(f"{name}: no such notebook; give a path, a name such as {ids[0]} or a number "
                               f"such as {ids[0].split('-')[0]}")
        if not (workspace / f"{match[0]}.ipynb").is_file():
            raise RuntimeError(f"{workspace / (match[0] + '.ipynb')} does not exist (./course lab adds it)")
        out.append(workspace / f"{match[0]}.ipynb")
    return out


def check(notebooks, course=LEARNER, echo=None):
    """Autograde the learner's notebooks with nbgrader, as the student `learner` of the learner's course directory.

    Each notebook is copied (read only, see read_notebook) into course/submitted/learner/<assignment>/, so the file
    in the workspace is never written or locked, and grading works while JupyterLab has it open. The course
    directory must hold the release (release_if_stale). Returns {assignment: [exercise results]} in notebook order,
    each a dict with the test cell's grade id, `score`, `max_score`, `message` (its error, if it failed) and
    `answer_error` (the error of the exercise's solution cell, if it had one).
    """
    course, ids = Path(course), assignments()
    picked = {}
    for path in notebooks:
        picked[assignment_of(path, ids)] = read_notebook(path)
    with locked(course):
        shutil.rmtree(course / "submitted" / LEARNER_ID, ignore_errors=True)
        for a, data in picked.items():
            (course / "submitted" / LEARNER_ID / a).mkdir(parents=True)
            (course / "submitted" / LEARNER_ID / a / f"{a}.ipynb").write_bytes(data)
            shutil.rmtree(course / "autograded" / LEARNER_ID / a, ignore_errors=True)
        link_target(course / "autograded" / LEARNER_ID)
        nbgrader(course, "autograde", "*", f"--student={LEARNER_ID}", log=course / "autograde.log", echo=echo)
        return {a: exercise_results(course, a) for a in picked}


def error_message(cell):
    """The first line of a code cell's error output, as `Exception: message`, or None."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            value = str(out.get("evalue", ""))
            m = re.match(r"^(?:[\w$]+\.)*([\w$]+), (.*)$", value, flags=re.S)   # JJava: "java.lang.X, message"
            text = f"{m.group(1)}: {m.group(2)}" if m else f"{out.get('ename')}: {value}"
            return next((ln.strip() for ln in text.splitlines() if ln.strip()), text)
    return None


def exercise_results(course, a, student=LEARNER_ID):
    """The points of each test cell of a student's autograded assignment, with the messages of the failing ones."""
    from nbgrader.api import Gradebook

    nb = json.loads((Path(course) / "autograded" / student / a / f"{a}.ipynb").read_text(encoding="utf-8"))
    with Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}") as gb:
        grades = {g.name: (g.score, g.max_score) for g in gb.find_submission_notebook(a, a, student).grades}
    results, answer_error = [], None
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            answer_error = answer_error or error_message(cell)
        if meta.get("grade") and meta.get("grade_id") in grades:
            score, most = grades[meta["grade_id"]]
            failed = score < most
            results.append(dict(grade_id=meta["grade_id"], score=score, max_score=most,
                                message=error_message(cell) if failed else None,
                                answer_error=answer_error if failed else None))
            answer_error = None
    return results


def check_report(results):
    """What `./course check` prints: per notebook its points, then per exercise ✓ or ✗ with the test's message."""
    lines, got, most = [], 0, 0
    for a, exercises in results.items():
        a_got, a_most = sum(e["score"] for e in exercises), sum(e["max_score"] for e in exercises)
        got, most = got + a_got, most + a_most
        lines.append(f"{a}: {a_got:g}/{a_most:g}")
        for e in exercises:
            name = e["grade_id"].removesuffix("-test")
            mark = "✓" if e["score"] >= e["max_score"] else "✗"
            line = f"  {mark} {name:<28} {e['score']:g}/{e['max_score']:g}"
            if e["message"]:
                line += f"  {e['message']}"
            lines.append(line)
            if e["answer_error"]:
                lines.append(f"      (your answer cell shows: {e['answer_error']})")
    lines.append(f"total: {got:g}/{most:g}")
    return "\n".join(lines)


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
    rel = sub.add_parser("release", help="generate the student release of every notebook")
    rel.add_argument("--if-stale", action="store_true", help="only if the notebooks changed since the last release")
    grade = sub.add_parser("autograde", help="autograde DIR/<student>/<assignment>/<assignment>.ipynb")
    grade.add_argument("directory", type=Path)
    mine = sub.add_parser("check", help="grade the learner's workspace")
    mine.add_argument("notebooks", nargs="*", help="paths, names (01-dense-forward) or numbers (01); default: all")
    mine.add_argument("--workspace", type=Path,
                      default=Path(os.environ.get("COURSE_WORKSPACE", ROOT / "workspace")))
    mine.add_argument("--cwd", type=Path, help="where relative paths start (the caller's directory)")
    args = ap.parse_args()

    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "release" and args.if_stale:
            release_if_stale(COURSE)
            return 0
        with locked(COURSE):
            out = release()
        print(f"released {len(out)} assignment(s) to {os.path.relpath(COURSE / 'release')}/ "
              f"(log: {os.path.relpath(COURSE / 'generate_assignment.log')})")
        if args.command == "autograde":
            if not args.directory.is_dir():
                raise SystemExit(f"grading: not a directory: {args.directory}")
            print(f"autograding {args.directory} (log: {os.path.relpath(COURSE / 'autograde.log')})", flush=True)
            with locked(COURSE):
                table = autograde(args.directory, echo=r"Autograding .*/autograded/(.+)/[^/]+\.ipynb$")
            print(score_table(table))
            found = {s: list(row) for s, row in table.items()}
            first = next(iter(next(iter(feedback_files(COURSE, found).values())).values()))
            print(f"feedback for each student: {os.path.relpath(COURSE / 'feedback')}/<student>/<assignment>/"
                  f"<assignment>.html (e.g. {os.path.relpath(first)})")
    except RuntimeError as e:
        raise SystemExit(f"grading: {e}")
    return 0


def run_check(args):
    """./course check: grade the learner's notebooks, print points and messages; exit status 1 unless all pass."""
    notebooks = learner_notebooks(args.notebooks, args.workspace, args.cwd)
    release_if_stale(LEARNER)
    names = ", ".join(os.path.relpath(p, args.cwd or ".") for p in notebooks)
    print(f"==> grading {names} as saved (save in JupyterLab first); log: {os.path.relpath(LEARNER / 'autograde.log')}",
          flush=True)
    # A line per notebook as nbgrader starts it, when there are several to wait for (for one, the report follows).
    progress = r"Autograding .*/autograded/[^/]+/([^/]+)/[^/]+\.ipynb$" if len(notebooks) > 1 else None
    results = check(notebooks, echo=progress)
    print(check_report(results))
    return 0 if all(e["score"] >= e["max_score"] for ex in results.values() for e in ex) else 1


if __name__ == "__main__":
    sys.exit(main())
