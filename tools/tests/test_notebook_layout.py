"""One structure for every course notebook (issue 13, section 5; the rules of NOTEBOOKS.md):

- cell 0 is Markdown: `# NN · Title` (NN the file's number), one or two sentences, and `## Learning objectives` with a
  bulleted list (in cell 0 or in a second Markdown cell);
- then the code cell that loads the library, exactly as docs/notebook-conventions.md shows it, then the imports;
- then the sections, each headed `## <what it is about> · <item id>` (or several ids, `· X4, X9`), every cell of a
  section tagged with one of its items; no two headings alike, no Markdown cell of more than 150 words of prose (a
  collapsed `<details>` block of source notes up to 400), no code cell of more than 20 lines;
- a notebook with errata of its source (X items) sets the source's history aside in a collapsed block,
  `<details><summary>Source notes …</summary> … </details>`, which JupyterLab and GitHub show closed;
- at the end, in this order: `## Summary`, `## Exercises`, the exercises (`### Exercise k · <title>`, the solution
  cell `exNN-<slug>`, its locked test cell `exNN-<slug>-test` with visible and hidden tests), and a last Markdown cell
  linking the previous and the next notebook by their titles;
- no plot styling in a cell (`getStyler()` belongs in dev.nncourse.viz), and the README lists every notebook.

Separately, nothing in the repository refers to the developers' folder of source documents outside it.
"""
import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb"))
PARAMS = NOTEBOOKS or [None]   # with no notebooks every test runs once on None and fails: nothing is skipped
IDS = [p.name for p in NOTEBOOKS] or ["no-notebooks"]

MAX_WORDS = 150
MAX_NOTES_WORDS = 400   # a collapsed <details> block of source notes
MAX_CODE_LINES = 20     # a learner reads a code cell at a glance
NOTES = re.compile(r"^\s*<details>\s*<summary>Source notes\b", re.S)
ITEM_ID = r"(?:E\d\.\d+|X\d+|N\d\d\.\d+)"          # E0.1 (a source's equation), X4 (an erratum), N10.1 (course items)
SECTION = re.compile(rf"^## (?P<what>\S.*\S) · (?P<id>{ITEM_ID}(?:, {ITEM_ID})*)$")
TITLE = re.compile(r"^# (?P<nn>\d\d) · (?P<title>\S.*\S)$")
EXERCISE = re.compile(r"^### Exercise (?P<k>\d+) · (?P<title>\S.*\S)$")
BUILT_IN = re.compile(r'\(built in "[^"]+"\)$')   # a build exercise's title: its solution cell is in the body
GRADE_ID = re.compile(r"^ex(?P<nn>\d\d)-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")
LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+\.ipynb)\)")


def cells(path):
    assert path is not None, "no notebooks under notebooks/"
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def first_line(cell):
    return source(cell).strip().split("\n", 1)[0].strip()


def loading_cell():
    """The library-loading cell of docs/notebook-conventions.md (the first ```java block)."""
    text = (ROOT / "docs" / "notebook-conventions.md").read_text(encoding="utf-8")
    block = re.search(r"```java\n(.*?)\n\s*```", text, re.S).group(1)
    lines = block.split("\n")
    indent = min(len(ln) - len(ln.lstrip()) for ln in lines if ln.strip())
    return "\n".join(ln[indent:] for ln in lines)


