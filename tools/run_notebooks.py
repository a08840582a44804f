#!/usr/bin/env python3
"""Execute course notebooks through the real Java kernel (JJava) and check them.

A notebook fails if a cell produces an `error` output, if any cell writes to stderr, or if
the kernel dies or times out. (JJava ignores stop_on_error, so in JupyterLab's Run All a
deliberate error would not stop the later cells: a notebook shows an error by catching it.)
Each notebook runs in a fresh kernel whose working directory is the notebook's own
directory, so `%classpath ../target/lib/*.jar` resolves.

After the last cell, in the same kernel and before it is shut down:
1. every check cell (tag `check`) runs again and must pass with the same output: a check
   verifies what the notebook's own cells computed, not a cache that a later cell overwrote;
2. the learner's Run All from the first exercise on (nbgrader's student version, made in process
   with the preprocessors and settings of nbgrader_config.py): only the exercises' test cells
   may fail, each with the stub's "exercise not solved yet"; then the notebook's own cells from
   there on run again and must show what they showed;
3. the mutation of tools/mutations.py: one number changed in a derivation cell, that cell and
   the cells after it run down to the next check cell, which must fail with a message naming
   what it checks; then the original cells run again and the check passes.
Before those, the live charts: every training run that a LiveChart listened to (the kernel's
LiveChart.runs(), each with the number of epochs its history recorded) must have left exactly
one output, its final chart, whose text names the same title and epochs
(`live chart "TITLE": N epochs (final)`), in the cell that trained; a chart still showing an
epoch drawn during training, a chart without a run, or a run without a chart is a problem.
nbclient applies JJava's update_display_data to the output it replaces, as JupyterLab does.

Outputs are kept as JupyterLab keeps them (consecutive stream outputs of one name merged, as
its output area does), so that opening and saving a notebook in JupyterLab changes nothing.
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
import asyncio
import copy
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
KERNEL = "java"
CHECK_TAG = "check"
TIMING_TAG = "timing"  # cells whose output shows wall-clock time: not compared
UNSOLVED = "exercise not solved yet"  # the message of the stub in nbgrader_config.py
TEXT_MIMES = ("text/plain", "text/html")
# dev.nncourse.jupyter.LiveChart's frames: `live chart "TITLE": N epochs (final)`, or `(training)` while it trains
LIVE_CHART = re.compile(r'live chart ".*": \d+ epochs? \((final|training)\)')
END_OF_RUNS = "end of runs"
RUNS_QUERY = ('dev.nncourse.jupyter.LiveChart.runs().stream().map(r -> r + "\\n")'
              f'.collect(java.util.stream.Collectors.joining("", "", "{END_OF_RUNS}"))')


def first_line(text) -> str:
    text = "".join(text) if isinstance(text, list) else str(text)
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), "")


def check_outputs(nb) -> list:
    """Problems in an executed notebook: error outputs and stderr, anywhere."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                problems.append(f"cell {i}: error {out.ename}: {first_line(out.evalue)}")
            elif out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i}: stderr: {first_line(out.text)}")
    return problems


def live_charts(nb) -> list:
    """[(cell index, text)] of every live chart output (a LiveChart frame: a PNG with the frame's text), in the order
    the notebook holds them."""
    shown = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {}) if out.get("output_type") in ("display_data", "execute_result") else {}
            text = data.get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            if "image/png" in data and LIVE_CHART.fullmatch(text.strip()):
                shown.append((i, text.strip()))
    return shown


def live_chart_problems(nb, runs: list) -> list:
    """Problems with the live charts of an executed notebook, given the kernel's LiveChart.runs() as text, one line
    per training run in the order they ended (`live chart "TITLE": N epochs (final)`, with the epochs its history
    recorded). Each run must have left exactly one output, its final frame, with that text: charts and runs are
    matched in order (difflib), so a stale chart, one left over and one missing are each named with their cell."""
    import difflib

    shown = live_charts(nb)
    texts = [t for _, t in shown]
    problems = []

    def where(k):   # where the chart of a run would be, before the k-th chart
        if not shown:
            return "the notebook holds no live chart"
        return f"after the chart of cell {shown[k - 1][0]}" if k > 0 else f"before the chart of cell {shown[0][0]}"

    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, texts, runs, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        for k in range(max(a1 - a0, b1 - b0)):
            cell = shown[a0 + k][0] if a0 + k < a1 else None
            run = runs[b0 + k] if b0 + k < b1 else None
            if cell is not None and run is not None:
                problems.append(f"cell {cell}: live chart shows {texts[a0 + k]!r}, but its training run ended with "
                                f"{run!r} (a chart drawn during training that the final one did not replace?)")
            elif cell is not None:
                problems.append(f"cell {cell}: live chart {texts[a0 + k]!r} belongs to no training run that ended "
                                f"(drawn outside Trainer.fit, or shown twice instead of replaced in place)")
            else:
                problems.append(f"a training run with a live chart ended with {run!r}, but no output holds that chart "
                                f"({where(a0)}; a chart that was never drawn, or was lost)")
    return problems


