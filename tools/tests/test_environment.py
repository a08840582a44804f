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


def pins_of(path):
    lines = [ln.split("#")[0].strip() for ln in (ROOT / path).read_text().splitlines()]
    return {p.split("==")[0].strip().lower() for p in lines if p}


def test_benchmark_packages_stay_out_of_the_learners_environment():
    """numpy and JAX are the benchmarks' (bench/requirements.txt, .venv-bench), never the learner's .venv."""
    bench = pins_of("bench/requirements.txt")
    assert {"numpy", "jax", "jaxlib"} <= bench
    assert not bench & set(requirement_pins()), "requirements.txt pins a benchmark package"
    assert not bench & set(conda_dependencies()[1]), "environment.yml pins a benchmark package"


BOOK_MODULES = {"sphinx", "docutils", "myst_nb", "myst_parser", "sphinx_book_theme", "linkcheck",
                "axe_playwright_python"}   # what the book's packages are imported as


def test_course_tools_do_not_import_benchmark_or_book_packages():
    """Nothing that ./course lab, test or check runs may need numpy or JAX, which the learner's .venv lacks, nor
    Sphinx or the book's checkers (tools/book.py runs .venv-book's programs; book/_ext is Sphinx's)."""
    import ast
    others = pins_of("bench/requirements.txt") | BOOK_MODULES
    for path in [*(ROOT / "tools").rglob("*.py"), ROOT / "nbgrader_config.py"]:
        tree = ast.parse(path.read_text(), str(path))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        used = {name.split(".")[0].lower() for name in names} & others
        assert not used, f"{path.relative_to(ROOT)} imports {used}"


def book_packages():
    """The packages the book names in book/requirements.txt (before what they need)."""
    text = (ROOT / "book/requirements.txt").read_text().split("# what they need")[0]
    return {ln.split("==")[0].strip().lower() for ln in text.splitlines() if "==" in ln and not ln.startswith("#")}


def test_book_packages_stay_out_of_the_learners_environment():
    """Sphinx, myst-nb, the theme, LinkChecker and axe are the book's (.venv-book), never the learner's .venv. Only
    playwright is in both: the book's axe package needs it, and the browser tests drive Chromium with .venv's."""
    book = book_packages()
    assert {"sphinx", "myst-nb", "sphinx-book-theme", "linkchecker", "axe-playwright-python"} <= book, book
    pins = [ln.split("#")[0].strip() for ln in (ROOT / "book/requirements.txt").read_text().splitlines()]
    assert all("==" in p for p in pins if p), "book/requirements.txt must hold exact == pins"
    assert book & set(requirement_pins()) == {"playwright"}, "requirements.txt pins a book package"
    assert book & set(conda_dependencies()[1]) == {"playwright"}, "environment.yml pins a book package"
    assert not book & {d.split("=")[0].strip() for d in conda_dependencies()[0]}, "environment.yml has a book package"
    assert requirement_pins()["playwright"] in pins, "the book's playwright differs from the learner's"


def test_only_bench_sets_up_the_benchmark_environment():
    from tools import bootstrap
    assert (bootstrap.LEARNER.dir.name, bootstrap.LEARNER.requirements) == (".venv", "requirements.txt")
    assert (bootstrap.BENCH.dir.name, bootstrap.BENCH.requirements) == (".venv-bench", "bench/requirements.txt")
    course = (ROOT / "course").read_text()
    assert course.count("tools.bootstrap --bench") == 1 and "bench)" in course.split("tools.bootstrap --bench")[0][-200:]
    assert ".venv-bench/" in (ROOT / ".gitignore").read_text().split()


def test_only_book_and_test_set_up_the_book_environment():
    """.venv-book is made by ./course book and by ./course test (whose test_book.py builds the book), not by setup or
    lab: a learner never downloads Sphinx."""
    from tools import bootstrap
    assert (bootstrap.BOOK.dir.name, bootstrap.BOOK.requirements) == (".venv-book", "book/requirements.txt")
    course = (ROOT / "course").read_text()
    callers = [part[-400:] for part in course.split("tools.bootstrap --book")[:-1]]
    assert len(callers) == 2 and "book)" in callers[1] and "run_tests()" in callers[0], callers
    assert ".venv-book/" in (ROOT / ".gitignore").read_text().split()


def test_the_kernels_jvm_starts_with_the_installed_options():
    """kernel.json's JJAVA_JVM_OPTS as installed: kernel/jvm-options, and the C2 directives file, which the JVM parses
    (a file it cannot read or parse stops the JVM, and with it every kernel)."""
    import json
    import subprocess
    import sys
    spec = json.loads((Path(sys.prefix) / "share/jupyter/kernels/java/kernel.json").read_text())
    opts = spec["env"]["JJAVA_JVM_OPTS"].split()
    assert opts[:len(wanted := (ROOT / "kernel/jvm-options").read_text().split())] == wanted
    directives = [o.split("=", 1)[1] for o in opts if o.startswith("-XX:CompilerDirectivesFile=")]
    assert directives and Path(directives[0]).read_bytes() == (ROOT / "kernel/c2-directives.json").read_bytes()
    run = subprocess.run(["java", *opts, "-version"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
