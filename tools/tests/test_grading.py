"""nbgrader end to end, with the real nbgrader and the real Java kernel:

1. every student notebook made by `nbgrader generate_assignment` holds a stub in each solution cell and no line of a
   solution or of a hidden test, and finds the library next to it;
2. `nbgrader autograde`, in a temporary course directory, gives full points to a submission made from the instructor
   source, zero to the unmodified release, and exactly the first exercise's points to a release in which only the
   first exercise's solution cells are filled in; unsolved, only the test cells fail; and `nbgrader generate_feedback`
   writes an HTML report per submission, with its score and the message of a failing test;
3. `./course check`'s grading (grading.check) of a learner's notebook: the points of each exercise and the message of
   the failing test, edits to a locked test cell not counted, and the learner's file left as it was.

That every test cell passes on the instructor source and fails on the student version is checked by
tools/run_notebooks.py in the kernel that runs each notebook (`./course test` runs it before pytest), so nbgrader
validate does not run every notebook twice more here. Autograding runs a notebook once per submission, so (2) runs on
the first notebook (COURSE_AUTOGRADE_ALL=1 runs it on all of them) and (3) on the second: the submissions are split
over two temporary course directories graded concurrently (one nbgrader process, hence one kernel, per lane at a
time).
"""
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from tools import grading

IDS = grading.assignments()
PARAMS = IDS or [None]  # with no notebooks every test runs once on None and fails: nothing is skipped
AUTOGRADED = IDS if os.environ.get("COURSE_AUTOGRADE_ALL") == "1" else IDS[:1]
AUTOGRADED_PARAMS = AUTOGRADED or [None]
STUDENTS = [("blank", "partial"), ("instructor",)]   # the submissions of each lane
STUB = 'throw new UnsupportedOperationException("exercise not solved yet");'
# The learner's notebook graded by grading.check, with a wrong answer to its first exercise and the start of the
# message its test gives.
CHECKED = "02-forward-pass"
WRONG = ("class MyDense extends Layer {\n    final Parameter W, b;\n    final Activation f;\n    Matrix x, a;\n"
         "    MyDense(Matrix W, Matrix b, Activation f) {\n        this.W = new Parameter(\"W\", W.copy());\n"
         "        this.b = new Parameter(\"b\", b.copy());\n        this.f = f;\n    }\n"
         "    public Matrix forward(Matrix input) { return f.f(input.mult(W.value())); }\n"
         "    public Matrix backward(Matrix g) { throw new UnsupportedOperationException(); }\n"
         "    public List<Parameter> parameters() { return List.of(W, b); }\n}",
         "IllegalStateException: ✗ MyDense.forward adds the bias")


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def source(cell):
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def exercises(nb):
    """[(solution cells, test cells)]: each run of solution cells with the test cells that follow it."""
    groups = []
    for cell in nb["cells"]:
        m = meta(cell)
        if m.get("solution"):
            if not groups or groups[-1][1]:
                groups.append(([], []))
            groups[-1][0].append(cell)
        elif m.get("grade") and groups:
            groups[-1][1].append(cell)
    return groups


def region(text, begin, end, inside=True):
    """The stripped, non-blank lines strictly between the begin and end markers (inside=False: all other lines)."""
    out, within = [], False
    for line in text.splitlines():
        if begin in line:
            within = True
        elif end in line:
            within = False
        elif within == inside and line.strip():
            out.append(line.strip())
    return out


def leaked(release_text, source_text, begin, end):
    """Lines of the source's begin…end regions found in the release (and not also outside the regions)."""
    secret = set(region(source_text, begin, end)) - set(region(source_text, begin, end, inside=False))
    return sorted(secret & {ln.strip() for ln in release_text.splitlines()})


def solve_first_exercise(release_nb, source_nb):
    """The release with the source's solution cells of the first exercise copied in; returns (nb, its points)."""
    solutions, tests = exercises(source_nb)[0]
    by_id = {meta(c)["grade_id"]: c for c in solutions}
    for cell in release_nb["cells"]:
        if meta(cell).get("grade_id") in by_id:
            cell["source"] = source(by_id[meta(cell)["grade_id"]])
    return release_nb, sum(meta(c)["points"] for c in tests)


def learner_answers(release_nb, source_nb):
    """The learner's notebook for grading.check: exercise 1 answered wrongly (WRONG), exercise 2 solved, and
    exercise 1's locked test cell emptied (nbgrader puts it back)."""
    first, second = exercises(source_nb)[:2]
    right = {meta(c)["grade_id"]: source(c) for c in second[0]}
    for cell in release_nb["cells"]:
        gid = meta(cell).get("grade_id")
        if gid in right:
            cell["source"] = right[gid]
        elif gid == meta(first[0][0])["grade_id"]:
            cell["source"] = WRONG[0]
        elif gid == meta(first[1][0])["grade_id"]:
            cell["source"] = '"I passed, promise"'
    return release_nb