def jupyterlab_text(index: int, new: str, text: str = "") -> tuple:
    """JupyterLab's processText: `new` written into `text` at `index`, with its \\b and \\r applied.

    Returns (text, index after it). A port of @jupyterlab/outputarea's model, which keeps a stream
    output this way as chunks arrive (and the notebook is saved from that model).
    """
    if not any(ch in new for ch in "\b\r\n"):
        return text[:index] + new + text[index + len(new):], index + len(new)
    at, start = index, 0
    while True:
        m = re.compile(r"[\n\b\r]").search(new, start)
        piece = new[start:m.start() if m else len(new)]
        text = text[:at] + piece + text[at + len(piece):]
        at += len(piece)
        if not m:
            return text, at
        start, ch = m.start() + 1, m.group()
        if ch == "\b":
            if at > 0 and text[at - 1] != "\n":
                text, at = text[:at - 1] + text[at + 1:], at - 1
        elif ch == "\r":
            while at > 0 and text[at - 1] != "\n":
                at -= 1
        else:
            text, at = text + "\n", len(text) + 1


def as_jupyterlab_keeps(outputs: list) -> list:
    """The outputs as JupyterLab's output area keeps them: a stream output that follows one of the same name
    (stdout after stdout) is appended to it, and every stream's text has its \\r and \\b applied."""
    kept, last, index = [], None, 0
    for out in outputs:
        if out.get("output_type") == "stream":
            chunk = "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
            if last == out["name"] and kept:
                kept[-1]["text"], index = jupyterlab_text(index, chunk, kept[-1]["text"])
                continue
            out = copy.deepcopy(out)
            out["text"], index = jupyterlab_text(0, chunk)
            last = out["name"]
        else:
            last = None
        kept.append(out)
    return kept


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


def exercises(nb) -> list:
    """[(solution cell indices, test cell indices)]: each run of nbgrader solution cells with the test cells after it."""
    groups = []
    for i, cell in enumerate(nb.cells):
        g = cell.get("metadata", {}).get("nbgrader", {})
        if g.get("solution"):
            if not groups or groups[-1][1]:
                groups.append(([], []))
            groups[-1][0].append(i)
        elif g.get("grade") and cell.cell_type == "code" and groups:
            groups[-1][1].append(i)
    return groups


