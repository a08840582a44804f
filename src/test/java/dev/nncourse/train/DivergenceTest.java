package dev.nncourse.train;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.Sgd;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Training that blows up stops in the minibatch where it happened, says where and why, and keeps its history. */
class DivergenceTest {
    private static final Dataset DATA = Datasets.randomRegression(40, 3, 11);
    private static final int BATCH = 8, BATCHES = 5;

    private static Network net() { return Network.builder(3, 4).dense(5, Activations.TANH).dense(1, Activations.IDENTITY).build(); }

    /** Counts the optimizer's steps. */
    static final class CountingSgd implements Optimizer {
        final Sgd sgd;
        int steps;

        CountingSgd(double lr) { sgd = new Sgd(lr); }

        @Override public void afterBatch(List<Parameter> params, int batchSize) {
            sgd.afterBatch(params, batchSize);
            steps++;
        }

        @Override public String name() { return sgd.name(); }
    }

    /** Squared error that remembers the first minibatch (counting from 1) whose total loss was not finite. */
    static final class WatchedLoss implements Loss {
        int calls, firstNonFinite = -1;

        @Override public Matrix perSample(Matrix y, Matrix t) { return Losses.MSE.perSample(y, t); }

        @Override public Matrix gradient(Matrix y, Matrix t) { return Losses.MSE.gradient(y, t); }

        @Override public double total(Matrix y, Matrix t) {
            double total = Losses.MSE.total(y, t);
            calls++;
            if (firstNonFinite < 0 && !Double.isFinite(total)) firstNonFinite = calls;
            return total;
        }

        @Override public String name() { return "watched mse"; }
    }