def prose_words(markdown):
    """The words of a Markdown cell's prose: code blocks, maths, tables and HTML left out."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$]*\$", " x ", text)
    text = "\n".join(ln for ln in text.split("\n") if not ln.lstrip().startswith("|"))
    text = re.sub(r"<[^>]+>", " ", text)
    return [w for w in re.split(r"\s+", text) if re.search(r"\w", w)]


def title_of(path):
    m = TITLE.match(first_line(cells(path)[0]))
    return m.group("title") if m else None


def layout(path):
    """(index of the objectives cell, index of the first section cell, index of the summary cell) or an assertion."""
    nb = cells(path)
    objectives = next((i for i in (0, 1) if i < len(nb) and nb[i]["cell_type"] == "markdown"
                       and re.search(r"^## Learning objectives$", source(nb[i]), re.M)), None)
    assert objectives is not None, "no '## Learning objectives' heading in cell 0 or cell 1 (Markdown)"
    summary = [i for i, c in enumerate(nb) if c["cell_type"] == "markdown" and first_line(c) == "## Summary"]
    assert len(summary) == 1, f"expected one Markdown cell starting with '## Summary', found cells {summary}"
    return objectives, objectives + 3, summary[0]


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_opens_with_title_sentences_and_objectives(path):
    nb = cells(path)
    assert nb[0]["cell_type"] == "markdown", "cell 0 must be Markdown"
    m = TITLE.match(first_line(nb[0]))
    assert m, f"cell 0 must start with '# NN · Title', starts with {first_line(nb[0])!r}"
    assert m.group("nn") == path.name[:2], f"the title's number {m.group('nn')} is not the file's {path.name[:2]}"
    objectives, _, _ = layout(path)
    intro = source(nb[0]).split("\n", 1)[1] if "\n" in source(nb[0]) else ""
    intro = intro.split("## Learning objectives")[0].strip()
    assert intro, "cell 0 needs one or two sentences about the notebook after its title"
    assert len(prose_words(intro)) <= 80, f"the opening is {len(prose_words(intro))} words: one or two sentences"
    after = source(nb[objectives]).split("## Learning objectives", 1)[1]
    bullets = [ln for ln in after.split("\n") if re.match(r"^\s*[-*] \S", ln)]
    others = [ln for ln in after.split("\n") if ln.strip() and not re.match(r"^\s*([-*] |\s{2,}\S)", ln)]
    assert len(bullets) >= 2 and not others, (
        f"'## Learning objectives' must be followed by a bulleted list only; other lines: {others[:3]}")


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_then_the_library_then_the_imports(path):
    nb = cells(path)
    objectives, _, _ = layout(path)
    load, imports = nb[objectives + 1], nb[objectives + 2]
    assert load["cell_type"] == "code" and source(load).strip() == loading_cell().strip(), (
        f"cell {objectives + 1} must load the library exactly as docs/notebook-conventions.md shows")
    lines = [ln.strip() for ln in source(imports).split("\n") if ln.strip()]
    assert imports["cell_type"] == "code" and lines and all(
        ln.startswith("import ") or (ln.startswith('"') and ln.endswith('"')) for ln in lines), (
        f"cell {objectives + 2} must hold the imports (and at most a closing string), got {lines[:3]}")


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_sections_are_headed_what_then_item_and_their_cells_tagged(path):
    nb = cells(path)
    _, start, summary = layout(path)
    assert start < summary, "no section between the imports and the summary"
    assert nb[start]["cell_type"] == "markdown" and first_line(nb[start]).startswith("## "), (
        f"cell {start}, the first after the imports, must open a section with a '## … · <item id>' heading")
    item = None
    for i in range(start, summary):
        c = nb[i]
        head = first_line(c) if c["cell_type"] == "markdown" else ""
        if head.startswith("## "):
            m = SECTION.match(head)
            assert m, f"cell {i}: section heading {head!r} must read '## <what it is about> · <item id>'"
            item = m.group("id").split(", ")
        assert any(t == i_d or t.endswith("-" + i_d) for t in tags(c) for i_d in item), (
            f"cell {i} lies in section {', '.join(item)} but carries no tag for it (tags {tags(c)})")
    for i, c in enumerate(nb):
        if c["cell_type"] == "code" and "check" in tags(c) and not nbgrader(c):
            assert any(re.fullmatch(rf"(?:.*-)?{ITEM_ID}", t) for t in tags(c)), f"check cell {i} names no item"


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_no_two_headings_alike(path):
    heads = [ln.strip() for c in cells(path) if c["cell_type"] == "markdown"
             for ln in source(c).split("\n") if re.match(r"^#{1,6} ", ln)]
    twice = sorted({h for h in heads if heads.count(h) > 1})
    assert not twice, f"headings used more than once: {twice}"


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_markdown_cells_are_short(path):
    long = [(i, len(prose_words(source(c)))) for i, c in enumerate(cells(path)) if c["cell_type"] == "markdown"
            and len(prose_words(source(c))) > (MAX_NOTES_WORDS if NOTES.match(source(c)) else MAX_WORDS)]
    assert not long, (f"Markdown cells of more than {MAX_WORDS} words of prose ({MAX_NOTES_WORDS} in a source notes "
                      f"block) (cell, words): {long}; split them")


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_code_cells_are_short(path):
    long = [(i, len(source(c).rstrip().split("\n"))) for i, c in enumerate(cells(path))
            if c["cell_type"] == "code" and len(source(c).rstrip().split("\n")) > MAX_CODE_LINES]
    assert not long, f"code cells of more than {MAX_CODE_LINES} lines (cell, lines): {long}; split them"


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_errata_of_a_source_sit_beside_collapsed_source_notes(path):
    nb = cells(path)
    errata = sorted({t for c in nb for t in tags(c) if re.fullmatch(r"errata-X\d+", t)})
    notes = [i for i, c in enumerate(nb) if c["cell_type"] == "markdown" and NOTES.match(source(c))]
    if errata:
        assert notes, (f"errata {errata} but no collapsed block '<details><summary>Source notes …</summary>' for the "
                       f"source's history")
    for i in notes:
        assert source(nb[i]).rstrip().endswith("</details>"), f"cell {i}: the source notes block must end the cell"


def grade_problem(test):
    """Why nbgrader would not give a test cell, as committed (executed), its points: it must show one result, its
    `✓` line, and nothing on stderr and no error (nbgrader reads a result that is a number as partial credit)."""
    from nbgrader.utils import determine_grade
    from nbformat import from_dict

    outputs = test.get("outputs", [])
    shown = [o for o in outputs if o["output_type"] in ("execute_result", "display_data")]
    text = "".join(shown[-1].get("data", {}).get("text/plain", "")) if shown else ""
    other = [o.get("name", o["output_type"]) for o in outputs if o not in shown]
    score, points = determine_grade(from_dict(test))
    if not text.startswith("✓") or other or score != points:
        return (f"it must end on its pass line (\"✓ …\") and show nothing else: nbgrader gives it {score:g} of "
                f"{points:g} points (it shows {text[:60]!r}{', and ' + ', '.join(other) if other else ''})")
    return None


def exercises_problems(nb, start, nn):
    """What is wrong with the exercises from cell `start` to the last cell but one (the links): each is a heading
    '### Exercise k · <title>' and then either a solution cell `exNN-<slug>` with its locked test cell
    `exNN-<slug>-test` (visible tests, hidden tests, and the ✓ string as its last line, since nbgrader reads a test
    cell that ends on a number as partial credit), or a written answer graded by hand: a Markdown cell that is an
    nbgrader solution and grade cell with points, grade id `exNN-<slug>`. Returns (problems, exercises found)."""
    problems, i, k = [], start, 0
    while i < len(nb) - 1:
        k += 1
        m = EXERCISE.match(first_line(nb[i])) if nb[i]["cell_type"] == "markdown" else None
        if not (m and int(m.group("k")) == k):
            return problems + [f"cell {i} must be the heading '### Exercise {k} · <title>'"], k
        if BUILT_IN.search(m.group("title")):   # a build exercise: its solution cell is in the body
            test = nb[i + 1] if i + 1 < len(nb) else {}
            sid = nbgrader(test).get("grade_id", "").removesuffix("-test")
            parts = [c for c in nb[:start] if nbgrader(c).get("solution")   # its one cell, or its parts sid-<part>
                     and (nbgrader(c).get("grade_id") == sid or nbgrader(c).get("grade_id", "").startswith(sid + "-"))]
            if not parts:
                problems.append(f"cell {i}: exercise {k} is built in the body, but no solution cell {sid!r} is there")
            problems += test_cell_problems(test, sid, k, i + 1)
            i += 2
            continue
        answer = nb[i + 1] if i + 1 < len(nb) else {}
        sid = nbgrader(answer).get("grade_id", "")
        g = GRADE_ID.match(sid)
        if not g or g.group("nn") != nn:
            problems.append(f"cell {i + 1}: grade id {sid!r} must read 'ex{nn}-<short-slug>'")
        if answer.get("cell_type") == "markdown":
            meta = nbgrader(answer)
            if not (meta.get("solution") and meta.get("grade") and meta.get("points", 0) > 0):
                problems.append(f"cell {i + 1}: exercise {k}'s written answer must be an nbgrader solution and grade "
                                f"cell with points (nbsource header: nbgrader=answer:{sid}:POINTS)")
            i += 2
            continue
        if not (nbgrader(answer).get("solution") and answer.get("cell_type") == "code"):
            problems.append(f"cell {i + 1} must be exercise {k}'s solution cell")
        problems += test_cell_problems(nb[i + 2] if i + 2 < len(nb) else {}, sid, k, i + 2)
        i += 3
    return problems, k


def test_cell_problems(test, sid, k, i):
    """What is wrong with exercise k's test cell (cell i) for solution `sid`: locked, graded, visible and hidden
    tests, ending on its pass line."""
    problems, tid = [], nbgrader(test).get("grade_id", "")
    if not (nbgrader(test).get("grade") and nbgrader(test).get("locked") and tid == sid + "-test"):
        problems.append(f"cell {i} must be exercise {k}'s locked test cell, grade id {sid + '-test'!r}, got {tid!r}")
    body = source(test)
    if "// BEGIN HIDDEN TESTS" not in body or "// END HIDDEN TESTS" not in body:
        problems.append(f"{tid}: no hidden tests")
    elif not body.split("// BEGIN HIDDEN TESTS")[0].strip():
        problems.append(f"{tid}: no visible tests before the hidden ones")
    wrong = grade_problem(test) if test else None
    if wrong:
        problems.append(f"{tid}: {wrong}")
    return problems


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_ends_with_summary_exercises_and_links(path):
    nb = cells(path)
    _, _, summary = layout(path)
    assert first_line(nb[summary + 1]) == "## Exercises" and nb[summary + 1]["cell_type"] == "markdown", (
        "the '## Summary' cell must be followed by a Markdown cell starting with '## Exercises'")
    problems, k = exercises_problems(nb, summary + 2, path.name[:2])
    assert not problems, "\n".join(problems)
    assert k >= 2, f"{k} exercises, expected at least 2"
    links = nb[-1]
    assert links["cell_type"] == "markdown", "the last cell must be Markdown with the links to the neighbours"
    found = LINK.findall(source(links))
    index = NOTEBOOKS.index(path)
    want = []
    if index > 0:
        want.append(("← " + NOTEBOOKS[index - 1].name[:2] + " · " + str(title_of(NOTEBOOKS[index - 1])),
                     NOTEBOOKS[index - 1].name))
    if index < len(NOTEBOOKS) - 1:
        want.append((NOTEBOOKS[index + 1].name[:2] + " · " + str(title_of(NOTEBOOKS[index + 1])) + " →",
                     NOTEBOOKS[index + 1].name))
    assert found == want, f"the last cell must link {want} (text, file), found {found}"


SMALL = ROOT / "tools" / "tests" / "data" / "assignment" / "98-small-assignment.ipynb"


def small_exercises():
    """The test assignment's cells from its first exercise heading on, with a links cell after them."""
    nb = cells(SMALL)
    first = next(i for i, c in enumerate(nb) if first_line(c).startswith("### Exercise"))
    return nb[first:] + [{"cell_type": "markdown", "source": "links", "metadata": {}}]