def grade_lane(course, released_ids, students, learner):
    """Release, autograde these students' submissions of AUTOGRADED (with feedback) and, for the learner's lane,
    grading.check, in one course directory."""
    facts = {a: {} for a in released_ids}
    released = dict(zip(released_ids, grading.release(course, released_ids)))
    for a, rel in released.items():
        facts[a]["release"] = load(rel)
        if released_ids == IDS:   # the lane that releases every notebook: links between them can resolve
            facts[a]["release path"] = rel
        facts[a]["release classpath"] = sorted((rel.parent / ".." / "target" / "lib").glob("*.jar"))
    subs = course / "incoming"
    for a in AUTOGRADED:
        src = load(grading.NOTEBOOKS / f"{a}.ipynb")
        partial, facts[a]["partial points"] = solve_first_exercise(load(released[a]), src)
        made = {"instructor": src, "blank": load(released[a]), "partial": partial}
        for student in students:
            (subs / student / a).mkdir(parents=True)
            (subs / student / a / f"{a}.ipynb").write_text(json.dumps(made[student]), encoding="utf-8")
    table = grading.autograde(subs, course)
    for student, row in table.items():
        for a, score in row.items():
            facts[a][student] = score
    for student, row in grading.feedback_files(course, {s: list(r) for s, r in table.items()}).items():
        for a, html in row.items():
            facts[a][f"feedback {student}"] = html.read_text(encoding="utf-8") if html.is_file() else None
            if student == "blank":
                facts[a]["autograded blank"] = load(course / "autograded" / "blank" / a / f"{a}.ipynb")
    if learner:
        workspace = course.parent / f"{course.name}-workspace"
        workspace.mkdir()
        mine = workspace / f"{CHECKED}.ipynb"
        mine.write_text(json.dumps(learner_answers(load(released[CHECKED]),
                                                   load(grading.NOTEBOOKS / f"{CHECKED}.ipynb")), indent=1))
        before = (mine.read_bytes(), mine.stat().st_mtime_ns)
        results = grading.check([mine], course)
        facts[CHECKED]["check"] = results
        facts[CHECKED]["check report"] = grading.check_report(results)
        facts[CHECKED]["learner file unchanged"] = before == (mine.read_bytes(), mine.stat().st_mtime_ns)
    return facts


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    assert IDS, "no notebooks under notebooks/"
    assert CHECKED in IDS, f"{CHECKED} is not a notebook"
    released = [IDS, sorted(set(AUTOGRADED + [CHECKED]))]   # lane 0 releases every notebook
    courses = [tmp_path_factory.mktemp(f"course{i}") for i in range(len(STUDENTS))]
    with ThreadPoolExecutor(len(STUDENTS)) as pool:
        parts = list(pool.map(grade_lane, courses, released, STUDENTS, [False, True]))
    facts = {a: {} for a in IDS}
    for part in parts:
        for a, f in part.items():
            facts[a].update(f)
    yield facts
    for c in courses:
        shutil.rmtree(c, ignore_errors=True)


@pytest.mark.parametrize("a", PARAMS)
def test_every_notebook_has_hidden_tests(a):
    assert a is not None, "no notebooks under notebooks/"
    tests = [c for c in load(grading.NOTEBOOKS / f"{a}.ipynb")["cells"] if meta(c).get("grade")]
    assert any(region(source(c), "BEGIN HIDDEN TESTS", "END HIDDEN TESTS") for c in tests), \
        f"{a}: no test cell has a BEGIN HIDDEN TESTS / END HIDDEN TESTS region"