def student_version(nb):
    """What nbgrader generate_assignment makes of the notebook's cells: solutions replaced by the stub, hidden tests
    removed (nbgrader's own preprocessors, with the settings of nbgrader_config.py)."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    student = copy.deepcopy(nb)
    for step in (ClearSolutions, ClearHiddenTests):
        student, _ = step(config=config).preprocess(student, {})
    return student


class Session:
    """Cells run again in the kernel that executed the notebook; each on a copy, so the notebook is left as it is."""

    def __init__(self, client, nb):
        self.client, self.nb, self.problems = client, nb, []

    async def run(self, index, source=None):
        """Runs cell `index` (with `source` instead of its own, if given). Returns (error or None, text lines)."""
        from nbclient.exceptions import CellExecutionError

        original = self.nb.cells[index]
        cell = copy.deepcopy(original)
        cell.metadata.pop("tags", None)  # no raises-exception: an error is reported, never swallowed
        if source is not None:
            cell.source = source
        # The copy stands in the notebook while it runs: nbclient applies an update_display_data (a live chart's
        # redraw) to the cell at `index` of the notebook, which must be the copy, not the original's outputs.
        self.nb.cells[index] = cell
        try:
            await self.client.async_execute_cell(cell, index)
        except CellExecutionError as e:
            return f"{e.ename}: {e.evalue}", text_lines(cell)
        finally:
            self.nb.cells[index] = original  # nbclient stores the cell it ran into the notebook
        stderr = [ln for ln in text_lines(cell) if ln.startswith("stderr: ")]
        return (stderr[0] if stderr else None), text_lines(cell)

    async def rerun_checks(self, skip=()):
        """Every check cell again (but those in `skip`): it must pass and show what it showed the first time."""
        for i, cell in enumerate(self.nb.cells):
            if i not in skip and cell.cell_type == "code" and CHECK_TAG in cell.get("metadata", {}).get("tags", []):
                await self.again(i, "check")

    async def again(self, i, what):
        """Runs cell i as it is: it must pass and show what it showed the first time."""
        error, shown = await self.run(i)
        if error:
            self.problems.append(f"cell {i}: {what} fails when run again: {first_line(error)}")
        elif shown != text_lines(self.nb.cells[i]):
            self.problems.append(f"cell {i}: {what} shows something else when run again: {shown[:1]}")

    async def try_student_version(self):
        """The learner's Run All, from the first exercise on (the cells before it are the same in both versions):
        nbgrader's student version of each cell runs, and only the exercises' test cells may fail, each with the
        stub's "exercise not solved yet". Then the notebook's own cells from there on run again and show what they
        showed the first time (so they count as the second run of those check cells)."""
        student, tail = student_version(self.nb), self.tail()
        tests = {i for _, t in exercises(self.nb) for i in t}
        for i in tail:
            error, _ = await self.run(i, student.cells[i].source)
            if i in tests and (not error or UNSOLVED not in error):
                self.problems.append(f"cell {i}: with the exercise unsolved this test cell should fail with "
                                     f"'{UNSOLVED}', got {first_line(error) if error else 'no error'}")
            elif i not in tests and error:
                self.problems.append(f"cell {i}: fails in the student version: {first_line(error)} (only the "
                                     f"exercises' test cells may; see docs/instructors.md on solution cells)")
        for i in tail:
            await self.again(i, "cell of the exercises' part")

    def tail(self):
        """The code cells from the first nbgrader solution cell on."""
        first = next((i for i, c in enumerate(self.nb.cells)
                      if c.get("metadata", {}).get("nbgrader", {}).get("solution")), len(self.nb.cells))
        return [i for i in range(first, len(self.nb.cells)) if self.nb.cells[i].cell_type == "code"]

    async def mutate(self, spec):
        """A number changed in a derivation cell: the next check cell must fail naming what it checks."""
        where = [i for i, c in enumerate(self.nb.cells) if c.cell_type == "code" and spec["cell"] in c.source]
        if len(where) != 1:
            self.problems.append(f"mutation: {len(where)} code cells contain {spec['cell']!r}, expected 1")
            return
        first = where[0]
        old, new = spec["replace"]
        source = self.nb.cells[first].source
        checks = [i for i in range(first + 1, len(self.nb.cells)) if self.nb.cells[i].cell_type == "code"
                  and CHECK_TAG in self.nb.cells[i].get("metadata", {}).get("tags", [])]
        if source.count(old) != 1 or not checks or old == new or not re.search(r"\d", old + new):
            self.problems.append(f"mutation: cell {first} must contain {old!r} once, differ from {new!r} in a number, "
                                 f"and be followed by a check cell")
            return
        check = checks[0]
        between = [i for i in range(first + 1, check) if self.nb.cells[i].cell_type == "code"]
        for i, mutated in [(first, source.replace(old, new))] + [(i, None) for i in between]:
            error, _ = await self.run(i, mutated)
            if error:
                self.problems.append(f"mutation: cell {i} fails before the check is reached: {first_line(error)}")
                return
        error, _ = await self.run(check)
        if not error or "✗" not in error or spec["message"] not in error:
            self.problems.append(f"mutation: with {old!r} → {new!r} in cell {first}, check cell {check} should fail "
                                 f"with a message about {spec['message']!r}, got {first_line(error) if error else 'no error'}")
        for i in [first] + between + [check]:  # the original cells again: the check passes as before
            error, shown = await self.run(i)
            if error or (i == check and shown != text_lines(self.nb.cells[check])):
                self.problems.append(f"mutation: cell {i} does not give its first result again after the mutation "
                                     f"is undone: {first_line(error) if error else shown[:1]}")
                return


async def execute(client, nb, name, **kernel_options):
    """Runs every cell in a fresh kernel, then (if all passed) the checks again, the student version of each exercise
    and the notebook's mutation, in the same kernel. Returns (the problems found after the run, seconds it took)."""
    from nbclient.util import ensure_async
    from mutations import MUTATIONS

    client.reset_execution_trackers()
    async with client.async_setup_kernel(**kernel_options):
        info = await client.async_wait_for_reply(await ensure_async(client.kc.kernel_info()))
        nb.metadata["language_info"] = info["content"]["language_info"]
        for index, cell in enumerate(nb.cells):
            await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            if cell.cell_type == "code":
                cell.outputs = as_jupyterlab_keeps(cell.outputs)
        if check_outputs(nb):
            return [], 0.0
        start = time.monotonic()
        charts = await live_chart_check(client, nb)
        session = Session(client, nb)
        await session.rerun_checks(skip=set(session.tail()))
        await session.try_student_version()
        if name in MUTATIONS:
            await session.mutate(MUTATIONS[name])
        return charts + session.problems, time.monotonic() - start


