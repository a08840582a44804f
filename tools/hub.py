#!/usr/bin/env python3
"""A JupyterHub for a class or a workshop on one machine: `sudo ./course hub …` (see docs/instructors.md).

    python3 -m tools.hub install                 # the hub's folder (below), brought up to date
    python3 -m tools.hub layout DIR              # only lib/, etc/, exchange/ (a container image's build step)
    python3 -m tools.hub add-students FILE.csv   # Unix accounts and hub logins for a roster (id,first_name,...)
    python3 -m tools.hub remove-students FILE.csv
    python3 -m tools.hub start [--ip IP] [--port N]   # install, then run the hub until Ctrl-C

Runs as root: the hub starts each student's JupyterLab as that student's Unix account. Everything the students'
servers use lives in the hub's folder, $NNCOURSE_HUB or /srv/nncourse, readable by every account (the repository
may be in root's home, which they cannot read):

    venv/        JupyterHub, JupyterLab, nbgrader and the Java kernel (hub/requirements.txt), made from /usr/bin/python3
                 (or $NNCOURSE_HUB_PYTHON), a Python every account can run
    lib/         the library's jars (target/lib, copied); each student's ~/target/lib links to it, so that an
                 assignment fetched into ~/<assignment>/ finds it with `%classpath ../target/lib/*.jar`
    etc/         the students' Jupyter configuration: jupyter/learner/ and jupyter/hub-student/, nbgrader_config.py
                 (course id and exchange), the course's CSS
    exchange/    nbgrader's exchange (sticky, writable by all; nbgrader keeps each student's submissions private);
                 the instructor's nbgrader (nbgrader_config.py) uses it as soon as it exists
    students.txt who may log in
    state/       JupyterHub's database, cookie secret and the proxy's pid (root only)

The instructor works in the repository as before (./course release, nbgrader release_assignment, collect,
./course autograde, nbgrader release_feedback), as root or as any account that can write the exchange.
"""
import argparse
import csv
import hashlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "hub" / "requirements.txt"
COURSE_ID = "nncourse"
STUDENT_NBGRADER = '''# The students' nbgrader (Assignment List, Validate): written by tools/hub.py.
c = get_config()
c.CourseDirectory.course_id = "{course}"
c.Exchange.root = "{exchange}"
c.Execute.kernel_name = "java"
c.Execute.timeout = 600
c.Execute.startup_timeout = 180
c.Execute.shutdown_kernel = "immediate"
'''


def hub_dir():
    return Path(os.environ.get("NNCOURSE_HUB") or "/srv/nncourse")


def python():
    return os.environ.get("NNCOURSE_HUB_PYTHON") or "/usr/bin/python3"


def need_root():
    if os.geteuid() != 0:
        raise SystemExit("hub: run as root (sudo ./course hub ...): the hub starts each student's server as the "
                         "student's Unix account, and creates those accounts")


def say(line):
    print(line, flush=True)


def install(hub=None):
    """The hub's folder, brought up to date; returns it. Steps whose inputs did not change are skipped."""
    need_root()
    hub = Path(hub or hub_dir())
    hub.mkdir(parents=True, exist_ok=True)
    hub.chmod(0o755)
    (hub / "state").mkdir(exist_ok=True)
    (hub / "state").chmod(0o700)
    venv, stamp = hub / "venv", hub / "venv" / ".requirements.sha256"
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if not (venv / "bin" / "python").exists() or not stamp.is_file() or stamp.read_text().strip() != digest:
        say(f"==> the hub's Python environment in {venv} (hub/requirements.txt, from {python()})")
        subprocess.run([python(), "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--progress-bar", "off",
                        "-r", str(REQUIREMENTS)], check=True)
        stamp.write_text(digest + "\n")
    layout(hub, venv / "bin" / "python")
    return hub


