package dev.nncourse.train;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.data.Labels;
import dev.nncourse.data.Split;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activation;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.Adam;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.Sgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trainer's watch for divergence ({@code Divergence}, {@code LossSum}) and the words of its message
 * ({@code DivergenceCause}): training that blows up stops in the minibatch where it happened, says where, what and why
 * (the inputs, the targets, the initial parameters or the learning rate), and keeps its history; a healthy run is never
 * reported.
 */
class DivergenceTest {

    private static final Dataset DATA = Datasets.randomRegression(40, 3, 11);
    private static final int BATCH = 8, BATCHES = 5;

    private static Network net() { return Network.builder(3, 4).dense(5, Activations.TANH).dense(1, Activations.IDENTITY).build(); }

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
        Network net = net();
        Watched opt = new Watched(new Sgd(net.parameters(), 1.5), step -> {});
        Trainer trainer = Trainer.of(net, loss, opt).epochs(100).batchSize(BATCH).seed(3);
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
        Network net = net(), again = net();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.of(net, Losses.MSE,
                new Sgd(net.parameters(), 1.5)).epochs(100).batchSize(BATCH).seed(3).fit(DATA.x(), DATA.y()));
        int completed = e.history().size();
        assertTrue(completed >= 1, "diverged in the first epoch; this test wants a later one");
        History shorter = Trainer.of(again, Losses.MSE, new Sgd(again.parameters(), 1.5)).epochs(completed).batchSize(BATCH).seed(3)
                .fit(DATA.x(), DATA.y());
        assertArrayEquals(shorter.loss(), e.history().loss());
        assertTrue(java.util.Arrays.stream(e.history().loss()).allMatch(Double::isFinite));
        double reported = Double.parseDouble(e.getMessage().split("last finite loss ")[1].split("\\)")[0]);
        assertTrue(Double.isFinite(reported) && reported > 0, e.getMessage());
    }

    @Test void stopsInTheMinibatchWhereAParameterOverflowed() {
        Network net = net();
        Watched opt = new Watched(new Sgd(net.parameters(), Double.MAX_VALUE), step -> {});
        Trainer trainer = Trainer.of(net, Losses.MSE, opt).epochs(3).batchSize(BATCH);
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(DATA.x(),
                DATA.y().scale(100)),
                "training diverged in epoch 1, batch 1: parameter layer", "became NaN or infinite", "last finite loss",
                "Try a smaller learning rate than sgd(lr=1.7976931348623157E308)");
        assertEquals(1, opt.steps);
        assertEquals(0, e.history().size());
        assertEquals(0, e.history().loss().length);
    }

    /** Sgd that, after step {@code at}, sets one weight of the given layer to {@code poison}. */
    private static Watched poisoning(Network net, int at, int layer, double poison) {
        Parameter w = net.parameters().get(2 * layer);   // parameters: W1, b1, W2, b2
        return new Watched(new Sgd(net.parameters(), 0.01), step -> {
            if (step == at) w.value().set(1, 0, poison);
        });
    }

    @Test void aParameterThatTurnsNonFiniteMidEpochIsNamedWithItsOwnMinibatch() {
        // A ±∞ weight before a tanh leaves the loss finite (tanh saturates), so only the parameter check can see it:
        // the next forward pass's pre-activations must report it against the minibatch whose update did it.
        for (double poison : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
            for (int layer : new int[] {0, 1}) {
                Network net = net();
                Watched opt = poisoning(net, 7, layer, poison);
                Trainer trainer = Trainer.of(net, Losses.MSE, opt).epochs(2).batchSize(BATCH);
                TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(DATA.x(), DATA.y()),
                        "training diverged in epoch 2, batch 2: parameter layer" + (layer + 1) + ".W became NaN or infinite",
                        "last finite loss");
                assertEquals(7, opt.steps, "stopped right after the poisoned update, poison " + poison + ", layer " + layer);
                assertEquals(1, e.history().size());
            }
        }
    }

    @Test void aNonFiniteParameterFromTheLastStepIsReportedBeforeAnInterrupt() {
        Network net = net();
        Watched poisoned = poisoning(net, 2, 0, Double.POSITIVE_INFINITY);
        Watched opt = Watched.interruptingAfter(poisoned, 2);   // the stop button, right after the bad update
        Trainer trainer = Trainer.of(net, Losses.MSE, opt).epochs(2).batchSize(BATCH);
        try {
            assertMessage(TrainingDivergedException.class, () -> trainer.fit(DATA.x(), DATA.y()),
                    "epoch 1, batch 2: parameter layer1.W became NaN or infinite");
        } finally {
            Thread.interrupted();
        }
    }

    @Test void lossOverflowOnTheFirstBatchBlamesTheTargetsNotTheLearningRate() {
        Matrix x = DATA.x().scale(1e200);
        Network net = net();
        Trainer trainer = Trainer.of(net, Losses.MSE, new Sgd(net.parameters(), 0.01)).batchSize(BATCH);
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(x, DATA.y().scale(1e200)),
                "epoch 1, batch 1: the loss became Infinity", "no finite loss yet", "not the learning rate",
                "the targets are too large for mse");
        assertTrue(!e.getMessage().contains("smaller learning rate"), e.getMessage());
        assertEquals(0, e.history().size());
    }

    @Test void fullBatchGradientDescentDivergesAtTheEpochUpdate() {
        Network net = net();
        Trainer trainer = Trainer.of(net, Losses.MSE, new GradientDescent(net.parameters(), Double.MAX_VALUE)).epochs(5)
                .batchSize(BATCH);
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(DATA.x(),
                DATA.y().scale(100)),
                "diverged in the update at the end of epoch 1: parameter layer", "became NaN or infinite",
                "Try a smaller learning rate than gd(lr=1.7976931348623157E308)");
        assertEquals(0, e.history().size());
    }

    /** y = w·x with no bias, x = 1, t = 0: each SGD step is w ← w − η·w = (1 − η) w. */
    private static Network line(double w0) {
        return Network.builder(1, 0).bias(false).init(Initializers.of("w0", (n, k, r) -> Matrix.filled(n, k, w0)))
                .dense(1, Activations.IDENTITY).build();
    }

    private static final Pattern DIVERGED =
            Pattern.compile("training diverged in (.+): (.+) \\(last finite loss (\\S+)\\)\\. Try a smaller learning rate than (.+)\\.");

    @Test void aLossThatOverflowsStopsTrainingWithWhereItHappenedAndKeepsTheHistory() {
        // η = 1e10 + 1 makes 1 − η = −1e10, so after k steps w ≈ (−1e10)^k and the loss ½w² overflows once k = 16:
        // two samples per epoch, one per batch, so step 17 = epoch 9, batch 1 sees the first infinite loss.
        Network line = line(1);
        Optimizer sgd = new Sgd(line.parameters(), 1e10 + 1);
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class,
                () -> Trainer.of(line, Losses.MSE, sgd).epochs(20).batchSize(1).shuffle(false)
                        .fit(Matrix.column(1, 1), Matrix.column(0, 0)));
        Matcher m = DIVERGED.matcher(e.getMessage());
        assertTrue(m.matches(), e.getMessage());
        assertEquals("epoch 9, batch 1", m.group(1));
        assertTrue(m.group(2).startsWith("the loss became Infinity for sample 0 (output "), m.group(2));
        assertEquals(0.5e300, Double.parseDouble(m.group(3)), 1e-9 * 0.5e300, "½ w₁₅² with w₁₅ ≈ 1e150");
        assertEquals(sgd.name(), m.group(4));

        History h = e.history();
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, h.epochs());
        assertTrue(Arrays.stream(h.loss()).allMatch(Double::isFinite));
        assertEquals((0.5e280 + 0.5e300) / 2, h.finalLoss(), 1e-9 * 0.25e300, "epoch 8 sees w₁₄ ≈ 1e140 and w₁₅ ≈ 1e150");
    }

    @Test void aParameterThatOverflowsStopsTrainingAndIsNamed() {
        // w = 1e10 gives a finite loss ½e20, but the step η·w = 1e310 overflows
        Network line = line(1e10), again = line(1e10);
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class,
                () -> Trainer.of(line, Losses.MSE, new Sgd(line.parameters(), 1e300)).batchSize(1).shuffle(false)
                        .fit(Matrix.column(1, 1), Matrix.column(0, 0)),
                "epoch 1, batch 1", "parameter layer1.W became NaN or infinite", "last finite loss 5.0E19");
        assertEquals(0, e.history().size());

        assertMessage(TrainingDivergedException.class,
                () -> Trainer.of(again, Losses.MSE, new GradientDescent(again.parameters(), 1e300)).batchSize(1).shuffle(false)
                        .fit(Matrix.column(1, 1), Matrix.column(0, 0)),
                "the update at the end of epoch 1", "parameter layer1.W", "last finite loss 5.0E19", "gd(lr=1.0E300)");
    }

    /** A huge learning rate is reported as before with validation, metrics, early stopping and a listener on. */
    @Test void divergenceIsReportedAsBeforeWithEveryFeatureOn() {
        Network net = EarlyStoppingTest.net();
        List<Integer> ended = new ArrayList<>();
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> EarlyStoppingTest
                .trainer(net, new Sgd(net.parameters(), 1e10)).earlyStopping(3).metric("accuracy", dev.nncourse.eval.Accuracy::of)
                .onEpoch(new EpochListener() {
                    @Override public boolean epochEnded(History h) { return true; }
                    @Override public void trainingEnded(History h) { ended.add(h.size()); }
                }).fit(EarlyStoppingTest.DATA.train().x(), EarlyStoppingTest.Y),
                "a probability below 1e-12 for its label", "Try a smaller learning rate than sgd(lr=1.0E10)");
        assertEquals(List.of(e.history().size()), ended);
        assertFalse(net.isTraining());
        assertTrue(e.history().size() <= 3);
    }

    /**
     * Divergence is reported whatever the loss, and its message names the real cause: the inputs, the targets, or the
     * learning rate. Losses of probabilities, whose gradients are bounded, never overflow; for them a prediction that gives
     * its label a probability below 1e-12 is the sign (log loss is stuck at its clipping ceiling there).
     */
    @Nested
    class TheCause {
        private static final Dataset XOR = Datasets.xor();

        private static Network xorNet(Activation out) {
            return Network.builder(2, 1).init(Initializers.GAUSSIAN).dense(3, Activations.TANH).dense(1, out).build();
        }

        /** Before the fix: every prediction exactly 0 or 1, loss pinned at 13.8155, weights ~1e99, and no exception. */
        @ParameterizedTest
        @ValueSource(doubles = {1e3, 1e5, 1e10, 1e100, 1e200, 1e307})
        void xorWithLogLossAtAHugeLearningRateIsReported(double lr) {
            for (int batch : new int[] {4, 1}) {
                Network net = xorNet(Activations.SIGMOID);
                Sgd sgd = new Sgd(net.parameters(), lr);
                Trainer trainer = Trainer.of(net, Losses.LOG_LOSS, sgd).epochs(1000).batchSize(batch);
                TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(XOR.x(), XOR.y()),
                        "a probability below 1e-12 for its label", "clipping ceiling",
                                "Try a smaller learning rate than " + sgd.name(),
                        "SIGMOID_CROSS_ENTROPY");
                assertTrue(e.history().size() <= 3, "reported late: " + e.getMessage());
                assertAllFinite(net);
            }
        }

        /** Softmax cross-entropy is held to the same rule: its logits grow with a huge learning rate, its loss stays finite. */
        @ParameterizedTest
        @ValueSource(doubles = {1e3, 1e10, 1e100, 1e307})
        void softmaxCrossEntropyAtAHugeLearningRateIsReported(double lr) {
            Dataset blobs = Datasets.blobs(20, Matrix.of(new double[][] {{0, 0}, {3, 0}, {0, 3}}), 0.5, 4);
            Matrix y = dev.nncourse.data.Labels.oneHot(blobs.y(), 3);
            Network net = Network.builder(2, 1).dense(8, Activations.TANH).dense(3, Activations.IDENTITY).build();
            Sgd sgd = new Sgd(net.parameters(), lr);
            Trainer trainer = Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, sgd).epochs(1000).batchSize(10);
            TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(blobs.x(), y),
                    "has logits", "a probability below 1e-12 for its label", "Try a smaller learning rate than " + sgd.name());
            assertTrue(e.history().size() <= 5, "reported late: " + e.getMessage());
        }

        /** A healthy softmax run is never reported. */
        @Test
        void softmaxCrossEntropyAtASensibleLearningRateTrains() {
            Dataset blobs = Datasets.blobs(20, Matrix.of(new double[][] {{0, 0}, {3, 0}, {0, 3}}), 0.5, 4);
            Matrix y = dev.nncourse.data.Labels.oneHot(blobs.y(), 3);
            Network net = Network.builder(2, 1).dense(8, Activations.TANH).dense(3, Activations.IDENTITY).build();
            History h = Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, new Sgd(net.parameters(),
                    0.5)).epochs(300).batchSize(10).fit(blobs.x(), y);
            assertTrue(h.finalLoss() < 0.2 * h.loss()[0], "did not learn: " + h);
        }

        /** The loss on logits has a bounded gradient: the loss grows with the weights but stays finite, so saturation tells. */
        @ParameterizedTest
        @ValueSource(doubles = {1e2, 1e3, 1e5, 1e10, 1e100, 1e200, 1e307})
        void xorWithTheLogitsLossAtAHugeLearningRateIsReported(double lr) {
            for (int batch : new int[] {4, 1}) {
                Network net = xorNet(Activations.IDENTITY);
                Sgd sgd = new Sgd(net.parameters(), lr);
                Trainer trainer = Trainer.of(net, Losses.SIGMOID_CROSS_ENTROPY, sgd)
                        .epochs(1000).batchSize(batch);
                TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(XOR.x(), XOR.y()),
                        "has logits", "a probability below 1e-12 for its label", "Try a smaller learning rate than " + sgd.name());
                assertTrue(e.history().size() <= 5, "reported late: " + e.getMessage());
            }
        }

        /** The rule never fires on a healthy run: learning rates up to 2 on XOR, both losses, whole batch and per sample. */
        @ParameterizedTest
        @ValueSource(doubles = {0.01, 0.1, 0.5, 1, 2})
        void healthyRunsAreNotReported(double lr) {
            for (Loss loss : new Loss[] {Losses.LOG_LOSS, Losses.SIGMOID_CROSS_ENTROPY}) {
                for (int batch : new int[] {4, 2, 1}) {
                    Network net = xorNet(loss == Losses.LOG_LOSS ? Activations.SIGMOID : Activations.IDENTITY);
                    History h = Trainer.of(net, loss, new Sgd(net.parameters(),
                            lr)).epochs(2000).batchSize(batch).fit(XOR.x(), XOR.y());
                    assertEquals(2000, h.size());
                }
            }
        }

        /** Per-sample losses of 5e307 are finite, so the epoch's mean is too (it was Infinity: summed, then divided). */
        @Test
        void finitePerSampleLossesGiveAFiniteEpochLoss() {
            Dataset data = Datasets.randomRegression(16, 3, 5);
            Matrix t = Matrix.filled(16, 1, 1e154);
            Network net = Network.builder(3, 2).dense(4, Activations.TANH).dense(1, Activations.IDENTITY).build();
            History h = Trainer.of(net, Losses.MSE, new Sgd(net.parameters(), 1e-300)).epochs(3).batchSize(8).fit(data.x(), t);
            for (double l : h.loss()) {
                assertTrue(Double.isFinite(l), Arrays.toString(h.loss()));
                assertEquals(5e307, l, 1e306);
            }
            assertTrue(Double.isFinite(Losses.MSE.cost(net.forward(data.x()), t)));
        }

        /** Inputs of 1e200 overflow before any update: the inputs are named, not the learning rate. */
        @Test
        void inputsThatOverflowTheFirstForwardPassAreNamed() {
            Matrix x = Matrix.filled(8, 3, 1e200), t = Matrix.zeros(8, 1);
            for (Activation hidden : new Activation[] {Activations.IDENTITY, Activations.RELU}) {
                Network net = Network.builder(3, 1).init(Initializers.of("ones", (n, k, r) -> Matrix.filled(n, k, 1)))
                        .dense(4, hidden).dense(1, Activations.IDENTITY).build();
                for (int batch : new int[] {4, 8}) {
                    TrainingDivergedException e = assertMessage(TrainingDivergedException.class,
                            () -> Trainer.of(net, Losses.MSE, new Sgd(net.parameters(), 1e-300)).batchSize(batch).fit(x, t),
                            "epoch 1, batch 1", "not the learning rate", "the inputs are too large", "1.0E200");
                    assertFalse(e.getMessage().contains("smaller learning rate"), e.getMessage());
                }
            }
            // pre-activations that overflow themselves: 3 × 1e308 > the largest double
            Network net = Network.builder(3, 1).init(Initializers.of("ones", (n, k, r) -> Matrix.filled(n, k, 1)))
                    .dense(1, Activations.TANH).build();
            TrainingDivergedException e = assertMessage(TrainingDivergedException.class,
                    () -> Trainer.of(net, Losses.MSE, new Sgd(net.parameters(), 0.1)).batchSize(4).fit(Matrix.filled(8,
                            3, 1e308), t),
                    "pre-activations of layer 1 overflowed", "not the learning rate", "the inputs are too large");
            assertFalse(e.getMessage().contains("smaller learning rate"), e.getMessage());
        }

        @Test
        void inputsThatSaturateTheSigmoidBeforeAnyUpdateAreNamed() {
            Matrix x = XOR.x().scale(1e3).plus(-500);   // ±500: a sigmoid output saturates on at least one wrong side
            Network net = Network.builder(2, 1).init(Initializers.GAUSSIAN).dense(1, Activations.SIGMOID).build();
            TrainingDivergedException e = assertMessage(TrainingDivergedException.class,
                    () -> Trainer.of(net, Losses.LOG_LOSS, new Sgd(net.parameters(), 0.1)).batchSize(4).fit(x, XOR.y()),
                    "epoch 1, batch 1", "a probability below 1e-12", "not the learning rate", "the inputs are too large");
            assertFalse(e.getMessage().contains("smaller learning rate"), e.getMessage());
        }

        /** Full-batch gradient descent updates only at the end of an epoch: an overflow in epoch 1 is the data's. */
        @Test
        void gradientDescentsFirstEpochHasNoUpdateToBlame() {
            Dataset data = Datasets.randomRegression(16, 3, 5);
            Matrix t = data.y().copy().set(13, 0, 1e200);   // one outlier, in the second minibatch of 8
            Network net = Network.builder(3, 2).dense(4, Activations.TANH).dense(1, Activations.IDENTITY).build();
            TrainingDivergedException e = assertMessage(TrainingDivergedException.class,
                    () -> Trainer.of(net, Losses.MSE, new GradientDescent(net.parameters(),
                            0.1)).shuffle(false).batchSize(8).fit(data.x(), t),
                    "epoch 1, batch 2", "the loss became Infinity for sample 13", "the targets are too large");
            assertFalse(e.getMessage().contains("smaller learning rate"), e.getMessage());
        }

        /** Any exception that abandons an epoch leaves the optimizer reset: no half-summed epoch. */
        @Test
        void anAbandonedEpochResetsTheOptimizer() {
            Dataset data = Datasets.randomRegression(16, 3, 5);
            Matrix t = data.y().copy().set(13, 0, 1e200);
            Network net = Network.builder(3, 2).dense(4, Activations.TANH).dense(1, Activations.IDENTITY).build();
            GradientDescent gd = new GradientDescent(net.parameters(), 0.1);
            Trainer trainer = Trainer.of(net, Losses.MSE, gd).shuffle(false).batchSize(8);
            assertMessage(TrainingDivergedException.class, () -> trainer.fit(data.x(), t), "batch 2");
            assertEquals(0, gd.count(), "the first minibatch's gradient is still folded in");

            Network cls = xorNet(Activations.SIGMOID);
            GradientDescent gd2 = new GradientDescent(cls.parameters(), 0.1);
            Matrix badLabels = Matrix.column(0, 1, 1, 2);   // the second minibatch of two has a label of 2
            assertMessage(IllegalArgumentException.class,
                    () -> Trainer.of(cls, Losses.LOG_LOSS, gd2).shuffle(false).batchSize(2).fit(XOR.x(), badLabels), "label 2.0");
            assertEquals(0, gd2.count());
        }

        private static void assertAllFinite(Network net) {
            net.parameters().forEach(p -> assertTrue(p.value().isFinite(), net.nameOf(p) + " is not finite"));
        }
    }

    /**
     * Real data with large standardised inputs: a healthy run is not reported as divergence (the margin of 1e-12 scales
     * with the input, and dropout's noise is judged without it), while a huge learning rate still is.
     */
    @Nested
    class OnTheDigits {
        private static Split split(long seed) { return Split.stratified(Datasets.digits(), 0.6, 0.2, 0.2, seed).standardized(); }

        private static Network net(double dropout) {
            Network.Builder b = Network.builder(64, 1).init(Initializers.HE).dense(128, Activations.RELU);
            if (dropout > 0) b.dropout(dropout);
            return b.dense(10, Activations.IDENTITY).build();
        }

        private static History train(Split s, Network net, Function<List<Parameter>, Optimizer> opt, int epochs) {
            return Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, opt.apply(net.parameters())).epochs(epochs).batchSize(32).seed(1)
                    .fit(s.train().x(), Labels.oneHot(s.train().y(), 10));
        }

        /**
         * Before the fix, splits 2, 5 and 11 (among 1–12) stopped in their first epoch with "a probability below 1e-12":
         * a rare stroke, 33 standard deviations out, gives its image a confident wrong answer early on, with or without
         * dropout's noise, while the loss falls as it should.
         */
        @ParameterizedTest
        @ValueSource(longs = {2, 5, 11})
        void aHealthyRunWithDropoutOnStandardisedDigitsIsNotReported(long seed) {
            Split s = split(seed);
            assertTrue(s.train().x().maxAbs() > 30, "the inputs reach " + s.train().x().maxAbs());
            History h = train(s, net(0.2), ps -> new Adam(ps, 0.001), 3);
            assertEquals(3, h.size());
            assertTrue(h.finalLoss() < 0.3 * h.loss()[0], "it learns: " + java.util.Arrays.toString(h.loss()));
        }

        @ParameterizedTest
        @ValueSource(doubles = {1e3, 1e6, 1e100})
        void aHugeLearningRateOnTheDigitsIsStillReported(double lr) {
            for (double dropout : new double[] {0, 0.2}) {
                TrainingDivergedException e = assertMessage(TrainingDivergedException.class,
                        () -> train(split(2), net(dropout), ps -> new Sgd(ps, lr), 20), "Try a smaller learning rate than "
                            + new Sgd(List.of(new Parameter("θ", Matrix.zeros(1, 1))), lr).name());
                assertTrue(e.history().size() <= 3, "reported late: " + e.getMessage());
            }
        }

        /** The margin is scaled by the sample's largest |input|: just inside it trains, just beyond it is reported. */
        @ParameterizedTest
        @ValueSource(doubles = {10, 100})
        void theMarginIsThatOfTheSamplesInput(double scale) {
            Matrix x = Matrix.of(new double[][] {{scale, 0}, {0, scale}}), y = Matrix.of(new double[][] {{1, 0}, {0, 1}});
            for (double a : new double[] {27.63 - 1 / scale, 27.64}) {   // sample 0's loss ≈ a·scale, against 27.631·scale
                Network net = Network.builder(2, 1).init(Initializers.of("w", (n, k,
                        r) -> Matrix.of(new double[][] {{-a, 0}, {0, 0}})))
                        .dense(2, Activations.IDENTITY).build();
                Trainer t = Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, new Sgd(net.parameters(), 1e-9)).batchSize(2);
                if (a < 27.631) {
                    assertEquals(1, t.fit(x, y).size());
                } else {
                    assertMessage(TrainingDivergedException.class, () -> t.fit(x, y), "sample 0 has logits",
                            "not the learning rate");
                }
            }
        }
    }
}
