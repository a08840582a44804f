"""run_notebooks.compare_outputs: the check that committed notebook outputs equal a fresh execution."""

from nbformat import v4

from tools.outputs import as_jupyterlab_keeps, compare_outputs, text_lines


def stdout(text):
    return v4.new_output("stream", name="stdout", text=text)


def result(plain, html=None, png=None):
    data = {"text/plain": plain}
    if html is not None:
        data["text/html"] = html
    if png is not None:
        data["image/png"] = png
    return v4.new_output("execute_result", data=data, execution_count=1)


def notebook(*cells):
    nb = v4.new_notebook()
    nb.cells = [v4.new_markdown_cell("# title")]
    for outputs, tags in cells:
        cell = v4.new_code_cell("x", metadata={"tags": tags} if tags else {})
        cell.outputs = outputs
        nb.cells.append(cell)
    return nb


def test_identical_notebooks_agree():
    a = notebook(([stdout("a\nb\n")], None), ([result("Matrix 1×1\n[1]")], None))
    b = notebook(([stdout("a\nb\n")], None), ([result("Matrix 1×1\n[1]")], None))
    assert compare_outputs(a, b, "nb.ipynb") == []


def test_names_notebook_cell_and_first_differing_line():
    committed = notebook(([stdout("same\n")], None), ([result("Matrix 2×1\n[1]\n[2]\n[3]")], None))
    fresh = notebook(([stdout("same\n")], None), ([result("Matrix 2×1\n[1]\n[9]\n[3]")], None))
    problems = compare_outputs(committed, fresh, "notebooks/05-x.ipynb")
    assert len(problems) == 1
    p = problems[0]
    assert p.startswith("notebooks/05-x.ipynb: cell 2: line 3 differs"), p   # cell 0 is the markdown title
    assert "committed: 'text/plain: [2]'" in p and "fresh:     'text/plain: [9]'" in p


def test_html_and_stdout_are_compared():
    html = notebook(([result("t", html="<td>1.0</td>")], None))
    assert "cell 1: line 2 differs" in compare_outputs(html, notebook(([result("t", html="<td>1.5</td>")], None)), "n")[0]
    out = notebook(([stdout("epoch 1 loss 0.5\n")], None))
    assert "cell 1: line 1 differs" in compare_outputs(out, notebook(([stdout("epoch 1 loss 0.6\n")], None)), "n")[0]


def test_missing_and_extra_lines_are_reported():
    short, long = notebook(([stdout("a\n")], None)), notebook(([stdout("a\nb\n")], None))
    assert "line 2 is new" in compare_outputs(short, long, "n")[0]
    assert "line 2 is committed but not produced any more" in compare_outputs(long, short, "n")[0]
    assert "cell 1: line 1 is committed" in compare_outputs(notebook(([result("1")], None)), notebook(([], None)), "n")[0]


def test_images_are_ignored():
    a = notebook(([result("chart: loss", png="iVBORw0KGgoAAAA")], None))
    b = notebook(([result("chart: loss", png="iVBORw0KGgoBBBB")], None))
    assert compare_outputs(a, b, "n") == []


def test_cells_tagged_timing_are_skipped_but_only_those():
    a = notebook(([stdout("took 12 ms\n")], ["timing"]), ([stdout("x\n")], None))
    b = notebook(([stdout("took 15 ms\n")], ["timing"]), ([stdout("y\n")], None))
    problems = compare_outputs(a, b, "n")
    assert [p.split(":")[1].strip() for p in problems] == ["cell 2"]


def test_stdout_chunking_does_not_matter():
    a = notebook(([stdout("ab\nc"), stdout("d\n")], None))
    b = notebook(([stdout("a"), stdout("b\ncd\n")], None))
    assert compare_outputs(a, b, "n") == []
    assert text_lines(a.cells[1]) == ["stdout: ab", "stdout: cd"]


def test_errors_are_compared_by_name_and_message():
    err = lambda msg: v4.new_output("error", ename="java.lang.IllegalStateException", evalue=msg, traceback=["..."])
    a = notebook(([err("✗ gradient: relative error 1e-3")], ["raises-exception"]))
    b = notebook(([err("✗ gradient: relative error 2e-3")], ["raises-exception"]))
    assert "cell 1: line 1 differs" in compare_outputs(a, b, "n")[0]


def test_different_cell_counts():
    assert "2 cells committed but 3 executed" in compare_outputs(notebook(([], None)), notebook(([], None), ([], None)), "n")[0]


def err(name="stderr", text="x\n"):
    return v4.new_output("stream", name=name, text=text)


def test_consecutive_stdout_is_joined_as_jupyterlab_does():
    kept = as_jupyterlab_keeps([stdout("Epoch 1\n"), stdout("Epoch 2\n"), stdout("Ep"), stdout("och 3\n")])
    assert [(o["output_type"], o["text"]) for o in kept] == [("stream", "Epoch 1\nEpoch 2\nEpoch 3\n")]


def test_only_neighbours_of_the_same_name_are_joined():
    out = [stdout("a\n"), err(text="b\n"), stdout("c\n"), result("r"), stdout("d\n"), stdout("e\n")]
    kept = as_jupyterlab_keeps(out)
    assert [(o["output_type"], o.get("name"), o.get("text")) for o in kept] == [
        ("stream", "stdout", "a\n"), ("stream", "stderr", "b\n"), ("stream", "stdout", "c\n"),
        ("execute_result", None, None), ("stream", "stdout", "d\ne\n")]
    assert out[4]["text"] == "d\n", "the outputs given are not changed"


def test_carriage_return_and_backspace_are_applied_like_jupyterlab():
    # \r goes back to the start of the line and overwrites it; \n keeps what was not overwritten, as a terminal does.
    assert as_jupyterlab_keeps([stdout("step 1 of 2\rstep 2 of 2\n")])[0]["text"] == "step 2 of 2\n"
    assert as_jupyterlab_keeps([stdout("100%\r"), stdout("50\n")])[0]["text"] == "500%\n"
    assert as_jupyterlab_keeps([stdout("ab\bc\n")])[0]["text"] == "ac\n"

