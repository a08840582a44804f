"""The instructor's tools on a class's submissions, with the real nbgrader and Java kernel, on the small test
assignment tools/tests/data/assignment/98-small-assignment.ipynb (two exercises with tests, one written answer
graded by hand). Two course directories are graded at once:

A. `./course autograde`'s function (grading.autograde): alice solved everything and wrote her answer; bob solved the
   first exercise and submitted two days late; carol's notebook kills the kernel (Runtime.halt). Scores, the late
   mark and penalty of class.yml, the hand-graded answer, carol's 0 with its reason, the per-exercise breakdown,
   the feedback (no hidden test, maths as MathML, errors marked), and `./course check`'s report of a written answer.
B. the nbgrader way: the formgrader's Autograde button in a real browser, on the instructor's lab configuration,
   must give alice's submission what `./course autograde` gave it in A; then the instructor grades her answer by hand, adds an exercise to the notebook: `./course release` releases
   the other assignment and says what to do for this one, and `./course restructure` releases it, regrades and
   keeps the hand-given points.

Each defect of issue 25 that these catch is named in the test's docstring.
"""
import copy
import json
import os
import re
import shutil
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tools import grading, nbgrader_plugins
from tools.tests.local_http import free_port, get

ROOT = Path(__file__).resolve().parents[2]
A = "98-small-assignment"
OTHER = "97-small-assignment"          # a copy of A: an assignment nobody submitted
SOURCE = ROOT / "tools" / "tests" / "data" / "assignment" / f"{A}.ipynb"
WORDS = "Each entry doubles, and a constant factor comes out of a sum: $\\sum_i 2x_i = 2\\sum_i x_i$."
DUE = "2026-03-02 12:00"


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def cell(nb, grade_id):
    return next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


def text(c):
    return "".join(c["source"]) if isinstance(c["source"], list) else c["source"]


def submission(release, solved=(), words=None, halt=False):
    nb = copy.deepcopy(release)
    src = load(SOURCE)
    for gid in solved:
        cell(nb, gid)["source"] = text(cell(src, gid))
    if words:
        cell(nb, "ex98-in-words")["source"] = words
    if halt:
        cell(nb, "ex98-total")["source"] = "Runtime.getRuntime().halt(3);"
    return nb


