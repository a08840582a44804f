"""The book's own Sphinx extension: what turns the course's notebooks and docs into the course's website.

- ``{notebook-list}``: the landing page's list of the notebooks, in order, each with its title and the first sentence
  of its introduction, made from the notebooks themselves (a new notebook shows up by itself).
- ``{javadoc-packages}``: the library's packages and classes, linked to the Javadoc that tools/book.py built.
- ``{binder-badge}``: the "launch Binder" badge (an SVG served by the site) linking to JupyterLab on Binder.
- On every notebook page, after its title, a "Run this notebook" note: ``./course lab``, or Binder.
- Inline code that names a library class or member (``Dense``, ``Matrix.mult``, ``Losses.SIGMOID_CROSS_ENTROPY``) links
  to its Javadoc page and anchor; in a notebook only when the notebook's Java code uses that class, since the
  notebooks also discuss the source documents' own classes (the Python ``Layer`` of source 001).
- The HTML tables of the outputs (Tablesaw's) get the class ``course-table``, and their numeric columns ``num``, which
  _static/course.css pads and right-aligns.
- Image files under notebooks/ are copied next to the notebook pages, so that a figure referenced from raw HTML
  (``<img src="figures/x.svg">``) loads as it does in JupyterLab (Markdown images Sphinx copies itself).
"""
import hashlib
import itertools
import posixpath
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

API = "apidocs"   # where maven-javadoc-plugin puts the Javadoc, under javadoc_dir; the site serves it there too
JAVADOC = {}      # "index": the Javadoc of this build (read once per build, in builder-inited; never pickled)
NOTEBOOKS = "notebooks/"
IMAGES = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"}


# --- the Javadoc ------------------------------------------------------------------------------------------------

class Javadoc:
    """The class pages of the Javadoc under javadoc_dir/apidocs: simple name -> (page, its anchors)."""

    def __init__(self, root: Path):
        api = root / API
        if not (api / "index.html").is_file():
            raise ExtensionError(f"no Javadoc in {api}: build the book with ./course book, which runs "
                                 f"mvn javadoc:javadoc first")
        self.packages = (api / "element-list").read_text(encoding="utf-8").split()
        found = {}
        for page in sorted(api.glob("dev/**/*.html")):
            if page.stem[0].isupper() and "class-use" not in page.parts:
                ids = re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8"))
                found.setdefault(page.stem, []).append((page.relative_to(root).as_posix(), ids))
        # A simple name that two packages share is ambiguous: no link rather than a wrong one.
        self.classes = {name: pages[0] for name, pages in found.items() if len(pages) == 1}
        self.digest = hashlib.sha256(repr(sorted(self.classes.items())).encode()).hexdigest()

    def target(self, cls, member=None):
        """The page (and anchor) of cls or cls.member, relative to the site's root; None if cls is not documented."""
        if cls not in self.classes:
            return None
        page, ids = self.classes[cls]
        if member:
            anchor = member if member in ids else next((i for i in ids if i.startswith(member + "(")), None)
            if anchor:
                return f"{page}#{anchor}"
        return page


MENTION = re.compile(r"(?:new\s+)?([A-Z][A-Za-z0-9]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?(?:\(.*\))?")


def link_javadoc(app, doctree, docname):
    javadoc = JAVADOC["index"]
    code = " ".join(n.astext() for n in doctree.findall(nodes.literal_block))
    for literal in list(doctree.findall(nodes.literal)):
        if isinstance(literal.parent, (nodes.reference, nodes.title)) or literal.parent is None:
            continue
        m = MENTION.fullmatch(literal.astext().strip())
        if not m or (docname.startswith(NOTEBOOKS) and not re.search(rf"\b{m.group(1)}\b", code)):
            continue
        target = javadoc.target(m.group(1), m.group(2))
        if target:
            uri = posixpath.relpath(target, posixpath.dirname(docname) or ".")
            ref = nodes.reference("", "", internal=False, refuri=uri, classes=["javadoc"],
                                  reftitle=f"{m.group(1)} in the library's API documentation")
            literal.replace_self(ref)
            ref.append(literal)


