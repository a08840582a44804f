"""The course's additions to nbgrader, installed by nbgrader_config.py, so that every way of running nbgrader gets
them: `./course release`/`autograde`, plain `nbgrader …` commands and the formgrader's buttons.

- before_autograde (Autograde.pre_convert_hook): links autograded/<student>/target/lib to the library, so that a
  notebook's `%classpath ../target/lib/*.jar` finds it however the autograder was started, and copies the
  assignment's due date from class.yml into the gradebook, which is where nbgrader reads it;
- after_release (GenerateAssignment.post_convert_hook): links release/target/lib, and the due dates again;
- LatePolicy (AssignLatePenalties.plugin_class): the late penalty of class.yml;
- ForTheClass (a GenerateAssignment preprocessor): the student version as a class on a hub or a shared machine gets
  it, one folder per assignment: links to another notebook point into that notebook's folder, and sentences about
  the `./course` command, which students there do not have, are replaced by what they do have (Validate, the
  Assignment List). The learner's own release (build/learner/, tools/grading.py) turns it off;
- HideHiddenTests, MathsAsMathML, ErrorsMarked (GenerateFeedback preprocessors): the feedback a student gets shows
  no hidden test, renders its maths without a network (MathML, which browsers draw themselves; nbgrader loads
  MathJax from a CDN), and marks errors in red.

class.yml (or the file named by $NNCOURSE_CLASS) holds the class's due dates and late policy; see docs/instructors.md.
"""
import math
import os
import re
from datetime import datetime, timezone
from pathlib import Path

from nbgrader.plugins import LateSubmissionPlugin
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Bool

ROOT = Path(__file__).resolve().parent.parent
PENALTIES = ("none", "zero", "per_day")
ON_A_HUB = ("**Validate** (the button above the notebook) runs the visible tests; when you are done, submit the "
            "notebook from **Nbgrader → Assignment List**.")


def class_file():
    return Path(os.environ.get("NNCOURSE_CLASS") or ROOT / "class.yml")


