"""The lab command serves notebooks/ with the java kernel, and a notebook fails loudly when the library is missing."""
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, json.loads(r.read().decode() or "null")


def test_lab_command_serves_notebooks_with_the_java_kernel(tmp_path):
    port = free_port()
    log = open(tmp_path / "lab.log", "w")
    proc = subprocess.Popen([str(ROOT / "course"), "lab", "--no-browser", f"--port={port}", "--ServerApp.token=",
                             "--ServerApp.ip=127.0.0.1"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base, deadline = f"http://127.0.0.1:{port}", time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/lab", timeout=5) as r:
                    assert r.status == 200
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "lab.log").read_text()[-2000:]
                assert time.time() < deadline, "JupyterLab did not answer within 120 s"
                time.sleep(1)
        status, specs = get_json(base + "/api/kernelspecs")
        assert specs["default"] == "java" and "java" in specs["kernelspecs"]
        env = specs["kernelspecs"]["java"]["spec"]["env"]
        assert "-Djava.awt.headless=true" in env["JJAVA_JVM_OPTS"]
        status, listing = get_json(base + "/api/contents")
        names = {item["name"] for item in listing["content"]}
        assert "00-getting-started.ipynb" in names, f"lab root is not notebooks/: {sorted(names)}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