# --- tables -------------------------------------------------------------------------------------------------------

NUMBER = re.compile(r"[-+−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][-+−]?\d+)?%?|[-+−]?(\.\d+)|[-+−]?(NaN|∞|Infinity)")
CELL = re.compile(r"<(td|th)>(.*?)</\1>", re.S)


def number_columns(table_html):
    """The table (plain <table>, <tr>, <td>/<th> with no attributes, as Tablesaw writes them) with the class
    course-table, and the class num on every cell of a column whose non-empty body cells are all numbers."""
    rows = [CELL.findall(r) for r in re.findall(r"<tr>(.*?)</tr>", table_html, re.S)]
    body = [[text.strip() for _, text in r] for r in rows if any(tag == "td" for tag, _ in r)]
    numeric = {c for c in range(max(map(len, body), default=0))
               if any(len(r) > c and r[c] for r in body)
               and all(NUMBER.fullmatch(r[c]) for r in body if len(r) > c and r[c])}

    def row(m):
        column = itertools.count()
        return "<tr>" + CELL.sub(lambda c: f'<{c.group(1)} class="num">{c.group(2)}</{c.group(1)}>'
                                 if next(column) in numeric else c.group(0), m.group(1)) + "</tr>"
    return '<table class="course-table">' + re.sub(r"<tr>(.*?)</tr>", row, table_html[len("<table>"):], flags=re.S)


def style_tables(doctree):
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if "html" in raw.get("format", "").split() and "<table>" in text:
            new = re.sub(r"<table>.*?</table>", lambda m: number_columns(m.group(0)), text, flags=re.S)
            raw.replace_self(nodes.raw("", new, format=raw["format"], classes=raw.get("classes", [])))


# --- notebooks: the run note and the one-line summaries -----------------------------------------------------------

def binder_url(config, path=None):
    url = f"https://mybinder.org/v2/gh/{config.course_repository}/{config.course_branch}"
    return url + f"?urlpath=lab/tree/{path or 'notebooks'}"


def badge(docname, config, path=None):
    src = posixpath.relpath("_static/binder-badge.svg", posixpath.dirname(docname) or ".")
    return nodes.raw("", f'<a class="binder-badge" href="{binder_url(config, path)}">'
                         f'<img src="{src}" alt="launch on Binder" width="109" height="20"></a>', format="html")


def run_note(docname, config):
    name = docname[len(NOTEBOOKS):]
    note = nodes.admonition(classes=["note", "course-run"])
    note += nodes.title("", "Run this notebook")
    para = nodes.paragraph()
    para += nodes.Text("On your machine, ")
    para += nodes.literal("", "./course lab")
    para += nodes.Text(" opens your own copy, ")
    para += nodes.literal("", f"workspace/{name}.ipynb")
    para += nodes.Text(", in JupyterLab with the exercises unsolved (see the landing page). Without installing "
                       "anything, Binder opens the course's copy, with its solutions, in a temporary session: ")
    para += badge(docname, config, f"{docname}.ipynb")
    note += para
    return note


def first_sentence(section):
    para = next((p for p in section.children if isinstance(p, nodes.paragraph)), None)
    if para is None:
        return ""
    text = " ".join(para.astext().split())
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    text = m.group(1) if m else text
    if text.startswith("This notebook "):   # "This notebook derives ..." -> "Derives ..."
        text = text[len("This notebook "):]
        text = text[0].upper() + text[1:]
    return text


def doctree_read(app, doctree):
    docname = app.env.docname
    if docname.startswith(NOTEBOOKS):
        section = next(iter(doctree.findall(nodes.section)), None)
        if section is None:
            raise ExtensionError(f"{docname}: the notebook has no title (a '# NN · Title' heading first)")
        app.env.course_blurbs[docname] = first_sentence(section)
        title = section.next_node(nodes.title)
        title.parent.insert(title.parent.index(title) + 1, run_note(docname, app.config))
        style_tables(doctree)
    link_javadoc(app, doctree, docname)


# --- directives -----------------------------------------------------------------------------------------------

class notebook_list(nodes.General, nodes.Element):
    pass


