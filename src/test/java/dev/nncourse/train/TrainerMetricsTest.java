package dev.nncourse.train;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Labels;
import dev.nncourse.eval.Accuracy;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.Adam;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation data, named metrics, epoch listeners, and the training and evaluation modes during fit. */
class TrainerMetricsTest {
    private static final Matrix X = EarlyStoppingTest.DATA.train().x(), Y = EarlyStoppingTest.Y;
    private static final Matrix XV = EarlyStoppingTest.DATA.validation().x(), YV = EarlyStoppingTest.YV;

    private static Network net() { return EarlyStoppingTest.net(); }

    private static Trainer trainer(Network net) {
        return Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, new Adam(0.003)).epochs(4).batchSize(10).seed(2);
    }

    @Test void everyEpochRecordsTheLossTheMetricsAndTheirValidationTwins() {
        Network net = net();
        List<double[]> seen = new ArrayList<>();
        History h = trainer(net).validation(XV, YV).metric("accuracy", Accuracy::of).metric("mean logit", (y, t) -> y.mean())
                .onEpoch(hist -> {
                    Matrix yTrain = net.predict(X), yVal = net.predict(XV);
                    seen.add(new double[] {Accuracy.of(yTrain, Y), yTrain.mean(), Losses.SOFTMAX_CROSS_ENTROPY.cost(yVal, YV),
                            Accuracy.of(yVal, YV), yVal.mean()});
                    return true;
                }).fit(X, Y);
        assertEquals(List.of("loss", "accuracy", "mean logit", "val_loss", "val_accuracy", "val_mean logit"), h.metricNames());
        for (int e = 0; e < 4; e++) {
            double[] s = seen.get(e);
            assertEquals(s[0], h.metric("accuracy")[e]);
            assertEquals(s[1], h.metric("mean logit")[e]);
            assertEquals(s[2], h.metric(History.VAL_LOSS)[e]);
            assertEquals(s[3], h.metric("val_accuracy")[e]);
            assertEquals(s[4], h.metric(History.validation("mean logit"))[e]);
        }
        assertEquals(h.metric("val_accuracy")[3], h.last("val_accuracy"));
        assertTrue(h.last("accuracy") > 0.5, "it learns: " + h.last("accuracy"));
    }

    /** The same run with and without metrics and validation gives the same bits: measuring changes nothing. */
    @Test void measuringDoesNotChangeTraining() {
        Network a = net(), b = net();
        History ha = trainer(a).validation(XV, YV).metric("accuracy", Accuracy::of).fit(X, Y);
        History hb = trainer(b).fit(X, Y);
        for (int i = 0; i < a.parameters().size(); i++) assertEquals(b.parameters().get(i).value(), a.parameters().get(i).value());
        assertEquals(java.util.Arrays.toString(hb.loss()), java.util.Arrays.toString(ha.loss()));
        assertEquals(List.of("loss"), hb.metricNames());
    }

    @Test void badMetricsAreNamed() {
        Trainer t = trainer(net());
        for (String name : new String[] {"", "  ", "epoch", "loss", "val_accuracy"}) {
            assertMessage(IllegalArgumentException.class, () -> t.metric(name, Accuracy::of), "metric: the name \"" + name + "\"",
                    "is not allowed");
        }
        assertMessage(IllegalArgumentException.class, () -> t.metric(null, Accuracy::of), "the name null is not allowed");
        assertMessage(IllegalArgumentException.class, () -> t.metric("accuracy", Accuracy::of).metric("accuracy", Accuracy::of),
                "\"accuracy\" is taken");
        assertMessage(IllegalArgumentException.class, () -> t.metric("f1", null), "metric \"f1\": expected a function, got null");
        assertMessage(IllegalArgumentException.class, () -> t.onEpoch(null), "onEpoch: expected a listener, got null");
    }

    @Test void badValidationDataAreNamed() {
        Trainer t = trainer(net());
        assertMessage(IllegalArgumentException.class, () -> t.validation(null, YV), "validation: inputs and targets are required");
        assertMessage(IllegalArgumentException.class, () -> t.validation(XV, Y), "validation: " + XV.rows() + " input rows but "
                + Y.rows() + " target rows");
        assertMessage(IllegalArgumentException.class, () -> t.validation(Matrix.zeros(3, 5), Matrix.zeros(3, 3)),
                "validation: the inputs have 5 columns but the network expects 2 inputs");
        assertMessage(IllegalArgumentException.class, () -> t.validation(XV, Labels.oneHot(EarlyStoppingTest.DATA.validation().y(), 4)),
                "validation: the targets have 4 columns but the network has 3 outputs");
        Matrix nan = XV.copy().set(1, 1, Double.NaN);
        assertMessage(IllegalArgumentException.class, () -> t.validation(nan, YV), "validation: inputs", "entry (1, 1)", "NaN");
    }

    /** Validation inputs far out of the training range overflow the network: reported, not recorded as a loss. */
    @Test void aValidationLossThatOverflowsIsReported() {
        Network net = Network.builder(2, 1).dense(4, Activations.IDENTITY).dense(1, Activations.IDENTITY).build();
        Matrix x = Matrix.gaussian(20, 2, 1), t = Matrix.gaussian(20, 1, 2);
        TrainingDivergedException e = assertMessage(TrainingDivergedException.class, () -> Trainer.of(net, Losses.MSE, new Sgd(0.01))
                .batchSize(5).validation(x.scale(1e300), t).fit(x, t), "training stopped after epoch 1", "the validation loss is",
                "validation data are out of the network's range", "largest |input| ");
        assertEquals(0, e.history().size());
        assertFalse(net.isTraining());
    }

    /** Records the mode of the network in each step. */
    static final class ModeWatch implements Optimizer {
        final Optimizer inner;
        final Network net;
        final List<Boolean> modes = new ArrayList<>();

        ModeWatch(Optimizer inner, Network net) { this.inner = inner; this.net = net; }

        @Override public void step(Network n, Matrix g, int m) {
            modes.add(net.isTraining());
            inner.step(n, g, m);
        }

        @Override public void afterBatch(List<Parameter> params, int batchSize) { inner.afterBatch(params, batchSize); }

        @Override public String name() { return inner.name(); }
    }

    @Test void theNetworkTrainsInTrainingModeAndIsEvaluatedOtherwise() {
        Network net = net();
        ModeWatch watch = new ModeWatch(new Sgd(0.05), net);
        List<Boolean> inListener = new ArrayList<>();
        List<Boolean> atEnd = new ArrayList<>();
        Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, watch).epochs(3).batchSize(10).validation(XV, YV)
                .metric("probe", (y, t) -> net.isTraining() ? 1 : 0)
                .onEpoch(new EpochListener() {
                    @Override public boolean epochEnded(History h) { return inListener.add(net.isTraining()); }
                    @Override public void trainingEnded(History h) { atEnd.add(net.isTraining()); }
                }).fit(X, Y);
        assertEquals(9, watch.modes.size());
        assertTrue(watch.modes.stream().allMatch(m -> m), "training mode in every step");
        assertEquals(List.of(false, false, false), inListener);
        assertEquals(List.of(false), atEnd);
        assertFalse(net.isTraining());
    }

    @Test void aListenerStopsTrainingCleanlyAndHearsTheEnd() {
        Network net = net();
        List<Integer> ended = new ArrayList<>();
        History h = trainer(net).epochs(50).onEpoch(new EpochListener() {
            @Override public boolean epochEnded(History hist) { return hist.size() < 3; }
            @Override public void trainingEnded(History hist) { ended.add(hist.size()); }
        }).fit(X, Y);
        assertEquals(3, h.size());
        assertEquals(List.of(3), ended);
        assertFalse(net.isTraining());
    }

    /** Every listener is asked, even when an earlier one has already said stop. */
    @Test void everyListenerHearsEveryEpoch() {
        List<Integer> second = new ArrayList<>();
        trainer(net()).epochs(10).onEpoch(h -> false).onEpoch(h -> second.add(h.size())).fit(X, Y);
        assertEquals(List.of(1), second);
    }

    @Test void aFailingListenerStopsTrainingAndTheOthersStillHearTheEnd() {
        Network net = net();
        List<String> ended = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        EpochListener failing = new EpochListener() {
            @Override public boolean epochEnded(History h) {
                if (h.size() == 2) throw boom;
                return true;
            }
            @Override public void trainingEnded(History h) { throw new IllegalArgumentException("also at the end"); }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer(net).epochs(5).onEpoch(failing)
                .onEpoch(new EpochListener() {
                    @Override public boolean epochEnded(History h) { return true; }
                    @Override public void trainingEnded(History h) { ended.add("ended after " + h.size()); }
                }).fit(X, Y));
        assertSame(boom, e);
        assertEquals("also at the end", e.getSuppressed()[0].getMessage());
        assertEquals(List.of("ended after 2"), ended);
        assertFalse(net.isTraining());
    }

    @Test void historyHelpers() {
        History h = new History();
        assertMessage(IllegalStateException.class, () -> h.last("loss"), "no epoch recorded yet");
        h.record(1, java.util.Map.of("loss", 3.0));
        h.record(2, java.util.Map.of("loss", Double.NaN));
        h.record(3, java.util.Map.of("loss", 1.0));
        h.record(4, java.util.Map.of("loss", 1.0));
        assertEquals(3, h.epochOfMinimum("loss"), "the first of equal minima; NaN skipped");
        assertEquals(1.0, h.last("loss"));
        assertTrue(h.has("loss"));
        assertFalse(h.has("val_loss"));
        assertMessage(IllegalArgumentException.class, () -> h.last("accuracy"), "no metric \"accuracy\"");
        History nan = new History();
        nan.record(1, java.util.Map.of("loss", Double.NaN));
        assertMessage(IllegalStateException.class, () -> nan.epochOfMinimum("loss"), "only NaN");
        assertEquals("val_accuracy", History.validation("accuracy"));
    }
}
