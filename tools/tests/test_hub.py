"""A class on JupyterHub, one whole assignment cycle through nbgrader's exchange (`sudo ./course test-hub`; `.ci/run`
runs it as root, and `./course test` run by anyone else leaves it out and says so).

The hub is the one `sudo ./course hub` runs (tools/hub.py, hub/jupyterhub_config.py), in its own folder
(/srv/nncourse-test, whose Python environment is kept between runs), on 127.0.0.1 at free ports, with two students
who are real Unix accounts. The assignment is the small test notebook tools/tests/data/assignment/ (two exercises
graded by tests, one written answer), in a temporary course directory:

1. the instructor releases it to the exchange (nbgrader release_assignment);
2. each student, through their own JupyterLab server (its Assignment List API, as JupyterLab's panel calls it),
   fetches it; alice half-solves it, submits, her server is restarted (her work is still there), she solves the
   rest, writes her answer, runs Validate (the hub's Java kernel, in her account) and submits again; the due date
   passes; bob half-solves it and submits, late;
3. the instructor collects (alice's later submission counts), autogrades with the Java kernel (./course autograde's
   function), generates and releases the feedback;
4. each student fetches their own feedback: right scores, no hidden test, maths as MathML; bob cannot read alice's
   home, her submission in the exchange, or the exchange's list of submissions;
5. everything stops, the proxy included, and no process of the hub, its proxy or the students is left; the
   accounts are removed.
"""
import json
import re
import os
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from tools import grading, hub
from tools.tests.local_http import free_port

ROOT = Path(__file__).resolve().parents[2]
HUB = Path("/srv/nncourse-test")
A = "98-small-assignment"
SOURCE = ROOT / "tools" / "tests" / "data" / "assignment" / f"{A}.ipynb"
STUDENTS = ("nnc-alice", "nnc-bob")
TOKEN = "course-test-" + os.urandom(8).hex()
SOLVED = {"ex98-twice": None, "ex98-total": None}   # filled from the source


def call(base, method, path, body=None, timeout=60):
    """(status, parsed JSON or text) of an authenticated request to the hub or through it to a student's server."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            text = r.read().decode()
            status = r.status
    except urllib.error.HTTPError as e:
        text, status = e.read().decode(errors="replace"), e.code
    except (urllib.error.URLError, ConnectionError) as e:
        return 0, str(e)
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, text


def wait(what, check, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(0.3)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def nbgrader_cell(nb, grade_id):
    return next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


class Student:
    def __init__(self, base, name):
        self.base, self.name = base, name
        self.url = f"/user/{name}"

    def start(self):
        status, _ = call(self.base, "POST", f"/hub/api/users/{self.name}/server")
        assert status in (201, 202), f"starting {self.name}'s server: HTTP {status}"

    def ready(self):
        def up():
            status, user = call(self.base, "GET", f"/hub/api/users/{self.name}")
            server = (user or {}).get("servers", {}).get("", {}) if status == 200 else {}
            return server.get("ready")
        wait(f"{self.name}'s server", up)

    def stop(self):
        call(self.base, "DELETE", f"/hub/api/users/{self.name}/server")
        wait(f"{self.name}'s server to stop", lambda: not call(self.base, "GET", f"/hub/api/users/{self.name}")[1]
             .get("servers"))

    def action(self, what, **extra):
        q = f"?course_id={hub.COURSE_ID}&assignment_id={A}"
        status, out = call(self.base, "POST", f"{self.url}/assignments/{what}{q}", extra or {}, timeout=300)
        assert status == 200 and isinstance(out, dict) and out.get("success"), \
            f"{self.name}: {what}: HTTP {status}: {str(out)[:800]}"
        return out.get("value")

    def read(self, path):
        status, model = call(self.base, "GET", f"{self.url}/api/contents/{path}?content=1")
        assert status == 200, f"{self.name}: cannot read {path}: HTTP {status}: {str(model)[:300]}"
        return model["content"]

    def save(self, path, nb):
        status, out = call(self.base, "PUT", f"{self.url}/api/contents/{path}",
                           {"type": "notebook", "format": "json", "content": nb})
        assert status in (200, 201), f"{self.name}: cannot save {path}: HTTP {status}: {str(out)[:300]}"

    def answer(self, solve, words=None):
        """The fetched notebook with the source's solution of the exercises in `solve`, and a written answer."""
        path = f"{A}/{A}.ipynb"
        nb = self.read(path)
        for gid in solve:
            nbgrader_cell(nb, gid)["source"] = SOLVED[gid]
        if words:
            nbgrader_cell(nb, "ex98-in-words")["source"] = words
        self.save(path, nb)
        return nb


