#!/usr/bin/env python3
"""Student release and autograding of the course's exercises with nbgrader (configured in nbgrader_config.py).

    python -m tools.grading release            # every notebook → build/nbgrader/release/<assignment>/<assignment>.ipynb
    python -m tools.grading autograde DIR      # DIR/<student>/<assignment>/<assignment>.ipynb → score table, feedback
    python -m tools.grading check [NOTEBOOK…]  # the learner's workspace → points and messages per exercise
    python -m tools.grading restructure A      # an assignment changed after submissions: release, regrade, keep
                                               # the grades given by hand
    python -m tools.grading roster FILE.csv    # students (id,first_name,last_name,email) into the gradebook
    python -m tools.grading points             # the points table of docs/instructors.md

Every notebook in notebooks/ is one assignment, named after the notebook (`00-getting-started`). `./course release`,
`autograde DIR`, `check`, `restructure` and `roster` call this script; tools/tests/test_grading.py and
test_instructor.py drive the same functions in temporary course directories. nbgrader does all the work (generate_assignment, validate, autograde,
generate_feedback, the gradebook); its full log goes to <course>/<command>.log.

There are two course directories: the instructor's, build/nbgrader/ (nbgrader_config.py), and the learner's own,
build/learner/, whose release fills the learner's workspace (tools/workspace.py) and whose gradebook grades it, with
the learner as the one student `learner`. A command that writes a course directory holds its lock (<course>/.lock).
"""
import argparse
import contextlib
import fcntl
import hashlib
import html
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


def gradebook(course):
    """nbgrader's Gradebook of a course directory (created if new: nbgrader then runs `alembic` from PATH, so the
    one installed beside this Python goes first)."""
    from nbgrader.api import Gradebook

    bin_dir = str(Path(sys.executable).parent)
    if not os.environ.get("PATH", "").startswith(bin_dir + os.pathsep):
        os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])
    return Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}")


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
        return release(course, ids, notebooks, stamp=stamp, learner=course == LEARNER)


class NotReleased(RuntimeError):
    """Some assignments could not be released (the others were): {assignment: what to do}."""

    def __init__(self, reasons):
        self.reasons = reasons
        super().__init__("\n".join(f"{a}: {why}" for a, why in reasons.items()))


CHANGED_AFTER_SUBMISSIONS = (
    "not released: exercises were added or removed after students submitted it, and nbgrader keeps the version "
    "they got (their submissions are graded against it). To release the new version and keep every grade: "
    "./course restructure {a}")


def release(course=COURSE, ids=None, notebooks=NOTEBOOKS, stamp=None, learner=False):
    """The student version of every assignment: course/release/<id>/<id>.ipynb, from notebooks/<id>.ipynb.

    course/source/ is rebuilt as symlinks to the notebooks; each assignment's release is written again. Returns the
    release notebooks in order. With `stamp` (release_stamp()), course/.release-stamp records what was released.
    An assignment that nbgrader refuses (its cells changed after students submitted it) keeps its old release and
    gradebook entry, the others are released, and NotReleased says what to do. `learner`: the learner's own
    release, one folder, which keeps the notebooks' links and `./course` (tools/nbgrader_plugins.ForTheClass).
    """
    course, notebooks = Path(course), Path(notebooks)
    ids = assignments(notebooks) if ids is None else list(ids)
    if not ids:
        raise RuntimeError(f"no notebooks in {notebooks}")
    (course / STAMP).unlink(missing_ok=True)
    shutil.rmtree(course / "source", ignore_errors=True)
    for old in (course / "release").glob("*"):
        if old.is_dir() and not old.is_symlink() and old.name not in ids and old.name != "target":
            shutil.rmtree(old)
    for a in ids:
        (course / "source" / a).mkdir(parents=True)
        (course / "source" / a / f"{a}.ipynb").symlink_to(notebooks / f"{a}.ipynb")
    log = course / "generate_assignment.log"
    try:
        nbgrader(course, "generate_assignment", "*", "--force", *(["--ForTheClass.enabled=False"] if learner else []),
                 log=log)
        failed = {}
    except RuntimeError:
        failed = {a: why for (a, _), why in failures(log.read_text(encoding="utf-8")).items()}
        if not failed:
            raise
    link_target(course / "release")
    out = [course / "release" / a / f"{a}.ipynb" for a in ids]
    missing = [str(p) for a, p in zip(ids, out) if not p.is_file() and a not in failed]
    if missing:
        raise RuntimeError(f"nbgrader generate_assignment wrote no {', '.join(missing)}")
    if failed:
        raise NotReleased({a: CHANGED_AFTER_SUBMISSIONS.format(a=a) if "submissions associated" in why else
                           f"not released: {why} (log: {log})" for a, why in failed.items()})
    if stamp:
        (course / STAMP).write_text(stamp)
    return out


