package dev.nncourse.train;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.OptimizerState;
import dev.nncourse.optim.Schedule;
import dev.nncourse.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trainer.schedule sets the rate before every step; Trainer.clipGradients bounds the gradients' joint norm. */
class TrainerScheduleTest {
    private static Network net() { return Network.builder(2, 1).dense(3, Activations.TANH).dense(1, Activations.IDENTITY).build(); }

    private static final Matrix X = Matrix.gaussian(8, 2, 3), T = Matrix.gaussian(8, 1, 4);

    /** Sgd that records the rate and the gradient's joint norm at every step. */
    private static final class Recording implements Optimizer {
        final Sgd inner;
        final List<Double> rates = new ArrayList<>(), norms = new ArrayList<>();

        Recording(List<Parameter> ps) { inner = new Sgd(ps, 0.1); }

        @Override public List<Parameter> parameters() { return inner.parameters(); }

        @Override public void step(int m) {
            rates.add(inner.learningRate());
            double s = 0;
            for (Parameter p : parameters()) s += Math.pow(p.grad().norm(), 2);
            norms.add(Math.sqrt(s));
            inner.step(m);
        }

        @Override public void setLearningRate(double lr) { inner.setLearningRate(lr); }

        @Override public OptimizerState state() { return inner.state(); }

        @Override public void restore(OptimizerState state) { inner.restore(state); }

        @Override public String name() { return "recording " + inner.name(); }
    }

    @Test void theScheduleSetsEveryStepsRateAndHistoryRecordsEachEpochsLast() {
        Network net = net();
        Recording opt = new Recording(net.parameters());
        History h = Trainer.of(net, Losses.MSE, opt).epochs(3).batchSize(4).schedule(Schedule.step(0.1, 0.5, 2)).fit(X, T);
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.025, 0.025), opt.rates, "two steps an epoch, halved every two steps");
        assertArrayEquals(new double[] {0.1, 0.05, 0.025}, h.metric(History.LEARNING_RATE));
    }

    @Test void clippingScalesALongGradientToTheBoundAndLeavesAShortOneAlone() {
        Network net = net();
        Recording opt = new Recording(net.parameters());
        Trainer.of(net, Losses.MSE, opt).epochs(2).batchSize(8).clipGradients(1e-3).fit(X.scale(100), T.scale(100));
        for (double norm : opt.norms) assertEquals(1e-3, norm, 1e-15);
        Network other = net();
        Recording free = new Recording(other.parameters());
        Trainer.of(other, Losses.MSE, free).epochs(2).batchSize(8).clipGradients(1e9).fit(X, T);
        Network same = net();
        Recording unclipped = new Recording(same.parameters());
        Trainer.of(same, Losses.MSE, unclipped).epochs(2).batchSize(8).fit(X, T);
        assertEquals(unclipped.norms, free.norms, "a bound never reached changes nothing");
        assertTrue(free.norms.get(0) > 1e-3);
    }

    @Test void badArgumentsAreNamed() {
        Network net = net();
        Trainer t = Trainer.of(net, Losses.MSE, new Sgd(net.parameters(), 0.1));
        assertMessage(IllegalArgumentException.class, () -> t.clipGradients(0), "clipGradients", "norm c", "0");
        assertMessage(IllegalArgumentException.class, () -> t.schedule(null), "schedule", "expected a schedule");
        assertMessage(IllegalArgumentException.class, () -> t.metric("lr", (y, tt) -> 0), "\"lr\"", "not allowed");
    }
}
