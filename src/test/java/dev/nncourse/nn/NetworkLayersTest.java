package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.GradientCheck;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.optim.Sgd;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A network of dense and dropout layers: numbering, modes, prediction, and the fused SGD step through dropout. */
class NetworkLayersTest {
    private static Network withDropout(long seed) {
        return Network.builder(3, seed).dense(5, Activations.TANH).dropout(0.5).dense(4, Activations.RELU).dropout(0.2)
                .dense(2, Activations.IDENTITY).build();
    }

    private static Network without(long seed) {
        Random rng = new Random(seed);
        Dense a = new Dense(3, 5, Activations.TANH, Initializers.XAVIER_GAUSSIAN, rng);
        rng.nextLong();   // the builder draws each dropout's seed from the same generator
        Dense b = new Dense(5, 4, Activations.RELU, Initializers.XAVIER_GAUSSIAN, rng);
        rng.nextLong();
        return Network.of(a, b, new Dense(4, 2, Activations.IDENTITY, Initializers.XAVIER_GAUSSIAN, rng));
    }

    private static final Matrix X = Matrix.gaussian(6, 3, 1), T = Matrix.gaussian(6, 2, 2);

    @Test void denseLayersAreNumberedOnTheirOwn() {
        Network net = withDropout(1);
        assertEquals(3, net.layers().size());
        assertEquals(5, net.allLayers().size());
        assertTrue(net.allLayers().get(1) instanceof Dropout);
        assertEquals(List.of("layer1.W", "layer1.b", "layer2.W", "layer2.b", "layer3.W", "layer3.b"),
                net.parameters().stream().map(net::nameOf).toList());
        assertEquals("Network (54 parameters)\n  1: Dense(3 → 5, tanh)\n     Dropout(p = 0.5)\n  2: Dense(5 → 4, relu)\n"
                + "     Dropout(p = 0.2)\n  3: Dense(4 → 2, identity)", net.toString());
        assertEquals(3, net.inputs());
        assertEquals(2, net.outputs());
    }

    @Test void badStacksAreNamed() {
        Dropout d = new Dropout(0.5, 1);
        Dense dense = new Dense(3, 2, Activations.TANH, Initializers.XAVIER_GAUSSIAN, new Random(1));
        assertMessage(IllegalArgumentException.class, () -> Network.of(d), "has no Dense layer", "expected at least one");
        assertMessage(IllegalArgumentException.class, () -> Network.of(dense, d, d), "layers 2 and 3 are the same Dropout object");
        assertMessage(IllegalArgumentException.class, () -> Network.of(dense, d,
                new Dense(3, 2, Activations.TANH, Initializers.XAVIER_GAUSSIAN, new Random(1))),
                "layer 2 expects 3 inputs but layer 1 has 2 neurons");
    }

    @Test void evaluationIsTheDefaultAndPredictKeepsTheMode() {
        Network net = withDropout(1), plain = without(1);
        assertFalse(net.isTraining());
        assertEquals(plain.forward(X), net.forward(X), "in evaluation, dropout is the identity");
        net.setTraining(true);
        assertTrue(net.allLayers().stream().allMatch(Layer::isTraining));
        assertNotEquals(plain.forward(X), net.forward(X), "in training, dropout drops");
        assertEquals(plain.forward(X), net.predict(X), "predict evaluates");
        assertTrue(net.isTraining(), "and leaves the mode as it was");
        net.allLayers().get(1).setTraining(false);
        net.predict(X);
        assertFalse(net.allLayers().get(1).isTraining());
        assertTrue(net.allLayers().get(3).isTraining());
    }

    /** The fused per-sample step through dropout gives the bits of backward and then Sgd's update. */
    @Test void theFusedSgdStepThroughDropoutEqualsBackwardThenUpdate() {
        Network fused = withDropout(4), plain = withDropout(4);
        fused.setTraining(true);
        plain.setTraining(true);
        Sgd sgd = new Sgd(0.1);
        for (int i = 0; i < X.rows(); i++) {
            Matrix x = X.getRow(i), t = T.getRow(i);
            sgd.step(fused, Losses.MSE.gradient(fused.forward(x), t), 1);
            plain.backward(Losses.MSE.gradient(plain.forward(x), t));
            sgd.afterBatch(plain.parameters(), 1);
        }
        for (int i = 0; i < fused.parameters().size(); i++) {
            assertEquals(plain.parameters().get(i).value(), fused.parameters().get(i).value());
        }
        assertNotEquals(withDropout(4).layer(0).weights(), fused.layer(0).weights());
    }

    @Test void aStaleBackwardThroughDropoutThrows() {
        Network net = withDropout(1);
        net.setTraining(true);
        Matrix y = net.forward(X);
        net.allLayers().get(1).forward(net.layer(0).output());   // the dropout alone: a new mask and output
        assertMessage(IllegalStateException.class, () -> net.backward(Losses.MSE.gradient(y, T)),
                "layer 2's cached input is not the Dropout after layer 1's output");
    }

    @Test void aSnapshotPutsBackTheParametersAndTheDropoutGenerators() {
        Network net = withDropout(3);
        net.setTraining(true);
        Sgd sgd = new Sgd(0.1);
        sgd.step(net, Losses.MSE.gradient(net.forward(X), T), 6);
        Runnable snapshot = net.snapshot();
        Matrix w = net.layer(0).weights().copy();
        Matrix next = net.forward(X);
        long draws = ((Dropout) net.allLayers().get(1)).draws();
        sgd.step(net, Losses.MSE.gradient(next, T), 6);
        net.forward(X);
        assertNotEquals(w, net.layer(0).weights());
        snapshot.run();
        assertEquals(w, net.layer(0).weights());
        assertEquals(next, net.forward(X), "the same masks again");
        assertEquals(draws, ((Dropout) net.allLayers().get(1)).draws());
        snapshot.run();
        assertEquals(next, net.forward(X), "a snapshot can be used twice");
    }

    @Test void aGradientCheckRefusesDropoutInTrainingMode() {
        Network net = withDropout(1);
        assertTrue(GradientCheck.of(net, Losses.MSE, X, T).maxRelativeError() < 1e-7, "in evaluation it checks");
        net.setTraining(true);
        assertMessage(IllegalArgumentException.class, () -> GradientCheck.of(net, Losses.MSE, X, T),
                "Dropout layer in training mode", "net.setTraining(false)");
    }
}
