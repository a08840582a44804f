"""The learner's JupyterLab in a real browser: `./course lab` driven in headless Chromium by Playwright.

One server runs for the whole module, started as a learner starts it (`./course lab`), on a fresh workspace in a
temporary folder (COURSE_WORKSPACE) with its own JupyterLab state (COURSE_JUPYTER_DIR), so nothing of the developer's
own workspace/ or .jupyter/ is touched. The tests, in order:

1. the server offers Java only, with its logo; the page has no nbgrader menu or panel and no news pop-up;
2. Run → Restart Kernel and Run All Cells on 00 and on the training notebook 09, as a learner gets them: every code
   cell runs; every plot loaded (naturalWidth > 0); the maths is typeset by MathJax, no `$` left; tables are HTML,
   none wider than the output area and no number broken over two lines; no stderr; the only errors are the stubs'
   "exercise not solved yet" in the test cells of the unsolved exercises (nothing else: a learner's Run All shows
   exactly that); no error in the browser console;
3. every table of every committed notebook fits the output area too (measured inside the running notebook);
4. in the dark theme, error text has a contrast of at least 4.5:1 against its background;
5. `./course check 00` grades the workspace while the lab is running, without touching the file;
6. opening and saving a committed notebook changes no byte; and what `python -m tools.run_notebooks --write` writes is byte
   for byte what JupyterLab saves after running the same notebook (tools/tests/data/save-roundtrip.ipynb);
7. the server log has no error.

Screenshots go to target/browser/. Chromium: $CHROMIUM, else chromium (Debian's package), chromium-browser,
google-chrome on PATH; without one the test fails and says how to install it (Playwright's own `playwright install`
downloads a browser, which this project does not rely on).
"""
import difflib
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tools.tests import chromium
from tools.tests.local_http import free_port, get

ROOT = Path(__file__).resolve().parents[2]
from tools import grading

SHOTS = ROOT / "target" / "browser"
RUN_ALL = ["00-getting-started", "09-deep-net-and-precision"]   # the first notebook, and a training notebook
ROUNDTRIP = Path(__file__).resolve().parent / "data" / "save-roundtrip.ipynb"
VIEWPORT = {"width": 1280, "height": 720}   # JupyterLab's default layout at this size: file browser open
UNSOLVED = "exercise not solved yet"