def layout(hub, python_bin=None):
    """What the students' servers read, in `hub`: lib/, etc/, exchange/, and the Java kernelspec of the Python
    `python_bin` (default: this one) patched with the course's JVM options. Needs no root: a container image
    (docs/instructors.md, Kubernetes) runs it as its build step too."""
    hub = Path(hub)
    for d in (hub, hub / "etc", hub / "lib"):
        d.mkdir(parents=True, exist_ok=True)
        d.chmod(0o755)
    jars = sorted((ROOT / "target" / "lib").glob("*.jar"))
    if not jars:
        raise SystemExit("hub: no jars in target/lib: run ./course setup first")
    for old in (hub / "lib").glob("*.jar"):
        if old.name not in {j.name for j in jars}:
            old.unlink()
    for jar in jars:
        copy(jar, hub / "lib" / jar.name)
    subprocess.run([str(python_bin or sys.executable), "-m", "tools.patch_kernelspec"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    for mode, name in (("learner", "learner"), ("hub-student", "student")):
        shutil.copytree(ROOT / "jupyter" / mode, hub / "etc" / "jupyter" / name, dirs_exist_ok=True)
    write(hub / "etc" / "jupyter" / "student" / "nbgrader_config.py", student_nbgrader(hub).encode())
    copy(ROOT / "jupyter" / "custom.css", hub / "etc" / "custom.css")
    (hub / "exchange").mkdir(exist_ok=True)
    (hub / "exchange").chmod(0o1777)
    for d in [hub / "etc", *(p for p in (hub / "etc").rglob("*"))]:
        d.chmod(0o755 if d.is_dir() else 0o644)


def student_nbgrader(hub):
    return STUDENT_NBGRADER.format(course=COURSE_ID, exchange=Path(hub) / "exchange")


def copy(src, dst):
    if not dst.is_file() or dst.read_bytes() != src.read_bytes():
        write(dst, src.read_bytes())


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.chmod(0o644)
    os.replace(tmp, path)


def roster(path):
    """[(login, full name)] of a CSV roster with a header line: id (required), first_name, last_name, email."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows or "id" not in rows[0]:
        raise SystemExit(f"hub: {path}: expected a CSV file whose first line names the columns id, first_name, "
                         f"last_name, email")
    out = []
    for i, row in enumerate(rows, 2):
        login = row["id"] or ""
        if not re.fullmatch(r"[a-z_][a-z0-9_-]{0,31}", login):
            raise SystemExit(f"hub: {path}, line {i}: id {login!r} must be a login name (lowercase letters, digits, "
                             f"- and _, at most 32 characters)")
        name = " ".join(filter(None, [row.get("first_name"), row.get("last_name")])).replace(":", " ")
        out.append((login, name))
    return out


def add_students(path, hub=None, passwords=True):
    """A Unix account (home 700) and a hub login for each student of the roster; returns {login: password} of the
    accounts created (existing ones keep theirs)."""
    need_root()
    hub = Path(hub or hub_dir())
    created = {}
    for login, name in roster(path):
        if subprocess.run(["id", "-u", login], capture_output=True).returncode != 0:
            subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", "--comment", name, login],
                           check=True)
            if passwords:
                created[login] = secrets.token_urlsafe(9)
                subprocess.run(["chpasswd"], input=f"{login}:{created[login]}\n", text=True, check=True)
        home = Path(os.path.expanduser(f"~{login}"))
        home.chmod(0o700)
    logins = set((hub / "students.txt").read_text().split()) if (hub / "students.txt").is_file() else set()
    write(hub / "students.txt", "\n".join(sorted(logins | {login for login, _ in roster(path)})).encode() + b"\n")
    return created


def remove_students(path, hub=None):
    """The students' accounts and homes removed, and their hub logins. A student whose server still runs (stop the
    hub first) is not removed, and named."""
    need_root()
    hub = Path(hub or hub_dir())
    gone = {login for login, _ in roster(path)}
    for login in sorted(gone):
        if subprocess.run(["id", "-u", login], capture_output=True).returncode == 0:
            r = subprocess.run(["userdel", "--remove", login], capture_output=True, text=True)
            if r.returncode not in (0, 12):   # 12: the home could not be removed entirely (mail spool)
                raise SystemExit(f"hub: could not remove {login}: {r.stderr.strip()} (is the hub still running?)")
    if (hub / "students.txt").is_file():
        left = set((hub / "students.txt").read_text().split()) - gone
        write(hub / "students.txt", ("\n".join(sorted(left)) + "\n").encode())


def command(hub, ip, port, hub_port, proxy_port):
    """The jupyterhub command line and environment."""
    env = dict(os.environ, NNCOURSE_HUB=str(hub), PATH=os.pathsep.join([str(hub / "venv" / "bin"),
                                                                         os.environ.get("PATH", "")]))
    return ([str(hub / "venv" / "bin" / "jupyterhub"), "-f", str(ROOT / "hub" / "jupyterhub_config.py"),
             f"--JupyterHub.ip={ip}", f"--JupyterHub.port={port}", f"--JupyterHub.hub_port={hub_port}",
             f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{proxy_port}"], env)


def stop_proxy(hub):
    """The proxy can outlive the hub's shutdown: stop it by the pid JupyterHub wrote."""
    pid_file = Path(hub) / "state" / "proxy.pid"
    try:
        pid = int(pid_file.read_text())
    except (OSError, ValueError):
        return
    try:
        os.kill(pid, signal.SIGTERM)
        for _ in range(50):
            os.kill(pid, 0)
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    pid_file.unlink(missing_ok=True)


def start(ip, port, hub_port, proxy_port):
    hub = install()
    cmd, env = command(hub, ip, port, hub_port, proxy_port)
    say(f"==> JupyterHub on http://{ip}:{port}/ (students log in with their Unix account; Ctrl-C stops it)")
    proc = subprocess.Popen(cmd, cwd=hub / "state", env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        return proc.wait()
    finally:
        stop_proxy(hub)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("install", help="install or update the hub's folder")
    lay = sub.add_parser("layout", help="only lib/, etc/ and exchange/ in DIR, and this Python's kernelspec (an image)")
    lay.add_argument("dir", type=Path)
    add = sub.add_parser("add-students", help="Unix accounts and hub logins for a CSV roster")
    add.add_argument("csv", type=Path)
    rm = sub.add_parser("remove-students", help="remove the students of a CSV roster (accounts and homes)")
    rm.add_argument("csv", type=Path)
    run = sub.add_parser("start", help="install, then run the hub")
    run.add_argument("--ip", default="0.0.0.0")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--hub-port", type=int, default=8081)
    run.add_argument("--proxy-api-port", type=int, default=8001)
    args = ap.parse_args()
    if args.command == "install":
        say(f"hub installed in {install()}")
    elif args.command == "layout":
        layout(args.dir)
    elif args.command == "add-students":
        created = add_students(args.csv)
        from tools import grading
        grading.import_roster(args.csv)
        for login, password in created.items():
            say(f"{login}\t{password}")
        say(f"{len(created)} account(s) created (login and password above; hand them out); restart the hub to "
            f"let new students log in")
    elif args.command == "remove-students":
        remove_students(args.csv)
    else:
        return start(args.ip, args.port, args.hub_port, args.proxy_api_port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