def failures(log):
    """{(assignment, student): the exception that stopped it} for the submissions (or, with student ".", the
    assignments) that nbgrader's log says it could not process."""
    found = {}
    for m in re.finditer(r"There was an error processing assignment: (\S+)\n(.*?)(?=There was an error processing assignment|\Z)", log, flags=re.S):
        parts = Path(m[1]).parts
        exceptions = [ln.strip() for ln in m[2].splitlines()
                      if re.match(r"^[\w.]+(Error|Exception|Exit)\b", ln.strip())]
        found[parts[-1], "." if parts[-2] in (".", "source") else parts[-2]] = (exceptions or ["see the log"])[-1]
    return found


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
    assignments (run release first). Submissions already autograded are graded again. A submission that nbgrader
    cannot grade (its kernel died: System.exit, out of memory) scores 0, with the reason in its feedback and in
    course/failed.json (failed()); the others are graded. With `feedback`, nbgrader generate_feedback then writes
    course/feedback/<student>/<assignment>/<assignment>.html for every submission. Returns scores(course, the
    students and assignments found).
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
    log = course / "autograde.log"
    try:
        nbgrader(course, "autograde", "*", log=log, echo=echo)
        broken = {}
    except RuntimeError:
        broken = failures(log.read_text(encoding="utf-8"))
        if not broken:
            raise
    reasons = {f"{s}/{a}": f"autograding failed: {why}" for (a, s), why in broken.items()}
    (course / FAILED).write_text(json.dumps(reasons, indent=1, sort_keys=True))
    for (a, s) in broken:
        score_zero(course, a, s)
    if feedback:
        nbgrader(course, "generate_feedback", "*", "--force", log=course / "generate_feedback.log")
        for (a, s), why in broken.items():
            page = course / "feedback" / s / a / f"{a}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(FAILED_PAGE.format(a=html.escape(a), why=html.escape(why)), encoding="utf-8")
    return scores(course, found)


