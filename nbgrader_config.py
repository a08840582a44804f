"""nbgrader configuration of the course (read by `nbgrader` run from the repository root, and by tools/grading.py).

Course layout: one assignment per notebook, named after it (`00-getting-started`). The course directory is the
build directory build/nbgrader/, which `./course release` fills:

    build/nbgrader/source/<assignment>/<assignment>.ipynb    symlink to notebooks/<assignment>.ipynb (instructor source)
    build/nbgrader/release/<assignment>/<assignment>.ipynb   student version, written by nbgrader generate_assignment
    build/nbgrader/submitted/<student>/<assignment>/...      submissions to grade
    build/nbgrader/autograded/<student>/<assignment>/...     executed and scored by nbgrader autograde
    build/nbgrader/gradebook.db

    build/nbgrader/feedback/<student>/<assignment>/...       feedback HTML, by nbgrader generate_feedback
    build/nbgrader/exchange/                                  the exchange, when no hub is installed (see below)

The notebooks load the library with `%classpath ../target/lib/*.jar` relative to their own directory, and nbgrader
runs each kernel in the notebook's directory, so release/ and autograded/<student>/ hold `target/lib`, a link to the
repository's target/lib: nbgrader's convert hooks make them (tools/nbgrader_plugins.py), so that the formgrader's
buttons and plain `nbgrader autograde` grade as `./course autograde` does. The hooks also copy the due dates of
class.yml into the gradebook, and the late policy of class.yml decides the penalty.

The exchange (release_assignment, collect, release_feedback; the students' fetch and submit) is the hub's,
/srv/nncourse/exchange (or $NNCOURSE_HUB/exchange), when `./course hub` installed one on this machine; otherwise a
private one in build/nbgrader/exchange, so that the instructor's lab has a working exchange.
"""
import os
import sys

c = get_config()  # noqa: F821 (injected by nbgrader)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # the repository's tools package, wherever nbgrader runs from (the formgrader too)
from tools import nbgrader_plugins as plugins  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.converters import GenerateAssignment  # noqa: E402

c.CourseDirectory.course_id = "nncourse"
c.CourseDirectory.root = os.path.join(HERE, "build", "nbgrader")

hub = os.environ.get("NNCOURSE_HUB") or "/srv/nncourse"
if os.path.isdir(os.path.join(hub, "exchange")):
    c.Exchange.root = os.path.join(hub, "exchange")
else:
    c.Exchange.root = os.path.join(HERE, "build", "nbgrader", "exchange")
    os.makedirs(c.Exchange.root, exist_ok=True)

c.Autograde.pre_convert_hook = plugins.before_autograde
c.GenerateAssignment.post_convert_hook = plugins.after_release
c.AssignLatePenalties.plugin_class = plugins.LatePolicy
c.GenerateAssignment.preprocessors = [plugins.ForTheClass] + list(GenerateAssignment.class_traits()["preprocessors"].default())
c.GenerateFeedback.preprocessors = [GetGrades, plugins.HideHiddenTests, plugins.MathsAsMathML,
                                    CSSHTMLHeaderPreprocessor, plugins.ErrorsMarked]
c.HTMLExporter.preprocessors = [plugins.MathsAsMathML]   # the formgrader's views of a submission

# The student version of a solution region: a stub that compiles in any method body and fails loudly when run.
# (nbgrader's default Java stub is a bare comment, which does not compile in a method that returns a value.)
c.ClearSolutions.code_stub = {
    "java": '// YOUR CODE HERE\nthrow new UnsupportedOperationException("exercise not solved yet");',
}

# Execution (nbgrader validate and autograde): the JJava kernel, and room for the training cells.
c.Execute.kernel_name = "java"
c.Execute.timeout = 600          # seconds per cell
c.Execute.startup_timeout = 180  # a JVM kernel starts slowly on a busy machine
# JJava answers a shutdown request but its JVM does not exit, so a graceful shutdown waits seconds for jupyter_client
# to terminate it; every output is in by then, so stop each kernel at once (as tools/run_notebooks.py does).
c.Execute.shutdown_kernel = "immediate"