def as_user(user, *cmd):
    return subprocess.run(["runuser", "-u", user, "--", *cmd], capture_output=True, text=True)


def processes_of(pattern_paths, users):
    """PIDs of processes whose command line names one of the paths, or which run as one of the users."""
    import pwd
    uids = set()
    for u in users:
        try:
            uids.add(pwd.getpwnam(u).pw_uid)
        except KeyError:
            pass
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit() or int(d.name) == os.getpid():
            continue
        try:
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            uid = (d / "status").read_text().split("\nUid:")[1].split()[0]
        except (OSError, IndexError):
            continue
        if int(uid) in uids or any(p in cmd for p in pattern_paths):
            found.append((int(d.name), cmd[:150]))
    return found


def kill(processes):
    for pid, _ in processes:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    time.sleep(0.2 if processes else 0)


def test_a_class_on_the_hub(tmp_path, monkeypatch):
    assert os.geteuid() == 0, ("the hub test creates Unix accounts and needs root: sudo ./course test-hub "
                               "(./course test leaves it out when it does not run as root)")
    for gid in SOLVED:
        SOLVED[gid] = source(nbgrader_cell(json.loads(SOURCE.read_text()), gid))
    monkeypatch.setenv("NNCOURSE_HUB", str(HUB))                  # the instructor's nbgrader: the hub's exchange
    classes = tmp_path / "class.yml"
    monkeypatch.setenv("NNCOURSE_CLASS", str(classes))
    classes.write_text("late_policy: {penalty: per_day, percent_per_day: 50}\n")
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first_name,last_name\nnnc-alice,Alice,Anders\nnnc-bob,Bob,Berg\n")
    notebooks, course = tmp_path / "notebooks", tmp_path / "course"
    notebooks.mkdir()
    (notebooks / SOURCE.name).write_bytes(SOURCE.read_bytes())
    kill(processes_of([str(HUB)], STUDENTS))                         # a run that was killed may have left them
    hub.remove_students(roster, HUB)
    for leftover in ("exchange", "state"):
        subprocess.run(["rm", "-rf", str(HUB / leftover)])
    proc = None
    t0 = time.monotonic()
    marks = []

    def phase(name):   # the seconds each step took, printed at the end (pytest -s shows them)
        marks.append((name, time.monotonic() - t0))

    try:
        hub.install(HUB)
        hub.add_students(roster, HUB, passwords=False)
        phase("installed")
        ports = [free_port() for _ in range(3)]
        cmd, env = hub.command(HUB, "127.0.0.1", *ports)
        env["NNCOURSE_HUB_API_TOKEN"] = TOKEN
        log = open(tmp_path / "jupyterhub.log", "w")
        proc = subprocess.Popen(cmd, cwd=HUB / "state", env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        base = f"http://127.0.0.1:{ports[0]}"

        # 1. the instructor releases, while the hub and then the students' servers start
        grading.import_roster(roster, course)
        grading.release(course, None, notebooks)
        wait("the hub", lambda: proc.poll() is None and call(base, "GET", "/hub/api/")[0] == 200, 120)
        phase("released, hub up")
        alice, bob = (Student(base, s) for s in STUDENTS)
        with ThreadPoolExecutor(2) as pool:   # the hub answers a start request when the server is up (or 10 s)
            starting = [pool.submit(s.start) for s in (alice, bob)]
            grading.nbgrader(course, "release_assignment", A, log=tmp_path / "release_assignment.log")
            for f in starting:
                f.result()
        for s in (alice, bob):
            s.ready()
        phase("servers up")

        # 2. the students: fetch; alice half-solves, submits, is restarted, finishes, validates, submits again
        page = call(base, "GET", f"{alice.url}/lab")[1]
        config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                      page, flags=re.S)[1])
        off = {k for k, v in config["disabledExtensions"].items() if v} if isinstance(
            config["disabledExtensions"], dict) else set(config["disabledExtensions"])
        assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                "@jupyterlab/apputils-extension:announcements"} <= off and \
            "@jupyter/nbgrader" not in off, f"the students' lab: the learner's set-up, nbgrader's students' parts on: {off}"
        for s in (alice, bob):
            listed = s.action("fetch")
            assert any(x["assignment_id"] == A and x["status"] == "fetched" for x in listed), listed
        alice.answer(["ex98-twice"])
        alice.action("submit")
        alice.stop()
        phase("fetched, first submission")
        alice.start()
        alice.ready()
        phase("alice restarted")
        kept = alice.read(f"{A}/{A}.ipynb")
        assert source(nbgrader_cell(kept, "ex98-twice")) == SOLVED["ex98-twice"], \
            "alice's work is gone after her server restarted"
        alice.answer(["ex98-twice", "ex98-total"], words="A constant factor comes out of a sum.")
        status, report = call(base, "POST", f"{alice.url}/assignments/validate", {"path": f"{A}/{A}.ipynb"},
                              timeout=300)
        # nbgrader's Validator reports failing (or changed) test cells; none, with the library loaded from
        # ~/target/lib by the hub's Java kernel in alice's account, is an empty report
        assert status == 200 and report == {"success": True, "value": {}}, \
            f"Validate in alice's server (the hub's Java kernel): {str(report)[:600]}"
        phase("validated")
        alice.action("submit")
        due = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(" ")   # after alice's submission
        classes.write_text(f"late_policy: {{penalty: per_day, percent_per_day: 50}}\ndue: {{{A}: '{due}'}}\n")
        time.sleep(0.2)
        bob.answer(["ex98-twice"])
        bob.action("submit")
        phase("submitted")

        # 3. the instructor: collect, autograde, feedback
        grading.nbgrader(course, "collect", A, log=tmp_path / "collect.log")
        table = grading.autograde(course / "submitted", course)
        phase("collected, autograded")
        found = {s: [A] for s in STUDENTS}
        notes = grading.details(course, found)
        assert table["nnc-alice"][A] == (2.0, 4.0), f"alice: {table['nnc-alice'][A]} (her second submission: " \
                                                     f"2 points by the tests, 2 to grade by hand)"
        assert notes["nnc-alice"][A]["by_hand"] == 2 and notes["nnc-alice"][A]["late"] == 0, notes
        assert notes["nnc-bob"][A]["late"] > 0 and notes["nnc-bob"][A]["penalty"] == 0.5, \
            f"bob submitted after the due date: late, 50% of his 1 point off: {notes}"
        assert table["nnc-bob"][A] == (0.5, 4.0), f"bob: 1 point by the tests, 0.5 off: {table}"
        grading.nbgrader(course, "release_feedback", A, log=tmp_path / "release_feedback.log")
        phase("feedback released")

        # 4. each student gets their own feedback, and nothing of the other's
        for s, score in ((alice, "2.0 / 4.0"), (bob, "0.5 / 4.0")):
            s.action("fetch_feedback")
            folder = call(base, "GET", f"{s.url}/api/contents/{A}/feedback")[1]["content"]
            assert len(folder) == 1, f"{s.name}: one feedback folder expected: {folder}"
            where = urllib.parse.quote(f"{folder[0]['path']}/{A}.html")
            html = call(base, "GET", f"{s.url}/api/contents/{where}?content=1&format=text")
            text = html[1]["content"]
            assert f"Score: {score}" in text, f"{s.name}'s feedback: {text[:400]}"
            assert "HIDDEN TESTS" not in text and "twice of a column" not in text, "hidden tests in the feedback"
        assert "<math" in text and "$\\sum" not in text, "the feedback's maths is not MathML"
        # nbgrader's privacy model: the exchange's inbound and feedback folders cannot be listed, a submission's
        # folder name ends in a random string, feedback files are named by a hash of the submission; the student's
        # home is theirs alone
        home = Path(os.path.expanduser("~nnc-alice"))
        inbound, feedback = (HUB / "exchange" / hub.COURSE_ID / d for d in ("inbound", "feedback"))
        theirs = sorted(inbound.glob("nnc-alice+*"))
        assert len(theirs) == 2, f"alice's two submissions are not in the exchange: {theirs}"
        guessable = theirs[-1].name.rsplit("+", 1)[0]               # user+assignment+timestamp, no random part
        for cmd in (["cat", str(home / A / f"{A}.ipynb")], ["ls", str(home)], ["ls", str(inbound)],
                    ["ls", str(feedback)], ["cat", str(inbound / guessable / f"{A}.ipynb")]):
            r = as_user("nnc-bob", *cmd)
            assert r.returncode != 0, f"bob can run {cmd}: {r.stdout[:200]}"
        phase("checked")
    finally:
        # 5. everything stops
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        hub.stop_proxy(HUB)
        deadline = time.monotonic() + 20
        while processes_of([str(HUB)], STUDENTS) and time.monotonic() < deadline:
            time.sleep(0.3)
        left = processes_of([str(HUB)], STUDENTS)
        kill(left)
        hub.remove_students(roster, HUB)
        subprocess.run(["rm", "-rf", str(HUB / "exchange"), str(HUB / "state")])
        phase("stopped")
        print("hub cycle: " + ", ".join(f"{name} {t:.1f} s" for name, t in marks))
    assert not left, f"processes left running after the hub stopped: {left}"