    @Test void stopsInTheMinibatchWhereTheLossOverflowed() {
        WatchedLoss loss = new WatchedLoss();
        CountingSgd opt = new CountingSgd(1.5);
        Trainer trainer = Trainer.of(net(), loss, opt).epochs(100).batchSize(BATCH).seed(3);
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(DATA.x(), DATA.y()),
                "the loss became Infinity", "last finite loss", "Try a smaller learning rate than sgd(lr=1.5)");
        assertTrue(loss.firstNonFinite > BATCHES, "diverged in the first epoch: this test wants a later one");
        int epoch = (loss.firstNonFinite - 1) / BATCHES + 1, batch = (loss.firstNonFinite - 1) % BATCHES + 1;
        assertTrue(e.getMessage().startsWith("training diverged in epoch " + epoch + ", batch " + batch + ":"), e.getMessage());
        assertEquals(loss.firstNonFinite, loss.calls, "training went on after the loss overflowed");
        assertEquals(loss.firstNonFinite - 1, opt.steps, "an update was made with the overflowed loss");
        assertEquals(epoch - 1, e.history().size(), "the history holds exactly the completed epochs");
    }

    @Test void historyUpToTheDivergenceEqualsAShorterRun() {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Trainer.of(net(), Losses.MSE, new Sgd(1.5)).epochs(100).batchSize(BATCH).seed(3).fit(DATA.x(), DATA.y()));
        int completed = e.history().size();
        assertTrue(completed >= 1, "diverged in the first epoch; this test wants a later one");
        History shorter = Trainer.of(net(), Losses.MSE, new Sgd(1.5)).epochs(completed).batchSize(BATCH).seed(3).fit(DATA.x(), DATA.y());
        assertArrayEquals(shorter.loss(), e.history().loss());
        assertTrue(java.util.Arrays.stream(e.history().loss()).allMatch(Double::isFinite));
        double reported = Double.parseDouble(e.getMessage().split("last finite loss ")[1].split("\\)")[0]);
        assertTrue(Double.isFinite(reported) && reported > 0, e.getMessage());
    }

    @Test void stopsInTheMinibatchWhereAParameterOverflowed() {
        CountingSgd opt = new CountingSgd(Double.MAX_VALUE);
        Trainer trainer = Trainer.of(net(), Losses.MSE, opt).epochs(3).batchSize(BATCH);
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(DATA.x(), DATA.y().scale(100)),
                "training diverged in epoch 1, batch 1: parameter layer", "became NaN or infinite", "last finite loss",
                "Try a smaller learning rate than sgd(lr=1.7976931348623157E308)");
        assertEquals(1, opt.steps);
        assertEquals(0, e.history().size());
        assertEquals(0, e.history().loss().length);
    }

    /** Sgd that, after step {@code at}, sets one weight of the given layer to {@code poison}. */
    static class PoisoningSgd implements Optimizer {
        final Sgd sgd = new Sgd(0.01);
        final int at, layer;
        final double poison;
        int steps;

        PoisoningSgd(int at, int layer, double poison) { this.at = at; this.layer = layer; this.poison = poison; }

        @Override public void afterBatch(List<Parameter> params, int batchSize) {
            sgd.afterBatch(params, batchSize);
            if (++steps == at) params.get(2 * layer).value().set(1, 0, poison);   // parameters: W1, b1, W2, b2
        }

        @Override public String name() { return "poisoning " + sgd.name(); }
    }

    @Test void aParameterThatTurnsNonFiniteMidEpochIsNamedWithItsOwnMinibatch() {
        // A ±∞ weight before a tanh leaves the loss finite (tanh saturates), so only the parameter check can see it:
        // the next forward pass's pre-activations must report it against the minibatch whose update did it.
        for (double poison : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
            for (int layer : new int[] {0, 1}) {
                PoisoningSgd opt = new PoisoningSgd(7, layer, poison);
                Trainer trainer = Trainer.of(net(), Losses.MSE, opt).epochs(2).batchSize(BATCH);
                TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(DATA.x(), DATA.y()),
                        "training diverged in epoch 2, batch 2: parameter layer" + (layer + 1) + ".W became NaN or infinite",
                        "last finite loss");
                assertEquals(7, opt.steps, "stopped right after the poisoned update, poison " + poison + ", layer " + layer);
                assertEquals(1, e.history().size());
            }
        }
    }

    @Test void aNonFiniteParameterFromTheLastStepIsReportedBeforeAnInterrupt() {
        PoisoningSgd opt = new PoisoningSgd(2, 0, Double.POSITIVE_INFINITY) {
            @Override public void afterBatch(List<Parameter> params, int batchSize) {
                super.afterBatch(params, batchSize);
                if (steps == 2) Thread.currentThread().interrupt();   // the stop button, right after the bad update
            }
        };
        Trainer trainer = Trainer.of(net(), Losses.MSE, opt).epochs(2).batchSize(BATCH);
        try {
            assertMessage(TrainingDivergedException.class, () -> trainer.fit(DATA.x(), DATA.y()),
                    "epoch 1, batch 2: parameter layer1.W became NaN or infinite");
        } finally {
            Thread.interrupted();
        }
    }

    @Test void lossOverflowOnTheFirstBatchBlamesTheTargetsNotTheLearningRate() {
        Matrix x = DATA.x().scale(1e200);
        Trainer trainer = Trainer.of(net(), Losses.MSE, new Sgd(0.01)).batchSize(BATCH);
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(x, DATA.y().scale(1e200)),
                "epoch 1, batch 1: the loss became Infinity", "no finite loss yet", "not the learning rate",
                "the targets are too large for mse");
        assertTrue(!e.getMessage().contains("smaller learning rate"), e.getMessage());
        assertEquals(0, e.history().size());
    }

    @Test void fullBatchGradientDescentDivergesAtTheEpochUpdate() {
        Trainer trainer = Trainer.of(net(), Losses.MSE, new GradientDescent(Double.MAX_VALUE)).epochs(5).batchSize(BATCH);
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(DATA.x(), DATA.y().scale(100)),
                "diverged in the update at the end of epoch 1: parameter layer", "became NaN or infinite",
                "Try a smaller learning rate than gd(lr=1.7976931348623157E308)");
        assertEquals(0, e.history().size());
    }
}
