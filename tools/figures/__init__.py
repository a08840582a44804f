"""The course's diagrams, drawn as SVG files by code so that they can be regenerated and stay consistent:
`python -m tools.figures` writes every figure into notebooks/figures/, and tools/tests/test_figures.py checks that the
committed files are what this code draws. A notebook shows one with Markdown, `![what it shows](figures/NAME.svg)`.

To add a figure: write a function returning a `Drawing` (tools/figures/svg.py) in a module of this package, add it to
FIGURES under its file name, run `python -m tools.figures`, and reference the file from a notebook.
"""
from pathlib import Path

from tools.figures import columns, foundations, layers, part3, part5, shapes, training

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "notebooks" / "figures"

FIGURES = {
    "neuron": layers.neuron,
    "layer": layers.layer,
    "network": layers.network,
    "dense-graph": layers.dense_graph,
    "minibatch-shapes": shapes.minibatch,
    "column-shapes": shapes.columns,
    "gradient-steps": foundations.gradient_steps,
    "column-backprop": columns.column_backprop,
    "deep-network": columns.deep_network,
    "backward-recursion": columns.backward_recursion,
    "sigmoid-log-loss": training.sigmoid_log_loss,
    "layer-object": training.layer_object,
    "training-loop": training.training_loop,
    "epoch-minibatches": training.epoch_minibatches,
    "gradient-flow": part3.gradient_flow,
    "softmax-cross-entropy": part3.softmax_cross_entropy,
    "dropout-mask": part3.dropout_mask,
    "computational-graph": part5.computational_graph,
    "topological-order": part5.topological_order,
    "conv-window": part5.conv_window,
    "im2col": part5.im2col,
    "maxpool": part5.maxpool,
}


def render() -> dict:
    """{file name: SVG text} of every figure."""
    return {f"{name}.svg": draw().svg() for name, draw in FIGURES.items()}


def write(out: Path = OUT) -> list:
    """Writes every figure into `out`; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render().items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return written
