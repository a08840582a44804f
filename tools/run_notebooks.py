#!/usr/bin/env python3
"""Execute course notebooks through the real Java kernel (JJava) and check them.

A notebook fails if a cell produces an `error` output (unless the cell is tagged
`raises-exception`), if any cell writes to stderr, or if the kernel dies or times out.
Each notebook runs in a fresh kernel whose working directory is the notebook's own
directory, so `%classpath ../target/lib/*.jar` resolves.

By default the notebook is executed in memory and the file is left untouched.
With --write, a successfully executed notebook is saved back atomically.
With --compare (what `./course test` runs), the fresh outputs must also equal the committed
ones: text outputs exactly (stdout, text/plain and text/html of results and displays, the
name and message of errors), images ignored, cells tagged `timing` skipped. A difference
names the notebook, the cell and the first differing line.

Usage: run_notebooks.py [--write | --compare] [--jobs N] [--timeout S] [PATH ...]
PATH is a notebook or a directory searched recursively (default: notebooks/).
Output: one line per notebook (status, seconds incl. kernel start, path), problems
indented below it (cell numbers are 0-based indices into the notebook's cells), then
`notebooks: N passed, M failed`. Exit status 1 if any failed or none were found.
"""
import argparse
import copy
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "java"
ALLOW_TAG = "raises-exception"
TIMING_TAG = "timing"  # cells whose output shows wall-clock time: not compared
TEXT_MIMES = ("text/plain", "text/html")


def first_line(text) -> str:
    text = "".join(text) if isinstance(text, list) else str(text)
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), "")


def check_outputs(nb) -> list:
    """Problems in an executed notebook: errors in untagged cells, stderr anywhere."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        allowed = ALLOW_TAG in cell.get("metadata", {}).get("tags", [])
        for out in cell.get("outputs", []):
            if out.output_type == "error" and not allowed:
                problems.append(f"cell {i}: error {out.ename}: {first_line(out.evalue)}")
            elif out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i}: stderr: {first_line(out.text)}")
    return problems


def text_lines(cell) -> list:
    """What a code cell shows as text, one entry per line, each labelled with its kind.

    Stdout is joined across stream outputs first (the kernel may flush it in chunks of any size)
    and listed after the results, displays and errors, which keep their order. Images are left out.
    """
    def lines(label, text):
        text = "".join(text) if isinstance(text, list) else str(text)
        return [f"{label}: {ln}" for ln in text.removesuffix("\n").split("\n")]

    shown, stdout = [], ""
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            if out.get("name") == "stdout":
                stdout += "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
            else:
                shown += lines(out.get("name", "stream"), out["text"])
        elif kind in ("execute_result", "display_data"):
            for mime in TEXT_MIMES:
                if mime in out.get("data", {}):
                    shown += lines(mime, out["data"][mime])
        elif kind == "error":
            shown += lines("error", f"{out.get('ename')}: {out.get('evalue')}")
    return shown + (lines("stdout", stdout) if stdout else [])


def compare_outputs(committed, fresh, name: str) -> list:
    """Differences between the text outputs of a committed and a freshly executed notebook.

    One problem per differing cell: `NAME: cell I (0-based): line K differs` with both lines,
    or which side has more lines. Cells tagged `timing` and markdown cells are skipped.
    """
    if len(committed.cells) != len(fresh.cells):
        return [f"{name}: {len(committed.cells)} cells committed but {len(fresh.cells)} executed"]
    problems = []
    for i, (old, new) in enumerate(zip(committed.cells, fresh.cells)):
        if old.cell_type != "code" or TIMING_TAG in old.get("metadata", {}).get("tags", []):
            continue
        a, b = text_lines(old), text_lines(new)
        if a == b:
            continue
        k = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        if k < len(a) and k < len(b):
            what = f"line {k + 1} differs\n      committed: {a[k]!r}\n      fresh:     {b[k]!r}"
        elif k < len(a):
            what = f"line {k + 1} is committed but not produced any more: {a[k]!r}"
        else:
            what = f"line {k + 1} is new (not in the committed outputs): {b[k]!r}"
        problems.append(f"{name}: cell {i}: {what}")
    return problems


def write_atomically(nb, path: Path) -> None:
    import nbformat

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def run_one(path: Path, write: bool, timeout: int, compare: bool = False):
    """Execute one notebook in its own kernel. Returns (ok, seconds, problems)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    start = time.monotonic()
    nb, problems = None, []
    with tempfile.TemporaryFile("w+") as kernel_log:
        try:
            nb = nbformat.from_dict(nbformat.validator.normalize(nbformat.read(path, as_version=4))[1])
            committed = copy.deepcopy(nb)
            for cell in nb.cells:  # so stale outputs of cells that never ran are not checked
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
            client = NotebookClient(
                nb, kernel_name=KERNEL, timeout=timeout, startup_timeout=180,
                record_timing=False,  # no timestamps in saved notebooks
                # JJava answers a shutdown request but its JVM does not exit, so a graceful shutdown waits ~2.6 s
                # for jupyter_client to terminate it; every output is in by then, so stop the kernel at once.
                shutdown_kernel="immediate",
                resources={"metadata": {"path": str(path.parent)}},  # kernel cwd
            )
            # Stops at the first error output, except in cells tagged raises-exception.
            # Kernel process output (JVM warnings, launcher log) goes to kernel_log.
            client.execute(stdout=kernel_log, stderr=kernel_log)
        except CellExecutionError as e:
            if not any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", [])):
                problems.append(f"CellExecutionError: {e.ename}: {first_line(e.evalue)}")
        except Exception as e:  # timeouts, dead kernel, unreadable notebook...
            problems.append(f"{type(e).__name__}: {first_line(e)}")
            kernel_log.seek(0)
            log = [ln for ln in kernel_log.read().splitlines() if not ln.startswith("[I ")]
            problems += [f"kernel: {ln}" for ln in log[-5:]]
    if nb is not None:
        problems = check_outputs(nb) + problems
        if compare and not problems:
            problems = compare_outputs(committed, nb, display(path))
    if not problems and write:
        write_atomically(nb, path)
    return not problems, time.monotonic() - start, problems


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


def display(p: Path) -> str:
    try:
        return os.path.relpath(p)
    except ValueError:
        return str(p)


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
    passed = failed = 0
    # Separate processes: one kernel and one event loop each. Results print in sorted order.
    with ProcessPoolExecutor(max(1, args.jobs), mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(run_one, nb, args.write, args.timeout, args.compare) for nb in notebooks]
        for nb, fut in zip(notebooks, futures):
            try:
                ok, secs, problems = fut.result()
            except Exception as e:  # e.g. a worker process died
                ok, secs, problems = False, 0.0, [f"{type(e).__name__}: {e}"]
            passed, failed = passed + ok, failed + (not ok)
            print(f"{'PASS' if ok else 'FAIL'} {secs:7.1f}s  {display(nb)}", flush=True)
            for problem in problems:
                print(f"    {problem}", flush=True)
    print(f"notebooks: {passed} passed, {failed} failed", flush=True)
    return 0 if notebooks and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
