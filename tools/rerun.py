"""What runs again in the kernel that executed a notebook, before it is shut down:
1. every check cell (tag `check`) must pass with the same output when run again: a check verifies what the
   notebook's own cells computed, not a cache that a later cell overwrote (a check with mutations is run again as
   each mutation is undone);
2. the mutations of every check cell (tools/mutations.py): an equation changed in a derivation cell, that cell and the
   cells after it that can see the change (tools/dependencies.py) run down to the check, which must fail with a
   message naming what it checks; then the original cells run again and the check passes;
3. last, the learner's Run All from the first exercise on (nbgrader's student version, made in process with the
   preprocessors and settings of nbgrader_config.py): only the exercises' test cells may fail, each with the stub's
   "exercise not solved yet". Nothing runs after it, so the notebook's own cells need not run again.
"""
import copy
from pathlib import Path

from tools.dependencies import affected, changes, declared
from tools.mutations import is_check, mutations, target
from tools.outputs import first_line, text_lines

ROOT = Path(__file__).resolve().parent.parent
UNSOLVED = "exercise not solved yet"  # the message of the stub in nbgrader_config.py


def exercises(nb) -> list:
    """[(solution cell indices, test cell indices)]: each run of nbgrader solution cells with the test cells after it."""
    groups = []
    for i, cell in enumerate(nb.cells):
        g = cell.get("metadata", {}).get("nbgrader", {})
        if g.get("solution"):
            if not groups or groups[-1][1]:
                groups.append(([], []))
            groups[-1][0].append(i)
        elif g.get("grade") and cell.cell_type == "code" and groups:
            groups[-1][1].append(i)
    return groups


def student_version(nb):
    """What nbgrader generate_assignment makes of the notebook's cells: solutions replaced by the stub, hidden tests
    removed (nbgrader's own preprocessors, with the settings of nbgrader_config.py)."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    student = copy.deepcopy(nb)
    for step in (ClearSolutions, ClearHiddenTests):
        student, _ = step(config=config).preprocess(student, {})
    return student


class Session:
    """Cells run again in the kernel that executed the notebook; each on a copy, so the notebook is left as it is."""

    def __init__(self, client, nb):
        self.client, self.nb, self.problems = client, nb, []

    async def run(self, index, source=None):
        """Runs cell `index` (with `source` instead of its own, if given). Returns (error or None, text lines)."""
        from nbclient.exceptions import CellExecutionError

        original = self.nb.cells[index]
        cell = copy.deepcopy(original)
        cell.metadata.pop("tags", None)  # no raises-exception: an error is reported, never swallowed
        if source is not None:
            cell.source = source
        # The copy stands in the notebook while it runs: nbclient applies an update_display_data (a live chart's
        # redraw) to the cell at `index` of the notebook, which must be the copy, not the original's outputs.
        self.nb.cells[index] = cell
        try:
            await self.client.async_execute_cell(cell, index)
        except CellExecutionError as e:
            return f"{e.ename}: {e.evalue}", text_lines(cell)
        finally:
            self.nb.cells[index] = original  # nbclient stores the cell it ran into the notebook
        stderr = [ln for ln in text_lines(cell) if ln.startswith("stderr: ")]
        return (stderr[0] if stderr else None), text_lines(cell)

    async def rerun_checks(self):
        """Every check cell without mutations again: it must pass and show what it showed the first time. (A check
        with mutations runs again when each mutation is undone, and must show the same there.)"""
        for i, cell in enumerate(self.nb.cells):
            if is_check(cell) and not mutations(cell):
                await self.again(i, "check")

    async def again(self, i, what):
        """Runs cell i as it is: it must pass and show what it showed the first time."""
        error, shown = await self.run(i)
        if error:
            self.problems.append(f"cell {i}: {what} fails when run again: {first_line(error)}")
        elif shown != text_lines(self.nb.cells[i]):
            self.problems.append(f"cell {i}: {what} shows something else when run again: {shown[:1]}")

    async def try_student_version(self):
        """The learner's Run All, from the first exercise on (the cells before it are the same in both versions):
        nbgrader's student version of each cell runs, and only the exercises' test cells may fail, each with the
        stub's "exercise not solved yet". It runs last: the kernel is left with the stubs."""
        student = student_version(self.nb)
        tests = {i for _, t in exercises(self.nb) for i in t}
        for i in self.student_cells():
            error, _ = await self.run(i, student.cells[i].source)
            if i in tests and (not error or UNSOLVED not in error):
                self.problems.append(f"cell {i}: with the exercise unsolved this test cell should fail with "
                                     f"'{UNSOLVED}', got {first_line(error) if error else 'no error'}")
            elif i not in tests and error:
                self.problems.append(f"cell {i}: fails in the student version: {first_line(error)} (only the "
                                     f"exercises' test cells may; see docs/instructors.md on solution cells)")

    def student_cells(self):
        """The solution and test cells, and the cells after the first solution that can fail with its stub."""
        sources = {i: c.source for i, c in enumerate(self.nb.cells) if c.cell_type == "code"}
        solutions = [i for g, _ in exercises(self.nb) for i in g if i in sources]
        tests = [i for _, t in exercises(self.nb) for i in t]
        if not solutions:
            return []
        names = set().union(*(declared(sources[i]) for i in solutions))
        chosen = affected(sources, solutions[0], len(self.nb.cells), names, in_place=False)
        return sorted(set(solutions) | set(tests) | set(chosen))

    async def mutate_all(self):
        """Every check cell's mutations (tools/mutations.py): each must make its check fail, naming what it checks.
        Returns the number of mutations tried."""
        tried = 0
        for check, cell in enumerate(self.nb.cells):
            for spec in mutations(cell):
                tried += 1
                await self.mutate(check, spec)
        return tried

    async def mutate(self, check, spec):
        """One mutation of check cell `check`: the check must fail with its `fails` text; then all is as before."""
        try:
            first, mutated = target(self.nb.cells, check, spec)
        except ValueError as e:
            self.problems.append(f"cell {check}: mutation: {e}")
            return
        old, new = spec["replace"]
        sources = {i: c.source for i, c in enumerate(self.nb.cells) if c.cell_type == "code"}
        between = affected(sources, first, check, changes(sources, first))
        steps = [(first, mutated)] + [(i, None) for i in between] + ([(check, None)] if check != first else [])
        for n, (i, source) in enumerate(steps):
            error, _ = await self.run(i, source)
            if i == check:
                break
            if error:
                self.problems.append(f"cell {check}: mutation {old!r} → {new!r}: cell {i} fails before the check is "
                                     f"reached: {first_line(error)}")
                return
        if not error or "✗" not in error or spec["fails"] not in error:
            self.problems.append(f"cell {check}: mutation {old!r} → {new!r} in cell {first}: the check should fail "
                                 f"with a message about {spec['fails']!r}, got "
                                 f"{first_line(error) if error else 'no error'}")
        for i in [first] + between + ([check] if check != first else []):   # the originals again
            error, shown = await self.run(i)
            if error or (i == check and shown != text_lines(self.nb.cells[check])):
                self.problems.append(f"cell {check}: after the mutation is undone, cell {i} does not give its first "
                                     f"result again: {first_line(error) if error else shown[:1]}")
                return
