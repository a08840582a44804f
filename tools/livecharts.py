"""The live-chart audit. A LiveChart (dev.nncourse.jupyter.LiveChart) shows each training run in one output, created
with a display id and replaced in place (update_display_data) at every frame, ending on its final frame whose text is
`live chart "TITLE": N epochs (final)`. So, after a notebook has run, every output that a live chart was shown in
must hold its run's final frame: a frame still saying `(training)` is a run that never drew its last epoch, a live
chart that no display id updates was not drawn by a training run, and a chart shown but missing from the notebook was
lost. nbclient applies the kernel's update_display_data to the output it replaces, as JupyterLab does; the client
below remembers, for every display id, the output object it created, so the audit needs nothing from the kernel."""
import re

from nbclient import NotebookClient

# dev.nncourse.jupyter.LiveChart's frames: `live chart "TITLE": N epochs (final)`, or `(training)` while it trains
LIVE_CHART = re.compile(r'live chart ".*": \d+ epochs? \((final|training)\)')


def chart_text(out) -> str | None:
    """The text of a live chart frame (a PNG whose text matches LIVE_CHART), or None for any other output."""
    data = out.get("data", {}) if out.get("output_type") in ("display_data", "execute_result") else {}
    text = data.get("text/plain", "")
    text = ("".join(text) if isinstance(text, list) else text).strip()
    return text if "image/png" in data and LIVE_CHART.fullmatch(text) else None


def live_charts(nb) -> list:
    """[(cell index, text, output)] of every live chart output, in the order the notebook holds them."""
    return [(i, chart_text(out), out) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for out in cell.get("outputs", []) if chart_text(out)]


def live_chart_problems(nb, displayed: dict) -> list:
    """Problems with the live charts of an executed notebook. `displayed` maps each display id the kernel used to the
    output object it was first shown in (LiveChartClient.displayed); nbclient replaced those outputs' data in place."""
    problems, shown = [], set()
    by_output = {id(out): display_id for display_id, out in displayed.items()}
    for i, text, out in live_charts(nb):
        shown.add(id(out))
        if id(out) not in by_output:
            problems.append(f"cell {i}: live chart {text!r} is not an output that training updates in place (drawn "
                            f"outside Trainer.fit, returned as a cell's result, or shown twice instead of replaced)")
        elif not text.endswith("(final)"):
            problems.append(f"cell {i}: live chart shows {text!r}: its training run never drew its final frame (a "
                            f"chart drawn during training that the final one did not replace)")
    for display_id, out in displayed.items():
        if chart_text(out) and id(out) not in shown:
            problems.append(f"a live chart shown with display id {display_id} ({chart_text(out)!r}) is not in the "
                            f"notebook: it was lost")
    return problems


class LiveChartClient(NotebookClient):
    """nbclient's client, remembering the output each display id was first shown in (for live_chart_problems)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.displayed = {}

    def output(self, outs, msg, display_id, cell_index):
        out = super().output(outs, msg, display_id, cell_index)
        if display_id and out is not None and display_id not in self.displayed:
            self.displayed[display_id] = out
        return out
