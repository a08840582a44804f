package dev.nncourse.train;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activation;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.Sgd;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Divergence is reported whatever the loss, and its message names the real cause: the inputs, the targets, or the
 * learning rate. Losses of probabilities, whose gradients are bounded, never overflow; for them a prediction that gives
 * its label a probability below 1e-12 is the sign (log loss is stuck at its clipping ceiling there).
 */
class DivergenceCauseTest {
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
            Trainer trainer = Trainer.of(net, Losses.LOG_LOSS, new Sgd(lr)).epochs(1000).batchSize(batch);
            TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(XOR.x(), XOR.y()),
                    "a probability below 1e-12 for its label", "clipping ceiling", "Try a smaller learning rate than sgd(lr="
                            + lr + ")", "SIGMOID_CROSS_ENTROPY");
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
        Trainer trainer = Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, new Sgd(lr)).epochs(1000).batchSize(10);
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(blobs.x(), y),
                "has logits", "a probability below 1e-12 for its label", "Try a smaller learning rate than sgd(lr=" + lr + ")");
        assertTrue(e.history().size() <= 5, "reported late: " + e.getMessage());
    }

    /** A healthy softmax run is never reported. */
    @Test
    void softmaxCrossEntropyAtASensibleLearningRateTrains() {
        Dataset blobs = Datasets.blobs(20, Matrix.of(new double[][] {{0, 0}, {3, 0}, {0, 3}}), 0.5, 4);
        Matrix y = dev.nncourse.data.Labels.oneHot(blobs.y(), 3);
        Network net = Network.builder(2, 1).dense(8, Activations.TANH).dense(3, Activations.IDENTITY).build();
        History h = Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, new Sgd(0.5)).epochs(300).batchSize(10).fit(blobs.x(), y);
        assertTrue(h.finalLoss() < 0.2 * h.loss()[0], "did not learn: " + h);
    }

    /** The loss on logits has a bounded gradient: the loss grows with the weights but stays finite, so saturation tells. */
    @ParameterizedTest
    @ValueSource(doubles = {1e2, 1e3, 1e5, 1e10, 1e100, 1e200, 1e307})
    void xorWithTheLogitsLossAtAHugeLearningRateIsReported(double lr) {
        for (int batch : new int[] {4, 1}) {
            Trainer trainer = Trainer.of(xorNet(Activations.IDENTITY), Losses.SIGMOID_CROSS_ENTROPY, new Sgd(lr))
                    .epochs(1000).batchSize(batch);
            TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> trainer.fit(XOR.x(), XOR.y()),
                    "has logits", "a probability below 1e-12 for its label", "Try a smaller learning rate than sgd(lr=" + lr + ")");
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
                History h = Trainer.of(net, loss, new Sgd(lr)).epochs(2000).batchSize(batch).fit(XOR.x(), XOR.y());
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
        History h = Trainer.of(net, Losses.MSE, new Sgd(1e-300)).epochs(3).batchSize(8).fit(data.x(), t);
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
                        () -> Trainer.of(net, Losses.MSE, new Sgd(1e-300)).batchSize(batch).fit(x, t),
                        "epoch 1, batch 1", "not the learning rate", "the inputs are too large", "1.0E200");
                assertFalse(e.getMessage().contains("smaller learning rate"), e.getMessage());
            }
        }
        // pre-activations that overflow themselves: 3 × 1e308 > the largest double
        Network net = Network.builder(3, 1).init(Initializers.of("ones", (n, k, r) -> Matrix.filled(n, k, 1)))
                .dense(1, Activations.TANH).build();
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class,
                () -> Trainer.of(net, Losses.MSE, new Sgd(0.1)).batchSize(4).fit(Matrix.filled(8, 3, 1e308), t),
                "pre-activations of layer 1 overflowed", "not the learning rate", "the inputs are too large");
        assertFalse(e.getMessage().contains("smaller learning rate"), e.getMessage());
    }

    @Test
    void inputsThatSaturateTheSigmoidBeforeAnyUpdateAreNamed() {
        Matrix x = XOR.x().scale(1e3).plus(-500);   // ±500: a sigmoid output saturates on at least one wrong side
        Network net = Network.builder(2, 1).init(Initializers.GAUSSIAN).dense(1, Activations.SIGMOID).build();
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class,
                () -> Trainer.of(net, Losses.LOG_LOSS, new Sgd(0.1)).batchSize(4).fit(x, XOR.y()),
                "epoch 1, batch 1", "a probability below 1e-12", "not the learning rate", "the inputs are too large");
        assertFalse(e.getMessage().contains("smaller learning rate"), e.getMessage());
    }

    /** Full-batch gradient descent updates only at the end of an epoch: an overflow in epoch 1 is the data's. */
    @Test
    void gradientDescentsFirstEpochHasNoUpdateToBlame() {
        Dataset data = Datasets.randomRegression(16, 3, 5);
        Matrix t = data.y().copy().set(13, 0, 1e200);   // one outlier, in the second minibatch of 8
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class,
                () -> Trainer.of(Network.builder(3, 2).dense(4, Activations.TANH).dense(1, Activations.IDENTITY).build(),
                        Losses.MSE, new GradientDescent(0.1)).shuffle(false).batchSize(8).fit(data.x(), t),
                "epoch 1, batch 2", "the loss became Infinity for sample 13", "the targets are too large");
        assertFalse(e.getMessage().contains("smaller learning rate"), e.getMessage());
    }

    /** Any exception that abandons an epoch leaves the optimizer reset: no half-summed epoch. */
    @Test
    void anAbandonedEpochResetsTheOptimizer() {
        Dataset data = Datasets.randomRegression(16, 3, 5);
        Matrix t = data.y().copy().set(13, 0, 1e200);
        GradientDescent gd = new GradientDescent(0.1);
        Network net = Network.builder(3, 2).dense(4, Activations.TANH).dense(1, Activations.IDENTITY).build();
        Trainer trainer = Trainer.of(net, Losses.MSE, gd).shuffle(false).batchSize(8);
        assertMessage(TrainingDivergedException.class, () -> trainer.fit(data.x(), t), "batch 2");
        assertEquals(0, gd.count(), "the first minibatch's gradient is still folded in");

        Network cls = xorNet(Activations.SIGMOID);
        GradientDescent gd2 = new GradientDescent(0.1);
        Matrix badLabels = Matrix.column(0, 1, 1, 2);   // the second minibatch of two has a label of 2
        assertMessage(IllegalArgumentException.class,
                () -> Trainer.of(cls, Losses.LOG_LOSS, gd2).shuffle(false).batchSize(2).fit(XOR.x(), badLabels), "label 2.0");
        assertEquals(0, gd2.count());
    }

    private static void assertAllFinite(Network net) {
        net.parameters().forEach(p -> assertTrue(p.value().isFinite(), net.nameOf(p) + " is not finite"));
    }
}