async def live_chart_check(client, nb) -> list:
    """Asks the kernel, right after the notebook's own run, which training runs its live charts saw
    (LiveChart.runs()), and checks the notebook's charts against them (live_chart_problems)."""
    from nbclient.exceptions import CellExecutionError
    from nbformat.v4 import new_code_cell

    query = new_code_cell(RUNS_QUERY)
    nb.cells.append(query)   # nbclient runs a cell of the notebook; it is removed again below
    try:
        await client.async_execute_cell(query, len(nb.cells) - 1)
        text = "".join(o.get("data", {}).get("text/plain", "") for o in query.outputs
                       if o.get("output_type") == "execute_result")
        error = None if text.endswith(END_OF_RUNS) else f"it returned {text[-200:]!r}"
    except CellExecutionError as e:
        error = f"{e.ename}: {first_line(e.evalue)}"
    finally:
        nb.cells.pop()
    if error:   # a notebook that never loaded the library has no live charts
        return [f"live charts: cannot ask the kernel for LiveChart.runs(): {error}"] if live_charts(nb) else []
    return live_chart_problems(nb, text.removesuffix(END_OF_RUNS).splitlines())


def run_one(path: Path, write: bool, timeout: int, compare: bool = False):
    """Execute one notebook in its own kernel. Returns (ok, seconds, problems, seconds of the checks after the run)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    start = time.monotonic()
    nb, problems, later, after = None, [], [], 0.0
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
            # Stops at the first error output. Kernel process output (JVM warnings, launcher log) goes to kernel_log.
            later, after = asyncio.run(execute(client, nb, path.stem, stdout=kernel_log, stderr=kernel_log))
        except CellExecutionError as e:
            if not any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", [])):
                problems.append(f"CellExecutionError: {e.ename}: {first_line(e.evalue)}")
        except Exception as e:  # timeouts, dead kernel, unreadable notebook...
            problems.append(f"{type(e).__name__}: {first_line(e)}")
            kernel_log.seek(0)
            log = [ln for ln in kernel_log.read().splitlines() if not ln.startswith("[I ")]
            problems += [f"kernel: {ln}" for ln in log[-5:]]
    if nb is not None:
        problems = check_outputs(nb) + problems + later
        if compare and not problems:
            problems = compare_outputs(committed, nb, display(path))
    if not problems and write:
        write_atomically(nb, path)
    return not problems, time.monotonic() - start, problems, after


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
                ok, secs, problems, after = fut.result()
            except Exception as e:  # e.g. a worker process died
                ok, secs, problems, after = False, 0.0, [f"{type(e).__name__}: {e}"], 0.0
            passed, failed = passed + ok, failed + (not ok)
            print(f"{'PASS' if ok else 'FAIL'} {secs:7.1f}s  {display(nb)}  (checks again, exercises unsolved "
                  f"and mutation: {after:.1f}s)", flush=True)
            for problem in problems:
                print(f"    {problem}", flush=True)
    print(f"notebooks: {passed} passed, {failed} failed", flush=True)
    return 0 if notebooks and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
