"""Sphinx configuration of the book, the course as a static website (`./course book`, tools/book.py).

Sphinx reads build/book/src, which tools/book.py lays out with links to this folder's pages, notebooks/ and docs/; this
folder is the configuration directory (sphinx-build -c book). The notebooks are rendered with the outputs they were
committed with: nothing is executed. Everything the site needs is served from the site itself (MathJax too).
"""
import os
import sys
from pathlib import Path

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
sys.path.insert(0, str(BOOK / "_ext"))

project = "Neural networks from scratch, in Java"
html_title = "Neural networks from scratch, in Java"

extensions = ["myst_nb", "sphinx-mathjax-offline", "sphinx.ext.githubpages", "coursebook"]   # githubpages: .nojekyll

# Notebooks: rendered as committed (./course notebooks --write ran them through the kernel), never executed here.
nb_execution_mode = "off"
nb_output_stderr = "show"
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_dmath_double_inline = True   # $$...$$ inside a paragraph or a list item is display maths, as in JupyterLab
myst_heading_anchors = 3
suppress_warnings = []

exclude_patterns = ["**/.ipynb_checkpoints"]

html_theme = "sphinx_book_theme"
html_logo = str(ROOT / "kernel" / "logo-64x64.png")
html_favicon = str(ROOT / "kernel" / "logo-32x32.png")
html_static_path = [str(BOOK / "_static")]
html_css_files = ["course.css"]
html_context = {"default_mode": "light"}   # an empty mode makes the theme log "Got invalid theme mode"
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,
    "home_page_in_toc": True,
    "navbar_persistent": [],   # the search field is in the sidebar; not a second one in an otherwise empty top bar
    "footer_content_items": ["extra-footer.html"],
    "extra_footer": "Built with Sphinx from the course's notebooks as they were executed, outputs and all.",
}
html_show_copyright = False
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None

# The library's Javadoc (mvn javadoc:javadoc, run first by tools/book.py) is copied into the site as apidocs/.
javadoc_dir = str(ROOT / "build" / "book" / "javadoc")
html_extra_path = [javadoc_dir]

# The GitHub repository that Binder launches; a fork that publishes its own book sets COURSE_REPOSITORY.
course_repository = os.environ.get("COURSE_REPOSITORY", "nncourse/nncourse")
course_branch = os.environ.get("COURSE_BRANCH", "main")
