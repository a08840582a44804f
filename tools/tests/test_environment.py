"""requirements.txt, environment.yml and kernel/jvm-options must agree."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def requirement_pins():
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    pins = [ln.split("#")[0].strip() for ln in lines]
    pins = [p for p in pins if p]
    assert pins and all("==" in p for p in pins), f"requirements.txt must hold exact == pins: {pins}"
    return {p.split("==")[0].strip().lower(): p.replace(" ", "") for p in pins}


def conda_dependencies():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    return conda, {p.split("==")[0].strip().lower(): p.replace(" ", "") for p in pip}


def test_pip_section_matches_requirements():
    _, pip = conda_dependencies()
    assert pip == requirement_pins()


def test_conda_jupyterlab_pin_matches_requirements():
    conda, _ = conda_dependencies()
    lab = [d for d in conda if d.split("=")[0].strip() == "jupyterlab"]
    assert lab, "environment.yml has no jupyterlab conda dependency"
    assert lab[0].replace(" ", "") == requirement_pins()["jupyterlab"].replace("==", "=")


def test_jvm_options_are_headless():
    assert "-Djava.awt.headless=true" in (ROOT / "kernel/jvm-options").read_text().split()
