package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.GradientCheck;
import dev.nncourse.check.GradientReport;
import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.data.Labels;
import dev.nncourse.eval.Accuracy;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.optim.Adam;
import dev.nncourse.train.History;
import dev.nncourse.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The open {@link Layer} contract: a layer written here as a learner would write it in a notebook (forward, backward,
 * parameters; not a subclass of a library layer) works in a {@link Network} beside the library's layers, is trained by
 * {@link Trainer} (early stopping included), passes the gradient checks, and the network guards it against stale state
 * as it guards its own layers.
 */
class LayerTest {
    /**
     * Scales and shifts each feature, Y = X ⊙ γ + β with γ and β rows of n learned numbers (as batch normalisation's
     * last step does). Backward: ∂J/∂γ_j = (1/m) Σ_i G_ij X_ij, ∂J/∂β_j = (1/m) Σ_i G_ij, ∂L/∂X_ij = G_ij γ_j.
     */
    static class FeatureScale extends Layer {
        final Parameter gamma, beta;
        Matrix x;
        int backwardCalls;

        FeatureScale(int n) {
            gamma = new Parameter("gamma", Matrix.filled(1, n, 1));
            beta = new Parameter("beta", Matrix.zeros(1, n));
        }

        @Override public Matrix forward(Matrix input) {
            x = input;
            return input.hadamard(rows(gamma.value(), input.rows())).plusRow(beta.value());
        }

        @Override public Matrix backward(Matrix g) {
            backwardCalls++;
            double m = x.rows();
            gamma.setGrad(g.hadamard(x).columnSums().scale(1 / m));
            beta.setGrad(g.columnSums().scale(1 / m));
            return g.hadamard(rows(gamma.value(), g.rows()));
        }

        @Override public List<Parameter> parameters() { return List.of(gamma, beta); }

        /** The row r repeated m times. */
        static Matrix rows(Matrix r, int m) { return Matrix.zeros(m, r.cols()).plusRow(r); }

        @Override public String toString() { return "FeatureScale(" + gamma.value().cols() + ")"; }
    }

    /** The same layer with a mistake a learner makes: the 1/m of the mean forgotten in ∂J/∂γ. */
    static final class ForgetsOneOverM extends FeatureScale {
        ForgetsOneOverM(int n) { super(n); }

        @Override public Matrix backward(Matrix g) {
            Matrix dx = super.backward(g);
            gamma.setGrad(g.hadamard(x).columnSums());
            return dx;
        }
    }

    private static final Dataset MOONS = Datasets.moons(100, 0.15, 3);
    private static final Loss CE = Losses.SOFTMAX_CROSS_ENTROPY;

    /** Dense, the learner's layer, dropout and Dense (two logits): the library's layers on both sides of it. */
    private static Network network(FeatureScale scale, long seed) {
        return Network.builder(2, seed).dense(16, Activations.TANH).add(scale, 16).dropout(0.1).dense(2, Activations.IDENTITY)
                .build();
    }

    @Test void itsEquationsByHand() {
        FeatureScale l = new FeatureScale(2);
        l.gamma.value().setTo(Matrix.row(2, -1));
        l.beta.value().setTo(Matrix.row(0.5, 0));
        Matrix x = Matrix.of(new double[][] {{1, 2}, {3, 4}});
        assertMatrix(new double[][] {{2.5, -2}, {6.5, -4}}, l.forward(x));
        Matrix dx = l.backward(Matrix.of(new double[][] {{1, 1}, {0, 2}}));
        assertMatrix(new double[][] {{0.5, 5}}, l.gamma.grad());   // ((1·1 + 0·3) / 2, (1·2 + 2·4) / 2)
        assertMatrix(new double[][] {{0.5, 1.5}}, l.beta.grad());
        assertMatrix(new double[][] {{2, -1}, {0, -2}}, dx);
        assertFalse(l.isTraining(), "evaluation until told otherwise, like every layer");
        assertEquals(l.forward(x), l.predict(x), "predict is forward by default");
        assertEquals(List.of(), new Layer() {
            @Override public Matrix forward(Matrix input) { return input; }
            @Override public Matrix backward(Matrix g) { return g; }
        }.parameters(), "a layer has no parameters unless it says so");
    }

