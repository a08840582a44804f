#!/usr/bin/env python3
"""Make the installed JJava kernelspec start the course's kernel, with the course's JVM options and logo.

In <prefix>/share/jupyter/kernels/java/ (<prefix>: the prefix of the Python running this script, the .venv or the
conda env on Binder), beside the pip package's jjava.jar: compiles the course's kernel (kernel/src, a subclass of
JJava's, see tools/course_kernel.py) and its class-data archive when they are out of date, copies
kernel/logo-64x64.png and kernel/logo-32x32.png (made by tools/make_logo.py) where JupyterLab's launcher finds them,
and sets kernel.json's command line: the JVM options of kernel/jvm-options, and the display name.

It also copies kernel/c2-directives.json beside it and adds it to the options: HotSpot's optimising compiler (C2)
then compiles only the library, the notebook's own cells (JShell's package REPL) and the Vector API. Every cell
starts a javac compilation inside the kernel, and C2 compiling javac's and JShell's code again in every new kernel
took about a third of a notebook's CPU time (25-29 s of CPU per notebook of ./course test, 18 s with the
directives, the same wall time, on 2 cores); C1 compiles it well enough. Idempotent: a file is only rewritten
(atomically) when something changes.

Usage: python -m tools.patch_kernelspec [--kernel-json PATH] [--jvm-options FILE]
"""
import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from tools import course_kernel

LOGOS = ("logo-64x64.png", "logo-32x32.png")
DIRECTIVES = "c2-directives.json"

ROOT = Path(__file__).resolve().parent.parent
DISPLAY_NAME = "Java (nncourse)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel-json", type=Path,
                    default=Path(sys.prefix) / "share/jupyter/kernels/java/kernel.json")
    ap.add_argument("--jvm-options", type=Path, default=ROOT / "kernel/jvm-options")
    args = ap.parse_args()

    if not args.kernel_json.is_file():
        sys.exit(f"patch_kernelspec: {args.kernel_json} not found (is jjava installed?)")
    spec_dir = args.kernel_json.parent
    for name in (*LOGOS, DIRECTIVES):
        copy(ROOT / "kernel" / name, spec_dir / name)
    opts = [*args.jvm_options.read_text().split(), "-XX:+UnlockDiagnosticVMOptions",
            f"-XX:CompilerDirectivesFile={(spec_dir / DIRECTIVES).resolve()}"]
    jvm = course_kernel.java()
    if course_kernel.build(spec_dir, jvm, opts):
        print(f"built the course kernel in {spec_dir}")

    spec = json.loads(args.kernel_json.read_text())
    before = json.dumps(spec, sort_keys=True)
    spec["argv"] = course_kernel.command(spec_dir, jvm, opts)
    spec.pop("env", None)   # JJAVA_JVM_OPTS was for JJava's launcher, which the course's kernel does without
    spec["display_name"] = DISPLAY_NAME
    if json.dumps(spec, sort_keys=True) == before:
        return 0
    write_atomically(args.kernel_json, (json.dumps(spec, indent=4) + "\n").encode(),
                     args.kernel_json.stat().st_mode & 0o777)
    print(f"patched {args.kernel_json}: {' '.join(spec['argv'])}")
    return 0


def copy(source, target):
    data = source.read_bytes()
    if not target.is_file() or target.read_bytes() != data:
        write_atomically(target, data, 0o644)


def write_atomically(path, data, mode):
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


if __name__ == "__main__":
    sys.exit(main())
