"""The live-chart rule: every output a live chart was shown in ends on its run's final frame (tools/livecharts.py
compares the notebook's charts with the display ids the kernel used). Here: the comparison on made-up notebooks,
every committed notebook, and a real kernel."""
import json

import pytest
from nbformat import v4

from tools.execute import ROOT, run_one
from tools.livecharts import LIVE_CHART, live_chart_problems, live_charts
from tools.nbsource import to_notebook

NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def chart(text):
    return v4.new_output("display_data", data={"text/plain": text, "image/png": "iVBORw0KGgo="})


def notebook(*cells):
    """A notebook with a markdown title (cell 0) and one code cell per list of outputs."""
    nb = v4.new_notebook()
    nb.cells = [v4.new_markdown_cell("# title")]
    for outputs in cells:
        cell = v4.new_code_cell("x")
        cell.outputs = outputs
        nb.cells.append(cell)
    return nb


def final(title, epochs):
    return f'live chart "{title}": {epochs} epochs (final)'


def shown(*outputs):
    """The display ids a kernel would have used: one per output, as LiveChartClient records them."""
    return {f"id{k}": out for k, out in enumerate(outputs)}


def test_each_run_with_its_final_chart_passes():
    a, b = chart(final("a", 30)), chart(final("b", 7))
    nb = notebook([a], [v4.new_output("stream", name="stdout", text="x\n")], [b])
    assert live_chart_problems(nb, shown(a, b)) == []
    assert live_chart_problems(notebook([]), {}) == []


def test_a_stale_chart_fails_naming_its_cell():
    a, b = chart(final("a", 30)), chart('live chart "b": 12 epochs (training)')
    problems = live_chart_problems(notebook([a], [b]), shown(a, b))
    assert len(problems) == 1 and problems[0].startswith("cell 2: live chart shows"), problems
    assert "12 epochs (training)" in problems[0] and "never drew its final frame" in problems[0]


def test_a_chart_that_no_display_updates_fails_as_does_one_shown_twice():
    a, copy = chart(final("a", 30)), chart(final("a", 30))
    problems = live_chart_problems(notebook([a, copy]), shown(a))
    assert len(problems) == 1 and problems[0].startswith("cell 1:") and "not an output that training" in problems[0]
    assert len(live_chart_problems(notebook([chart(final("a", 3))]), {})) == 1


def test_a_lost_chart_fails():
    a, lost = chart(final("a", 30)), chart(final("b", 8))
    problems = live_chart_problems(notebook([a]), shown(a, lost))
    assert len(problems) == 1 and "is not in the notebook: it was lost" in problems[0], problems
    assert "b" in problems[0]


def test_the_pattern_is_the_library_frames_text():
    assert LIVE_CHART.fullmatch('live chart "Digits, 64-128-10": 30 epochs (final)')
    assert LIVE_CHART.fullmatch('live chart "": 1 epoch (training)')
    assert not LIVE_CHART.fullmatch("image 960×640")
    result = v4.new_output("execute_result", data={"text/plain": final("r", 2), "image/png": "iVBORw0KGgo="},
                           execution_count=1)
    assert [(i, t) for i, t, _ in live_charts(notebook([result]))] == [(1, final("r", 2))]
    text_only = v4.new_output("execute_result", data={"text/plain": final("r", 2)}, execution_count=1)
    assert live_charts(notebook([text_only])) == [], "text alone is no chart"


@pytest.mark.parametrize("path", NOTEBOOKS or [None], ids=[p.name for p in NOTEBOOKS] or ["no-notebooks"])
def test_committed_notebooks_hold_final_charts_only(path):
    """A committed chart drawn during training is stale; a cell that trains with a LiveChart shows one (checked in
    full, against the display ids, by ./course test's notebook run)."""
    assert path is not None, "no notebooks under notebooks/"
    nb = json.loads(path.read_text(encoding="utf-8"))
    stale = [(i, t) for i, t, _ in live_charts(_node(nb)) if not t.endswith("(final)")]
    assert not stale, f"charts drawn during training, not the final ones: {stale} (run ./course notebooks --write)"
    trains = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
              and ".onEpoch(LiveChart.of(" in "".join(c["source"]) and ".fit(" in "".join(c["source"])]
    holding = {i for i, _, _ in live_charts(_node(nb))}
    assert set(trains) <= holding, f"cells {sorted(set(trains) - holding)} train with a LiveChart but hold no live chart"


def _node(nb):
    import nbformat
    return nbformat.from_dict(nb)


STALE_AND_GOOD = f"""
# %% [markdown]
# live charts
# %%
%classpath {(ROOT / "target" / "lib").as_posix()}/*.jar
import dev.nncourse.nn.*;
import dev.nncourse.optim.Sgd;
import dev.nncourse.train.*;
import dev.nncourse.data.*;
import dev.nncourse.jupyter.LiveChart;
Dataset xor = Datasets.xor();
Trainer trainer(String title) {{
    Network net = Network.builder(2, 1).dense(3, Activations.TANH).dense(1, Activations.SIGMOID).build();
    return Trainer.of(net, Losses.MSE, new Sgd(net.parameters(), 0.5)).epochs(4).batchSize(4)
            .onEpoch(LiveChart.of(title));
}}
"ready"
# %%
trainer("good").fit(xor.x(), xor.y()).size()
# %%
History two = trainer("first of two").fit(xor.x(), xor.y());
trainer("second of two").fit(xor.x(), xor.y()).size()
# %%
LiveChart stale = LiveChart.of("stale");
History h = new History();
h.record(1, java.util.Map.of("loss", 0.5));
stale.epochEnded(h);
"a chart drawn during training, and a run that never ends"
"""


def test_in_a_real_kernel_a_stale_chart_fails_and_the_good_ones_pass(tmp_path):
    assert (ROOT / "target" / "lib" / "nncourse.jar").is_file(), "build the library first (./course setup)"
    path = tmp_path / "live-charts.ipynb"
    path.write_text(json.dumps(to_notebook(STALE_AND_GOOD)), encoding="utf-8")
    ok, _, problems, _ = run_one(path, write=False, timeout=120)
    assert not ok
    assert len(problems) == 1, problems
    assert problems[0].startswith("cell 4: live chart shows 'live chart \"stale\": 1 epoch (training)'"), problems
    assert "never drew its final frame" in problems[0], problems