def test_exercises_may_be_written_answers_graded_by_hand():
    """tools/tests/data/assignment/98-small-assignment.ipynb: two exercises with tests, then a written answer."""
    nb = small_exercises()
    problems, k = exercises_problems(nb, 0, "98")
    assert not problems and k == 3, (problems, k)


@pytest.mark.parametrize("broken, message", [
    (lambda nb: nb[2]["outputs"][0]["data"].update({"text/plain": "0.29"}), "gives it 0.29 of 1 points"),
    (lambda nb: nb[2]["outputs"].append({"output_type": "stream", "name": "stderr", "text": "careful"}),
     "must end on its pass line"),
    (lambda nb: nb[1]["metadata"]["nbgrader"].update(grade_id="nb98-ex1"), "must read 'ex98-<short-slug>'"),
    (lambda nb: nb[-2]["metadata"]["nbgrader"].update(grade=False), "written answer must be an nbgrader"),
    (lambda nb: nb[2]["metadata"]["nbgrader"].update(locked=False), "locked test cell"),
])
def test_exercises_problems_are_caught(broken, message):
    """Each mistake in an exercise is named: a test cell that ends on a number (nbgrader's partial credit: the
    instructor's own solution scored 0.29 of 1), or prints to stderr; a grade id such as docs gave
    (nb05-ex3); a written answer that nbgrader would not grade; a test cell students can edit."""
    nb = small_exercises()
    import copy
    nb = copy.deepcopy(nb)
    broken(nb)
    problems, _ = exercises_problems(nb, 0, "98")
    assert any(message in p for p in problems), problems


