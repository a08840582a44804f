"""The live-chart audit: every training run that a LiveChart listened to must have left exactly one output, its final
chart, whose text names the same title and epochs (`live chart "TITLE": N epochs (final)`), in the cell that trained;
a chart still showing an epoch drawn during training, a chart without a run, or a run without a chart is a problem.
nbclient applies JJava's update_display_data to the output it replaces, as JupyterLab does."""
import re

from tools.outputs import first_line

# dev.nncourse.jupyter.LiveChart's frames: `live chart "TITLE": N epochs (final)`, or `(training)` while it trains
LIVE_CHART = re.compile(r'live chart ".*": \d+ epochs? \((final|training)\)')
END_OF_RUNS = "end of runs"
RUNS_QUERY = ('dev.nncourse.jupyter.LiveChart.runs().stream().map(r -> r + "\\n")'
              f'.collect(java.util.stream.Collectors.joining("", "", "{END_OF_RUNS}"))')


def live_charts(nb) -> list:
    """[(cell index, text)] of every live chart output (a LiveChart frame: a PNG with the frame's text), in the order
    the notebook holds them."""
    shown = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {}) if out.get("output_type") in ("display_data", "execute_result") else {}
            text = data.get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            if "image/png" in data and LIVE_CHART.fullmatch(text.strip()):
                shown.append((i, text.strip()))
    return shown


def live_chart_problems(nb, runs: list) -> list:
    """Problems with the live charts of an executed notebook, given the kernel's LiveChart.runs() as text, one line
    per training run in the order they ended (`live chart "TITLE": N epochs (final)`, with the epochs its history
    recorded). Each run must have left exactly one output, its final frame, with that text: charts and runs are
    matched in order (difflib), so a stale chart, one left over and one missing are each named with their cell."""
    import difflib

    shown = live_charts(nb)
    texts = [t for _, t in shown]
    problems = []

    def where(k):   # where the chart of a run would be, before the k-th chart
        if not shown:
            return "the notebook holds no live chart"
        return f"after the chart of cell {shown[k - 1][0]}" if k > 0 else f"before the chart of cell {shown[0][0]}"

    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, texts, runs, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        for k in range(max(a1 - a0, b1 - b0)):
            cell = shown[a0 + k][0] if a0 + k < a1 else None
            run = runs[b0 + k] if b0 + k < b1 else None
            if cell is not None and run is not None:
                problems.append(f"cell {cell}: live chart shows {texts[a0 + k]!r}, but its training run ended with "
                                f"{run!r} (a chart drawn during training that the final one did not replace?)")
            elif cell is not None:
                problems.append(f"cell {cell}: live chart {texts[a0 + k]!r} belongs to no training run that ended "
                                f"(drawn outside Trainer.fit, or shown twice instead of replaced in place)")
            else:
                problems.append(f"a training run with a live chart ended with {run!r}, but no output holds that chart "
                                f"({where(a0)}; a chart that was never drawn, or was lost)")
    return problems


async def live_chart_check(client, nb) -> list:
    """Asks the kernel, right after the notebook's own run, which training runs its live charts saw
    (LiveChart.runs()), and checks the notebook's charts against them (live_chart_problems)."""
    from nbclient.exceptions import CellExecutionError
    from nbformat.v4 import new_code_cell

    query = new_code_cell(RUNS_QUERY)
    nb.cells.append(query)   # nbclient runs a cell of the notebook; it is removed again below
    try:
        await client.async_execute_cell(query, len(nb.cells) - 1)
        text = "".join(o.get("data", {}).get("text/plain", "") for o in query.outputs
                       if o.get("output_type") == "execute_result")
        error = None if text.endswith(END_OF_RUNS) else f"it returned {text[-200:]!r}"
    except CellExecutionError as e:
        error = f"{e.ename}: {first_line(e.evalue)}"
    finally:
        nb.cells.pop()
    if error:   # a notebook that never loaded the library has no live charts
        return [f"live charts: cannot ask the kernel for LiveChart.runs(): {error}"] if live_charts(nb) else []
    return live_chart_problems(nb, text.removesuffix(END_OF_RUNS).splitlines())
