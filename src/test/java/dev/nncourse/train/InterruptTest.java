package dev.nncourse.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.Sgd;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Interrupting the training thread stops it between minibatches, leaving the parameters of a completed step. */
class InterruptTest {
    private static final Dataset DATA = Datasets.randomRegression(64, 4, 2);

    private static Network net() { return Network.builder(4, 9).dense(16, Activations.TANH).dense(1, Activations.IDENTITY).build(); }

    /** Wraps an optimizer, snapshots the parameters after every step and signals once a few steps are done. */
    static final class Snapshots implements Optimizer {
        final Optimizer inner;
        final CountDownLatch started = new CountDownLatch(10);
        volatile List<double[]> last = List.of();

        Snapshots(Optimizer inner) { this.inner = inner; }

        @Override public void afterBatch(List<Parameter> params, int m) {
            inner.afterBatch(params, m);
            last = params.stream().map(p -> p.value().toFlatArray()).toList();
            started.countDown();
        }

        @Override public void afterEpoch(List<Parameter> params) { inner.afterEpoch(params); }

        @Override public void reset() { inner.reset(); }

        @Override public String name() { return inner.name(); }
    }

    private static Throwable fitAndInterrupt(Network net, Snapshots opt) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                Trainer.of(net, Losses.MSE, opt).epochs(1_000_000).batchSize(4).fit(DATA.x(), DATA.y());
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.setDaemon(true);
        t.start();
        opt.started.await();
        t.interrupt();
        t.join(10_000);
        assertTrue(!t.isAlive(), "training did not stop within 10 s of the interrupt");
        return thrown.get();
    }

    @Test void sgdStopsAtTheLastCompletedStep() throws InterruptedException {
        Network net = net();
        Snapshots opt = new Snapshots(new Sgd(0.01));
        Throwable e = fitAndInterrupt(net, opt);
        TrainingInterruptedException ie = assertInstanceOf(TrainingInterruptedException.class, e);
        assertTrue(ie.getMessage().matches("training interrupted before epoch \\d+, batch \\d+: .*"), ie.getMessage());
        List<Parameter> params = net.parameters();
        for (int i = 0; i < params.size(); i++) {
            assertTrue(params.get(i).value().isFinite());
            assertArrayEquals(opt.last.get(i), params.get(i).value().toFlatArray(), "parameter " + i + " is not the last step's");
        }
        assertTrue(java.util.Arrays.stream(ie.history().loss()).allMatch(Double::isFinite));
        // The network is usable afterwards, and this thread's interrupt flag is untouched.
        assertEquals(1, Trainer.of(net, Losses.MSE, new Sgd(0.01)).batchSize(4).fit(DATA.x(), DATA.y()).size());
    }

    @Test void gradientDescentKeepsTheLastEpochUpdateAndDropsTheHalfSum() throws InterruptedException {
        Network net = net();
        GradientDescent gd = new GradientDescent(0.01);
        TrainingInterruptedException e = assertInstanceOf(TrainingInterruptedException.class,
                fitAndInterrupt(net, new Snapshots(gd)));
        assertEquals(0, gd.count(), "the half-summed epoch must be dropped");
        // Parameters change only at the end of an epoch: a fresh run of the completed epochs gives them bit for bit.
        Network replay = net();
        int epochs = e.history().size();
        if (epochs > 0) Trainer.of(replay, Losses.MSE, new GradientDescent(0.01)).epochs(epochs).batchSize(4).fit(DATA.x(), DATA.y());
        for (int i = 0; i < net.parameters().size(); i++) {
            assertEquals(replay.parameters().get(i).value(), net.parameters().get(i).value(), "parameter " + i);
        }
    }
}
