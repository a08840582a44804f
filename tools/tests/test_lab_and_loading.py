"""The lab command's solutions and instructor modes, and a notebook that fails loudly when the library is missing."""
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tools.tests.local_http import free_port, get_json

ROOT = Path(__file__).resolve().parents[2]


def first_code_cell(path):
    nb = nbformat.read(path, as_version=4)
    return next(c for c in nb.cells if c.cell_type == "code")


def test_first_cell_fails_loudly_without_the_library(tmp_path):
    """%classpath accepts a missing path silently, so the first cell must throw with set-up advice."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "target" / "lib").mkdir(parents=True)  # exists but empty: the silent case
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "java", "language": "java", "display_name": "Java"}})
    nb.cells = [nbformat.v4.new_code_cell(first_code_cell(ROOT / "notebooks" / "00-getting-started.ipynb").source)]
    client = NotebookClient(nb, kernel_name="java", timeout=120, shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(tmp_path / "notebooks")}})
    with pytest.raises(CellExecutionError) as err:
        client.execute()
    assert "./course lab" in str(err.value) and "IllegalStateException" in str(err.value)


def start_lab(mode, tmp_path):
    """`./course lab MODE` with its JupyterLab state in tmp_path; returns (process, base url, log path)."""
    port, log = free_port(), tmp_path / f"lab{mode}.log"
    env = dict(os.environ, COURSE_JUPYTER_DIR=str(tmp_path / f"jupyter{mode}"))
    proc = subprocess.Popen([str(ROOT / "course"), "lab", mode, "--no-browser", f"--port={port}",
                             "--IdentityProvider.token=", "--ServerApp.ip=127.0.0.1"], env=env,
                            stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True)
    return proc, f"http://127.0.0.1:{port}", log


def wait_for(proc, base, log, timeout=180):
    deadline = time.time() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/api/status", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        assert proc.poll() is None, log.read_text()[-3000:]
        assert time.time() < deadline, f"JupyterLab did not answer within {timeout} s:\n" + log.read_text()[-3000:]
        time.sleep(1)


def test_solutions_and_instructor_modes(tmp_path):
    """--solutions serves notebooks/ (with the solutions); --instructor serves the repository with nbgrader's
    formgrader working (the course directory build/nbgrader is inside the served root, so nbgrader logs no error),
    and an exchange: the Assignment List and course list answer, where nbgrader's default exchange directory (not
    writable) made them fail with a CRITICAL error in the log on every page. The learner's mode is tested in a real
    browser (test_browser.py)."""
    labs = {mode: start_lab(mode, tmp_path) for mode in ("--solutions", "--instructor")}
    try:
        for mode, (proc, base, log) in labs.items():
            wait_for(proc, base, log)
            status, specs = get_json(base + "/api/kernelspecs")
            assert specs["default"] == "java" and list(specs["kernelspecs"]) == ["java"], specs
        proc, base, log = labs["--solutions"]
        names = {item["name"] for item in get_json(base + "/api/contents")[1]["content"]}
        assert "00-getting-started.ipynb" in names, f"--solutions does not serve notebooks/: {sorted(names)}"
        proc, base, log = labs["--instructor"]
        names = {item["name"] for item in get_json(base + "/api/contents")[1]["content"]}
        assert {"notebooks", "nbgrader_config.py"} <= names, f"--instructor does not serve the repository: {names}"
        with urllib.request.urlopen(base + "/formgrader", timeout=30) as r:
            assert r.status == 200 and b"nbgrader" in r.read().lower()
        for api in ("/courses", "/assignments?course_id=nncourse"):
            status, answer = get_json(base + api)
            assert status == 200 and answer.get("success"), f"{api}: {answer}"
    finally:
        for proc, _, _ in labs.values():
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    for mode, (_, _, log) in labs.items():
        bad = [ln for ln in log.read_text().splitlines()
               if (ln.startswith(("[E ", "[C ")) and "received signal 15" not in ln) or "Traceback" in ln]
        assert not bad, f"{mode}: " + "\n".join(bad[:10])
