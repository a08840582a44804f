#!/usr/bin/env python3
"""Point the installed JJava kernelspec at the course's JVM options, and give it the course's logo.

Sets env.JJAVA_JVM_OPTS (from kernel/jvm-options) and the display name in
<prefix>/share/jupyter/kernels/java/kernel.json, where <prefix> is the prefix of
the Python running this script (the .venv, or the conda env on Binder), and copies
kernel/logo-64x64.png and kernel/logo-32x32.png (made by tools/make_logo.py) beside it,
where JupyterLab's launcher finds them.

It also copies kernel/c2-directives.json beside it and adds it to the options: HotSpot's optimising compiler (C2)
then compiles only the library, the notebook's own cells (JShell's package REPL) and the Vector API. Every cell
starts a javac compilation inside the kernel, and C2 compiling javac's and JShell's code again in every new kernel
took about a third of a notebook's CPU time (25-29 s of CPU per notebook of ./course test, 18 s with the
directives, the same wall time, on 2 cores); C1 compiles it well enough. The option names a file, and
JJAVA_JVM_OPTS is split at spaces, so it is left out when the kernelspec's path has a space. Idempotent: a file is only rewritten
(atomically) when something changes.

Usage: python -m tools.patch_kernelspec [--kernel-json PATH] [--jvm-options FILE]
"""
import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

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
    opts = " ".join(args.jvm_options.read_text().split())  # one line, single spaces

    for logo in LOGOS:
        data, target = (ROOT / "kernel" / logo).read_bytes(), args.kernel_json.parent / logo
        if not target.is_file() or target.read_bytes() != data:
            write_atomically(target, data, 0o644)

    directives = args.kernel_json.parent / DIRECTIVES
    data = (ROOT / "kernel" / DIRECTIVES).read_bytes()
    if not directives.is_file() or directives.read_bytes() != data:
        write_atomically(directives, data, 0o644)
    if not any(c.isspace() for c in str(directives.resolve())):
        opts += f" -XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile={directives.resolve()}"

    spec = json.loads(args.kernel_json.read_text())
    before = json.dumps(spec, sort_keys=True)
    spec.setdefault("env", {})["JJAVA_JVM_OPTS"] = opts
    spec["display_name"] = DISPLAY_NAME
    if json.dumps(spec, sort_keys=True) == before:
        return 0
    write_atomically(args.kernel_json, (json.dumps(spec, indent=4) + "\n").encode(),
                     args.kernel_json.stat().st_mode & 0o777)
    print(f"patched {args.kernel_json}: JJAVA_JVM_OPTS={opts}")
    return 0


def write_atomically(path, data, mode):
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


if __name__ == "__main__":
    sys.exit(main())