FAILED = "failed.json"
FAILED_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{a}</title></head><body>
<h1>{a}: 0 points</h1>
<p style="color:#8b0000">Your notebook could not be graded: {why}. This happens when the Java kernel stops while
it runs (for example <code>System.exit</code>, or more memory than it may use). Your instructor can look at it and
grade it by hand.</p></body></html>
"""


def score_zero(course, a, student):
    """Every grade of a submission that could not be autograded set to 0 (nbgrader leaves them ungraded)."""

    with gradebook(course) as gb:
        for nb in gb.find_submission(a, student).notebooks:
            for grade in nb.grades:
                grade.auto_score, grade.needs_manual_grade = 0, False
        gb.db.commit()


def failed(course=COURSE):
    """{"student/assignment": reason} of the last autograde's submissions that scored 0 because nbgrader could not
    grade them."""
    try:
        return json.loads((Path(course) / FAILED).read_text())
    except (OSError, ValueError):
        return {}


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


def check(notebooks, course=LEARNER, echo=None, course_notebooks=NOTEBOOKS):
    """Autograde the learner's notebooks with nbgrader, as the student `learner` of the learner's course directory.

    Each notebook is copied (read only, see read_notebook) into course/submitted/learner/<assignment>/, so the file
    in the workspace is never written or locked, and grading works while JupyterLab has it open. The course
    directory must hold the release (release_if_stale). Returns {assignment: [exercise results]} in notebook order,
    each a dict with the test cell's grade id, `score`, `max_score`, `message` (its error, if it failed) and
    `answer_error` (the error of the exercise's solution cell, if it had one).
    """
    course, ids = Path(course), assignments(course_notebooks)
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
    """The points of each test cell and written answer of a student's autograded assignment, with the messages of
    the failing tests; a written answer (graded by hand) has `by_hand` True, and no score until the instructor
    grades it."""

    nb = json.loads((Path(course) / "autograded" / student / a / f"{a}.ipynb").read_text(encoding="utf-8"))
    with gradebook(course) as gb:
        grades = {g.name: g for g in gb.find_submission_notebook(a, a, student).grades}
        grades = {k: (g.score, g.max_score, g.needs_manual_grade or g.cell.cell_type == "markdown")
                  for k, g in grades.items()}
    results, answer_error = [], None
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            answer_error = answer_error or error_message(cell)
        if meta.get("grade") and meta.get("grade_id") in grades:
            score, most, by_hand = grades[meta["grade_id"]]
            failed = score < most and not by_hand
            results.append(dict(grade_id=meta["grade_id"], score=score, max_score=most, by_hand=by_hand,
                                message=error_message(cell) if failed else None,
                                answer_error=answer_error if failed else None))
            answer_error = None
    return results


def check_report(results):
    """What `./course check` prints: per notebook its points, then per exercise ✓ or ✗ with the test's message; a
    written answer is "graded by your instructor", and its points are not in the totals."""
    lines, got, most, hand = [], 0, 0, 0
    for a, exercises in results.items():
        graded = [e for e in exercises if not e["by_hand"]]
        a_got, a_most = sum(e["score"] for e in graded), sum(e["max_score"] for e in graded)
        a_hand = sum(e["max_score"] for e in exercises if e["by_hand"])
        got, most, hand = got + a_got, most + a_most, hand + a_hand
        lines.append(f"{a}: {a_got:g}/{a_most:g}" + (f" (and {a_hand:g} points graded by your instructor)"
                                                       if a_hand else ""))
        for e in exercises:
            name = e["grade_id"].removesuffix("-test")
            if e["by_hand"]:
                lines.append(f"  ✎ {name:<28} {e['max_score']:g} pt  graded by your instructor (a written answer)")
                continue
            mark = "✓" if e["score"] >= e["max_score"] else "✗"
            line = f"  {mark} {name:<28} {e['score']:g}/{e['max_score']:g}"
            if e["message"]:
                line += f"  {e['message']}"
            lines.append(line)
            if e["answer_error"]:
                lines.append(f"      (your answer cell shows: {e['answer_error']})")
    lines.append(f"total: {got:g}/{most:g}" + (f" (and {hand:g} points graded by your instructor)" if hand else ""))
    return "\n".join(lines)


def scores(course, found):
    """{student: {assignment: (score, max_score)}} from the course's gradebook; the score after the late penalty,
    as the student's feedback shows it."""

    def final(sub):
        return max(0.0, sub.score - (sub.late_submission_penalty or 0)), sub.max_score

    with gradebook(course) as gb:
        return {s: {a: final(gb.find_submission(a, s)) for a in done} for s, done in found.items()}


def details(course, found):
    """{student: {assignment: {late: seconds late, penalty: points taken off, by_hand: points still to be graded by
    hand}}} from the course's gradebook, for the score table."""

    out = {}
    with gradebook(course) as gb:
        for s, done in found.items():
            for a in done:
                sub = gb.find_submission(a, s)
                by_hand = sum(g.max_score for nb in sub.notebooks for g in nb.grades if g.needs_manual_grade)
                out.setdefault(s, {})[a] = dict(late=sub.total_seconds_late, penalty=sub.late_submission_penalty or 0,
                                                by_hand=by_hand)
    return out


def breakdown(course, found):
    """Per assignment and exercise (test cell or written answer): how many submissions got full points, some, none,
    and how many wait for hand grading: {assignment: {grade id: {"full": n, "partial": n, "zero": n, "by hand": n,
    "points": max}}}."""

    out = {}
    with gradebook(course) as gb:
        for s, done in found.items():
            for a in done:
                for nb in gb.find_submission(a, s).notebooks:
                    for g in nb.grades:
                        row = out.setdefault(a, {}).setdefault(g.name, {"full": 0, "partial": 0, "zero": 0,
                                                                         "by hand": 0, "points": g.max_score})
                        kind = ("by hand" if g.needs_manual_grade else "full" if g.score >= g.max_score
                                else "zero" if g.score == 0 else "partial")
                        row[kind] += 1
    return out


def breakdown_table(table):
    """What `./course autograde` prints after the scores: which exercises the class failed."""
    lines = ["per exercise (submissions with full points, some, none, waiting for hand grading):"]
    for a, rows in table.items():
        lines.append(f"{a}")
        width = max(map(len, rows))
        for gid, r in rows.items():
            name = gid.removesuffix("-test")
            lines.append(f"  {name:<{width}}  {r['points']:g} pt  full {r['full']:>3}  some {r['partial']:>3}  "
                         f"none {r['zero']:>3}" + (f"  by hand {r['by hand']:>3}" if r["by hand"] else ""))
    return "\n".join(lines)


def score_table(table, notes=None, failures=None):
    """One row per student, one column per assignment (headed by its number), then the total. With `notes`
    (details()), a late submission's cell ends in `L` and one still to be graded by hand in `H`, explained below
    the table; `failures` (failed()) names the submissions that scored 0 because they could not be graded."""
    notes, failures = notes or {}, failures or {}
    ids = sorted({a for row in table.values() for a in row})
    heads = [a.split("-")[0] for a in ids]
    width = max(len("student"), *map(len, table))

    def cell(s, a):
        if a not in table[s]:
            return "-"
        n = notes.get(s, {}).get(a, {})
        marks = ("L" if n.get("late", 0) > 0 else "") + ("H" if n.get("by_hand") else "") + \
                ("!" if f"{s}/{a}" in failures else "")
        return f"{table[s][a][0]:g}/{table[s][a][1]:g}" + marks

    cells = {s: [cell(s, a) for a in ids] for s in table}
    cw = max(5, *(len(c) for row in cells.values() for c in row))
    lines = [f"{'student':<{width}}  " + "  ".join(f"{h:>{cw}}" for h in heads) + "      total"]
    for s, row in table.items():
        got, most = sum(v[0] for v in row.values()), sum(v[1] for v in row.values())
        pct = f"{100 * got / most:5.1f}%" if most else "    -"
        lines.append(f"{s:<{width}}  " + "  ".join(f"{c:>{cw}}" for c in cells[s]) + f"  {got:g}/{most:g} {pct}")
    for s, row in notes.items():
        for a, n in row.items():
            if n["late"] > 0:
                h, m = divmod(int(n["late"]) // 60, 60)
                lines.append(f"L {s} {a}: late by {h} h {m:02d} min, {n['penalty']:g} points off (class.yml)")
            if n["by_hand"]:
                lines.append(f"H {s} {a}: {n['by_hand']:g} points of written answers to grade by hand (formgrader)")
    for key, why in failures.items():
        lines.append(f"! {key}: 0 points, {why}")
    return "\n".join(lines)


def points_table(notebooks=NOTEBOOKS):
    """The Markdown table of docs/instructors.md: per assignment, its exercises with their points, and the total
    (`python -m tools.grading points` prints it; a test keeps the docs in step)."""
    lines = ["| assignment | exercises (points; ✎ graded by hand) | points |", "|---|---|---|"]
    for a in assignments(notebooks):
        nb = json.loads((Path(notebooks) / f"{a}.ipynb").read_text(encoding="utf-8"))
        graded = [(c["metadata"]["nbgrader"], c["cell_type"]) for c in nb["cells"]
                  if c.get("metadata", {}).get("nbgrader", {}).get("grade")]
        parts = [f"{'✎ ' if kind == 'markdown' else ''}{g['grade_id'].removesuffix('-test')} {g['points']:g}"
                 for g, kind in graded]
        lines.append(f"| {a} | {', '.join(parts)} | {sum(g['points'] for g, _ in graded):g} |")
    return "\n".join(lines)


def restructure(a, course=COURSE, notebooks=NOTEBOOKS, echo=None):
    """Release a new version of assignment `a` whose exercises changed after students submitted it, keeping every
    grade: the gradebook is backed up; the hand-given points and comments of its submissions are read; the
    assignment is removed from the gradebook and released again; the submissions in course/submitted/ are
    autograded against the new version; and the hand-given points and comments go back to the cells that still
    exist. Returns (students regraded, [grades and comments that had no cell to go back to])."""

    course = Path(course)
    db = course / "gradebook.db"
    shutil.copy2(db, course / f"gradebook.{time.strftime('%Y%m%d-%H%M%S')}.db")
    kept, notes = {}, {}
    with gradebook(course) as gb:
        for sub in gb.assignment_submissions(a):
            for nb in sub.notebooks:
                for g in nb.grades:
                    if g.manual_score is not None or g.extra_credit:
                        kept[sub.student.id, nb.name, g.name] = (g.manual_score, g.extra_credit)
                for c in nb.comments:
                    if c.manual_comment:
                        notes[sub.student.id, nb.name, c.name] = c.manual_comment
    students = sorted(d.parent.name for d in (course / "submitted").glob(f"*/{a}") if d.is_dir())
    nbgrader(course, "db", "assignment", "remove", a, "--force", log=course / "restructure.log")
    try:
        release(course, None, notebooks)
    except NotReleased as e:
        if a in e.reasons:
            raise
    if students:
        autograde(course / "submitted", course, echo=echo)
    lost = []
    with gradebook(course) as gb:
        for (s, nb, name), (score, extra) in kept.items():
            try:
                g = gb.find_grade(name, nb, a, s)
                g.manual_score, g.extra_credit, g.needs_manual_grade = score, extra, False
            except Exception:
                lost.append(f"{s}: {name} ({score} points by hand)")
        for (s, nb, name), text in notes.items():
            try:
                gb.find_comment(name, nb, a, s).manual_comment = text
            except Exception:
                lost.append(f"{s}: the comment on {name}")
        gb.db.commit()
    return students, lost


def import_roster(path, course=COURSE):
    """Students from a CSV file with the columns id, first_name, last_name, email (id alone will do) into the
    gradebook; returns their ids. The formgrader then shows their names (nbgrader shows "None, None" for a student
    it created itself when autograding)."""
    import csv

    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows or "id" not in rows[0]:
        raise RuntimeError(f"{path}: expected a CSV file whose first line names the columns id, first_name, "
                           f"last_name, email")
    for i, row in enumerate(rows, 2):
        if not re.fullmatch(r"[a-z_][a-z0-9_-]{0,31}", row.get("id") or ""):
            raise RuntimeError(f"{path}, line {i}: student id {row.get('id')!r} must be a login name (lowercase "
                               f"letters, digits, - and _, at most 32)")
    Path(course).mkdir(parents=True, exist_ok=True)
    with gradebook(course) as gb:
        for row in rows:
            gb.update_or_create_student(row["id"], **{k: row.get(k) or "" for k in ("first_name", "last_name",
                                                                                   "email")})
    return [row["id"] for row in rows]


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
    again = sub.add_parser("restructure", help="release an assignment whose exercises changed after submissions, "
                                               "regrade them and keep the hand-given grades")
    again.add_argument("assignment")
    sub.add_parser("points", help="the points table of docs/instructors.md")
    roster = sub.add_parser("roster", help="import students (CSV: id,first_name,last_name,email) into the gradebook")
    roster.add_argument("csv", type=Path)
    args = ap.parse_args()

    try:
        if args.command == "check":
            return run_check(args)
        if args.command in ("release", "autograde", "restructure"):
            from tools.nbgrader_plugins import class_settings
            try:
                class_settings()   # nbgrader's hooks would only log a mistake in class.yml
            except ValueError as e:
                raise SystemExit(f"grading: {e}")
        if args.command == "points":
            print(points_table())
            return 0
        if args.command == "roster":
            with locked(COURSE):
                ids = import_roster(args.csv)
            print(f"{len(ids)} students in {os.path.relpath(COURSE / 'gradebook.db')}: {', '.join(ids)}")
            return 0
        if args.command == "restructure":
            if args.assignment not in assignments():
                raise SystemExit(f"grading: no assignment {args.assignment!r}: expected one of "
                                 f"{', '.join(assignments())}")
            with locked(COURSE):
                students, lost = restructure(args.assignment, echo=r"Autograding .*/autograded/(.+)/[^/]+\.ipynb$")
            print(f"released the new version of {args.assignment} and regraded {len(students)} submission(s); "
                  f"the old gradebook is kept beside it as {os.path.relpath(COURSE)}/gradebook.<time>.db")
            for line in lost:
                print(f"  not kept (its cell is gone): {line}")
            return 0
        try:
            if args.if_stale if args.command == "release" else False:
                release_if_stale(COURSE)
                return 0
            with locked(COURSE):
                out = release()
            print(f"released {len(out)} assignment(s) to {os.path.relpath(COURSE / 'release')}/ "
                  f"(log: {os.path.relpath(COURSE / 'generate_assignment.log')})")
        except NotReleased as e:
            print(f"grading: {e}", file=sys.stderr, flush=True)
            if args.command == "release" and not args.if_stale:
                return 1   # autograde goes on (the assignment is graded against the version students got), and
                           # the instructor's lab starts
        if args.command == "autograde":
            if not args.directory.is_dir():
                raise SystemExit(f"grading: not a directory: {args.directory}")
            print(f"autograding {args.directory} (log: {os.path.relpath(COURSE / 'autograde.log')})", flush=True)
            with locked(COURSE):
                table = autograde(args.directory, echo=r"Autograding .*/autograded/(.+)/[^/]+\.ipynb$")
            found = {s: list(row) for s, row in table.items()}
            print(score_table(table, details(COURSE, found), failed(COURSE)))
            print(breakdown_table(breakdown(COURSE, found)))
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
    results = check(notebooks, echo=r"Autograding .*/autograded/[^/]+/([^/]+)/[^/]+\.ipynb$")
    print(check_report(results))
    return 0 if all(e["by_hand"] or e["score"] >= e["max_score"] for ex in results.values() for e in ex) else 1


if __name__ == "__main__":
    sys.exit(main())