@pytest.mark.parametrize("a", PARAMS)
def test_release_has_stubs_and_no_solution_or_hidden_test(graded, a):
    src = {meta(c)["grade_id"]: c for c in load(grading.NOTEBOOKS / f"{a}.ipynb")["cells"] if meta(c)}
    for cell in graded[a]["release"]["cells"]:
        gid, text = meta(cell).get("grade_id"), source(cell)
        if not gid:
            continue
        if meta(cell).get("solution") and cell["cell_type"] == "markdown":   # a written answer, graded by hand
            assert text.strip() == "YOUR ANSWER HERE", f"{gid}: the model answer is in the release:\n{text}"
        elif meta(cell).get("solution"):
            lines = {ln.strip() for ln in text.splitlines()}
            assert "// YOUR CODE HERE" in lines and STUB in lines, f"{gid}: no stub in the release:\n{text}"
            bad = leaked(text, source(src[gid]), "BEGIN SOLUTION", "END SOLUTION")
            assert not bad, f"{gid}: solution lines in the release: {bad}"
        if meta(cell).get("grade"):
            bad = leaked(text, source(src[gid]), "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
            assert not bad, f"{gid}: hidden test lines in the release: {bad}"


@pytest.mark.parametrize("a", PARAMS)
def test_release_is_for_a_class(graded, a):
    """The instructor's release, one folder per assignment, is what a class on a hub or a shared machine gets: every
    link to another notebook leads to its file in the release, and nothing tells students to run `./course`, which
    they do not have there (tools/nbgrader_plugins.ForTheClass; the learner's own release keeps both)."""
    import re
    release = graded[a]["release path"]
    for i, cell in enumerate(graded[a]["release"]["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        assert "./course" not in source(cell), f"cell {i} of the release names ./course:\n{source(cell)}"
        for target in re.findall(r"\]\(([^)#\s]+\.ipynb)", source(cell)):
            assert (release.parent / target).resolve().is_file(), f"cell {i}: the link {target} leads nowhere"


@pytest.mark.parametrize("a", PARAMS)
def test_release_finds_the_library(graded, a):
    """`%classpath ../target/lib/*.jar` resolves next to the student version."""
    assert graded[a]["release classpath"], f"no jars in ../target/lib next to the student version of {a}"


@pytest.mark.parametrize("a", AUTOGRADED_PARAMS)
def test_release_runs_unsolved(graded, a):
    """Autograded unsolved, only test cells fail: the library loads and the solution cells compile and run (their
    stub sits in a method body and throws only when called)."""
    for i, cell in enumerate(graded[a]["autograded blank"]["cells"]):
        if cell["cell_type"] != "code" or meta(cell).get("grade") or "raises-exception" in cell["metadata"].get("tags", []):
            continue
        errors = [(o["ename"], o["evalue"][:300]) for o in cell.get("outputs", []) if o["output_type"] == "error"]
        where = " ".join(filter(None, [f"cell {i}", meta(cell).get("grade_id")]))
        assert not errors, (f"{where} fails in the student version: {errors} (if it is a solution cell: its solution "
                            f"region must be a whole method body, see docs/instructors.md)")


@pytest.mark.parametrize("a", AUTOGRADED_PARAMS)
def test_autograde_full_points_for_the_instructor_source(graded, a):
    score, most = graded[a]["instructor"]
    assert most > 0 and score == most, f"{a}: {score}/{most}"


@pytest.mark.parametrize("a", AUTOGRADED_PARAMS)
def test_autograde_zero_for_the_unmodified_release(graded, a):
    score, most = graded[a]["blank"]
    assert most > 0 and score == 0, f"{a}: {score}/{most}"


@pytest.mark.parametrize("a", AUTOGRADED_PARAMS)
def test_autograde_partial_score_for_one_solved_exercise(graded, a):
    score, most = graded[a]["partial"]
    want = graded[a]["partial points"]
    assert 0 < want < most, f"{a}: the first exercise is worth {want} of {most} points; need at least two exercises"
    assert score == want, f"{a}: {score}/{most} with only the first exercise solved, expected {want}"


@pytest.mark.parametrize("a", AUTOGRADED_PARAMS)
def test_feedback_for_every_submission(graded, a):
    """generate_feedback wrote an HTML report per submission, with the score, and for the unsolved one the stub's
    message."""
    for student in ("instructor", "blank", "partial"):
        html = graded[a][f"feedback {student}"]
        assert html, f"no feedback HTML for {student}/{a}"
        score, most = graded[a][student]
        assert f"{score:g}" in html and f"{most:g}" in html and "<html" in html.lower(), f"{student}/{a}: {html[:300]}"
    assert "exercise not solved yet" in graded[a]["feedback blank"]


def test_check_gives_points_and_messages_per_exercise(graded):
    results = graded[CHECKED]["check"]
    assert list(results) == [CHECKED]
    first, second, *rest = results[CHECKED]   # the rest left unsolved, or written answers graded by hand
    assert all(e["by_hand"] or e["score"] == 0 for e in rest), rest
    assert first["score"] == 0 and first["max_score"] > 0, first
    assert first["message"] and first["message"].startswith(WRONG[1]), \
        f"the message of the failing test, with the locked test cell restored by nbgrader: {first}"
    assert second["score"] == second["max_score"] > 0 and second["message"] is None, second
    report = graded[CHECKED]["check report"]
    most = sum(e["max_score"] for e in results[CHECKED] if not e["by_hand"])
    assert f"{CHECKED}: {second['max_score']:g}/{most:g}" in report, report
    names = [e["grade_id"].removesuffix("-test") for e in (first, second)]
    assert f"✗ {names[0]}" in report and f"✓ {names[1]}" in report and WRONG[1].split(": ", 1)[1] in report, report


def test_check_leaves_the_learners_file_alone(graded):
    assert graded[CHECKED]["learner file unchanged"], "grading.check wrote to (or touched) the learner's notebook"

