package dev.nncourse.train;

import static dev.nncourse.TestSupport.assertMessage;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.Sgd;
import org.junit.jupiter.api.Test;

/** Training refuses bad settings and bad data up front, naming the value and what was expected. */
class TrainerBadInputTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private final Network net = Network.builder(2, 1).dense(3, Activations.TANH).dense(1, Activations.SIGMOID).build();
    private final Trainer trainer = Trainer.of(net, Losses.MSE, new Sgd(0.1));
    private final Matrix x = Matrix.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    private final Matrix t = Matrix.column(0, 1, 1, 0);

    @Test void zeroLearningRate() { assertMessage(IAE, () -> new Sgd(0), "learning rate", "positive finite", "got 0.0"); }

    @Test void negativeLearningRate() { assertMessage(IAE, () -> new Sgd(-0.5), "positive finite", "got -0.5"); }

    @Test void nanLearningRate() { assertMessage(IAE, () -> new GradientDescent(Double.NaN), "positive finite", "got NaN"); }

    @Test void infiniteLearningRate() {
        assertMessage(IAE, () -> new GradientDescent(Double.POSITIVE_INFINITY), "positive finite", "got Infinity");
    }

    @Test void zeroBatchSize() { assertMessage(IAE, () -> trainer.batchSize(0), "batch size must be a positive count", "got 0"); }

    @Test void negativeBatchSize() { assertMessage(IAE, () -> trainer.batchSize(-3), "positive count", "got -3"); }

    @Test void zeroEpochs() { assertMessage(IAE, () -> trainer.epochs(0), "epochs must be a positive count", "got 0"); }

    @Test void batchLargerThanDataset() {
        assertMessage(IAE, () -> trainer.batchSize(5).fit(x, t), "batch size 5 is larger than the dataset's 4 samples",
                "use at most 4");
    }

    @Test void fitWithNoData() { assertMessage(IAE, () -> trainer.fit(null, null), "fit", "no inputs", "no data"); }

    @Test void fitWithoutTargets() { assertMessage(IAE, () -> trainer.fit(x, null), "got 4×2 and no targets"); }

    @Test void fitRowMismatch() {
        assertMessage(IAE, () -> trainer.fit(x, Matrix.column(0, 1, 1)), "4 input rows but 3 target rows", "one target row per sample");
    }

    @Test void fitInputColumns() {
        assertMessage(IAE, () -> trainer.fit(Matrix.zeros(4, 3), t), "inputs have 3 columns", "network expects 2 inputs");
    }

    @Test void fitTargetColumns() {
        assertMessage(IAE, () -> trainer.fit(x, Matrix.zeros(4, 2)), "targets have 2 columns", "network has 1 outputs");
    }

    @Test void fitNaNInput() {
        Matrix bad = x.copy().set(2, 1, Double.NaN);
        assertMessage(IAE, () -> trainer.fit(bad, t), "fit: inputs", "entry (2, 1)", "is NaN", "expected finite numbers");
    }

    @Test void fitInfiniteLabel() {
        Matrix bad = t.copy().set(3, 0, Double.NEGATIVE_INFINITY);
        assertMessage(IAE, () -> trainer.fit(x, bad), "fit: targets", "entry (3, 0)", "is -Infinity");
    }

    @Test void logLossLabelOutOfRangeDuringFit() {
        Trainer logloss = Trainer.of(net, Losses.LOG_LOSS, new Sgd(0.1)).batchSize(4);
        assertMessage(IAE, () -> logloss.fit(x, Matrix.column(0, 1, 3, 0)), "label 3.0", "outside [0, 1]");
        Network logits = Network.builder(2, 1).dense(3, Activations.TANH).dense(1, Activations.IDENTITY).build();
        Trainer xent = Trainer.of(logits, Losses.SIGMOID_CROSS_ENTROPY, new Sgd(0.1)).batchSize(4);
        assertMessage(IAE, () -> xent.fit(x, Matrix.column(0, 1, -1, 0)), "sigmoid-xent", "label -1.0", "outside [0, 1]");
    }

    @Test void missingOptimizer() { assertMessage(IAE, () -> Trainer.of(net, Losses.MSE, null), "expected a network, a loss and an optimizer"); }
}
