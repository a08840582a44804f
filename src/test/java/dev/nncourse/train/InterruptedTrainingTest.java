package dev.nncourse.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.io.ModelFile;
import dev.nncourse.linalg.MatMul;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.Sgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real interrupts from another thread, at random times, while a network large enough for the worker team trains (its
 * products of 64×128·128×128 are 1M multiply-adds, above the 2·64³ from which two threads share one). After each
 * {@link TrainingInterruptedException}: the parameters equal, bit for bit, those of a replay of exactly the completed
 * steps; the interrupt flag is clear; a gradient descent has dropped its half-summed epoch; and the network can be saved.
 */
class InterruptedTrainingTest {
    private static final Dataset DATA = Datasets.randomRegression(256, 128, 3);
    private static final int BATCH = 64, TRIALS = 30;
    private static int threadsBefore;

    @TempDir Path dir;

    @BeforeAll static void twoThreads() {
        threadsBefore = MatMul.threads();
        MatMul.setThreads(2);
    }

    @AfterAll static void restore() { MatMul.setThreads(threadsBefore); }

    private static Network net() {
        return Network.builder(128, 5).dense(128, Activations.TANH).dense(128, Activations.TANH)
                .dense(1, Activations.IDENTITY).build();
    }

    /** Wraps an optimizer and counts its completed steps; may interrupt its own thread after step {@code stopAfter}. */
    static final class Counting implements Optimizer {
        final Optimizer inner;
        final int stopAfter;
        volatile int steps;

        Counting(Optimizer inner, int stopAfter) { this.inner = inner; this.stopAfter = stopAfter; }

        @Override public void step(Network net, Matrix gradOutput, int batchSize) {
            inner.step(net, gradOutput, batchSize);
            if (++steps == stopAfter) Thread.currentThread().interrupt();
        }

        @Override public void afterBatch(List<Parameter> params, int batchSize) { inner.afterBatch(params, batchSize); }

        @Override public void afterEpoch(List<Parameter> params) { inner.afterEpoch(params); }

        @Override public void reset() { inner.reset(); }

        @Override public boolean belongsTo(List<Parameter> params) { return inner.belongsTo(params); }

        @Override public String name() { return inner.name(); }
    }

    /** What the training thread saw. */
    record Outcome(Throwable thrown, boolean flagAfter, Throwable saveFailure, int steps) {}

    @Test void sgdInterruptedAtRandomTimesKeepsTheLastCompletedStep() throws Exception {
        trials(() -> new Sgd(0.002), false);
    }

    @Test void gradientDescentInterruptedAtRandomTimesDropsItsHalfEpoch() throws Exception {
        trials(() -> new GradientDescent(0.05), true);
    }

    private void trials(Supplier<Optimizer> optimizer, boolean gd) throws Exception {
        Random rng = new Random(42);
        for (int trial = 0; trial < TRIALS; trial++) {
            Network net = net();
            Optimizer inner = optimizer.get();
            Counting counting = new Counting(inner, -1);
            Outcome o = trainAndInterrupt(net, counting, rng.nextInt(40_000), dir.resolve("trial" + trial + ".nnm"));
            String where = "trial " + trial + " (" + o.steps + " steps)";
            assertInstanceOf(TrainingInterruptedException.class, o.thrown, where + ": " + o.thrown);
            assertFalse(o.flagAfter, where + ": the interrupt flag is still set after the exception");
            assertNull(o.saveFailure, where + ": saving after the interrupt failed: " + o.saveFailure);
            if (gd) assertEquals(0, ((GradientDescent) inner).count(), where + ": the half-summed epoch was kept");
            Network replay = replay(o.steps, optimizer.get());
            for (int i = 0; i < net.parameters().size(); i++) {
                assertEquals(replay.parameters().get(i).value(), net.parameters().get(i).value(),
                        where + ": " + net.nameOf(net.parameters().get(i)) + " differs from a replay of the completed steps");
            }
            assertEquals(replay.parameters().get(0).value(), ModelFile.load(dir.resolve("trial" + trial + ".nnm"))
                    .network().parameters().get(0).value(), where + ": the saved network");
        }
    }

    /** Trains on another thread and interrupts it after {@code delayMicros}. */
    private static Outcome trainAndInterrupt(Network net, Counting opt, int delayMicros, Path file) throws Exception {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            Throwable thrown = null, saveFailure = null;
            try {
                Trainer.of(net, Losses.MSE, opt).epochs(1_000_000).batchSize(BATCH).seed(9).fit(DATA.x(), DATA.y());
            } catch (Throwable e) {
                thrown = e;
            }
            boolean flag = Thread.currentThread().isInterrupted();
            try {
                ModelFile.save(file, net);
            } catch (Throwable e) {
                saveFailure = e;
            }
            outcome.set(new Outcome(thrown, flag, saveFailure, opt.steps));
        }, "training");
        t.start();
        Thread.sleep(delayMicros / 1000, (delayMicros % 1000) * 1000);
        t.interrupt();
        t.join(60_000);
        assertFalse(t.isAlive(), "training did not stop within 60 s of the interrupt");
        return outcome.get();
    }

    /** A fresh network trained for exactly {@code steps} steps, the same way: the trainer stops at its interrupt. */
    private static Network replay(int steps, Optimizer optimizer) {
        Network net = net();
        Trainer trainer = Trainer.of(net, Losses.MSE, new Counting(optimizer, steps)).epochs(1_000_000).batchSize(BATCH).seed(9);
        if (steps == 0) Thread.currentThread().interrupt();
        TrainingInterruptedException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingInterruptedException.class,
                () -> trainer.fit(DATA.x(), DATA.y()));
        assertFalse(Thread.currentThread().isInterrupted());
        assertTrue(e.getMessage().startsWith("training interrupted before epoch"), e.getMessage());
        return net;
    }

    /** An interrupt during the very last step still ends training with the exception, with every epoch in its history. */
    @Test void anInterruptDuringTheLastStepIsReportedAfterTheLastEpoch() {
        Network net = net();
        int steps = 2 * DATA.x().rows() / BATCH;
        Trainer trainer = Trainer.of(net, Losses.MSE, new Counting(new Sgd(0.002), steps)).epochs(2).batchSize(BATCH);
        TrainingInterruptedException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingInterruptedException.class,
                () -> trainer.fit(DATA.x(), DATA.y()));
        assertTrue(e.getMessage().contains("after its last epoch, 2, was completed"), e.getMessage());
        assertEquals(2, e.history().size());
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test void savingWorksAfterAnInterruptedTraining(@TempDir Path tmp) throws IOException {
        Network net = net();
        Thread.currentThread().interrupt();
        org.junit.jupiter.api.Assertions.assertThrows(TrainingInterruptedException.class,
                () -> Trainer.of(net, Losses.MSE, new Sgd(0.01)).fit(DATA.x(), DATA.y()));
        ModelFile.save(tmp.resolve("net.nnm"), net);
        assertTrue(Files.size(tmp.resolve("net.nnm")) > 0);
    }
}
