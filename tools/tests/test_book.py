"""The book (`./course book`): built without a warning, every notebook in its table of contents, every link working,
every page checked in headless Chromium, and the landing page and a notebook page checked for accessibility.

The site is built once for the module, from nothing (tools/book.py: the Javadoc by Maven when the sources changed,
then Sphinx with -n -W, where any warning fails), and served on 127.0.0.1 at a free port. LinkChecker crawls it in
the background while Chromium (the one the lab's browser test drives, tools/tests/chromium.py) opens every page of the
book, and two Javadoc pages, one after the other in one browser context, and measures each:
- every image loaded (naturalWidth > 0), and charts at their natural size (never stretched);
- MathJax has typeset the maths: no `$` left in the text;
- no table wider than the content column; the notebooks' output tables have padded cells, numbers right-aligned;
- `<details>` blocks (the notebooks' "Source notes") as many as in the notebooks, and all collapsed;
- no failed request and no HTTP error, no error in the browser console (none is expected: see ALLOWED_CONSOLE_ERRORS);
then Sphinx's search finds a word that only one notebook has, and axe-core (from axe-playwright-python, in .venv-book)
finds no serious or critical accessibility violation on the landing page and a notebook page. Screenshots of the
landing page and a notebook page go to target/book/.
"""
import csv
import html
import io
import json
import posixpath
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from tools import book
from tools.tests import chromium

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "target" / "book"
VIEWPORT = {"width": 1280, "height": 800}
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
JAVADOC_PAGES = ["apidocs/index.html", "apidocs/dev/nncourse/linalg/Matrix.html"]
# Console errors the pages may log, each with the reason it is harmless. None today: the theme's "Got invalid theme
# mode" is gone (book/conf.py sets the default mode), and so is the favicon 404 (the course logo is the favicon).
ALLOWED_CONSOLE_ERRORS = {}


def notebook_markdown():
    """The Markdown of each notebook, by name."""
    return {name: "\n".join("".join(c["source"]) for c in json.loads((ROOT / "notebooks" / f"{name}.ipynb")
                                                                     .read_text(encoding="utf-8"))["cells"]
                            if c["cell_type"] == "markdown") for name in NOTEBOOKS}