class Lab:
    """`./course lab` on a temporary workspace, as a learner starts it."""

    def __init__(self, tmp: Path):
        self.tmp, self.port = tmp, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workspace = tmp / "workspace"
        grading.link_target(tmp)   # tmp/target/lib: %classpath ../target/lib/*.jar resolves from the workspace
        self.env = dict(os.environ, COURSE_WORKSPACE=str(self.workspace), COURSE_JUPYTER_DIR=str(tmp / "jupyter"))
        self.log = tmp / "lab.log"
        self.out = open(self.log, "w")
        self.proc = subprocess.Popen(
            [str(ROOT / "course"), "lab", "--no-browser", f"--port={self.port}", "--ServerApp.ip=127.0.0.1",
             "--IdentityProvider.token=", "--LabApp.expose_app_in_browser=True"],
            env=self.env, stdout=self.out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        deadline = time.monotonic() + 300   # the first run may build the jar and the student versions
        while True:
            try:
                if get(self.url + "/api/status")[0] == 200:
                    return
            except OSError:
                pass
            assert self.proc.poll() is None, "./course lab stopped:\n" + self.log.read_text()[-3000:]
            assert time.monotonic() < deadline, "JupyterLab did not answer within 300 s:\n" + self.log.read_text()[-3000:]
            time.sleep(1)

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.out.close()


@pytest.fixture(scope="module")
def lab():
    tmp = Path(tempfile.mkdtemp(prefix="nncourse-lab-"))
    server = Lab(tmp)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium.browser() as b:
        yield b


class Page:
    """A browser page on the lab that records console errors."""

    def __init__(self, browser, lab):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.lab, self.errors = lab, []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def open(self, path=""):
        # A JupyterLab workspace (layout) of its own, reset, so that no tab of an earlier page opens again.
        workspace = "w" + "".join(ch for ch in path if ch.isalnum())
        self.page.goto(f"{self.lab.url}/lab/workspaces/{workspace}" + (f"/tree/{path}" if path else "") + "?reset",
                       wait_until="domcontentloaded")
        self.page.wait_for_function("window.jupyterapp !== undefined && window.jupyterapp.shell !== undefined")
        if path:
            self.page.wait_for_selector(".jp-Notebook .jp-Cell")
            # The notebook's own kernel (java) starts by itself; a command before that would ask which kernel to use.
            self.page.wait_for_function("""() => { const s = window.jupyterapp.shell.currentWidget.sessionContext;
                return s.isReady && s.session?.kernel?.name === 'java' && s.session.kernel.status === 'idle'; }""",
                                        timeout=180_000)
        else:
            self.page.wait_for_selector(".jp-Launcher")

    def command(self, name, args=None):
        """Starts a JupyterLab command (not awaited: a command may open a dialog)."""
        self.page.evaluate("([name, args]) => { window.jupyterapp.commands.execute(name, args); }", [name, args or {}])

    def restart_and_run_all(self, timeout=600, restart=True, wait=True):
        """Run → Restart Kernel and Run All Cells (restart=False: Run → Run All Cells, in the fresh kernel); with
        wait, until it has finished."""
        self.page.evaluate("() => { window.__idleSince = undefined; }")
        if restart:
            self.command("notebook:restart-run-all")
            self.page.locator(".jp-Dialog .jp-mod-accept").click()   # "Restart Kernel?"
        else:
            self.command("notebook:run-all-cells")
        if wait:
            self.wait_until_run(timeout)

    def wait_until_run(self, timeout):
        """Until Run All has finished: some cell has run, and the kernel has been idle with no cell waiting ([*])
        for 3 s in a row."""
        self.page.wait_for_function("""() => {
            const w = window.jupyterapp.shell.currentWidget, k = w.sessionContext.session?.kernel;
            const busy = !k || k.status !== 'idle' || [...w.node.querySelectorAll('.jp-InputArea-prompt')]
                .some(p => p.textContent.includes('*'))
                || !w.content.widgets.some(c => c.model.executionCount !== null);
            const now = Date.now();
            if (busy || window.__idleSince === undefined) window.__idleSince = now;
            return now - window.__idleSince > 3000; }""", timeout=timeout * 1000, polling=500)

    def save(self):
        self.page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        self.page.wait_for_function("!window.jupyterapp.shell.currentWidget.context.model.dirty")

    def cells(self):
        """What each cell of the open notebook holds: its model's outputs, with the nbgrader metadata."""
        return self.page.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets.map((c, i) => ({
            index: i, type: c.model.type, source: c.model.sharedModel.getSource(),
            grade: !!(c.model.getMetadata('nbgrader') || {}).grade,
            count: c.model.type === 'code' ? c.model.executionCount : null,
            outputs: c.model.type === 'code' ? c.model.outputs.toJSON() : [] }))""")

    def shot(self, name, selector=None):
        if selector:
            self.page.evaluate("s => document.querySelector(s)?.scrollIntoView({block: 'center'})", selector)
            self.page.wait_for_timeout(300)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"))

    def close(self):
        self.context.close()


def test_only_java_is_offered_with_its_logo(lab):
    specs = json.loads(get(lab.url + "/api/kernelspecs")[1])
    assert specs["default"] == "java" and list(specs["kernelspecs"]) == ["java"], specs
    java = specs["kernelspecs"]["java"]
    assert "-Djava.awt.headless=true" in java["spec"]["env"]["JJAVA_JVM_OPTS"]
    status, logo = get(lab.url + java["resources"]["logo-64x64"])
    assert status == 200 and logo[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", logo[16:24]) == (64, 64)
    names = {item["name"] for item in json.loads(get(lab.url + "/api/contents")[1])["content"]}
    assert {f"{a}.ipynb" for a in grading.assignments()} <= names, f"the lab does not serve the workspace: {names}"


def test_the_learners_lab_has_no_nbgrader_and_no_news_pop_up(lab, browser):
    p = Page(browser, lab)
    try:
        p.open()
        p.page.wait_for_timeout(4000)   # the news question would pop up by now
        p.shot("launcher")
        menus = p.page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert "Nbgrader" not in menus and "File" in menus, menus
        text = p.page.locator("body").inner_text()
        for unwanted in ("Jupyter news", "Create Assignment", "Formgrader", "Python 3"):
            assert unwanted not in text, f"{unwanted!r} is on the page"
        cards = p.page.evaluate("""() => [...document.querySelectorAll('.jp-LauncherCard')].map(c => ({
            label: c.innerText.trim(), category: c.dataset.category,
            logo: [...c.querySelectorAll('img')].map(i => [i.src, i.complete && i.naturalWidth]) }))""")
        kernels = [c for c in cards if c["category"] in ("Notebook", "Console")]
        assert [c["label"].replace("\n", " ") for c in kernels] == ["Java (nncourse)"] * 2, cards
        assert all(c["logo"] and c["logo"][0][1] > 0 and "logo-64x64" in c["logo"][0][0] for c in kernels), cards
        assert not p.errors, f"browser console: {p.errors}"
    finally:
        p.close()


MEASURE = """async () => {
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const nb = window.jupyterapp.shell.currentWidget.node;
    const images = [];
    for (const img of nb.querySelectorAll('.jp-OutputArea-output img')) {
        try { await img.decode(); } catch (e) {}
        images.push({src: img.src.slice(0, 40), width: img.naturalWidth});
    }
    const tables = [];
    for (const t of nb.querySelectorAll('.jp-OutputArea-output table')) {
        t.scrollIntoView({block: 'center'});
        await frame();
        const area = t.closest('.jp-OutputArea-output');
        const broken = [...t.querySelectorAll('td, th')].filter(td => {
            const r = document.createRange(); r.selectNodeContents(td);
            return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1; }).map(td => td.innerText);
        tables.push({html: area.classList.contains('jp-RenderedHTMLCommon'), width: t.getBoundingClientRect().width,
                     room: area.clientWidth, broken, first: t.innerText.slice(0, 80)});
    }
    const figures = [];
    for (const img of nb.querySelectorAll('.jp-MarkdownOutput img')) {
        try { await img.decode(); } catch (e) {}
        figures.push({src: img.getAttribute('src'), width: img.naturalWidth, alt: img.alt});
    }
    const md = [...nb.querySelectorAll('.jp-MarkdownOutput')];
    const raw = md.map(m => { const c = m.cloneNode(true);
        c.querySelectorAll('code, pre, mjx-container, .MathJax, script').forEach(e => e.remove());
        return c.innerText; }).filter(t => t.includes('$'));
    return {images, figures, tables, maths: nb.querySelectorAll('.jp-MarkdownOutput mjx-container').length, raw};
}"""


@pytest.fixture(scope="module")
def ran(lab, browser):
    """Restart and Run All on each notebook of RUN_ALL, side by side in two pages (their kernels share the two cores);
    the pages stay open for the tests that follow."""
    pages = {name: Page(browser, lab) for name in RUN_ALL}
    for name, p in pages.items():
        p.open(f"{name}.ipynb")
    for name, p in pages.items():
        p.start = time.monotonic()
        p.restart_and_run_all(wait=False)
    for name, p in pages.items():
        p.wait_until_run(timeout=600)
        p.seconds = time.monotonic() - p.start
        # MathJax typesets asynchronously: wait until no `$` is left, then measure.
        try:
            p.page.wait_for_function(f"({MEASURE})().then(m => m.raw.length === 0)", timeout=30_000, polling=1000)
        except Exception:
            pass
        p.measured, p.notebook = p.page.evaluate(MEASURE), p.cells()
        p.shot(f"{name}-end")
        p.shot(f"{name}-table", ".jp-OutputArea-output table")
        p.shot(f"{name}-plot", ".jp-OutputArea-output img")
        p.shot(f"{name}-error", ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    yield pages
    for p in pages.values():
        p.close()


@pytest.mark.parametrize("name", RUN_ALL)
def test_run_all_runs_every_cell(ran, name):
    cells = ran[name].notebook
    missed = [c["index"] for c in cells if c["type"] == "code" and c["source"].strip() and c["count"] is None]
    assert not missed, f"{name}: cells {missed} did not run in Run All"
    print(f"{name}: Restart Kernel and Run All Cells took {ran[name].seconds:.1f} s")


@pytest.mark.parametrize("name", RUN_ALL)
def test_the_only_errors_are_the_unsolved_exercises(ran, name):
    """A learner's Run All: no stderr anywhere, and errors only in the test cells of the exercises, from the stub."""
    problems, tests = [], 0
    for c in ran[name].notebook:
        for out in c["outputs"]:
            if out["output_type"] == "stream" and out["name"] == "stderr":
                problems.append(f"cell {c['index']}: stderr {out['text'][:200]!r}")
            if out["output_type"] == "error" and not (c["grade"] and UNSOLVED in out["evalue"]):
                problems.append(f"cell {c['index']}: error {out['ename']}: {out['evalue'][:200]}")
        if c["grade"] and c["type"] == "code":
            tests += 1
            if not any(o["output_type"] == "error" and UNSOLVED in o["evalue"] for o in c["outputs"]):
                problems.append(f"cell {c['index']}: the test of an unsolved exercise shows no '{UNSOLVED}'")
    assert tests >= 2 and not problems, f"{name}: " + "; ".join(problems)


@pytest.mark.parametrize("name", RUN_ALL)
def test_the_notebooks_pictures_loaded(ran, name):
    """The diagrams of the Markdown cells (notebooks/figures/*.svg, tools/figures), as a learner's lab serves them from
    the workspace: each notebook of RUN_ALL shows at least one, and every one loaded."""
    figures = [f for f in ran[name].measured["figures"] if "figures/" in (f["src"] or "")]
    assert figures, f"{name}: no figure in its Markdown (images: {ran[name].measured['figures']})"
    assert all(f["width"] > 0 for f in figures), f"{name}: figures that did not load: {figures}"
    assert all(len((f["alt"] or "").split()) >= 3 for f in figures), f"{name}: a figure without alt text: {figures}"


@pytest.mark.parametrize("name", RUN_ALL)
def test_plots_loaded_and_maths_typeset(ran, name):
    m = ran[name].measured
    assert m["images"] and all(i["width"] > 0 for i in m["images"]), f"{name}: images {m['images']}"
    assert m["maths"] > 0, f"{name}: no MathJax element"
    assert not m["raw"], f"{name}: text with a raw $ after typesetting: {[t[:120] for t in m['raw']]}"


@pytest.mark.parametrize("name", RUN_ALL)
def test_tables_are_html_and_fit_the_output_area(ran, name):
    tables = ran[name].measured["tables"]
    assert tables, f"{name}: no table"
    for t in tables:
        assert t["html"], f"{name}: a table not rendered as HTML: {t['first']!r}"
        assert t["width"] <= t["room"] + 0.5, f"{name}: table {t['first']!r} is {t['width']:.0f}px, room {t['room']}px"
        assert not t["broken"], f"{name}: cells broken over lines in {t['first']!r}: {t['broken']}"


@pytest.mark.parametrize("name", RUN_ALL)
def test_the_browser_console_has_no_error(ran, name):
    assert not ran[name].errors, f"{name}: {ran[name].errors}"


def committed_tables():
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            for out in cell.get("outputs", []):
                html = out.get("data", {}).get("text/html")
                if html and "<table" in "".join(html):
                    found.append((f"{path.stem} cell {i}", "".join(html)))
    return found


def test_every_committed_table_fits_the_output_area(ran):
    """Each HTML table of the committed notebooks, put into a live output area of 09 (same CSS, same width)."""
    tables = committed_tables()
    assert len(tables) >= 5, tables
    results = ran[RUN_ALL[-1]].page.evaluate("""async tables => {
        const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
        const area = window.jupyterapp.shell.currentWidget.node.querySelector('.jp-OutputArea-output.jp-RenderedHTMLCommon');
        const out = [];
        const kept = area.innerHTML;
        for (const [where, html] of tables) {
            area.innerHTML = html;   // in place of the output's own table: the same CSS and the same width
            area.scrollIntoView({block: 'center'});
            await frame();
            const t = area.querySelector('table');
            const broken = [...t.querySelectorAll('td, th')].filter(td => {
                const r = document.createRange(); r.selectNodeContents(td);
                return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1; }).length;
            out.push([where, t.getBoundingClientRect().width, area.clientWidth, broken]);
        }
        area.innerHTML = kept;
        return out; }""", tables)
    too_wide = [r for r in results if r[1] > r[2] + 0.5 or r[3]]
    assert not too_wide, f"tables wider than the output area or with broken cells (where, width, room, broken): {too_wide}"


def contrast(fg, bg):
    def lum(c):
        def ch(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_errors_are_readable_in_the_dark_theme(ran):
    p = ran[RUN_ALL[0]]
    p.page.evaluate("() => window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Dark'})")
    p.page.wait_for_function("document.body.dataset.jpThemeLight === 'false'")
    p.page.wait_for_timeout(1000)
    try:
        colors = p.page.evaluate("""() => {
            const rgba = s => (s.match(/[\\d.]+/g) || []).map(Number);
            const over = (top, under) => { const a = top.length > 3 ? top[3] : 1;
                return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)); };
            const background = e => {   // the colour behind e: its backgrounds composited down to the first opaque one
                const layers = [];
                for (let n = e; n; n = n.parentElement) {
                    const c = rgba(getComputedStyle(n).backgroundColor);
                    if (c.length && (c.length < 4 || c[3] > 0)) { layers.push(c); if (c.length < 4 || c[3] === 1) break; }
                }
                return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255]);
            };
            const errors = [...document.querySelectorAll(
                ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")];
            errors[0].scrollIntoView({block: 'center'});
            return errors.flatMap(o => [o, ...o.querySelectorAll('span')]).filter(e => e.innerText.trim())
                .map(e => [rgba(getComputedStyle(e).color), background(e), e.innerText.slice(0, 60)]); }""")
        p.shot("00-error-dark-theme", ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert colors
        worst = min((contrast(fg, bg), text) for fg, bg, text in colors)
        assert worst[0] >= 4.5, f"error text {worst[1]!r} has contrast {worst[0]:.2f}:1 in the dark theme"
    finally:
        p.page.evaluate("() => window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Light'})")


def test_check_grades_the_workspace_while_the_lab_is_running(lab, ran):
    p = ran[RUN_ALL[0]]
    p.save()
    mine = lab.workspace / f"{RUN_ALL[0]}.ipynb"
    before = (mine.read_bytes(), mine.stat().st_mtime_ns)
    done = subprocess.run([str(ROOT / "course"), "check", "00"], env=lab.env, capture_output=True, text=True,
                          timeout=600)
    out = done.stdout + done.stderr
    assert done.returncode == 1, f"exit {done.returncode} (1: not everything passes):\n{out}"
    assert f"{RUN_ALL[0]}: 0/3" in out and "✗ ex00-affine" in out and UNSOLVED in out and "total: 0/3" in out, out
    assert before == (mine.read_bytes(), mine.stat().st_mtime_ns), "./course check changed the learner's file"
    status = p.page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status")
    assert status == "idle", f"the notebook's kernel is {status} after ./course check"


def test_opening_and_saving_a_committed_notebook_changes_nothing(lab, browser):
    committed = ROOT / "notebooks" / f"{RUN_ALL[-1]}.ipynb"
    copy = lab.workspace / "saved-as-is.ipynb"
    shutil.copyfile(committed, copy)
    p = Page(browser, lab)
    try:
        p.open(copy.name)
        p.page.wait_for_timeout(2000)   # the kernel connects and reports its language_info
        p.save()
        assert_same_bytes(copy.read_bytes(), committed.read_bytes(), "saved by JupyterLab", "committed")
    finally:
        p.close()


def test_jupyterlab_saves_what_run_notebooks_writes(lab, browser):
    in_lab, by_tool = lab.workspace / "roundtrip.ipynb", lab.workspace / "roundtrip-tool.ipynb"
    shutil.copyfile(ROUNDTRIP, in_lab)
    shutil.copyfile(ROUNDTRIP, by_tool)
    tool = subprocess.Popen([sys.executable, "-m", "tools.run_notebooks", "--write", str(by_tool)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)   # meanwhile
    p = Page(browser, lab)
    try:
        p.open(in_lab.name)
        p.restart_and_run_all(timeout=180, restart=False)   # its kernel has just started: counts from 1
        p.save()
        streams = [o for c in p.cells() for o in c["outputs"] if o["output_type"] == "stream"]
        assert len(streams) == 1 and streams[0]["text"].count("epoch") == 3, f"JupyterLab did not join: {streams}"
    finally:
        p.close()
    out, _ = tool.communicate(timeout=600)
    assert tool.returncode == 0, out
    assert_same_bytes(in_lab.read_bytes(), by_tool.read_bytes(), "saved by JupyterLab", "written by run_notebooks")


def assert_same_bytes(a, b, name_a, name_b):
    if a != b:
        diff = difflib.unified_diff(a.decode().splitlines(), b.decode().splitlines(), name_a, name_b, lineterm="", n=2)
        pytest.fail("\n".join(list(diff)[:60]))


def test_the_server_log_has_no_error(lab):
    """Last: everything above happened without an error in the log (nbgrader's server extensions, invalid notebooks,
    failed requests...)."""
    lines = lab.log.read_text(encoding="utf-8", errors="replace").splitlines()
    bad = [ln for ln in lines if ln.startswith("[E ") or "Traceback" in ln]
    assert not bad, "\n".join(bad[:20])