@pytest.mark.parametrize("path", PARAMS, ids=IDS)
def test_no_plot_styling_in_cells(path):
    styled = [i for i, c in enumerate(cells(path)) if c["cell_type"] == "code" and "getStyler()" in source(c)]
    assert not styled, f"cells {styled} style a chart: move it into a helper of dev.nncourse.viz"


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| \[[^\]]+\]\(notebooks/([^)]+\.ipynb)\) \|(.+)\|$",
                                                         readme, re.M)}
    missing = [p.name for p in NOTEBOOKS if p.name not in rows]
    assert NOTEBOOKS and not missing, f"README's table of notebooks lacks {missing}"
    stale = [n for n in rows if not (ROOT / "notebooks" / n).exists()]
    assert not stale, f"README's table lists notebooks that do not exist: {stale}"


def test_nothing_refers_to_the_developers_folder_outside_the_repository():
    """The source documents are cited by title and date; a learner's clone has no folder beside it to point to."""
    outside = ".." + "/shared"   # spelt in two pieces so that this file does not refer to it either
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode()
    hits = []
    for name in filter(None, files.split("\0")):
        p = ROOT / name
        if not p.is_file() or p.stat().st_size > 5_000_000:
            continue
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if outside in text or "shared/" + "seeds" in text:
            hits.append(name)
    assert not hits, f"files that refer to a folder outside the repository: {hits}"