@pytest.fixture(scope="module")
def site():
    """The book, built from nothing, served on 127.0.0.1; LinkChecker starts crawling it at once."""
    made = subprocess.run([shutil.which("python3") or sys.executable, "-m", "tools.bootstrap", "--book"], cwd=ROOT,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    start = time.monotonic()
    try:
        seconds, lines = book.build(fresh=True, quiet=True)
    except book.BuildError as e:
        pytest.fail(f"./course book failed: {e}")
    print(f"the book built in {seconds:.1f} s")
    server = book.server()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    links = subprocess.Popen([str(book.VENV / "bin" / "linkchecker"), "-f", str(book.BOOK / "linkcheckerrc"),
                              "--no-status", "--no-robots", "--verbose", "-o", "csv", url + "index.html"],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield type("Site", (), {"url": url, "lines": lines, "links": links, "start": start})
    finally:
        if links.poll() is None:
            links.kill()
            links.communicate()
        server.shutdown()
        server.server_close()


def test_the_readme_launches_the_books_binder():
    """README's Binder badge opens the repository and branch that book/conf.py's badges open."""
    conf = (book.BOOK / "conf.py").read_text()
    repo = re.search(r'"COURSE_REPOSITORY", "([^"]+)"', conf).group(1)
    branch = re.search(r'"COURSE_BRANCH", "([^"]+)"', conf).group(1)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"(https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/notebooks)" in readme


def test_the_book_builds_without_a_warning(site):
    assert any("build succeeded" in ln for ln in site.lines), "\n".join(site.lines[-20:])
    assert not [ln for ln in site.lines if "WARNING" in ln or "ERROR" in ln]
    assert sum(1 for ln in site.lines if ln.startswith("reading sources")) >= len(NOTEBOOKS), \
        "a fresh build reads every page"
    assert (book.HTML / "apidocs" / "index.html").is_file(), "the Javadoc is not in the site"


def page_text(page):
    return (book.HTML / page).read_text(encoding="utf-8")


def hrefs_within(text, tag, cls):
    """The hrefs inside the first <tag class="... cls ...">...</tag> of text (not nested in one of its kind)."""
    m = re.search(rf'<{tag}\b[^>]*class="[^"]*\b{cls}\b[^"]*"[^>]*>(.*?)</{tag}>', text, re.S)
    return re.findall(r'href="([^"]*)"', m.group(1)) if m else []


def link_of(text, cls):
    """The href of the link <a class="cls" ...>, or None."""
    m = re.search(rf'<a\s+class="{cls}"\s+href="([^"]*)"', text)
    return m.group(1) if m else None


def linked_notebooks(hrefs):
    return [m.group(1) for h in hrefs if (m := re.fullmatch(r"(?:\./)?notebooks/([^/#]+)\.html", h))]


def test_every_notebook_is_in_the_table_of_contents_in_order(site):
    index = page_text("index.html")
    assert linked_notebooks(hrefs_within(index, "nav", "bd-docs-nav")) == NOTEBOOKS, "the sidebar's contents"
    assert linked_notebooks(hrefs_within(index, "ul", "course-notebooks")) == NOTEBOOKS, "the landing page's list"
    for i, name in enumerate(NOTEBOOKS):
        page = page_text(f"notebooks/{name}.html")
        prev, nxt = link_of(page, "left-prev"), link_of(page, "right-next")
        assert prev == (f"{NOTEBOOKS[i - 1]}.html" if i else "../index.html"), f"{name}: previous {prev}"
        if i + 1 < len(NOTEBOOKS):
            assert nxt == f"{NOTEBOOKS[i + 1]}.html", f"{name}: next {nxt}"


def test_notebook_pages_link_their_classes_to_the_javadoc(site):
    """Inline code naming a library class used in the notebook's code links to its Javadoc page (and member)."""
    javadoc = [h for h in anchors(f"notebooks/{NOTEBOOKS[0]}.html")[0] if "/apidocs/" in h]
    assert any(h.endswith("/linalg/Matrix.html") for h in javadoc), javadoc
    anchored = [h for n in NOTEBOOKS for h in anchors(f"notebooks/{n}.html")[0] if "/apidocs/" in h and "#" in h]
    assert any("Dense.html#backward(" in h for h in anchored), anchored


def anchors(page, cache={}):
    """(the hrefs of page's links, the ids it has), read with regular expressions (HTMLParser is 20 times slower)."""
    if page not in cache:
        path = book.HTML / page
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        cache[page] = (re.findall(r'<a\b[^>]*?\shref="([^"]*)"', text),
                       {html.unescape(i) for i in re.findall(r'\s(?:id|name)="([^"]*)"', text)})
    return cache[page]


def test_every_anchor_exists(site):
    """Every link to #fragment, from a page of the book, names an id of its target page (LinkChecker checks pages;
    its anchor check takes minutes on a site of this size)."""
    missing, checked = [], 0
    for page in book.pages():
        for href in anchors(page)[0]:
            parts = urllib.parse.urlsplit(html.unescape(href))
            if parts.scheme or parts.netloc or not parts.fragment:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path)) if parts.path else page
            checked += 1
            if urllib.parse.unquote(parts.fragment) not in anchors(target)[1]:
                missing.append(f"{page}: {href}")
    assert checked > 100, f"only {checked} links with an anchor"
    assert not missing, "\n".join(missing[:30])


MEASURE = r"""async () => {
    const article = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
    const style = getComputedStyle(article);
    const column = article.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const images = [];
    for (const img of document.querySelectorAll('img')) {
        try { await img.decode(); } catch (e) {}
        images.push({src: img.getAttribute('src').slice(0, 60), natural: img.naturalWidth, width: img.width,
                     chart: !!img.closest('.cell_output')});
    }
    const number = /^[-+−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][-+−]?\d+)?%?$/;
    const tables = [...article.querySelectorAll('table')].map(t => {
        const rows = [...t.querySelectorAll('tbody tr')].map(r => [...r.children]);
        const width = Math.max(0, ...rows.map(r => r.length));
        // the alignment of each column whose body cells are all numbers
        const numeric = [...Array(width).keys()].filter(c => rows.every(r => !r[c] || number.test(r[c].innerText.trim())));
        return {width: t.getBoundingClientRect().width, first: t.innerText.slice(0, 40),
                course: t.classList.contains('course-table'),
                padding: Math.min(...[...t.querySelectorAll('td, th')].map(td => parseFloat(getComputedStyle(td).paddingLeft))),
                aligned: numeric.flatMap(c => rows.filter(r => r[c]).map(r => getComputedStyle(r[c]).textAlign))};
    });
    const text = article.cloneNode(true);
    text.querySelectorAll('code, pre, mjx-container, .MathJax, script, style, mjx-assistive-mml')
        .forEach(e => e.remove());
    // textContent, not innerText: the text of a collapsed <details> counts too
    const raw = text.textContent.split('\n').filter(line => line.includes('$'));
    const details = [...document.querySelectorAll('details')].filter(d => !d.closest('.bd-sidebar-primary'))
        .map(d => ({open: d.open, summary: (d.querySelector('summary') || {}).innerText}));
    return {column, images, tables, raw, details, maths: document.querySelectorAll('mjx-container').length};
}"""


