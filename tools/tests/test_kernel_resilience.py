"""The java kernel (the course's, kernel/src) survives a throwing cell, and an interrupted training cell leaves the
network at a completed step; after an error or an interrupt the requests already queued are aborted; errors name the
cell and its line; Shift+Tab finds the library's Javadoc; the JVM exits after a shutdown request.

Drives a real kernel through jupyter_client, as JupyterLab does: the stop button sends an interrupt_request, JJava
interrupts the thread running the cell, and the Trainer notices it between two minibatches; Run All sends every cell
at once, each with stop_on_error.
"""
import re
import time
from pathlib import Path

import pytest
from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[2]
JARS = ROOT / "target" / "lib"


@pytest.fixture(scope="module")
def kernel():
    assert (JARS / "nncourse.jar").is_file(), f"{JARS}/nncourse.jar missing: build it first (./course setup)"
    km, kc = start_new_kernel(kernel_name="java", cwd=str(ROOT / "notebooks"), startup_timeout=180)
    try:
        run(kc, f"%classpath {JARS.as_posix()}/*.jar")
        run(kc, "import dev.nncourse.nn.*; import dev.nncourse.optim.*; import dev.nncourse.train.*; "
                "import dev.nncourse.data.*; import java.util.*; import java.util.concurrent.*;")
        yield km, kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def run(kc, code, timeout=120):
    """Executes a cell; returns (status, text/plain result or error, stdout)."""
    shown, out = [], []

    def hook(msg):
        kind, content = msg["msg_type"], msg["content"]
        if kind == "execute_result":
            shown.append(content["data"].get("text/plain", ""))
        elif kind == "error":
            shown.append(f"{content['ename']}: {content['evalue']}")
        elif kind == "stream":
            out.append(content["text"])

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook)
    return reply["content"]["status"], "".join(shown), "".join(out)