    @Test void aNetworkNumbersItAndNamesItsParameters() {
        FeatureScale scale = new FeatureScale(16);
        Network net = network(scale, 1);
        assertEquals(List.of("layer1.W", "layer1.b", "layer2.gamma", "layer2.beta", "layer3.W", "layer3.b"),
                net.parameters().stream().map(net::nameOf).toList());
        assertSame(scale.gamma, net.parameters().get(2));
        assertEquals("Network (114 parameters)\n  1: Dense(2 → 16, tanh)\n  2: FeatureScale(16)\n     Dropout(p = 0.1)\n"
                + "  3: Dense(16 → 2, identity)", net.toString());
        assertEquals(2, net.inputs());
        assertEquals(2, net.outputs());
        assertEquals(0, Network.of(scale).inputs(), "the learner's layer decides: the network cannot say");
        assertEquals(0, Network.of(new Dense(2, 16, Activations.TANH, Initializers.HE, new Random(1)),
                new FeatureScale(16)).outputs());
    }

    @Test void theTrainerTrainsItToAGoodLoss() {
        FeatureScale scale = new FeatureScale(16);
        Network net = network(scale, 2);
        History h = Trainer.of(net, CE, new Adam(net.parameters(), 0.02)).epochs(150).batchSize(20).seed(1)
                .fit(MOONS.x(), Labels.oneHot(MOONS.y(), 2));
        double accuracy = Accuracy.of(net.predict(MOONS.x()), MOONS.y());
        double loss = CE.cost(net.predict(MOONS.x()), Labels.oneHot(MOONS.y(), 2));
        assertTrue(accuracy >= 0.97, "accuracy " + accuracy);
        assertTrue(loss < 0.1 && h.finalLoss() < 0.3 * h.loss()[0], "loss " + h.loss()[0] + " → " + h.finalLoss() + ", " + loss
                + " without dropout");
        assertNotEquals(Matrix.filled(1, 16, 1), scale.gamma.value(), "the optimizer updated the learner's parameters");
        assertNotEquals(Matrix.zeros(1, 16), scale.beta.value());
        assertFalse(scale.isTraining(), "fit returns in evaluation mode, this layer too");
    }

    /** Early stopping puts the learner's parameters back with the rest, bit for bit. */
    @Test void earlyStoppingRestoresItsParameters() {
        FeatureScale scale = new FeatureScale(16);
        Network net = network(scale, 3);
        Dataset small = Datasets.moons(10, 0.3, 4), validation = Datasets.moons(50, 0.3, 5);
        List<Matrix> gammas = new ArrayList<>();
        History h = Trainer.of(net, CE, new Adam(net.parameters(), 0.05)).epochs(300).batchSize(5)
                .validation(validation.x(), Labels.oneHot(validation.y(), 2)).earlyStopping(10)
                .onEpoch(hist -> gammas.add(scale.gamma.value().copy())).fit(small.x(), Labels.oneHot(small.y(), 2));
        int best = h.epochOfMinimum(History.VAL_LOSS);
        assertTrue(best < h.size(), "it overfits and stops: best " + best + " of " + h.size());
        assertEquals(gammas.get(best - 1), scale.gamma.value());
        assertNotEquals(gammas.get(h.size() - 1), scale.gamma.value());
    }

    @Nested
    class GradientChecks {
        private final Matrix x = Matrix.gaussian(6, 2, 7), t = Labels.oneHot(Matrix.column(1, 0, 1, 1, 0, 0), 2);

