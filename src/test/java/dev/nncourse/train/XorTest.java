package dev.nncourse.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.optim.Sgd;
import org.junit.jupiter.api.Test;

/**
 * Source 001's experiment: a 2-3-1 network, tanh hidden layer, sigmoid output, log loss, learns XOR; and the same on
 * logits, an identity output with {@code Losses.SIGMOID_CROSS_ENTROPY}.
 *
 * <p>Weights start N(0, 1) like source 001's {@code np.random.randn}, from builder seed 1; full-batch SGD with ε = 0.5.
 * Not every seed works: with builder seed 2 the same run gets stuck with two predictions near 0.5.
 */
class XorTest {
    private static final long SEED = 1;
    private static final double LR = 0.5;
    private static final int EPOCHS = 1000;

    @Test
    void aTwoThreeOneNetworkLearnsXor() {
        Dataset xor = Datasets.xor();
        Network net = Network.builder(2, SEED).init(Initializers.GAUSSIAN)
                .dense(3, Activations.TANH).dense(1, Activations.SIGMOID).build();
        History h = Trainer.of(net, Losses.LOG_LOSS, new Sgd(LR)).epochs(EPOCHS).batchSize(4).fit(xor.x(), xor.y());
        Matrix y = net.forward(xor.x());
        for (int i = 0; i < 4; i++) {
            double label = xor.y().get(i, 0);
            assertTrue(label == 1 ? y.get(i, 0) > 0.5 : y.get(i, 0) < 0.5,
                    "input " + xor.x().getRow(i) + ": label " + label + ", predicted " + y.get(i, 0));
        }
        assertTrue(h.finalLoss() < h.loss()[0], h.toString());
    }

    /**
     * The same network with an identity output trained on logits (the library's loss for a sigmoid classifier): σ of
     * the output classifies XOR, and the run is the source's bit for bit wherever the clip of log loss is not active.
     */
    @Test
    void onLogitsTheSameNetworkLearnsXor() {
        Dataset xor = Datasets.xor();
        Network net = Network.builder(2, SEED).init(Initializers.GAUSSIAN)
                .dense(3, Activations.TANH).dense(1, Activations.IDENTITY).build();
        History h = Trainer.of(net, Losses.SIGMOID_CROSS_ENTROPY, new Sgd(LR)).epochs(EPOCHS).batchSize(4).fit(xor.x(), xor.y());
        Matrix p = net.forward(xor.x()).logistic();
        for (int i = 0; i < 4; i++) {
            double label = xor.y().get(i, 0);
            assertTrue(label == 1 ? p.get(i, 0) > 0.5 : p.get(i, 0) < 0.5,
                    "input " + xor.x().getRow(i) + ": label " + label + ", predicted " + p.get(i, 0));
        }
        assertTrue(h.finalLoss() < 0.01 && h.finalLoss() < h.loss()[0], h.toString());
    }
}
