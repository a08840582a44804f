"""The book: the course as a static website in build/book/html, from the committed notebooks and docs/.

    python -m tools.book               # build it (./course book), showing progress
    python -m tools.book --serve       # build, then serve it on 127.0.0.1 at a free port (--port N for another)

Standard library only: it runs the book's own environment, .venv-book (book/requirements.txt; ./course book makes it
with tools/bootstrap.py --book), as subprocesses. Steps:
1. the library's Javadoc, `mvn javadoc:javadoc` (pom.xml), into build/book/javadoc/apidocs, when the sources changed;
2. build/book/src, the tree Sphinx reads: copies of book/*.md (the landing page, the API page), notebooks/ and docs/;
3. Sphinx with myst-nb (book/conf.py; book/_ext/coursebook.py) into build/book/html, with -n -W: any warning, a
   broken cross-reference, or a notebook missing from the table of contents fails the build. Incremental: a page is
   read again when its source changed (or, with fresh=True, every page is).
"""
import argparse
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tools import bootstrap

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
OUT = ROOT / "build" / "book"
SRC, HTML, DOCTREES, JAVADOC = OUT / "src", OUT / "html", OUT / "doctrees", OUT / "javadoc"
VENV = ROOT / ".venv-book"
FAVICON = "logo-32x32.png"   # book/conf.py's html_favicon, which Sphinx copies into _static/
SPHINX_PAGES = {"genindex.html", "search.html"}   # pages Sphinx makes without a source
LINKED = ["notebooks", "docs"]   # the folders of the repository that the book shows, copied into SRC


class BuildError(Exception):
    """A step of the build failed; the message says which and why."""


def say(line):
    print(line, flush=True)


def javadoc_is_stale():
    index = JAVADOC / "apidocs" / "index.html"
    if not index.is_file():
        return True
    built = index.stat().st_mtime
    return any(p.is_file() and p.stat().st_mtime > built for p in [ROOT / "pom.xml", *(ROOT / "src" / "main").rglob("*")])


def javadoc():
    if javadoc_is_stale():
        maven_javadoc()
        favicons()
    # JDK 17's javadoc writes a stylesheet that imports resources/fonts/dejavu.css, a file it does not write (a 404 on
    # every page; later JDKs write it): an empty one, so the pages use the fonts the browser has.
    fonts = JAVADOC / "apidocs" / "resources" / "fonts" / "dejavu.css"
    if "resources/fonts/dejavu.css" in (JAVADOC / "apidocs" / "stylesheet.css").read_text() and not fonts.exists():
        fonts.parent.mkdir(parents=True, exist_ok=True)
        fonts.write_text("/* empty: the JDK 17 javadoc's stylesheet imports this file without writing it */\n")


def favicons():
    """The course logo as the favicon of every Javadoc page, as of the book's (without one, browsers ask for
    /favicon.ico, which a site published in a sub-folder does not have): a link next to the page's stylesheet, whose
    relative path to the Javadoc's root it shares."""
    for page in (JAVADOC / "apidocs").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        m = re.search(r'<link rel="stylesheet" type="text/css" href="((?:\.\./)*)stylesheet.css"[^>]*>', text)
        if m and 'rel="icon"' not in text:
            icon = f'<link rel="icon" type="image/png" href="{m.group(1)}../_static/{FAVICON}">'
            page.write_text(text[:m.start()] + icon + "\n" + text[m.start():], encoding="utf-8")


def maven_javadoc():
    say("==> the library's Javadoc (mvn javadoc:javadoc) -> build/book/javadoc/apidocs")
    shutil.rmtree(JAVADOC, ignore_errors=True)
    bootstrap.LOGS.mkdir(parents=True, exist_ok=True)
    step = bootstrap.Step("javadoc", [["mvn", "-B", "-Dstyle.color=never", "javadoc:javadoc"]], bootstrap.maven_lines())
    step.run()
    if not step.ok:
        raise BuildError(f"mvn javadoc:javadoc failed; the end of {os.path.relpath(step.log, ROOT)}:\n{step.tail()}")


def stage():
    """SRC: a copy of each page of book/ and of each folder of LINKED, nothing else. Copies, not links: MyST resolves
    a page's links from its real path. A file is copied only when it changed (with its time: Sphinx reads a page
    again when its time is newer than the last build), and a file gone from the repository goes from SRC."""
    wanted = {p.name: p for p in BOOK.glob("*.md")}
    for folder in LINKED:
        wanted |= {p.relative_to(ROOT).as_posix(): p for p in (ROOT / folder).rglob("*")
                   if p.is_file() and ".ipynb_checkpoints" not in p.parts}
    SRC.mkdir(parents=True, exist_ok=True)
    for path in sorted(SRC.rglob("*"), reverse=True):
        rel = path.relative_to(SRC).as_posix()
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in wanted:
            path.unlink()
    for rel, source in wanted.items():
        copy = SRC / rel
        if not copy.is_file() or (copy.stat().st_mtime_ns, copy.stat().st_size) != (source.stat().st_mtime_ns,
                                                                                    source.stat().st_size):
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)


