"""Mutations: each check cell names the equations it checks, and the test command breaks each one to see the check fail.

A check cell (tag `check`) holds its mutations in its metadata, next to what they test:

    "metadata": {"tags": ["check", "source-000-E0.5"],
                 "nncourse": {"mutations": [{"cell": "Matrix dJdb = ", "replace": ["1.0 / m", "2.0 / m"],
                                             "fails": "∂J/∂b = (1/m) 1ᵀ Δ"}]}}

- `cell`: text found in exactly one code cell at or before the check (the derivation, or the check itself);
- `replace`: [old, new], `old` found exactly once in that cell: a sign, an index, a transpose, a factor or a term of
  the equation; never a setting such as a sample count, an epoch count or a seed (`SETTING` refuses those);
- `fails`: text that the check's failure message must contain, the name of the claim it checks.

After a notebook has run, tools/rerun.py applies each mutation in the kernel that ran it: the changed cell and the code
cells after it run down to the check, which must fail with `✗` and `fails` in its message; then the original cells
run again and the check passes as before. tools/tests/test_notebooks_structure.py requires at least one mutation on
every check cell.
"""
import re

CHECK_TAG = "check"
# A line that sets how much is computed rather than what: changing it is no mutation of an equation.
SETTING = re.compile(r"\b(epochs?|EPOCHS|seeds?|SEED|batch\w*|samples?|steps|STEPS|reps|trials)\b")


def is_check(cell) -> bool:
    return cell.get("cell_type") == "code" and CHECK_TAG in cell.get("metadata", {}).get("tags", [])


def source(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def mutations(cell) -> list:
    """The mutations a check cell declares (none for any other cell)."""
    return list(cell.get("metadata", {}).get("nncourse", {}).get("mutations", [])) if is_check(cell) else []


def target(cells, check: int, spec: dict) -> tuple:
    """(index of the cell to change, its changed source), or raises ValueError saying what is wrong with the spec."""
    if set(spec) != {"cell", "replace", "fails"} or len(spec["replace"]) != 2 or not spec["fails"]:
        raise ValueError(f"a mutation is {{cell, replace: [old, new], fails}}, got {spec!r}")
    where = [i for i in range(check + 1) if cells[i].get("cell_type") == "code" and spec["cell"] in source(cells[i])]
    if len(where) != 1:
        raise ValueError(f"{len(where)} code cells up to cell {check} contain {spec['cell']!r}, expected exactly 1")
    old, new = spec["replace"]
    text = source(cells[where[0]])
    if old == new or text.count(old) != 1:
        raise ValueError(f"cell {where[0]} must contain {old!r} exactly once, and {new!r} must differ from it")
    line = next(ln for ln in text.split("\n") if old in ln or old.split("\n")[0] in ln).split("//")[0]   # not its comment
    if SETTING.search(line):
        raise ValueError(f"{old!r} → {new!r} changes a setting ({SETTING.search(line).group()}), not an equation: "
                         f"{line.strip()!r}")
    return where[0], text.replace(old, new)