class NotebookList(SphinxDirective):
    def run(self):
        self.env.note_dependency(__file__)
        return [notebook_list()]


class JavadocPackages(SphinxDirective):
    def run(self):
        javadoc, items = JAVADOC["index"], nodes.bullet_list()
        here = posixpath.dirname(self.env.docname) or "."
        for package in javadoc.packages:
            item = nodes.list_item()
            para = nodes.paragraph()
            path = f"{API}/{package.replace('.', '/')}/package-summary.html"
            para += nodes.reference("", "", nodes.literal("", package), refuri=posixpath.relpath(path, here))
            classes = sorted(name for name, (page, _) in javadoc.classes.items()
                             if posixpath.dirname(page) == posixpath.dirname(path) and "." not in name)
            para += nodes.Text(": ")
            for i, name in enumerate(classes):
                if i:
                    para += nodes.Text(", ")
                para += nodes.reference("", "", nodes.literal("", name),
                                        refuri=posixpath.relpath(javadoc.target(name), here))
            item += para
            items += item
        return [items]


class BinderBadge(SphinxDirective):
    def run(self):
        para = nodes.paragraph()
        para += badge(self.env.docname, self.config)
        return [para]


def doctree_resolved(app, doctree, docname):
    for placeholder in list(doctree.findall(notebook_list)):
        items = nodes.bullet_list(classes=["course-notebooks"])
        for nb in sorted(d for d in app.env.found_docs if d.startswith(NOTEBOOKS)):
            item = nodes.list_item("", nodes.paragraph("", "", nodes.strong("", "", nodes.reference(
                "", app.env.titles[nb].astext(), internal=True, refuri=app.builder.get_relative_uri(docname, nb)))))
            if app.env.course_blurbs.get(nb):
                item += nodes.paragraph("", app.env.course_blurbs[nb], classes=["course-blurb"])
            items += item
        placeholder.replace_self(items)


# --- the environment: what is kept between incremental builds ------------------------------------------------------

def builder_inited(app):
    JAVADOC["index"] = Javadoc(Path(app.config.javadoc_dir))
    if not hasattr(app.env, "course_blurbs"):
        app.env.course_blurbs = {}


def env_get_outdated(app, env, added, changed, removed):
    """Every page again when the Javadoc's classes changed (their links); the landing page when a notebook did."""
    digest = JAVADOC["index"].digest
    if getattr(env, "course_javadoc_digest", None) != digest:
        env.course_javadoc_digest = digest
        return sorted(env.found_docs)
    if any(d.startswith(NOTEBOOKS) for d in added | changed | removed):
        return [env.config.root_doc]
    return []


def env_purge_doc(app, env, docname):
    env.course_blurbs.pop(docname, None)


def env_merge_info(app, env, docnames, other):
    env.course_blurbs.update({d: other.course_blurbs[d] for d in docnames if d in other.course_blurbs})


def copy_notebook_images(app, exception):
    if exception is None and app.builder.format == "html":
        src = Path(app.srcdir) / NOTEBOOKS
        for path in src.rglob("*"):
            if path.suffix.lower() in IMAGES and ".ipynb_checkpoints" not in path.parts:
                out = Path(app.outdir) / NOTEBOOKS / path.relative_to(src)
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, out)


def setup(app):
    # Any change to this file makes Sphinx read every page again (what it stored in the environment may differ).
    version = int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8], 16)
    app.add_config_value("javadoc_dir", "", "env")
    app.add_config_value("course_repository", "", "env")
    app.add_config_value("course_branch", "main", "env")
    app.add_node(notebook_list)
    app.add_directive("notebook-list", NotebookList)
    app.add_directive("javadoc-packages", JavadocPackages)
    app.add_directive("binder-badge", BinderBadge)
    app.connect("builder-inited", builder_inited)
    app.connect("env-get-outdated", env_get_outdated)
    app.connect("env-purge-doc", env_purge_doc)
    app.connect("env-merge-info", env_merge_info)
    app.connect("doctree-read", doctree_read)
    app.connect("doctree-resolved", doctree_resolved)
    app.connect("build-finished", copy_notebook_images)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": version}