def put(folder, student, nb, timestamp=None, a=A):
    (folder / student / a).mkdir(parents=True, exist_ok=True)
    (folder / student / a / f"{a}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    if timestamp:
        (folder / student / a / "timestamp.txt").write_text(timestamp)


def notebooks_dir(tmp):
    nbs = tmp / "notebooks"
    nbs.mkdir()
    for name in (A, OTHER):
        shutil.copy(SOURCE, nbs / f"{name}.ipynb")
    return nbs


def lane_a(tmp):
    """./course autograde: alice, bob (late), carol (kernel dies)."""
    nbs, course = notebooks_dir(tmp), tmp / "course"
    release = load(grading.release(course, [A], nbs)[0])
    incoming = tmp / "incoming"
    put(incoming, "alice", submission(release, ["ex98-twice", "ex98-total"], WORDS), "2026-03-01 10:00:00 UTC")
    put(incoming, "bob", submission(release, ["ex98-twice"]), "2026-03-04 12:30:00 UTC")
    put(incoming, "carol", submission(release, ["ex98-twice"], halt=True), "2026-03-01 11:00:00 UTC")
    table = grading.autograde(incoming, course)
    found = {s: [A] for s in table}
    feedback = {s: p[A].read_text(encoding="utf-8") for s, p in grading.feedback_files(course, found).items()}
    with grading.gradebook(course) as gb:
        names = {s.id: (s.first_name, s.last_name) for s in gb.students}
    roster = tmp / "roster.csv"
    roster.write_text("id,first_name,last_name,email\nbob,Bob,Berg,b@example.org\nerin,,,\n")
    imported = grading.import_roster(roster, course)
    with grading.gradebook(course) as gb:
        rostered = {s.id: (s.first_name, s.last_name) for s in gb.students}
    return dict(imported=imported, rostered=rostered, table=table, details=grading.details(course, found),
                failed=grading.failed(course),
                breakdown=grading.breakdown(course, found), feedback=feedback, names=names,
                report=grading.check_report({A: grading.exercise_results(course, A, "alice")}),
                release=release)


FORMGRADER_CONFIG = """c = get_config()
load_subconfig({config!r})
c.CourseDirectory.root = {course!r}
"""


def formgrader_autograde(tmp, student):
    """The instructor's lab (jupyter/instructor/, the course's nbgrader_config.py, course directory in tmp/course):
    the formgrader's Autograde button for the student, clicked in Chromium; returns the server's log and the
    formgrader's grading view of the submission (HTML)."""
    from tools.tests import chromium

    (tmp / "nbgrader_config.py").write_text(FORMGRADER_CONFIG.format(config=str(ROOT / "nbgrader_config.py"),
                                                                     course=str(tmp / "course")))
    port, log = free_port(), tmp / "formgrader.log"
    state = tmp / "jupyter"
    env = dict(os.environ, JUPYTER_CONFIG_PATH=str(ROOT / "jupyter" / "instructor"),
               JUPYTER_CONFIG_DIR=str(state / "config"), JUPYTER_DATA_DIR=str(state / "data"),
               JUPYTERLAB_WORKSPACES_DIR=str(state / "workspaces"))
    args = [str(ROOT / ".venv" / "bin" / "jupyter"), "lab", "--no-browser", f"--port={port}",
            "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", f"--ServerApp.root_dir={tmp}"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    proc = subprocess.Popen(args, cwd=tmp, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if get(url + "/api/status")[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.5)
        with chromium.browser() as browser:
            page = browser.new_page()
            page.set_default_timeout(180_000)
            page.goto(f"{url}/formgrader/manage_submissions/{A}")
            row = page.locator("tr", has=page.locator(".student-id", has_text=student))
            row.locator(".autograde a").click()
            page.get_by_text(f"Successfully autograded '{A}' for student '{student}'").wait_for()
        with grading.gradebook(tmp / "course") as gb:
            submission_id = gb.find_submission_notebook(A, A, student).id
        view = get(f"{url}/formgrader/submissions/{submission_id}")[1].decode()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
    return log.read_text(), view


def lane_b(tmp):
    """The nbgrader way, then an exercise added after submissions."""
    nbs, course = notebooks_dir(tmp), tmp / "course"
    release = load(grading.release(course, [A, OTHER], nbs)[0])
    sub = course / "submitted"
    put(sub, "alice", submission(release, ["ex98-twice", "ex98-total"], WORDS), "2026-03-01 10:00:00 UTC")
    log, view = formgrader_autograde(tmp, "alice")
    facts = {"formgrader log": log, "formgrader view": view}
    facts["scores"] = grading.scores(course, {"alice": [A]})
    with grading.gradebook(course) as gb:
        gb.find_grade("ex98-in-words", A, A, "alice").manual_score = 1.5
        gb.db.commit()
    nb = load(nbs / f"{A}.ipynb")                      # a third exercise with tests, before the written answer
    extra = [copy.deepcopy(c) for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id", "")
             .startswith("ex98-twice")]
    for c in extra:
        c["id"] += "b"
        c["metadata"]["nbgrader"]["grade_id"] = c["metadata"]["nbgrader"]["grade_id"].replace("twice", "thrice")
        c["source"] = text(c).replace("twice", "thrice")
    at = next(i for i, c in enumerate(nb["cells"]) if text(c).startswith("### Exercise 3"))
    nb["cells"][at:at] = extra
    (nbs / f"{A}.ipynb").write_text(json.dumps(nb))
    (nbs / f"{OTHER}.ipynb").write_text(json.dumps(nb))   # changed too, but nobody submitted it
    stale_other = (course / "release" / OTHER / f"{OTHER}.ipynb").read_text()
    with pytest.raises(grading.NotReleased) as refused:
        grading.release(course, None, nbs)
    facts["refused"] = refused.value.reasons
    facts["other released"] = (course / "release" / OTHER / f"{OTHER}.ipynb").read_text() != stale_other
    facts["restructured"] = grading.restructure(A, course, nbs)
    facts["after"] = grading.scores(course, {"alice": [A]})
    with grading.gradebook(course) as gb:
        facts["alice by hand"] = gb.find_grade("ex98-in-words", A, A, "alice").manual_score
    return facts


@pytest.fixture(scope="module")
def graded(tmp_path_factory, monkeypatch_module):
    classes = tmp_path_factory.mktemp("class") / "class.yml"
    classes.write_text(f"timezone: UTC\nlate_policy: {{penalty: per_day, percent_per_day: 10}}\n"
                       f"due: {{{A}: '{DUE}'}}\n")
    monkeypatch_module.setenv("NNCOURSE_CLASS", str(classes))
    monkeypatch_module.setenv("NNCOURSE_HUB", str(tmp_path_factory.mktemp("no-hub")))  # no hub installed here
    with ThreadPoolExecutor(2) as pool:
        a = pool.submit(lane_a, tmp_path_factory.mktemp("lane-a"))
        b = pool.submit(lane_b, tmp_path_factory.mktemp("lane-b"))
        return {"a": a.result(), "b": b.result()}


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_autograde_scores_late_work_hand_grading_and_a_dead_kernel(graded):
    """Late work was not late (no due date, no penalty); a dead kernel stopped `./course autograde` for everyone."""
    a = graded["a"]
    assert a["table"] == {"alice": {A: (2.0, 4.0)}, "bob": {A: (0.7, 4.0)}, "carol": {A: (0.0, 4.0)}}, a["table"]
    assert a["details"]["bob"][A]["late"] > 2 * 86400 and a["details"]["bob"][A]["penalty"] == pytest.approx(0.3), \
        "bob, 2 days and 30 minutes late, loses 3 × 10% of his 1 point (class.yml)"
    assert a["details"]["alice"][A] == {"late": 0, "penalty": 0, "by_hand": 2.0}, a["details"]
    assert list(a["failed"]) == [f"carol/{A}"] and "Kernel died" in a["failed"][f"carol/{A}"], a["failed"]
    table = grading.score_table(a["table"], a["details"], a["failed"])
    for line in ("2/4H", "0.7/4L", "0/4!", "L bob", "late by 48 h 30 min", "H alice", f"! carol/{A}: 0 points"):
        assert line in table, f"{line!r} not in the score table:\n{table}"


def test_per_exercise_breakdown(graded):
    """./course autograde printed totals only: which exercise did the class fail?"""
    rows = graded["a"]["breakdown"][A]
    assert rows["ex98-twice-test"] == {"full": 2, "partial": 0, "zero": 1, "by hand": 0, "points": 1.0}, rows
    assert rows["ex98-total-test"] == {"full": 1, "partial": 0, "zero": 2, "by hand": 0, "points": 1.0}, rows
    assert rows["ex98-in-words"]["by hand"] == 1 and rows["ex98-in-words"]["zero"] == 2, rows
    assert "ex98-total" in grading.breakdown_table(graded["a"]["breakdown"])


def test_feedback_hides_hidden_tests_marks_errors_and_renders_maths_offline(graded):
    """The feedback showed students the hidden tests, errors in grey, and raw $…$ (MathJax from a CDN)."""
    fb = graded["a"]["feedback"]
    hidden = "twice of a column"
    assert hidden in text(cell(load(SOURCE), "ex98-twice-test")), "the test's hidden check changed: update HIDDEN"
    for student, page in fb.items():
        assert "HIDDEN TESTS" not in page and hidden not in page, f"{student}'s feedback shows the hidden tests"
    assert "<math" in fb["alice"] and "\\sum" not in fb["alice"], "alice's feedback has maths that is not MathML"
    assert "exercise not solved yet" in fb["bob"] and nbgrader_plugins.ERROR_CSS.strip()[:40] in fb["bob"], \
        "bob's failing test: its error, marked"
    assert "could not be graded" in fb["carol"] and "Kernel died" in fb["carol"], fb["carol"][:500]


def test_written_answers_are_graded_by_hand(graded):
    """Written answers could not be written; `./course check` reports them as the instructor's to grade."""
    report = graded["a"]["report"]
    assert "✎ ex98-in-words" in report and "graded by your instructor" in report, report
    assert f"{A}: 2/2 (and 2 points graded by your instructor)" in report, report
    assert "YOUR ANSWER HERE" in text(cell(graded["a"]["release"], "ex98-in-words")), "the student version's answer"


def test_students_have_names(graded):
    """The formgrader showed students that nbgrader created itself as "None, None"."""
    assert all(None not in name for name in graded["a"]["names"].values()), graded["a"]["names"]
    assert graded["a"]["names"]["alice"] == ("", "alice"), graded["a"]["names"]


def test_formgrader_and_plain_nbgrader_grade_as_course_autograde(graded):
    """Formgrader → Autograde, and plain `nbgrader autograde`, gave correct work 0 ("Success"): only ./course autograde
    linked the library next to the autograded notebook. Now nbgrader's hook links it, whoever runs nbgrader: the
    formgrader here, and plain `nbgrader autograde` in lane A (grading.autograde runs it and links nothing itself)."""
    b = graded["b"]
    assert b["scores"]["alice"][A] == graded["a"]["table"]["alice"][A] == (2.0, 4.0), b["scores"]
    assert "link_target" not in grading.autograde.__code__.co_names, "lane A must grade as plain nbgrader does"
    assert "<math" in b["formgrader view"] and "x_{ij}" not in b["formgrader view"], \
        "the formgrader's grading view shows raw maths (MathJax from a CDN), not MathML"
    bad = [ln for ln in b["formgrader log"].splitlines()
           if ln.startswith(("[E ", "[C ")) and "received signal 15" not in ln]   # the test's own stop
    assert not bad, "the formgrader's server logged errors:\n" + "\n".join(bad[:10])


def test_an_exercise_added_after_submissions_keeps_the_grades(graded):
    """Adding an exercise after anyone submitted made `./course release` fail for every assignment (and with it
    autograde and the instructor's lab); the documented recovery lost every grade."""
    b = graded["b"]
    assert list(b["refused"]) == [A] and f"./course restructure {A}" in b["refused"][A], b["refused"]
    assert b["other released"], f"{OTHER}, which nobody submitted, was not released"
    students, lost = b["restructured"]
    assert students == ["alice"] and not lost, b["restructured"]
    assert b["alice by hand"] == 1.5, "alice's hand-given points were lost"
    assert b["after"]["alice"][A] == (3.5, 5.0), b["after"]


def test_class_file_errors_name_the_value(tmp_path):
    bad = tmp_path / "class.yml"
    for content, named in (("late_policy: {penalty: half}", "late_policy"), ("timezone: Mars/Olympus", "Mars"),
                           ("due: {00-x: next friday}", "next friday")):
        bad.write_text(content)
        with pytest.raises(ValueError, match=re.escape(named)):
            nbgrader_plugins.class_settings(bad)
    assert nbgrader_plugins.penalty(2.0, 1, ("per_day", 25.0)) == 0.5
    assert nbgrader_plugins.penalty(2.0, 86401, ("per_day", 25.0)) == 1.0
    assert nbgrader_plugins.penalty(2.0, 10 * 86400, ("per_day", 25.0)) == 2.0
    assert nbgrader_plugins.penalty(2.0, 1, ("zero", 0.0)) == 2.0
    assert nbgrader_plugins.penalty(2.0, 1, ("none", 0.0)) is None


def test_roster_import(graded, tmp_path):
    """No roster import was documented; students got no names."""
    a = graded["a"]
    assert a["imported"] == ["bob", "erin"], a["imported"]
    assert a["rostered"]["bob"] == ("Bob", "Berg") and a["rostered"]["erin"] == ("", ""), a["rostered"]
    roster = tmp_path / "roster.csv"
    roster.write_text("id\nAlice Smith\n")
    with pytest.raises(RuntimeError, match="Alice Smith"):
        grading.import_roster(roster, tmp_path / "course")


def test_the_release_for_a_class_has_working_links_and_no_course_command():
    """The release's links to other notebooks were broken (one folder per assignment), and it told students to run
    `./course check`, which students on a hub do not have."""
    md = ("Replace it. In a terminal, `./course check 00` grades your answers.\n\n"
          "Or (`./course check 01` grades them in a terminal). [01 · Next →](01-dense-forward.ipynb)")
    out = nbgrader_plugins.for_the_class(md)
    assert "./course" not in out and nbgrader_plugins.ON_A_HUB in out and "Replace it." in out, out
    assert "](../01-dense-forward/01-dense-forward.ipynb)" in out, out
