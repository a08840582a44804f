package dev.nncourse.train;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.Sgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private static final Matrix X = Matrix.gaussian(7, 2, 1);
    private static final Matrix T = Matrix.gaussian(7, 1, 2);

    private static Network net() {
        return Network.builder(2, 42).dense(3, Activations.TANH).dense(1, Activations.IDENTITY).build();
    }

    private static Matrix weights(Network n) {
        return n.layer(0).weights();
    }

    @Test
    void fitRunsForwardLossBackwardUpdateOnEachMinibatchInOrder() {
        Network trained = net();
        History h = Trainer.of(trained, Losses.MSE, new Sgd(0.1)).epochs(2).batchSize(3).shuffle(false).fit(X, T);

        // the same by hand: minibatches {0,1,2}, {3,4,5}, {6}; the epoch loss is the mean per-sample loss before each update
        Network byHand = net();
        Sgd sgd = new Sgd(0.1);
        double[] epochLoss = new double[2];
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int[] idx : new int[][] {{0, 1, 2}, {3, 4, 5}, {6}}) {
                Matrix xb = X.selectRows(idx), tb = T.selectRows(idx);
                Matrix y = byHand.forward(xb);
                for (int r = 0; r < idx.length; r++) epochLoss[epoch] += 0.5 * Math.pow(y.get(r, 0) - tb.get(r, 0), 2) / 7;
                byHand.backward(y.minus(tb));
                sgd.afterBatch(byHand.parameters(), idx.length);
            }
        }
        assertArrayEquals(new int[] {1, 2}, h.epochs());
        assertArrayEquals(epochLoss, h.loss(), 1e-15);
        for (int p = 0; p < 4; p++) assertEquals(byHand.parameters().get(p).value(), trained.parameters().get(p).value());
    }

    @Test
    void trainingReducesTheLoss() {
        History h = Trainer.of(net(), Losses.MSE, new Sgd(0.05)).epochs(200).batchSize(2).seed(3).fit(X, T);
        assertEquals(200, h.size());
        assertTrue(h.finalLoss() < 0.5 * h.loss()[0], h.toString());
    }

    @Test
    void seededShufflingIsReproducible() {
        Network a = net(), b = net(), c = net();
        History ha = Trainer.of(a, Losses.MSE, new Sgd(0.1)).epochs(3).batchSize(1).seed(9).fit(X, T);
        History hb = Trainer.of(b, Losses.MSE, new Sgd(0.1)).epochs(3).batchSize(1).seed(9).fit(X, T);
        Trainer.of(c, Losses.MSE, new Sgd(0.1)).epochs(3).batchSize(1).seed(10).fit(X, T);
        assertArrayEquals(ha.loss(), hb.loss());
        assertEquals(weights(a), weights(b));
        assertNotEquals(weights(a), weights(c), "another seed visits the samples in another order");
    }

    /** MSE that records which targets it is shown, so the order of samples is visible. Targets are sample indices. */
    private static final class Recording implements Loss {
        final List<Double> seen = new ArrayList<>();

        @Override public Matrix perSample(Matrix y, Matrix t) {
            for (int i = 0; i < t.rows(); i++) seen.add(t.get(i, 0));
            return Losses.MSE.perSample(y, t);
        }

        @Override public Matrix gradient(Matrix y, Matrix t) { return Losses.MSE.gradient(y, t); }

        @Override public String name() { return "recording"; }
    }

    private static List<List<Double>> epochOrders(boolean shuffle, long seed, int n, int epochs) {
        double[] index = new double[n];
        Arrays.setAll(index, i -> i);
        Recording loss = new Recording();
        Network tiny = Network.builder(1, 0).dense(1, Activations.IDENTITY).build();
        Trainer.of(tiny, loss, new Sgd(1e-6)).epochs(epochs).batchSize(4).shuffle(shuffle).seed(seed)
                .fit(Matrix.zeros(n, 1), Matrix.column(index));
        List<List<Double>> orders = new ArrayList<>();
        for (int e = 0; e < epochs; e++) orders.add(loss.seen.subList(e * n, (e + 1) * n));
        return orders;
    }

    @Test
    void everyEpochVisitsEverySampleOnceInAFreshSeededOrder() {
        List<Double> sorted = epochOrders(false, 0, 20, 1).get(0);
        List<List<Double>> orders = epochOrders(true, 5, 20, 3);
        for (List<Double> order : orders) {
            List<Double> copy = new ArrayList<>(order);
            copy.sort(null);
            assertEquals(sorted, copy, "a permutation of all samples");
            assertNotEquals(sorted, order, "shuffled");
        }
        assertNotEquals(orders.get(0), orders.get(1), "reshuffled every epoch");
        assertEquals(orders, epochOrders(true, 5, 20, 3));
        assertNotEquals(orders, epochOrders(true, 6, 20, 3));
        for (int i = 0; i < 20; i++) assertEquals(i, sorted.get(i), "without shuffling the order is the data's");
    }

    @Test
    void badSettingsAndDataAreRejected() {
        Trainer t = Trainer.of(net(), Losses.MSE, new Sgd(0.1));
        assertMessage(IllegalArgumentException.class, () -> t.batchSize(8).fit(X, T), "batch size 8", "7 samples");
        assertMessage(IllegalArgumentException.class, () -> t.batchSize(0), "batch size", "0");
        assertMessage(IllegalArgumentException.class, () -> t.epochs(0), "epochs", "0");
        Trainer ok = Trainer.of(net(), Losses.MSE, new Sgd(0.1)).batchSize(2);
        assertMessage(IllegalArgumentException.class, () -> ok.fit(X, Matrix.zeros(6, 1)), "7 input rows", "6 target rows");
        assertMessage(IllegalArgumentException.class, () -> ok.fit(X.copy().set(3, 1, Double.NaN), T), "inputs", "NaN");
        assertMessage(IllegalArgumentException.class, () -> ok.fit(X, T.copy().set(0, 0, Double.POSITIVE_INFINITY)), "targets");
        assertMessage(IllegalArgumentException.class, () -> ok.fit(null, T), "required");
    }

    /** y = w·x with no bias, x = 1, t = 0: each SGD step is w ← w − ε·w = (1 − ε) w. */
    private static Network line(double w0) {
        return Network.builder(1, 0).bias(false).init(Initializers.of("w0", (n, k, r) -> Matrix.filled(n, k, w0)))
                .dense(1, Activations.IDENTITY).build();
    }

    private static final Pattern DIVERGED =
            Pattern.compile("training diverged in (.+): (.+) \\(last finite loss (\\S+)\\)\\. Try a smaller learning rate than (.+)\\.");

    @Test
    void aLossThatOverflowsStopsTrainingWithWhereItHappenedAndKeepsTheHistory() {
        // ε = 1e10 + 1 makes 1 − ε = −1e10, so after k steps w ≈ (−1e10)^k and the loss ½w² overflows once k = 16:
        // two samples per epoch, one per batch, so step 17 = epoch 9, batch 1 sees the first infinite loss.
        Optimizer sgd = new Sgd(1e10 + 1);
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class,
                () -> Trainer.of(line(1), Losses.MSE, sgd).epochs(20).batchSize(1).shuffle(false)
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

    @Test
    void aParameterThatOverflowsStopsTrainingAndIsNamed() {
        // w = 1e10 gives a finite loss ½e20, but the step ε·w = 1e310 overflows
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class,
                () -> Trainer.of(line(1e10), Losses.MSE, new Sgd(1e300)).batchSize(1).shuffle(false)
                        .fit(Matrix.column(1, 1), Matrix.column(0, 0)),
                "epoch 1, batch 1", "parameter layer1.W became NaN or infinite", "last finite loss 5.0E19");
        assertEquals(0, e.history().size());

        assertMessage(TrainingDivergedException.class,
                () -> Trainer.of(line(1e10), Losses.MSE, new GradientDescent(1e300)).batchSize(1).shuffle(false)
                        .fit(Matrix.column(1, 1), Matrix.column(0, 0)),
                "the update at the end of epoch 1", "parameter layer1.W", "last finite loss 5.0E19", "gd(lr=1.0E300)");
    }
}
