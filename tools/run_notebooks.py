#!/usr/bin/env python3
"""Execute course notebooks through the real Java kernel (JJava) and check them: `./course notebooks` and the
notebook stage of `./course test`.

Each notebook runs in a fresh kernel (tools/execute.py), and is then audited in that kernel: its live charts
(tools/livecharts.py), its checks again, its exercises unsolved and its mutations (tools/rerun.py).
By default the notebook is executed in memory and the file is left untouched.
With --write, a successfully executed notebook is saved back atomically.
With --compare (what `./course test` runs), the fresh outputs must also equal the committed
ones (tools/outputs.py): text outputs exactly (stdout, text/plain and text/html of results and displays, the
name and message of errors), images ignored, cells tagged `timing` skipped. A difference
names the notebook, the cell and the first differing line.

Usage: python -m tools.run_notebooks [--write | --compare] [--jobs N] [--timeout S] [PATH ...]
PATH is a notebook or a directory searched recursively (default: notebooks/).
Output: one line per notebook (status, seconds incl. kernel start, path), problems
indented below it (cell numbers are 0-based indices into the notebook's cells), then
`notebooks: N passed, M failed`. Exit status 1 if any failed or none were found.
"""
import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from tools.execute import ROOT, display, run_one


def find_notebooks(args) -> list:
    found = []
    for p in args or [ROOT / "notebooks"]:
        p = Path(p)
        if p.is_dir():
            found += [q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts]
        elif p.suffix == ".ipynb" and p.is_file():
            found.append(p)
        else:
            print(f"run_notebooks: not a notebook or directory: {p}", file=sys.stderr)
            sys.exit(2)
    return sorted(set(q.resolve() for q in found))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="notebooks or directories (default: notebooks/)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="save executed notebooks in place (only if they pass)")
    mode.add_argument("--compare", action="store_true",
                      help="fail unless the fresh text outputs equal the committed ones (cells tagged timing skipped)")
    ap.add_argument("--jobs", "-j", type=int, default=2, help="notebooks run concurrently (default 2)")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    args = ap.parse_args()

    notebooks = find_notebooks(args.paths)
    if not notebooks:
        print("run_notebooks: no notebooks found", file=sys.stderr)
    passed = failed = mutated = 0
    # Separate processes: one kernel and one event loop each. Results print in sorted order.
    with ProcessPoolExecutor(max(1, args.jobs), mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(run_one, nb, args.write, args.timeout, args.compare) for nb in notebooks]
        for nb, fut in zip(notebooks, futures):
            try:
                ok, secs, problems, after, tried = fut.result()
            except Exception as e:  # e.g. a worker process died
                ok, secs, problems, after, tried = False, 0.0, [f"{type(e).__name__}: {e}"], 0.0, 0
            passed, failed, mutated = passed + ok, failed + (not ok), mutated + tried
            print(f"{'PASS' if ok else 'FAIL'} {secs:7.1f}s  {display(nb)}  (checks again, exercises unsolved "
                  f"and {tried} mutations: {after:.1f}s)", flush=True)
            for problem in problems:
                print(f"    {problem}", flush=True)
    print(f"notebooks: {passed} passed, {failed} failed; {mutated} mutations of check cells tried", flush=True)
    return 0 if notebooks and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
