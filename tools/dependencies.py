"""Which later code cells a changed cell can affect, read from the Java names the cells declare and use.

A cell's top-level names are what JShell keeps after it runs: the classes, methods and variables it declares or
assigns outside any braces or parentheses. A later cell is affected when it uses an affected name; once affected, it
affects every top-level name it declares, and every notebook name it uses (it may have changed that object in place:
`trainer.fit(net)` changes `net`). The result over-approximates: a cell left out cannot see the change, so it would
compute what it computed before.

One name is not passed on: a part chosen by `Exercise.yoursOrLibrary` (`var layer = Exercise.yoursOrLibrary(…)`).
It is the learner's part when it works and the library's otherwise, so the cells that use it do the same in the
solved and the unsolved notebook; the cell that chooses it is affected like any other.
"""
import re
from functools import lru_cache

# String and character literals and comments: their words are not names.
LITERALS = re.compile(r'"""[\s\S]*?"""|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|//[^\n]*|/\*[\s\S]*?\*/')
WORD = re.compile(r"\b[A-Za-z_$][\w$]*\b")
TYPE = re.compile(r"\b(?:class|interface|record|enum)\s+(\w+)")
METHOD = re.compile(r"[\w>\]]\s+(\w+)\s*\(\)\s*(?:throws\s[\w.,\s]+)?\{")
CHOSEN = re.compile(r"(\w+)\s*=\s*Exercise\.yoursOrLibrary\(\)")
VARIABLE = re.compile(r"[\w>\]]\s+(\w+)\s*(?:=(?!=)|;)|(?:^|[;}])\s*(\w+)\s*(?:[-+*/]?=(?!=)|\+\+|--)")


def _code(source: str) -> str:
    return LITERALS.sub(" ", source)


def _top_level(code: str) -> str:
    """The code with what is inside braces and parentheses dropped: `double f(double a) { … }` → `double f(){}`."""
    out, depth = [], 0
    for ch in code:
        if ch in "({":
            if depth == 0:
                out.append(ch)
            depth += 1
        elif ch in ")}":
            depth = max(depth - 1, 0)
            if depth == 0:
                out.append(ch)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=None)   # every mutation asks again for the names of every cell
def declared(source: str) -> frozenset:
    """The top-level names a cell declares or assigns."""
    top = _top_level(_code(source))
    names = set(TYPE.findall(top)) | set(METHOD.findall(top))
    names |= {a or b for a, b in VARIABLE.findall(top)}
    return frozenset(names - {""} - set(CHOSEN.findall(top)))


@lru_cache(maxsize=None)
def used(source: str) -> frozenset:
    return frozenset(WORD.findall(_code(source)))


def affected(sources: dict, changed: int, stop: int, names: set, in_place: bool = True) -> list:
    """The code cells after `changed` and before `stop` (indices of `sources`, {index: source}) that can see a change
    of cell `changed` to the top-level `names`. With `in_place` false, a cell passes on only the names it declares:
    enough to find every cell that can fail when `names` change (a cell that changes an object in place through one
    of them uses that name itself)."""
    notebook = set().union(*(declared(s) for s in sources.values()))
    tainted, found = set(names), []
    for i in sorted(sources):
        if changed < i < stop and used(sources[i]) & tainted:
            found.append(i)
            tainted |= declared(sources[i]) | (used(sources[i]) & notebook if in_place else set())
    return found


def changes(sources: dict, index: int) -> set:
    """What running cell `index` anew can change: what it declares, and the notebook names it uses."""
    notebook = set().union(*(declared(s) for s in sources.values()))
    return declared(sources[index]) | (used(sources[index]) & notebook)
