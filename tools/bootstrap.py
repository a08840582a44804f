#!/usr/bin/env python3
"""Set up what the course needs, showing progress: the library jar (Maven) and .venv (pip), side by side.

    python3 -m tools.bootstrap            # both, each only when out of date
    python3 -m tools.bootstrap --no-jar   # .venv only
    python3 -m tools.bootstrap --bench    # .venv-bench only: the benchmarks' numpy and JAX (./course bench)
    python3 -m tools.bootstrap --book     # .venv-book only: Sphinx and the book's checkers (./course book, test)

Runs with the machine's python3 (3.9+, standard library only), since .venv may not exist yet.
- The jar is rebuilt (`mvn package`, tests neither compiled nor run) when target/lib/nncourse.jar is missing or older than pom.xml,
  .mvn/ or any file under src/main/. Maven prints one line per build step and one per 25 files downloaded from Maven
  Central (the first build downloads the plugins and libraries).
- .venv is created with `python3 -m venv` when missing, and the pins of requirements.txt are installed when the
  file changed since the last install (its SHA-256 is kept in .venv/.requirements.sha256). pip prints one line per
  pinned package it collects, and a count of the others.
Both run at once, their lines prefixed `mvn:` and `pip:`; full logs go to build/setup/. Then the Java kernelspec
in .venv is patched (tools/patch_kernelspec.py). Exit status 1, with the end of the log, when a step fails.
- .venv-bench, the benchmarks' own environment, is made the same way from bench/requirements.txt, and only by
  `--bench`: numpy and JAX never reach the learner's .venv. Likewise .venv-book, the book's, from book/requirements.txt,
  only by `--book`.
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


class Venv:
    """A virtual environment ROOT/name with the pins of ROOT/requirements; its pip step's lines are prefixed label."""

    def __init__(self, name, requirements, label):
        self.dir, self.requirements, self.label = ROOT / name, requirements, label
        self.python, self.stamp = self.dir / "bin" / "python", self.dir / ".requirements.sha256"

    def digest(self):
        return hashlib.sha256((ROOT / self.requirements).read_bytes()).hexdigest()

    def runs(self):
        return self.python.exists() and subprocess.run([str(self.python), "-c", ""], capture_output=True).returncode == 0

    def is_stale(self):
        try:
            return not self.runs() or self.stamp.read_text().strip() != self.digest()
        except OSError:
            return True

    def step(self):
        """The pip step that (creates and) updates it."""
        pins = {ln.split("==")[0].strip().lower() for ln in (ROOT / self.requirements).read_text().splitlines()
                if "==" in ln and not ln.lstrip().startswith("#")}
        make = [] if self.runs() else [[sys.executable, "-m", "venv", "--clear", str(self.dir)]]
        say(f"==> {'creating ' + self.dir.name + ' and ' if make else ''}installing the Python tools of "
            f"{self.requirements} with pip")
        install = [str(self.python), "-m", "pip", "install", "--progress-bar", "off", "--no-color", "-r",
                   self.requirements]
        return Step(self.label, make + [install, lambda: self.stamp.write_text(self.digest() + "\n")], pip_lines(pins))


LEARNER = Venv(".venv", "requirements.txt", "pip")
BENCH = Venv(".venv-bench", "bench/requirements.txt", "pip-bench")
BOOK = Venv(".venv-book", "book/requirements.txt", "pip-book")


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
    ap.add_argument("--bench", action="store_true", help="only .venv-bench, the benchmarks' numpy and JAX")
    ap.add_argument("--book", action="store_true", help="only .venv-book, the book's Sphinx and checkers")
    args = ap.parse_args()
    LOGS.mkdir(parents=True, exist_ok=True)
    for flag, venv in ((args.bench, BENCH), (args.book, BOOK)):
        if flag:
            return run([venv.step()] if venv.is_stale() else [])
    steps = []
    if not args.no_jar and jar_is_stale():
        say("==> building the library (target/lib/nncourse.jar) with Maven")
        build = ["mvn", "-B", "-Dstyle.color=never", "-Dmaven.test.skip=true", "package"]
        # Maven leaves an up-to-date jar as it is: touch it, so that it counts as newer than the sources it was
        # checked against.
        steps.append(Step("mvn", [build, lambda: os.utime(JAR)], maven_lines()))
    if LEARNER.is_stale():
        steps.append(LEARNER.step())
    return run(steps) or subprocess.call([str(LEARNER.python), "-m", "tools.patch_kernelspec"], cwd=ROOT)


def run(steps):
    """Runs the steps side by side; 1 if one failed (after showing the end of its log), else 0."""
    for s in steps:
        s.start()
    for s in steps:
        s.join()
    failed = [s for s in steps if not s.ok]
    for s in failed:
        say(f"course: {s.name} failed; the end of {os.path.relpath(s.log)}:\n{s.tail()}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