def class_settings(path=None):
    """class.yml, checked: {"timezone": ZoneInfo, "penalty": (method, percent per day), "due": {assignment:
    aware datetime}}. Raises ValueError naming the value and what was expected."""
    import yaml
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    path = Path(path or class_file())
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    data = data or {}
    if not isinstance(data, dict) or set(data) - {"timezone", "late_policy", "due"}:
        raise ValueError(f"{path}: expected the keys timezone, late_policy and due, found {sorted(data)}")
    try:
        zone = ZoneInfo(str(data.get("timezone") or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{path}: timezone {data.get('timezone')!r} is not a time zone such as Europe/Berlin")
    policy = data.get("late_policy") or {"penalty": "none"}
    method = policy.get("penalty", "none") if isinstance(policy, dict) else policy
    per_day = policy.get("percent_per_day", 0) if isinstance(policy, dict) else 0
    if method not in PENALTIES or (method == "per_day") != bool(per_day) or not 0 <= float(per_day) <= 100:
        raise ValueError(f"{path}: late_policy {policy!r}: expected penalty none or zero, or penalty per_day with "
                         f"percent_per_day between 0 and 100")
    due = {}
    for a, when in (data.get("due") or {}).items():
        try:
            stamp = when if isinstance(when, datetime) else datetime.fromisoformat(str(when))
        except ValueError:
            raise ValueError(f"{path}: due date of {a} is {when!r}: expected YYYY-MM-DD HH:MM") from None
        due[str(a)] = stamp if stamp.tzinfo else stamp.replace(tzinfo=zone)
    return {"timezone": zone, "penalty": (method, float(per_day)), "due": due}


def penalty(score, seconds_late, policy):
    """The points taken off a notebook `seconds_late` late under `policy` (method, percent per day)."""
    method, per_day = policy
    if seconds_late <= 0 or method == "none":
        return None if method == "none" else 0.0
    if method == "zero":
        return score
    return min(score, score * per_day / 100 * math.ceil(seconds_late / 86400))


def set_due_date(course, assignment):
    """The assignment's due date from class.yml into the course's gradebook (None when class.yml has none)."""
    from tools.grading import gradebook

    when = class_settings()["due"].get(assignment)
    utc = when.astimezone(timezone.utc).replace(tzinfo=None) if when else None
    with gradebook(course) as gb:
        gb.update_or_create_assignment(assignment, duedate=utc)


def before_autograde(assignment=None, student=None, notebooks=()):
    """notebooks: <course>/submitted/<student>/<assignment>/<notebook>.ipynb."""
    from tools.grading import link_target

    for nb in notebooks:
        path = Path(nb).absolute()
        course, student_id, assignment_id = path.parents[3], path.parents[1].name, path.parent.name
        link_target(course / "autograded" / student_id)
        set_due_date(course, assignment_id)
        name_student(course, student_id)


def name_student(course, student):
    """A student nbgrader does not know yet gets a name, so that the formgrader does not show "None, None": the
    full name of the Unix account (a hub's student), else the login as last name. A roster import (./course roster)
    gives the real names."""
    import pwd
    from nbgrader.api import MissingEntry
    from tools.grading import gradebook

    with gradebook(course) as gb:
        try:
            known = gb.find_student(student)
            if known.first_name is not None or known.last_name is not None:
                return
        except MissingEntry:
            pass
        try:
            full = pwd.getpwnam(student).pw_gecos.split(",")[0].split()
        except KeyError:
            full = []
        first, last = (" ".join(full[:-1]), full[-1]) if len(full) > 1 else ("", student)
        gb.update_or_create_student(student, first_name=first, last_name=last)


def after_release(assignment=None, student=None, notebooks=()):
    """notebooks: <course>/source/<assignment>/<notebook>.ipynb."""
    from tools.grading import link_target

    for nb in notebooks:
        path = Path(nb).absolute()
        link_target(path.parents[2] / "release")
        set_due_date(path.parents[2], path.parent.name)


class LatePolicy(LateSubmissionPlugin):
    """The late penalty of class.yml: none (flagged only), zero, or per_day (percent_per_day of the score per day
    or part of a day late)."""

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        return penalty(score, total_seconds_late, class_settings()["penalty"])


class ForTheClass(NbGraderPreprocessor):
    """Links to another notebook → ../<assignment>/<assignment>.ipynb; sentences naming `./course` → ON_A_HUB."""

    enabled = Bool(True, help="off for the learner's own release, which keeps one folder").tag(config=True)

    def preprocess(self, nb, resources):
        if not self.enabled:
            return nb, resources
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = for_the_class(cell.source)
        return cell, resources


def for_the_class(text):
    text = re.sub(r"\]\((\d\d-[\w-]+)\.ipynb(#[^)]*)?\)", lambda m: f"](../{m[1]}/{m[1]}.ipynb{m[2] or ''})", text)
    if "./course" not in text:
        return text
    text = re.sub(r"\s*\([^()]*\./course[^()]*\)", "", text)                    # a parenthesis naming it
    text = re.sub(r"(^|(?<=[.!?:]))[^.!?:]*\./course[^.!?]*[.!?]", "", text)     # a sentence naming it
    return text.rstrip() + " " + ON_A_HUB


class HideHiddenTests(ClearHiddenTests):
    """nbgrader's own preprocessor, which the student version went through: the feedback shows the test cells as
    the student saw them, and the results of the hidden tests, not their code."""


class MathsAsMathML(NbGraderPreprocessor):
    """$…$ and $$…$$ in Markdown cells → MathML (latex2mathml), outside code."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown" and "$" in cell.source:
            cell.source = maths_as_mathml(cell.source)
        return cell, resources


def maths_as_mathml(text):
    from latex2mathml.converter import convert

    parts = re.split(r"(```.*?```|`[^`\n]*`)", text, flags=re.S)   # code, kept as it is, at odd indices
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"\$\$(.+?)\$\$", lambda m: convert(m[1].strip(), display="block"), parts[i], flags=re.S)
        parts[i] = re.sub(r"(?<![\\$])\$([^$\n]+?)\$", lambda m: convert(m[1].strip()), parts[i])
    return "".join(parts)


ERROR_CSS = """
div.output_error pre, div.output_stderr pre { color: #8b0000; background: #fdecea; border-left: 4px solid #c62828;
  padding: 0.4em 0.6em; }
div.output_error::before { content: "✗ error"; display: block; color: #c62828; font-weight: bold; }
math[display="block"] { display: block; margin: 0.5em 0; }
"""


class ErrorsMarked(NbGraderPreprocessor):
    """Errors in red with a "✗ error" label (nbgrader shows them grey, like any output)."""

    def preprocess(self, nb, resources):
        resources.setdefault("inlining", {}).setdefault("css", []).append(ERROR_CSS)
        return nb, resources