AXE = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))"""


def axe_script():
    found = sorted(book.VENV.glob("lib/python*/site-packages/axe_playwright_python/axe.min.js"))
    assert found, "axe-core is missing from .venv-book (axe-playwright-python, book/requirements.txt)"
    return found[0]


@pytest.fixture(scope="module")
def browser():
    with chromium.browser() as b:
        yield b


@pytest.fixture(scope="module")
def visited(site, browser):
    """Every page of the book and two of the Javadoc, opened one after the other in one browser page: the landing
    page first, then the first notebook (their screenshots show the sidebar as a reader arriving sees it)."""
    first = ["index.html", f"notebooks/{NOTEBOOKS[0]}.html"]
    pages = first + [p for p in book.pages() if p not in first] + JAVADOC_PAGES
    found = {}
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(60_000)
    # What goes wrong is recorded with the page open at the time (a late request of one page may show under the next).
    events, current = [], [None]
    page.on("console", lambda m: events.append((current[0], "console", m.text)) if m.type == "error" else None)
    page.on("pageerror", lambda e: events.append((current[0], "console", f"page error: {e}")))
    # A request the browser cancels (net::ERR_ABORTED: the favicon still loading when the next page is opened) is
    # not a failure of the book; a missing file is (its HTTP status below), and so is any other network error.
    page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED"
            else events.append((current[0], "request", f"{r.url} {r.failure}")))
    page.on("response", lambda r: events.append((current[0], "request", f"{r.url} HTTP {r.status}"))
            if r.status >= 400 else None)
    for name in pages:
        current[0] = name
        page.goto(site.url + name, wait_until="load")
        # MathJax typesets after the load event: wait for it on the pages that load it.
        page.wait_for_function("() => !document.querySelector('script[src*=\"mathjax\"]') || "
                               "(window.MathJax && MathJax.startup && MathJax.startup.promise && "
                               "MathJax.startup.promise.then(() => true))")
        found[name] = page.evaluate(MEASURE)
        if name in first:   # the landing page and the first notebook: screenshots, and axe's accessibility check
            page.screenshot(path=str(SHOTS / ("landing.png" if name == "index.html" else "notebook.png")))
            page.add_script_tag(path=str(axe_script()))
            # axe fetches the page's stylesheets again, and resolves their @import (the theme's "../basic.css") from
            # the page's address, not the stylesheet's: a 404 of axe's own, recorded apart from the page's requests.
            current[0] = f"{name} (axe)"
            found[name]["axe"] = page.evaluate(AXE)
        if name == first[1]:
            page.locator("table.course-table").first.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "notebook-table.png"))
    page.goto("about:blank")
    context.close()
    for name, kind, text in events:
        if name.endswith(" (axe)"):
            found[name[:-len(" (axe)")]].setdefault("axe requests", []).append((kind, text))
        else:
            found[name].setdefault("events", []).append((kind, text))
    return found


def test_every_page_was_opened(visited):
    notebooks = [n for n in visited if n.startswith("notebooks/")]
    assert len(notebooks) == len(NOTEBOOKS) and "index.html" in visited and "search.html" in visited, list(visited)


def test_every_image_loads_and_charts_keep_their_size(visited):
    bad = [(page, i) for page, m in visited.items() for i in m["images"] if not i["natural"]]
    assert not bad, f"images that did not load: {bad}"
    charts = [(page, i) for page, m in visited.items() for i in m["images"] if i["chart"]]
    assert len(charts) >= len(NOTEBOOKS), f"only {len(charts)} charts"
    stretched = [(page, i) for page, i in charts
                 if i["width"] > i["natural"] or (i["natural"] <= visited[page]["column"] and i["width"] != i["natural"])]
    assert not stretched, f"charts not at their natural size: {stretched}"


def test_the_maths_is_typeset(visited):
    raw = {page: m["raw"] for page, m in visited.items() if m["raw"]}
    assert not raw, f"text with a $ left: {raw}"
    assert all(visited[f"notebooks/{n}.html"]["maths"] > 0 for n in NOTEBOOKS[1:]), \
        {n: visited[f"notebooks/{n}.html"]["maths"] for n in NOTEBOOKS}


def test_no_table_is_wider_than_the_content_column(visited):
    wide = [(page, t["first"], round(t["width"]), round(m["column"]))
            for page, m in visited.items() if not page.startswith("apidocs/")
            for t in m["tables"] if t["width"] > m["column"] + 0.5]
    assert not wide, f"tables wider than the column (page, table, width, column): {wide}"


def test_output_tables_are_padded_with_numbers_right_aligned(visited):
    committed = sum(1 for name in NOTEBOOKS
                    for c in json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
                    for o in c.get("outputs", []) if "<table" in "".join(o.get("data", {}).get("text/html", "")))
    styled = [t for page, m in visited.items() for t in m["tables"] if t["course"]]
    assert len(styled) >= committed > 0, f"{len(styled)} styled output tables, {committed} in the notebooks"
    assert all(t["padding"] >= 8 for t in styled), [t for t in styled if t["padding"] < 8]
    assert sum(len(t["aligned"]) for t in styled) > 100, "hardly a number in the output tables"
    assert all(set(t["aligned"]) <= {"right"} for t in styled), [t for t in styled if set(t["aligned"]) - {"right"}]


def test_source_notes_stay_collapsed(visited):
    """As many <details> blocks on each notebook page as its Markdown has, and none open."""
    markdown = notebook_markdown()
    for name in NOTEBOOKS:
        details = visited[f"notebooks/{name}.html"]["details"]
        assert len(details) == markdown[name].count("<details"), (name, details)
        assert not [d for d in details if d["open"]], (name, details)


def test_no_failed_request_and_no_console_error(visited):
    failed = {page: [t for kind, t in m.get("events", []) if kind == "request"] for page, m in visited.items()}
    assert not {p: f for p, f in failed.items() if f}, failed
    errors = {page: [t for kind, t in m.get("events", []) if kind == "console" and not any(
        re.search(pattern, t) for pattern in ALLOWED_CONSOLE_ERRORS)] for page, m in visited.items()}
    assert not {p: e for p, e in errors.items() if e}, errors


def search_term():
    """A word of at least 8 letters that only one notebook's Markdown has (and no other page's source): what the
    search must find, on that notebook's page."""
    markdown = notebook_markdown()
    others = " ".join(p.read_text(encoding="utf-8") for p in [*(ROOT / "docs").glob("*.md"), *book.BOOK.glob("*.md")])
    words = {name: set(re.findall(r"(?<![\w\\])[a-z]{8,}(?!\w)", re.sub(r"\$[^$]*\$", " ", md)))
             for name, md in markdown.items()}
    for name in NOTEBOOKS:
        rest = set().union(*(w for n, w in words.items() if n != name))
        only = sorted(w for w in words[name] - rest if w not in others.lower())
        if only:
            return only[0], name
    pytest.fail("no word is in one notebook only")