def sphinx_progress(line):
    """The line to show of Sphinx's output: one per page read and written, the warnings, and the end."""
    m = re.match(r"(reading sources|writing output)\.\.\. \[\s*(\d+)%\] (\S+)", line)
    if m:
        return f"  {m.group(1).split()[0]} {m.group(3)} ({m.group(2)}%)"
    if re.search(r"WARNING|ERROR|Exception|Error:", line) or line.startswith(("build ", "Sphinx error")):
        return "  " + line
    return None


def sphinx(fresh=False, quiet=False):
    """Sphinx into HTML (fresh: from nothing, every page read and written again); its output lines. Raises
    BuildError with the warnings when there are any."""
    build = VENV / "bin" / "sphinx-build"
    if not build.exists():
        raise BuildError(".venv-book is missing: run ./course book (python3 -m tools.bootstrap --book makes it)")
    if fresh:
        shutil.rmtree(DOCTREES, ignore_errors=True)
        shutil.rmtree(HTML, ignore_errors=True)
    cmd = [str(build), "-b", "html", "-n", "-W", "--keep-going", "-c", str(BOOK), "-d", str(DOCTREES), str(SRC),
           str(HTML)]
    say(f"==> Sphinx (myst-nb): {os.path.relpath(SRC, ROOT)} -> {os.path.relpath(HTML, ROOT)}")
    env = dict(os.environ, PYTHONUNBUFFERED="1", NO_COLOR="1")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            stdin=subprocess.DEVNULL)
    lines = []
    for line in proc.stdout:
        line = line.rstrip("\n")
        lines.append(line)
        shown = sphinx_progress(line)
        if shown and not quiet:
            say(shown)
    if proc.wait() != 0:
        shutil.rmtree(DOCTREES, ignore_errors=True)   # so that the next build reads every page again, and warns again
        raise BuildError("Sphinx failed:\n" + "\n".join(ln for ln in lines if sphinx_progress(ln)
                                                               and "%]" not in ln)[-6000:])
    return lines


def prune():
    """Removes the pages of sources that are gone (Sphinx leaves them), so that the site has no page of a notebook
    that was renamed or deleted."""
    for page in pages():
        stem = page[:-len(".html")]
        if page not in SPHINX_PAGES and not any((SRC / f"{stem}{ext}").is_file() for ext in (".md", ".ipynb")):
            (HTML / page).unlink()


def pages():
    """The book's own pages (not the Javadoc's), relative to HTML."""
    return sorted(p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html")
                  if not p.relative_to(HTML).as_posix().startswith(("apidocs/", "_static/")))


def size():
    return sum(p.stat().st_size for p in HTML.rglob("*") if p.is_file())


def build(fresh=False, quiet=False):
    """The whole book; returns its build time in seconds and Sphinx's output lines."""
    start = time.monotonic()
    javadoc()
    stage()
    lines = sphinx(fresh, quiet)
    prune()
    return time.monotonic() - start, lines


class Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request. The header LinkChecker lets LinkChecker send requests as fast as
    it can (it otherwise waits 0.1-0.6 s between two requests to one host)."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("LinkChecker", "local")
        super().end_headers()


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A browser or LinkChecker that hangs up before a response ends is no error of the site's."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def server(port=0, directory=HTML):
    """An HTTP server of directory on 127.0.0.1 (port 0: a free one), not yet serving."""
    return Server(("127.0.0.1", port), functools.partial(Quiet, directory=str(directory)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--serve", action="store_true", help="then serve the site on 127.0.0.1 until Ctrl+C")
    ap.add_argument("--port", type=int, default=0, help="the port to serve on (default: a free one)")
    ap.add_argument("--fresh", action="store_true", help="build from nothing: every page read and written again")
    args = ap.parse_args()
    try:
        seconds, _ = build(args.fresh)
    except BuildError as e:
        sys.exit(f"course book: {e}")
    found = pages()
    api = sum(1 for _ in (HTML / "apidocs").rglob("*.html"))
    say(f"course book: {len(found)} pages and {api} Javadoc pages, {size() / 1e6:.1f} MB, in "
        f"{os.path.relpath(HTML, ROOT)}/ ({seconds:.0f} s); open {os.path.relpath(HTML / 'index.html', ROOT)}")
    if args.serve:
        with server(args.port) as httpd:
            say(f"serving the book at http://127.0.0.1:{httpd.server_address[1]}/ (Ctrl+C stops)")
            try:
                httpd.serve_forever()
            except KeyboardInterrupt:
                pass


if __name__ == "__main__":
    main()
