#!/usr/bin/env python3
"""Set up what the course needs, showing progress: the library jar (Maven) and .venv (pip), side by side.

    python3 tools/bootstrap.py            # both, each only when out of date
    python3 tools/bootstrap.py --no-jar   # .venv only

Runs with the machine's python3 (3.9+, standard library only), since .venv may not exist yet.
- The jar is rebuilt (`mvn package`, tests neither compiled nor run) when target/lib/nncourse.jar is missing or older than pom.xml,
  .mvn/ or any file under src/main/. Maven prints one line per build step and one per 25 files downloaded from Maven
  Central (the first build downloads the plugins and libraries).
- .venv is created with `python3 -m venv` when missing, and the pins of requirements.txt are installed when the
  file changed since the last install (its SHA-256 is kept in .venv/.requirements.sha256). pip prints one line per
  pinned package it collects, and a count of the others.
Both run at once, their lines prefixed `mvn:` and `pip:`; full logs go to build/setup/. Then the Java kernelspec
in .venv is patched (tools/patch_kernelspec.py). Exit status 1, with the end of the log, when a step fails.
"""
import argparse
import hashlib
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".requirements.sha256"
JAR = ROOT / "target" / "lib" / "nncourse.jar"
LOGS = ROOT / "build" / "setup"
PRINT = threading.Lock()


def say(line):
    with PRINT:
        print(line, flush=True)


def jar_is_stale():
    if not JAR.is_file():
        return True
    built = JAR.stat().st_mtime
    inputs = [ROOT / "pom.xml", *(ROOT / ".mvn").rglob("*"), *(ROOT / "src" / "main").rglob("*")]
    return any(p.is_file() and p.stat().st_mtime > built for p in inputs)


def requirements_digest():
    return hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()


def venv_is_stale():
    try:
        subprocess.run([str(PYTHON), "-c", ""], check=True, capture_output=True)
        return STAMP.read_text().strip() != requirements_digest()
    except (OSError, subprocess.CalledProcessError):
        return True


class Step(threading.Thread):
    """Runs commands one after the other, logging all output and showing the lines `show` returns."""

    def __init__(self, name, commands, show):
        super().__init__(daemon=True)
        self.name, self.commands, self.show, self.ok = name, commands, show, False
        self.log = LOGS / f"{name}.log"

    def run(self):
        env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_COLOR="1", PYTHONUNBUFFERED="1")
        with open(self.log, "w", encoding="utf-8") as log:
            for cmd in self.commands:
                if callable(cmd):
                    cmd()
                    continue
                log.write(f"$ {' '.join(map(str, cmd))}\n")
                proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, text=True, encoding="utf-8", errors="replace")
                for line in proc.stdout:
                    log.write(line)
                    shown = self.show(line.rstrip("\n"))
                    if shown:
                        say(f"  {self.name}: {shown}")
                if proc.wait() != 0:
                    return
        self.ok = True

    def tail(self, n=25):
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(f"  {self.name}| {ln}" for ln in lines[-n:])


def maven_lines():
    downloads = [0]

    def show(line):
        m = re.match(r"\[INFO\] --- (?:maven-)?([\w.-]+?)(?:-plugin)?:[\w.-]+:([\w-]+) \(([^)]*)\)", line)
        if m:   # one line per build step, but not the test steps, which are skipped here
            return None if m.group(2) in ("testResources", "testCompile", "test") else f"{m.group(1)}:{m.group(2)}"
        if line.startswith("Downloaded from"):
            downloads[0] += 1
            if downloads[0] % 25 == 0:
                return f"{downloads[0]} files downloaded from Maven Central"
        if line.startswith("[ERROR]") and line.strip() != "[ERROR]":
            return line
        if re.match(r"\[INFO\] BUILD (SUCCESS|FAILURE)", line):
            return line[7:] + (f" ({downloads[0]} files downloaded)" if downloads[0] else "")
        return None
    return show


def pip_lines(pins):
    others = [0]

    def show(line):
        m = re.match(r"Collecting (\S+)", line)
        if m:
            name = re.split(r"[=<>!~\[ ]", m.group(1))[0].lower()
            if name in pins:
                return f"collecting {m.group(1)}"
            others[0] += 1
            return f"… and {others[0]} more it needs" if others[0] % 25 == 0 else None
        if line.startswith("Installing collected packages"):
            return f"installing {len(line.split(':', 1)[1].split(','))} packages (this takes a while)"
        if line.startswith("Successfully installed"):
            return "done"
        if line.startswith("ERROR"):
            return line
        return None
    return show


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-jar", action="store_true", help="only .venv (the jar comes from another build)")
    args = ap.parse_args()
    LOGS.mkdir(parents=True, exist_ok=True)
    steps = []
    if not args.no_jar and jar_is_stale():
        say("==> building the library (target/lib/nncourse.jar) with Maven")
        build = ["mvn", "-B", "-Dstyle.color=never", "-Dmaven.test.skip=true", "package"]
        # Maven leaves an up-to-date jar as it is: touch it, so that it counts as newer than the sources it was
        # checked against.
        steps.append(Step("mvn", [build, lambda: os.utime(JAR)], maven_lines()))
    if venv_is_stale():
        pins = {ln.split("==")[0].strip().lower() for ln in (ROOT / "requirements.txt").read_text().splitlines()
                if "==" in ln and not ln.lstrip().startswith("#")}
        runs = subprocess.run([str(PYTHON), "-c", ""], capture_output=True).returncode == 0 if PYTHON.exists() else False
        make = [] if runs else [[sys.executable, "-m", "venv", "--clear", str(VENV)]]
        say(f"==> {'creating .venv and ' if make else ''}installing the Python tools of requirements.txt with pip")
        install = [str(PYTHON), "-m", "pip", "install", "--progress-bar", "off", "--no-color", "-r",
                   "requirements.txt"]
        steps.append(Step("pip", make + [install, lambda: STAMP.write_text(requirements_digest() + "\n")],
                          pip_lines(pins)))
    for s in steps:
        s.start()
    for s in steps:
        s.join()
    failed = [s for s in steps if not s.ok]
    for s in failed:
        say(f"course: {s.name} failed; the end of {os.path.relpath(s.log)}:\n{s.tail()}")
    if failed:
        return 1
    return subprocess.call([str(PYTHON), str(ROOT / "tools" / "patch_kernelspec.py")])


if __name__ == "__main__":
    sys.exit(main())