def test_search_finds_a_word_on_its_page(site, browser):
    word, name = search_term()
    with browser.new_context(viewport=VIEWPORT) as context:
        page = context.new_page()
        page.goto(f"{site.url}search.html?q={word}", wait_until="load")
        page.wait_for_function("document.querySelectorAll('#search-results ul.search li').length > 0 || "
                               "/found|did not match/.test(document.querySelector('#search-results')?.innerText || '')")
        hits = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.getAttribute('href'))")
    assert any(f"notebooks/{name}.html" in h for h in hits), f"searching {word!r}: {hits}"


@pytest.mark.parametrize("page_name", ["index.html", f"notebooks/{NOTEBOOKS[0]}.html"])
def test_no_serious_accessibility_violation(visited, page_name):
    """axe-core, run on the page as the browser test opened it (after MathJax)."""
    violations = visited[page_name]["axe"]
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    print(f"{page_name}: axe found {len(violations)} violations, {len(serious)} serious or critical: "
          f"{[(v['id'], v['impact']) for v in violations]}")
    assert not serious, json.dumps(serious, indent=1)


def test_links(site):
    """LinkChecker, from the landing page through every page, stylesheet, script and image of the site: no broken
    link (the book's own and the Javadoc's)."""
    out, err = site.links.communicate(timeout=600)
    rows = list(csv.reader(io.StringIO("\n".join(ln for ln in out.splitlines() if not ln.startswith("#"))),
                           delimiter=";"))
    rows = [dict(zip(rows[0], r)) for r in rows[1:]]
    broken = [r for r in rows if r["valid"] == "False"]
    pages = {r["url"] for r in rows if r["url"].endswith(".html")}
    print(f"LinkChecker: {len(rows)} links checked, {len(pages)} pages, {len(broken)} broken; done "
          f"{time.monotonic() - site.start:.0f} s after the build started")
    assert not broken, "\n".join(f"{b['url']} (in {b['parentname']}): {b['result']}" for b in broken)
    assert len(pages) > len(book.pages()), f"LinkChecker reached only {len(pages)} pages"
    assert site.links.returncode == 0, err[-2000:]
