#!/usr/bin/env python3
"""What one Java kernel costs a learner: its memory, its time to the first result, and Run All, per notebook.

    python -m tools.kernel_stats [--kernel java] [NOTEBOOK ...]     (default: 00 and 14)

For each notebook, in a fresh kernel started in notebooks/ as JupyterLab starts one: the seconds until the kernel
answers, until the first cell's result (what a learner waits for after opening a notebook: the JVM, JShell,
`%classpath` and the library's first use), and until the last cell's reply when every cell is sent at once
(JupyterLab's Run All, with stop_on_error; a reply other than ok is printed); then the resident memory of the
kernel's processes (RSS, and PSS, which counts pages shared between kernels, such as a class-data archive, once per
sharing process), the CPU seconds its processes used (which a busy machine changes less than the wall time), and
the seconds a shutdown takes until the process has exited (the first half of a restart).
Measurements, not tests: run them on a quiet machine, and compare kernels in the same run.
"""
import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tree(pid):
    """pid and its descendants."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return found


def memory_mib(pid):
    """(RSS, PSS) in MiB, summed over the process tree of pid."""
    rss = pss = 0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                key, value = line.split(":", 1) if ":" in line else (line, "")
                if key in ("Rss", "Pss"):
                    kib = int(value.split()[0])
                    rss, pss = (rss + kib, pss) if key == "Rss" else (rss, pss + kib)
        except OSError:
            pass
    return rss / 1024, pss / 1024


def cpu_seconds(pid):
    """User and system CPU seconds of the process tree of pid (its live processes)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])   # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / ticks


def run_all(path, kernel):
    """The measurements of one notebook in a fresh kernel, as a dict."""
    import nbformat
    from jupyter_client.manager import KernelManager

    cells = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code" and c.source.strip()]
    km = KernelManager(kernel_name=kernel)
    start = time.monotonic()
    km.start_kernel(cwd=str(path.parent))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=180)
        ready = time.monotonic()
        ids = {kc.execute(code, stop_on_error=True): i for i, code in enumerate(cells)}
        replies, first, statuses = 0, None, {}
        while replies < len(ids):
            msg = kc.get_shell_msg(timeout=600)
            i = ids.get(msg["parent_header"].get("msg_id"))
            if i is None:
                continue
            replies += 1
            statuses[i] = msg["content"]["status"]
            if i == 0:
                first = time.monotonic()
        done = time.monotonic()
        time.sleep(1)   # the kernel settles (a live chart's last frame, the end of a warm-up)
        rss, pss = memory_mib(km.provisioner.process.pid)
        cpu = cpu_seconds(km.provisioner.process.pid)
        bad = {i: s for i, s in statuses.items() if s != "ok"}
        kc.stop_channels()
        t = time.monotonic()
        km.shutdown_kernel(now=False)
        return dict(ready=ready - start, first=first - start, run_all=done - ready, rss=rss, pss=pss, cpu=cpu,
                    shutdown=time.monotonic() - t, cells=len(cells), bad=bad)
    except BaseException:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", default="java", help="kernel name (default: java)")
    ap.add_argument("notebooks", nargs="*", type=Path)
    args = ap.parse_args()
    paths = args.notebooks or [ROOT / "notebooks" / "00-getting-started.ipynb", ROOT / "notebooks" / "14-digits.ipynb"]
    print(f"{'notebook':32} {'ready':>6} {'first':>6} {'run all':>8} {'CPU s':>6} {'RSS MiB':>8} {'PSS MiB':>8} "
          f"{'shutdown':>9}")
    for path in paths:
        m = run_all(path.resolve(), args.kernel)
        print(f"{path.stem:32} {m['ready']:6.1f} {m['first']:6.1f} {m['run_all']:8.1f} {m['cpu']:6.1f} {m['rss']:8.0f} "
              f"{m['pss']:8.0f} {m['shutdown']:9.1f}" + (f"  not ok: {m['bad']}" if m["bad"] else ""), flush=True)


if __name__ == "__main__":
    sys.exit(main())
