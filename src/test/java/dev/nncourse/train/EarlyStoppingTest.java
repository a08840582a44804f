package dev.nncourse.train;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Datasets;
import dev.nncourse.data.Labels;
import dev.nncourse.data.Split;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.Adam;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.L2Regularized;
import dev.nncourse.optim.Momentum;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Early stopping on the validation loss: a tiny training set and a large network overfit, the validation loss turns
 * up, training stops after {@code patience} epochs without improvement, and the network and the optimizer are put back
 * to the best epoch, bit for bit.
 */
class EarlyStoppingTest {
    static final Split DATA = Split.stratified(
            Datasets.blobs(40, Matrix.of(new double[][] {{0, 0}, {1.5, 0}, {0, 1.5}}), 1.0, 8), 0.25, 0.5, 0.25, 3);
    static final Matrix Y = Labels.oneHot(DATA.train().y(), 3), YV = Labels.oneHot(DATA.validation().y(), 3);
    static final int PATIENCE = 8, EPOCHS = 400;

    static Network net() {
        return Network.builder(2, 21).dense(48, Activations.TANH).dropout(0.1).dense(48, Activations.TANH)
                .dense(3, Activations.IDENTITY).build();
    }

    static Trainer trainer(Network net, Optimizer opt) {
        return Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, opt).epochs(EPOCHS).batchSize(10).seed(5)
                .validation(DATA.validation().x(), YV);
    }

    /** The parameters after every epoch, as a listener sees them. */
    static final class Snapshots implements EpochListener {
        final Network net;
        final List<List<Matrix>> values = new ArrayList<>();

        Snapshots(Network net) { this.net = net; }

        @Override public boolean epochEnded(History h) {
            values.add(net.parameters().stream().map(p -> p.value().copy()).toList());
            return true;
        }

        List<Matrix> after(int epoch) { return values.get(epoch - 1); }
    }

    static void assertParameters(List<Matrix> expected, Network net, String what) {
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), net.parameters().get(i).value(), what + ": " + net.nameOf(net.parameters().get(i)));
        }
    }

    static Stream<Arguments> optimizers() {
        return Stream.<Function<List<Parameter>, Optimizer>>of(ps -> new Adam(ps, 0.003), ps -> new Momentum(ps, 0.05, 0.9),
                ps -> new Sgd(ps, 0.2), ps -> new GradientDescent(ps, 0.5), ps -> new L2Regularized(new Adam(ps, 0.003), 1e-4))
                .map(make -> Arguments.of(make.apply(net().parameters()).name(), make));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stopsAfterPatienceAndRestoresTheBestEpochBitForBit(String name, Function<List<Parameter>, Optimizer> make) {
        Network net = net();
        Snapshots seen = new Snapshots(net);
        History h = trainer(net, make.apply(net.parameters())).earlyStopping(PATIENCE).onEpoch(seen).fit(DATA.train().x(), Y);
        int best = h.epochOfMinimum(History.VAL_LOSS);
        assertTrue(h.size() < EPOCHS, name + " never stopped: " + h);
        assertEquals(best + PATIENCE, h.size(), "stopped " + PATIENCE + " epochs after the best");
        assertTrue(best > 1, "the validation loss improved at first");
        double[] v = h.metric(History.VAL_LOSS);
        for (int e = best; e < h.size(); e++) assertTrue(v[e] >= v[best - 1], "epoch " + (e + 1) + " improved on the best");
        assertNotEquals(seen.after(h.size()).get(0), net.parameters().get(0).value(), "the last epoch's weights were replaced");
        assertParameters(seen.after(best), net, "after early stopping");
        assertEquals(v[best - 1], Losses.SOFTMAX_CROSS_ENTROPY.cost(net.predict(DATA.validation().x()), YV),
                "the network's validation loss is the best one recorded");
        assertFalse(net.isTraining());
    }

    /**
     * The restored network and optimizer are exactly those of a run that stopped at the best epoch: training both on
     * gives the same bits (Adam's moments and step count were put back with the weights).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void theOptimizerStateIsThatOfTheBestEpoch(String name, Function<List<Parameter>, Optimizer> make) {
        Network early = net(), exact = net();
        Optimizer a = make.apply(early.parameters()), b = make.apply(exact.parameters());
        int best = trainer(early, a).earlyStopping(PATIENCE).fit(DATA.train().x(), Y).epochOfMinimum(History.VAL_LOSS);
        trainer(exact, b).epochs(best).fit(DATA.train().x(), Y);
        assertParameters(exact.parameters().stream().map(Parameter::value).toList(), early, "restored vs stopped at " + best);
        assertEquals(b.state(), a.state(), "the optimizer's whole state: moments, step count, a half-summed epoch");
        trainer(early, a).epochs(5).fit(DATA.train().x(), Y);
        trainer(exact, b).epochs(5).fit(DATA.train().x(), Y);
        assertParameters(exact.parameters().stream().map(Parameter::value).toList(), early, "5 more epochs");
    }

    /** When the loss keeps improving, all epochs run and the last, best, epoch stays. */
    @Test void aRunThatKeepsImprovingRunsEveryEpoch() {
        Network net = net();
        Snapshots seen = new Snapshots(net);
        History h = trainer(net, new Sgd(net.parameters(), 0.01)).epochs(6).earlyStopping(3).onEpoch(seen).fit(DATA.train().x(), Y);
        assertEquals(6, h.size());
        assertEquals(6, h.epochOfMinimum(History.VAL_LOSS));
        assertParameters(seen.after(6), net, "the last epoch");
    }

    /** Ending at the last epoch, or stopped by a listener, the network still holds the best epoch's parameters. */
    @Test void aListenerThatStopsStillGetsTheBestEpoch() {
        Network net = net();
        Snapshots seen = new Snapshots(net);
        History h = trainer(net, new Adam(net.parameters(), 0.01)).earlyStopping(1000).onEpoch(seen)
                .onEpoch(hist -> hist.size() < 60).fit(DATA.train().x(), Y);
        assertEquals(60, h.size());
        int best = h.epochOfMinimum(History.VAL_LOSS);
        assertTrue(best < 60, "overfits within 60 epochs: " + best);
        assertParameters(seen.after(best), net, "stopped by a listener");
    }

    @Test void badSettingsAreNamed() {
        Network net = net();
        Trainer t = Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, new Sgd(net.parameters(), 0.1)).batchSize(10);
        assertMessage(IllegalArgumentException.class, () -> t.earlyStopping(0), "patience must be a positive count", "got 0");
        assertMessage(IllegalArgumentException.class, () -> t.earlyStopping(-4), "got -4");
        assertMessage(IllegalStateException.class, () -> t.earlyStopping(3).fit(DATA.train().x(), Y),
                "earlyStopping(3) watches the validation loss", "no validation data", "call validation(x, t)");
    }
}
