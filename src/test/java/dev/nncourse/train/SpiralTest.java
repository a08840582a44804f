package dev.nncourse.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.data.Labels;
import dev.nncourse.eval.Accuracy;
import dev.nncourse.eval.ConfusionMatrix;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.LeakyRelu;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.optim.Adam;
import dev.nncourse.optim.AdamW;
import dev.nncourse.optim.L2Regularized;
import dev.nncourse.optim.Momentum;
import dev.nncourse.optim.Nesterov;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.RmsProp;
import dev.nncourse.optim.Sgd;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Notebook 11's experiment: the 3-class spiral, softmax cross-entropy and Adam, with today's {@link Trainer}. */
class SpiralTest {
    private static final Dataset SPIRAL = Datasets.spiral(100, 3, 0.2, 42);
    private static final Matrix Y = Labels.oneHot(SPIRAL.y(), 3);

    private static Network net(int hidden) {
        return Network.builder(2, 1).init(Initializers.HE).dense(hidden, Activations.RELU).dense(3, Activations.IDENTITY).build();
    }

    @Test
    void aSmallNetworkWithAdamFitsTheSpiral() {
        Network net = net(64);
        History h = Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, new Adam(0.01)).epochs(100).batchSize(32).seed(1)
                .fit(SPIRAL.x(), Y);
        double accuracy = Accuracy.of(net.forward(SPIRAL.x()), SPIRAL.y());
        assertTrue(accuracy >= 0.95, "training accuracy " + accuracy);
        assertTrue(h.finalLoss() < 0.1 * h.loss()[0], "loss " + h.loss()[0] + " → " + h.finalLoss());
        assertEquals(accuracy, ConfusionMatrix.of(net.forward(SPIRAL.x()), SPIRAL.y()).accuracy(), 1e-15);
    }

    @Test
    void noLinearClassifierSeparatesTheArms() {
        Network linear = Network.builder(2, 1).dense(3, Activations.IDENTITY).build();
        Trainer.of(linear, Losses.SOFTMAX_CROSS_ENTROPY, new Adam(0.01)).epochs(100).seed(1).fit(SPIRAL.x(), Y);
        double accuracy = Accuracy.of(linear.forward(SPIRAL.x()), SPIRAL.y());
        assertTrue(accuracy < 0.7, "a linear model reached " + accuracy);
    }

    @Test
    void everyOptimizerLowersTheLossOnTheSpiral() {
        for (Optimizer opt : List.of(new Sgd(0.1), new Momentum(0.05, 0.9), new Nesterov(0.05, 0.9), new RmsProp(0.005),
                new Adam(0.01), new AdamW(0.01, 0.01), new L2Regularized(new Adam(0.01), 1e-3))) {
            Network net = Network.builder(2, 2).init(Initializers.HE).dense(32, new LeakyRelu(0.01))
                    .dense(3, Activations.IDENTITY).build();
            History h = Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, opt).epochs(30).batchSize(32).seed(3).fit(SPIRAL.x(), Y);
            assertTrue(h.finalLoss() < 0.8 * h.loss()[0], opt + ": loss " + h.loss()[0] + " → " + h.finalLoss());
        }
    }
}
