"""The live-chart rule: every training run that a LiveChart listened to leaves exactly one output, its final chart,
whose text names the epochs the run recorded (tools/run_notebooks.py compares the notebook's charts with the kernel's
LiveChart.runs()). Here: the comparison on made-up notebooks, every committed notebook, and a real kernel."""
import json
from pathlib import Path

import pytest
from nbformat import v4

ROOT = Path(__file__).resolve().parents[2]
from tools.execute import run_one
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


def test_each_run_with_its_final_chart_passes():
    nb = notebook([chart(final("a", 30))], [v4.new_output("stream", name="stdout", text="x\n")],
                  [chart(final("b", 5)), chart(final("b", 7))])
    assert live_chart_problems(nb, [final("a", 30), final("b", 5), final("b", 7)]) == []
    assert live_chart_problems(notebook([]), []) == []


def test_a_stale_chart_fails_naming_its_cell():
    nb = notebook([chart(final("a", 30))], [chart('live chart "b": 12 epochs (training)')])
    problems = live_chart_problems(nb, [final("a", 30), final("b", 30)])
    assert len(problems) == 1 and problems[0].startswith("cell 2: live chart shows"), problems
    assert "12 epochs (training)" in problems[0] and "30 epochs (final)" in problems[0]


def test_a_final_chart_with_other_epochs_than_the_run_fails():
    problems = live_chart_problems(notebook([chart(final("a", 29))]), [final("a", 30)])
    assert len(problems) == 1 and problems[0].startswith("cell 1:"), problems


def test_a_missing_chart_fails_saying_where_it_should_be():
    nb = notebook([chart(final("a", 30))], [], [chart(final("c", 3))])
    problems = live_chart_problems(nb, [final("a", 30), final("b", 8), final("c", 3)])
    assert len(problems) == 1, problems
    assert "ended with 'live chart \"b\": 8 epochs (final)'" in problems[0], problems
    assert "after the chart of cell 1" in problems[0], problems
    assert "holds no live chart" in live_chart_problems(notebook([]), [final("a", 1)])[0]


def test_a_chart_without_a_run_fails_as_does_one_shown_twice():
    nb = notebook([chart(final("a", 30)), chart(final("a", 30))])
    problems = live_chart_problems(nb, [final("a", 30)])
    assert len(problems) == 1 and problems[0].startswith("cell 1:") and "no training run" in problems[0], problems
    assert len(live_chart_problems(notebook([chart(final("a", 3))]), [])) == 1


def test_the_pattern_is_the_library_frames_text():
    assert LIVE_CHART.fullmatch('live chart "Digits, 64-128-10": 30 epochs (final)')
    assert LIVE_CHART.fullmatch('live chart "": 1 epoch (training)')
    assert not LIVE_CHART.fullmatch("image 960×640")
    result = v4.new_output("execute_result", data={"text/plain": final("r", 2), "image/png": "iVBORw0KGgo="},
                           execution_count=1)
    assert live_charts(notebook([result])) == [(1, final("r", 2))]
    text_only = v4.new_output("execute_result", data={"text/plain": final("r", 2)}, execution_count=1)
    assert live_charts(notebook([text_only])) == [], "a Run's text alone is no chart"


@pytest.mark.parametrize("path", NOTEBOOKS or [None], ids=[p.name for p in NOTEBOOKS] or ["no-notebooks"])
def test_committed_notebooks_hold_final_charts_only(path):
    """A committed chart drawn during training is stale; a cell that trains with a LiveChart shows one (checked in
    full, against the runs, by ./course test's notebook run)."""
    assert path is not None, "no notebooks under notebooks/"
    nb = json.loads(path.read_text(encoding="utf-8"))
    stale = [(i, t) for i, t in live_charts(_node(nb))
             if not t.endswith("(final)")]
    assert not stale, f"charts drawn during training, not the final ones: {stale} (run ./course notebooks --write)"
    trains = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
              and ".onEpoch(LiveChart.of(" in "".join(c["source"]) and ".fit(" in "".join(c["source"])]
    shown = {i for i, _ in live_charts(_node(nb))}
    assert set(trains) <= shown, f"cells {sorted(set(trains) - shown)} train with a LiveChart but hold no live chart"


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
    return Trainer.of(net, Losses.MSE, new Sgd(0.5)).epochs(4).batchSize(4).onEpoch(LiveChart.of(title));
}}
"ready"
# %%
trainer("good").fit(xor.x(), xor.y()).size()
# %%
History two = trainer("first of two").fit(xor.x(), xor.y());
trainer("second of two").fit(xor.x(), xor.y()).size()
# %%
var runs = LiveChart.runs();   // the kernel recorded the three runs: their charts are checked against them
if (!runs.stream().map(LiveChart.Run::title).toList().equals(
        java.util.List.of("good", "first of two", "second of two"))
        || !runs.stream().allMatch(r -> r.epochs() == 4)) throw new IllegalStateException("" + runs);
runs.get(0)
# %%
LiveChart stale = LiveChart.of("stale");
History h = new History();
h.record(1, java.util.Map.of("loss", 0.5));
stale.epochEnded(h);
"a chart drawn during training, and no run that ends"
"""


def test_in_a_real_kernel_a_stale_chart_fails_and_the_good_ones_pass(tmp_path):
    assert (ROOT / "target" / "lib" / "nncourse.jar").is_file(), "build the library first (./course setup)"
    path = tmp_path / "live-charts.ipynb"
    path.write_text(json.dumps(to_notebook(STALE_AND_GOOD)), encoding="utf-8")
    ok, _, problems, _ = run_one(path, write=False, timeout=120)
    assert not ok
    assert problems == ["cell 5: live chart 'live chart \"stale\": 1 epoch (training)' belongs to no training run "
                        "that ended (drawn outside Trainer.fit, or shown twice instead of replaced in place)"], problems