        @Test void passInANetworkAndAlone() {
            Network net = network(new FeatureScale(16), 4);
            net.parameters().get(2).value().setTo(Matrix.uniform(1, 16, 2, new Random(5)));   // γ away from 1
            GradientReport report = GradientCheck.of(net, CE, x, t).requireBelow(1e-7);
            assertEquals(List.of("layer1.W", "layer1.b", "layer2.gamma", "layer2.beta", "layer3.W", "layer3.b"),
                    report.rows().stream().map(GradientReport.Row::parameter).toList());
            GradientCheck.input(net, CE, x, t).requireBelow(1e-7);
            FeatureScale alone = new FeatureScale(2);
            alone.beta.value().setTo(Matrix.row(0.3, -0.7));
            GradientCheck.of(alone, Losses.MSE, x, Matrix.gaussian(6, 2, 8)).requireBelow(1e-7);
        }

        @Test void catchAMistakeInIt() {
            Network net = network(new ForgetsOneOverM(16), 4);
            assertMessage(IllegalStateException.class, () -> GradientCheck.of(net, CE, x, t)
                    .requireBelow(1e-7), "layer2.gamma");
            GradientReport report = GradientCheck.of(net, CE, x, t);
            assertTrue(report.rows().get(3).relativeError() < 1e-7, "β is right: " + report);
        }
    }

    /**
     * The network guards the learner's layer with the library's one stale-state check: a backward pass before any
     * forward pass, after one of its parameters or its input changed, or with a G of the wrong shape is refused before
     * any layer runs (no gradient is set, the learner's backward is not called).
     */
    @Nested
    class StaleState {
        private final FeatureScale scale = new FeatureScale(4);
        private final Dense first = new Dense(3, 4, Activations.TANH, Initializers.XAVIER_GAUSSIAN, new Random(6));
        private final Network last = Network.of(first, scale);   // the learner's layer is the output layer
        private final Matrix x = Matrix.gaussian(5, 3, 9), g = Matrix.gaussian(5, 4, 10);

        private void nothingRan() {
            assertEquals(0, scale.backwardCalls, "the learner's backward was called");
            assertEquals(Matrix.zeros(3, 4), first.weightGrad(), "a layer set its gradient");
        }

        @Test void backwardBeforeForward() {
            assertMessage(IllegalStateException.class, () -> last.backward(g),
                    "Network.backward, layer 2: call forward first; there is no forward pass to go back through");
            nothingRan();
        }

        @Test void backwardAfterOneOfItsParametersChanged() {
            last.forward(x);
            scale.gamma.value().set(0, 1, 3);
            assertMessage(IllegalStateException.class, () -> last.backward(g), "Network.backward, layer 2: its parameter "
                    + "gamma changed since the last forward pass", "run forward again");
            assertMessage(IllegalStateException.class, () -> last.backwardParameters(g), "layer 2: its parameter gamma");
            nothingRan();
            last.forward(x);
            last.backward(g);   // fine again
            assertEquals(1, scale.backwardCalls);
        }

        @Test void backwardAfterItsInputChanged() {
            last.forward(x);
            first.output().set(0, 0, 0.5);   // the input of the learner's layer, written in place
            assertMessage(IllegalStateException.class, () -> last.backward(g), "layer 2: the input X of that pass changed");
            nothingRan();
        }

        @Test void aGradientOfTheWrongShape() {
            last.forward(x);
            assertMessage(IllegalArgumentException.class, () -> last.backward(Matrix.zeros(5, 3)),
                    "Network.backward, layer 2: gradient 5×3 must match the layer's output 5×4");
            assertMessage(IllegalArgumentException.class, () -> last.backward(null), "gradient null must match");
            nothingRan();
        }

        /** In the middle of a network: its changed parameter is found before the layers after it run. */
        @Test void inTheMiddleOfANetwork() {
            Dense out = new Dense(4, 2, Activations.IDENTITY, Initializers.XAVIER_GAUSSIAN, new Random(7));
            Network middle = Network.of(first, scale, out);
            middle.forward(x);
            scale.beta.value().set(0, 0, 1);
            assertMessage(IllegalStateException.class, () -> middle.backward(Matrix.gaussian(5, 2, 11)),
                    "Network.backward, layer 2: its parameter beta changed");
            assertEquals(Matrix.zeros(4, 2), out.weightGrad(), "the last layer ran before the learner's was checked");
            nothingRan();
        }
    }
}
