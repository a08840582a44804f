"""The java kernel survives a throwing cell, and an interrupted training cell leaves the network at a completed step.

Drives a real JJava kernel through jupyter_client, as JupyterLab does: the stop button sends an interrupt_request,
JJava interrupts the thread running the cell, and the Trainer notices it between two minibatches.
"""
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
    time.sleep(2)   # many minibatch steps
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=60)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=60)
    assert reply["content"]["status"] != "ok", "the training cell was not interrupted"

    status, shown, _ = run(kc, CHECK)
    assert status == "ok", shown
    assert shown == "TrainingInterruptedException; finite true; equal to the last completed step true; moved true", shown
    status, shown, _ = run(kc, 'outcome[0].toString().replaceAll("epoch \\\\d+, batch \\\\d+", "epoch E, batch B")')
    assert "training interrupted before epoch E, batch B: the network keeps the parameters of the last completed update" in shown
    # The network trains on afterwards.
    assert run(kc, "Trainer.of(net, Losses.MSE, new Sgd(net.parameters(), 1e-3)).epochs(2).batchSize(32)"
                   ".fit(data.x(), data.y()).size()") \
        == ("ok", "2", "")
