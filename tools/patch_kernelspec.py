#!/usr/bin/env python3
"""Point the installed JJava kernelspec at the course's JVM options.

Sets env.JJAVA_JVM_OPTS (from kernel/jvm-options) and the display name in
<prefix>/share/jupyter/kernels/java/kernel.json, where <prefix> is the prefix of
the Python running this script (the .venv, or the conda env on Binder).
Idempotent: the file is only rewritten (atomically) when something changes.

Usage: python tools/patch_kernelspec.py [--kernel-json PATH] [--jvm-options FILE]
"""
import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

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

    spec = json.loads(args.kernel_json.read_text())
    before = json.dumps(spec, sort_keys=True)
    spec.setdefault("env", {})["JJAVA_JVM_OPTS"] = opts
    spec["display_name"] = DISPLAY_NAME
    if json.dumps(spec, sort_keys=True) == before:
        return 0

    fd, tmp = tempfile.mkstemp(dir=args.kernel_json.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump(spec, f, indent=4)
        f.write("\n")
    os.chmod(tmp, args.kernel_json.stat().st_mode & 0o777)
    os.replace(tmp, args.kernel_json)
    print(f"patched {args.kernel_json}: JJAVA_JVM_OPTS={opts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