def replies(kc, ids, timeout=120):
    """The statuses of the execute replies to the requests `ids`, in their order."""
    status = {}
    while len(status) < len(ids):
        msg = kc.get_shell_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") in ids:
            status[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
    return [status[i] for i in ids]


def test_a_throwing_cell_leaves_the_kernel_usable(kernel):
    _, kc = kernel
    assert run(kc, "int answer = 41;")[0] == "ok"
    status, shown, _ = run(kc, 'throw new IllegalStateException("thrown on purpose");')
    assert status == "error" and "IllegalStateException" in shown and "thrown on purpose" in shown, shown
    assert run(kc, "answer + 1") == ("ok", "42", "")
    status, shown, _ = run(kc, "Matrix.zeros(0, 2)")   # a compile error is survived as well
    assert status == "error", shown
    assert run(kc, "answer * 2") == ("ok", "82", "")


SETUP = """
var data = Datasets.randomRegression(256, 8, 1);
var net = Network.builder(8, 3).dense(64, Activations.TANH).dense(64, Activations.TANH).dense(1, Activations.IDENTITY).build();
class Snapshots implements Optimizer {
    final Sgd sgd = new Sgd(net.parameters(), 1e-3);
    volatile List<double[]> last = List.of();
    volatile int steps;
    public List<Parameter> parameters() { return sgd.parameters(); }
    public void step(int m) {
        sgd.step(m);
        last = parameters().stream().map(p -> p.value().toFlatArray()).toList();
        steps++;
    }
    public OptimizerState state() { return sgd.state(); }
    public void restore(OptimizerState s) { sgd.restore(s); }
    public String name() { return sgd.name(); }
}
var opt = new Snapshots();
var before = net.parameters().stream().map(p -> p.value().toFlatArray()).toList();
var done = new CountDownLatch(1);
var outcome = new Object[1];
int ranBelow = 0;
"ready"
"""

LONG_FIT = """
System.out.println("training");
try { outcome[0] = Trainer.of(net, Losses.MSE, opt).epochs(1_000_000).batchSize(1).fit(data.x(), data.y()); }
catch (RuntimeException e) { outcome[0] = e; }
finally { done.countDown(); }
"""

CHECK = """
done.await(60, TimeUnit.SECONDS);
var params = net.parameters();
boolean atLastStep = true;
for (int i = 0; i < params.size(); i++) atLastStep &= Arrays.equals(opt.last.get(i), params.get(i).value().toFlatArray());
outcome[0].getClass().getSimpleName()
    + "; finite " + params.stream().allMatch(p -> p.value().isFinite())
    + "; equal to the last completed step " + atLastStep
    + "; moved " + !Arrays.equals(before.get(0), params.get(0).value().toFlatArray())
"""


def test_interrupted_training_stops_at_a_completed_step(kernel):
    km, kc = kernel
    assert run(kc, SETUP) == ("ok", "ready", "")
    msg_id = kc.execute(LONG_FIT)
    deadline = time.monotonic() + 120
    while True:   # wait until the cell is running and has printed
        msg = kc.get_iopub_msg(timeout=max(1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream" and "training" in msg["content"]["text"]:
            break
    queued = kc.execute("ranBelow++;")   # as Run All queues the cells below
    time.sleep(2)   # many minibatch steps
    km.interrupt_kernel()
    assert replies(kc, [msg_id, queued], timeout=60) == ["error", "aborted"], "not interrupted, or the queue ran on"
    assert run(kc, "ranBelow") == ("ok", "0", "")

    status, shown, _ = run(kc, CHECK)
    assert status == "ok", shown
    assert shown == "TrainingInterruptedException; finite true; equal to the last completed step true; moved true", shown
    status, shown, _ = run(kc, 'outcome[0].toString().replaceAll("epoch \\\\d+, batch \\\\d+", "epoch E, batch B")')
    assert "training interrupted before epoch E, batch B: the network keeps the parameters of the last completed update" in shown
    # The network trains on afterwards.
    assert run(kc, "Trainer.of(net, Losses.MSE, new Sgd(net.parameters(), 1e-3)).epochs(2).batchSize(32)"
                   ".fit(data.x(), data.y()).size()") \
        == ("ok", "2", "")


def test_queued_requests_run_in_order(kernel):
    """(The course's kernel handles the requests queued behind a cell at once, not after JJava's 50 ms pause.)"""
    _, kc = kernel
    assert run(kc, "var order = new ArrayList<Integer>();")[0] == "ok"
    ids = [kc.execute(f"order.add({i});") for i in range(5)]
    kc.inspect("order.si", 8)   # another kind of request among them
    ids += [kc.execute("order.add(5);")]
    assert replies(kc, ids) == ["ok"] * 6
    assert run(kc, "order") == ("ok", "[0, 1, 2, 3, 4, 5]", "")


def test_an_error_aborts_the_requests_queued_behind_it_and_a_later_one_runs(kernel):
    _, kc = kernel
    assert run(kc, "int below = 0;")[0] == "ok"
    ids = [kc.execute('throw new IllegalStateException("fails");'), kc.execute("below++;"), kc.execute("below++;")]
    assert replies(kc, ids) == ["error", "aborted", "aborted"]
    assert run(kc, "below") == ("ok", "0", "")   # sent after the error: runs
    # Without stop_on_error (JupyterLab sends it for a cell tagged raises-exception) the queue runs on.
    ids = [kc.execute('throw new IllegalStateException("allowed");', stop_on_error=False), kc.execute("below++;")]
    assert replies(kc, ids) == ["error", "ok"]
    assert run(kc, "below") == ("ok", "1", "")


def error_of(kc, code):
    """(execution count, traceback lines without colours) of a cell that fails."""
    lines = []
    count = [None]

    def keep(msg):
        if msg["msg_type"] == "error":
            lines.extend(re.sub(r"\x1b\[[0-9;]*m", "", line) for line in msg["content"]["traceback"])

    reply = kc.execute_interactive(code, timeout=120, output_hook=keep)
    assert reply["content"]["status"] == "error", f"{code!r} did not fail"
    return reply["content"]["execution_count"], lines


def test_an_error_names_the_cells_and_lines_and_keeps_the_librarys_frames(kernel):
    _, kc = kernel
    defined = kc.execute_interactive(
        'void check(int n) {\n    if (n > 1) throw new ArithmeticException("n = " + n);\n}', timeout=120)
    d = defined["content"]["execution_count"]
    e, lines = error_of(kc, "int n = 1;\n\nn++;\ncheck(n);")
    assert lines == ["java.lang.ArithmeticException: n = 2",
                     f'    at check (cell [{d}], line 2): if (n > 1) throw new ArithmeticException("n = " + n);',
                     f"    at cell [{e}], line 4: check(n);"], lines
    e, lines = error_of(kc, "var m = dev.nncourse.linalg.Matrix.zeros(2, 2);\nm.get(5, 5)")
    assert lines[0].startswith("java.lang.IndexOutOfBoundsException: entry (5, 5)"), lines
    assert any(ln.startswith("    at dev.nncourse.linalg.Matrix.get(Matrix.java:") for ln in lines), lines
    assert lines[-1] == f"    at cell [{e}], line 2: m.get(5, 5)", lines
    assert not [ln for ln in lines if "jdk.jshell" in ln or "org.dflib" in ln or "#" in ln], lines
    e, lines = error_of(kc, "int fine = 1;\nint broken = fine + undefinedName;")
    assert lines[0] == f"Compile error in cell [{e}], line 2:", lines


def inspect(kc, code):
    msg_id = kc.inspect(code, len(code))
    reply = kc.get_shell_msg(timeout=60)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=60)
    return reply["content"]


def test_shift_tab_shows_the_signature_and_the_javadoc(kernel):
    _, kc = kernel
    assert run(kc, "import dev.nncourse.linalg.Matrix;")[0] == "ok"
    shown = inspect(kc, "var x = 1;\nMatrix.zeros(")
    assert shown["found"], shown
    assert shown["data"]["text/plain"] == "Matrix Matrix.zeros(int rows, int cols)\n\nThe r×c zero matrix: Matrix.zeros(2, 3).", shown
    plain = inspect(kc, "Dense")["data"]["text/plain"]
    assert plain.startswith("dev.nncourse.nn.Dense\n\nA fully connected layer") and "A = X·W + b" in plain, plain


def test_the_kernel_exits_by_itself_after_a_shutdown_request(kernel):
    """Last, in the module's kernel. (JJava's own JVM stays up until jupyter_client kills it, which a restart waits
    for.)"""
    km, kc = kernel
    assert run(kc, "1 + 1") == ("ok", "2", "")   # cells have run: JShell's threads are up
    kc.shutdown()
    assert km.provisioner.process.wait(timeout=30) == 0
