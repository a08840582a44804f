"""nbgrader configuration of the course (read by `nbgrader` run from the repository root, and by tools/grading.py).

Course layout: one assignment per notebook, named after it (`00-getting-started`). The course directory is the
build directory build/nbgrader/, which `./course release` fills:

    build/nbgrader/source/<assignment>/<assignment>.ipynb    symlink to notebooks/<assignment>.ipynb (instructor source)
    build/nbgrader/release/<assignment>/<assignment>.ipynb   student version, written by nbgrader generate_assignment
    build/nbgrader/submitted/<student>/<assignment>/...      submissions to grade
    build/nbgrader/autograded/<student>/<assignment>/...     executed and scored by nbgrader autograde
    build/nbgrader/gradebook.db

The notebooks load the library with `%classpath ../target/lib/*.jar` relative to their own directory, and nbgrader
runs each kernel in the notebook's directory, so release/ and autograded/<student>/ hold `target/lib`, a link to the
repository's target/lib (tools/grading.py makes them).
"""
import os

c = get_config()  # noqa: F821 (injected by nbgrader)

c.CourseDirectory.course_id = "nncourse"
c.CourseDirectory.root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "build", "nbgrader")

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
