"""One notebook executed through the real Java kernel (JJava), in a fresh kernel whose working directory is the
notebook's own directory (so `%classpath ../target/lib/*.jar` resolves), then audited in that kernel: the live
charts (tools/livecharts.py), the checks again, the student version and the mutations (tools/rerun.py).

A notebook fails if a cell produces an `error` output, if any cell writes to stderr, or if the kernel dies or times
out. (A deliberate error would also stop JupyterLab's Run All there: a notebook shows an error by catching it.)"""
import asyncio
import os
import copy
import tempfile
import time
from pathlib import Path

from tools.livecharts import LiveChartClient, live_chart_problems
from tools.outputs import as_jupyterlab_keeps, check_outputs, compare_outputs, first_line, write_atomically
from tools.rerun import Session

ROOT = Path(__file__).resolve().parent.parent

KERNEL = "java"


async def execute(client, nb, **kernel_options):
    """Runs every cell in a fresh kernel, then (if all passed) the checks again, the student version of each exercise
    and every check cell's mutations, in the same kernel. Returns (the problems found after the run, seconds it took,
    mutations tried)."""
    from nbclient.util import ensure_async

    client.reset_execution_trackers()
    async with client.async_setup_kernel(**kernel_options):
        info = await client.async_wait_for_reply(await ensure_async(client.kc.kernel_info()))
        nb.metadata["language_info"] = info["content"]["language_info"]
        for index, cell in enumerate(nb.cells):
            await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            if cell.cell_type == "code":
                cell.outputs = as_jupyterlab_keeps(cell.outputs)
        if check_outputs(nb):
            return [], 0.0, 0
        start = time.monotonic()
        charts = live_chart_problems(nb, client.displayed)
        session = Session(client, nb)
        await session.rerun_checks()
        tried = await session.mutate_all()
        await session.try_student_version()   # last: it leaves the stubs in the kernel
        return charts + session.problems, time.monotonic() - start, tried


def run_one(path: Path, write: bool, timeout: int, compare: bool = False):
    """Execute one notebook in its own kernel. Returns (ok, seconds, problems, seconds of the checks after the run,
    mutations tried)."""
    import nbformat
    from nbclient.exceptions import CellExecutionError

    start = time.monotonic()
    nb, problems, later, after, tried = None, [], [], 0.0, 0
    with tempfile.TemporaryFile("w+") as kernel_log:
        try:
            nb = nbformat.from_dict(nbformat.validator.normalize(nbformat.read(path, as_version=4))[1])
            committed = copy.deepcopy(nb)
            for cell in nb.cells:  # so stale outputs of cells that never ran are not checked
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
            client = LiveChartClient(
                nb, kernel_name=KERNEL, timeout=timeout, startup_timeout=180,
                record_timing=False,  # no timestamps in saved notebooks
                # Every output is in by then: stop the kernel at once, without the round trip of a shutdown request.
                shutdown_kernel="immediate",
                resources={"metadata": {"path": str(path.parent)}},  # kernel cwd
            )
            # Stops at the first error output. Kernel process output (JVM warnings, launcher log) goes to kernel_log.
            later, after, tried = asyncio.run(execute(client, nb, stdout=kernel_log, stderr=kernel_log))
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
    return not problems, time.monotonic() - start, problems, after, tried


def display(p: Path) -> str:
    try:
        return os.path.relpath(p)
    except ValueError:
        return str(p)
