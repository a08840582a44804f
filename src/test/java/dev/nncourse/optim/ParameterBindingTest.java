package dev.nncourse.optim;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stateful optimizer belongs to one network: used with another's parameters it refuses, before changing anything. */
class ParameterBindingTest {
    private static final Matrix X = Matrix.gaussian(6, 3, 1), T = Matrix.gaussian(6, 1, 2);

    private static Network net(long seed) {
        return Network.builder(3, seed).dense(4, Activations.TANH).dense(1, Activations.IDENTITY).build();
    }

    private static void backward(Network net) { net.backward(Losses.MSE.gradient(net.forward(X), T)); }

    @Test void gradientDescentSharedByTwoNetworksRefusesTheSecond() {
        Network a = net(1), b = net(2);
        GradientDescent gd = new GradientDescent(0.1);
        backward(a);
        gd.afterBatch(a.parameters(), 6);
        backward(b);
        Matrix mean = gd.meanGradient(a.parameters().get(0)).copy();
        assertMessage(IllegalStateException.class, () -> gd.afterBatch(b.parameters(), 6), "gd(lr=0.1) belongs to another network",
                "Create one optimizer per network");
        assertEquals(6, gd.count(), "the refused minibatch was counted");
        assertEquals(mean, gd.meanGradient(a.parameters().get(0)));
        Matrix wb = b.layer(0).weights().copy();
        assertMessage(IllegalStateException.class, () -> gd.afterEpoch(b.parameters()), "belongs to another network");
        assertEquals(wb, b.layer(0).weights());
        assertEquals(6, gd.count());
        // with its own network it goes on, in this epoch and the next
        gd.afterEpoch(a.parameters());
        backward(a);
        gd.afterBatch(a.parameters(), 6);
        assertTrue(gd.belongsTo(a.parameters()));
        assertFalse(gd.belongsTo(b.parameters()));
    }

    @Test void aStatelessOptimizerMayServeAnyNetwork() {
        Sgd sgd = new Sgd(0.1);
        for (Network n : List.of(net(1), net(2))) {
            backward(n);
            sgd.afterBatch(n.parameters(), 6);
            assertTrue(sgd.belongsTo(n.parameters()));
        }
    }

    @Test void theTrainerRefusesAnOptimizerOfAnotherNetwork() {
        Network a = net(1), b = net(2);
        GradientDescent gd = new GradientDescent(0.1);
        dev.nncourse.train.Trainer.of(a, Losses.MSE, gd).batchSize(3).fit(X, T);
        assertMessage(IllegalArgumentException.class, () -> dev.nncourse.train.Trainer.of(b, Losses.MSE, gd),
                "belongs to another network", "create one optimizer per network");
    }

    @Test void stateResumedForOneNetworkIsRefusedForAnother() {
        Network a = net(1), b = net(2);
        Map<Parameter, Matrix> means = new IdentityHashMap<>();
        Parameter w = a.parameters().get(0);
        means.put(w, Matrix.zeros(w.value().rows(), w.value().cols()));
        GradientDescent gd = new GradientDescent(0.1);
        gd.resume(means, 3);
        assertFalse(gd.belongsTo(b.parameters()));
        assertTrue(gd.belongsTo(a.parameters()));
        backward(b);
        assertMessage(IllegalStateException.class, () -> gd.afterBatch(b.parameters(), 6), "belongs to another network");
        backward(a);
        gd.afterBatch(a.parameters(), 6);
        assertEquals(9, gd.count());
        Map<Parameter, Matrix> others = new IdentityHashMap<>();
        Parameter v = b.parameters().get(0);
        others.put(v, Matrix.zeros(v.value().rows(), v.value().cols()));
        assertMessage(IllegalStateException.class, () -> gd.resume(others, 1), "cannot take state for other parameters");
        assertEquals(9, gd.count());
    }
}
