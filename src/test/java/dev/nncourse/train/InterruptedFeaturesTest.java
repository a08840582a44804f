package dev.nncourse.train;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.linalg.MatMul;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.optim.Adam;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interrupts and divergence keep their promises with validation, metrics, early stopping, dropout and listeners on:
 * {@link TrainingInterruptedException} between two steps, the parameters of the last completed step (not the best
 * epoch's), the flag cleared, the network in evaluation mode, and every listener told that training ended.
 */
class InterruptedFeaturesTest {
    private static final Dataset DATA = Datasets.randomRegression(256, 128, 3), VAL = Datasets.randomRegression(64, 128, 4);
    private static final int BATCH = 64, TRIALS = 15;
    private static int threadsBefore;

    @BeforeAll static void twoThreads() {
        threadsBefore = MatMul.threads();
        MatMul.setThreads(2);
    }

    @AfterAll static void restore() { MatMul.setThreads(threadsBefore); }

    private static Network net() {
        return Network.builder(128, 5).dense(128, Activations.TANH).dropout(0.2).dense(128, Activations.TANH)
                .dense(1, Activations.IDENTITY).build();
    }

    /** Counts the listener's calls. */
    static final class Ends implements EpochListener {
        final AtomicInteger epochs = new AtomicInteger(), ended = new AtomicInteger();

        @Override public boolean epochEnded(History h) {
            epochs.incrementAndGet();
            return true;
        }

        @Override public void trainingEnded(History h) { ended.incrementAndGet(); }
    }

    private static Trainer trainer(Network net, Optimizer opt, Ends ends) {
        return Trainer.of(net, Losses.MSE, opt).epochs(1_000_000).batchSize(BATCH).seed(9).validation(VAL.x(), VAL.y())
                .metric("mae", (y, t) -> y.minus(t).map(Math::abs).mean()).earlyStopping(1_000_000).onEpoch(ends);
    }

    @Test void interruptsAtRandomTimesKeepTheLastCompletedStep() throws Exception {
        trials(() -> new Sgd(0.002));
    }

    @Test void interruptsAtRandomTimesKeepAdamsStateOfTheLastStep() throws Exception {
        trials(() -> new Adam(1e-4));
    }

    private void trials(Supplier<Optimizer> optimizer) throws Exception {
        Random rng = new Random(43);
        for (int trial = 0; trial < TRIALS; trial++) {
            Network net = net();
            InterruptedTrainingTest.Counting counting = new InterruptedTrainingTest.Counting(optimizer.get(), -1);
            Ends ends = new Ends();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            boolean[] flagAfter = new boolean[1];
            Thread t = new Thread(() -> {
                try {
                    trainer(net, counting, ends).fit(DATA.x(), DATA.y());
                } catch (Throwable e) {
                    thrown.set(e);
                }
                flagAfter[0] = Thread.currentThread().isInterrupted();
            }, "training");
            t.start();
            int micros = rng.nextInt(60_000);
            Thread.sleep(micros / 1000, (micros % 1000) * 1000);
            t.interrupt();
            t.join(60_000);
            String where = "trial " + trial + " (" + counting.steps + " steps)";
            assertFalse(t.isAlive(), where + ": did not stop");
            assertInstanceOf(TrainingInterruptedException.class, thrown.get(), where);
            assertFalse(flagAfter[0], where + ": the flag is still set");
            assertFalse(net.isTraining(), where + ": left in training mode");
            assertEquals(1, ends.ended.get(), where + ": trainingEnded calls");
            assertEquals(((TrainingInterruptedException) thrown.get()).history().size(), ends.epochs.get(), where);

            Network replay = net();
            Ends replayEnds = new Ends();
            Trainer again = trainer(replay, new InterruptedTrainingTest.Counting(optimizer.get(), counting.steps), replayEnds);
            if (counting.steps == 0) Thread.currentThread().interrupt();
            assertThrows(TrainingInterruptedException.class, () -> again.fit(DATA.x(), DATA.y()));
            for (int i = 0; i < net.parameters().size(); i++) {
                assertEquals(replay.parameters().get(i).value(), net.parameters().get(i).value(), where + ": "
                        + net.nameOf(net.parameters().get(i)) + " differs from a replay of the completed steps");
            }
        }
    }

    /** Interrupted in the epoch where early stopping stops: the network keeps the last update, not the best epoch. */
    @Test void anInterruptWinsOverEarlyStoppingsRestore() {
        Network net = EarlyStoppingTest.net();
        EarlyStoppingTest.Snapshots seen = new EarlyStoppingTest.Snapshots(net);
        History full = EarlyStoppingTest.trainer(EarlyStoppingTest.net(), new Adam(0.003)).earlyStopping(EarlyStoppingTest.PATIENCE)
                .fit(EarlyStoppingTest.DATA.train().x(), EarlyStoppingTest.Y);
        int last = full.size(), best = full.epochOfMinimum(History.VAL_LOSS);
        TrainingInterruptedException e = assertMessage(TrainingInterruptedException.class, () -> EarlyStoppingTest
                .trainer(net, new Adam(0.003)).earlyStopping(EarlyStoppingTest.PATIENCE).onEpoch(seen).onEpoch(h -> {
                    if (h.size() == last) Thread.currentThread().interrupt();
                    return true;
                }).fit(EarlyStoppingTest.DATA.train().x(), EarlyStoppingTest.Y), "after its last epoch, " + last + ", was completed");
        assertEquals(last, e.history().size());
        assertFalse(Thread.currentThread().isInterrupted());
        EarlyStoppingTest.assertParameters(seen.after(last), net, "the last completed update");
        assertNotEquals(seen.after(best).get(0), net.parameters().get(0).value());
    }

    /** A huge learning rate is reported as before, with every feature on; the listeners hear the end. */
    @Test void divergenceIsReportedAsBeforeWithEveryFeatureOn() {
        Network net = EarlyStoppingTest.net();
        List<Integer> ended = new ArrayList<>();
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> EarlyStoppingTest
                .trainer(net, new Sgd(1e10)).earlyStopping(3).metric("accuracy", dev.nncourse.eval.Accuracy::of)
                .onEpoch(new EpochListener() {
                    @Override public boolean epochEnded(History h) { return true; }
                    @Override public void trainingEnded(History h) { ended.add(h.size()); }
                }).fit(EarlyStoppingTest.DATA.train().x(), EarlyStoppingTest.Y),
                "a probability below 1e-12 for its label", "Try a smaller learning rate than sgd(lr=1.0E10)");
        assertEquals(List.of(e.history().size()), ended);
        assertFalse(net.isTraining());
        assertTrue(e.history().size() <= 3);
    }
}
