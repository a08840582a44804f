"""A notebook's outputs as the course reads them: errors and stderr, the text a cell shows, and the comparison of a
fresh execution with the committed outputs. Outputs are kept as JupyterLab keeps them (consecutive stream outputs of
one name merged, with their \\r and \\b applied), so that opening and saving a notebook in JupyterLab changes nothing;
a notebook is written back atomically."""
import copy
import os
import re
import tempfile
from pathlib import Path

TIMING_TAG = "timing"  # cells whose output shows wall-clock time: not compared
TEXT_MIMES = ("text/plain", "text/html")


def first_line(text) -> str:
    text = "".join(text) if isinstance(text, list) else str(text)
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), "")


def check_outputs(nb) -> list:
    """Problems in an executed notebook: error outputs and stderr, anywhere."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                problems.append(f"cell {i}: error {out.ename}: {first_line(out.evalue)}")
            elif out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i}: stderr: {first_line(out.text)}")
    return problems


def jupyterlab_text(index: int, new: str, text: str = "") -> tuple:
    """JupyterLab's processText: `new` written into `text` at `index`, with its \\b and \\r applied.

    Returns (text, index after it). A port of @jupyterlab/outputarea's model, which keeps a stream
    output this way as chunks arrive (and the notebook is saved from that model).
    """
    if not any(ch in new for ch in "\b\r\n"):
        return text[:index] + new + text[index + len(new):], index + len(new)
    at, start = index, 0
    while True:
        m = re.compile(r"[\n\b\r]").search(new, start)
        piece = new[start:m.start() if m else len(new)]
        text = text[:at] + piece + text[at + len(piece):]
        at += len(piece)
        if not m:
            return text, at
        start, ch = m.start() + 1, m.group()
        if ch == "\b":
            if at > 0 and text[at - 1] != "\n":
                text, at = text[:at - 1] + text[at + 1:], at - 1
        elif ch == "\r":
            while at > 0 and text[at - 1] != "\n":
                at -= 1
        else:
            text, at = text + "\n", len(text) + 1


def as_jupyterlab_keeps(outputs: list) -> list:
    """The outputs as JupyterLab's output area keeps them: a stream output that follows one of the same name
    (stdout after stdout) is appended to it, and every stream's text has its \\r and \\b applied."""
    kept, last, index = [], None, 0
    for out in outputs:
        if out.get("output_type") == "stream":
            chunk = "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
            if last == out["name"] and kept:
                kept[-1]["text"], index = jupyterlab_text(index, chunk, kept[-1]["text"])
                continue
            out = copy.deepcopy(out)
            out["text"], index = jupyterlab_text(0, chunk)
            last = out["name"]
        else:
            last = None
        kept.append(out)
    return kept


def text_lines(cell) -> list:
    """What a code cell shows as text, one entry per line, each labelled with its kind.

    Stdout is joined across stream outputs first (the kernel may flush it in chunks of any size)
    and listed after the results, displays and errors, which keep their order. Images are left out.
    """
    def lines(label, text):
        text = "".join(text) if isinstance(text, list) else str(text)
        return [f"{label}: {ln}" for ln in text.removesuffix("\n").split("\n")]

    shown, stdout = [], ""
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            if out.get("name") == "stdout":
                stdout += "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
            else:
                shown += lines(out.get("name", "stream"), out["text"])
        elif kind in ("execute_result", "display_data"):
            for mime in TEXT_MIMES:
                if mime in out.get("data", {}):
                    shown += lines(mime, out["data"][mime])
        elif kind == "error":
            shown += lines("error", f"{out.get('ename')}: {out.get('evalue')}")
    return shown + (lines("stdout", stdout) if stdout else [])


def compare_outputs(committed, fresh, name: str) -> list:
    """Differences between the text outputs of a committed and a freshly executed notebook.

    One problem per differing cell: `NAME: cell I (0-based): line K differs` with both lines,
    or which side has more lines. Cells tagged `timing` and markdown cells are skipped.
    """
    if len(committed.cells) != len(fresh.cells):
        return [f"{name}: {len(committed.cells)} cells committed but {len(fresh.cells)} executed"]
    problems = []
    for i, (old, new) in enumerate(zip(committed.cells, fresh.cells)):
        if old.cell_type != "code" or TIMING_TAG in old.get("metadata", {}).get("tags", []):
            continue
        a, b = text_lines(old), text_lines(new)
        if a == b:
            continue
        k = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        if k < len(a) and k < len(b):
            what = f"line {k + 1} differs\n      committed: {a[k]!r}\n      fresh:     {b[k]!r}"
        elif k < len(a):
            what = f"line {k + 1} is committed but not produced any more: {a[k]!r}"
        else:
            what = f"line {k + 1} is new (not in the committed outputs): {b[k]!r}"
        problems.append(f"{name}: cell {i}: {what}")
    return problems


def write_atomically(nb, path: Path) -> None:
    import nbformat

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
