package dev.nncourse.optim;

import static dev.nncourse.TestSupport.assertMessage;
import static dev.nncourse.optim.OptimizerTest.T;
import static dev.nncourse.optim.OptimizerTest.X;
import static dev.nncourse.optim.OptimizerTest.net;
import static dev.nncourse.optim.OptimizerTest.steps;
import static dev.nncourse.optim.OptimizerTest.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.train.History;
import dev.nncourse.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the library's optimizers share, and what a learner's own optimizer gets by extending {@link AbstractOptimizer}:
 * settings, slots and the step count as one {@link OptimizerState}, checked when restored; snapshots; and one step at a
 * time.
 */
class AbstractOptimizerTest {
    /** Heavy-ball momentum as a learner writes it: a setting, a slot, and the update equation alone. */
    static final class MyMomentum extends AbstractOptimizer {
        private final double mu;
        private final List<Matrix> velocity;

        MyMomentum(List<Parameter> parameters, double learningRate, double mu) {
            super("my-momentum", parameters, learningRate);
            this.mu = setting("momentum", mu);
            this.velocity = slot("velocity", false);
        }

        @Override protected void update(int i, Parameter p) {
            Matrix v = velocity.get(i);
            v.scaleInPlace(mu).addScaledInPlace(p.grad(), 1);   // v ← μ v + g
            p.value().addScaledInPlace(v, -learningRate());     // θ ← θ − η v
        }
    }

    @Nested
    class ALearnersOwnOptimizer {
        /** Trained by the trainer with early stopping, it gives Momentum's bits: weights, history and restored state. */
        @Test void trainsToTheLibrarysBits() {
            Network mine = net(), library = net();
            MyMomentum myOpt = new MyMomentum(mine.parameters(), 0.05, 0.9);
            Momentum momentum = new Momentum(library.parameters(), 0.05, 0.9);
            Matrix xv = Matrix.gaussian(5, 3, 11), tv = Matrix.gaussian(5, 2, 12);
            History hMine = Trainer.of(mine, Losses.MSE, myOpt).epochs(60).batchSize(2).validation(xv, tv).earlyStopping(5)
                    .fit(X, T);
            History hLibrary = Trainer.of(library, Losses.MSE, momentum).epochs(60).batchSize(2).validation(xv, tv)
                    .earlyStopping(5).fit(X, T);
            assertTrue(hMine.size() < 60, "early stopping stopped it: " + hMine);
            assertEquals(values(library), values(mine));
            assertEquals(Arrays.toString(hLibrary.loss()), Arrays.toString(hMine.loss()));
            assertEquals(momentum.steps(), myOpt.steps(), "the step count of the best epoch, put back");
            for (int i = 0; i < mine.parameters().size(); i++) assertEquals(momentum.velocity(i),
                    myOpt.state().slots().get("velocity").get(i));
        }

        @Test void itsStateIsOneOptimizerState() {
            Network net = net();
            MyMomentum opt = new MyMomentum(net.parameters(), 0.05, 0.9);
            assertEquals(new OptimizerState("my-momentum", Map.of("lr", 0.05, "momentum", 0.9), Map.of("t", 0L),
                    Map.of("velocity", net.parameters().stream().map(p -> Matrix.zeros(p.value().rows(),
                            p.value().cols())).toList()),
                    null), opt.state(), "zero slots before the first step");
            assertEquals(List.of("lr", "momentum"), List.copyOf(opt.state().settings().keySet()), "the learning rate first");
            steps(net, opt, 3);
            assertEquals(3, opt.steps());
            assertEquals("my-momentum(lr=0.05, momentum=0.9)", opt.name());
            Network other = net();
            for (int i = 0; i < net.parameters().size(); i++) other.parameters().get(i).value().setTo(net.parameters().get(i).value());
            MyMomentum again = new MyMomentum(other.parameters(), 0.05, 0.9);
            again.restore(opt.state());
            steps(net, opt, 2);
            steps(other, again, 2);
            assertEquals(values(net), values(other));
        }

        /** A model file could not make it again: the library says so, naming its class, instead of saving a Momentum. */
        @Test void isNotTakenForALibraryOptimizer() {
            MyMomentum mine = new MyMomentum(net().parameters(), 0.05, 0.9);
            assertEquals("my-momentum(lr=0.05, momentum=0.9) is a dev.nncourse.optim.AbstractOptimizerTest$MyMomentum, not one "
                    + "of the library's optimizers ([adam, adamw, gd, l2, momentum, nesterov, rmsprop, sgd]), so a model file "
                    + "could not make it again", Optimizers.whyNotSavable(mine));
            assertMessage(IllegalArgumentException.class, () -> Optimizers.of(mine.state(), net().parameters()),
                    "optimizer \"my-momentum\", expected one of [adam, adamw, gd, l2, momentum, nesterov, rmsprop, sgd]");
        }
    }

    // ------------------------------------------------------------ one step at a time

    /** An optimizer whose update waits, inside its step, until it is let go. */
    static final class Waiting extends AbstractOptimizer {
        final CountDownLatch inside = new CountDownLatch(1), letGo = new CountDownLatch(1);

        Waiting(List<Parameter> parameters) { super("waiting", parameters, 0.1); }

        @Override protected void update(int i, Parameter p) {
            inside.countDown();
            try {
                assertTrue(letGo.await(60, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            p.addGradTo(p.value(), -learningRate());
        }
    }

    /** A second thread entering a step while the first is in one is refused before it changes anything. */
    @Test void aStepOnAnotherThreadDuringAStepIsRefused() throws InterruptedException {
        Network net = net();
        net.backward(Losses.MSE.gradient(net.forward(X), T));
        Waiting opt = new Waiting(net.parameters());
        List<Matrix> expected = new ArrayList<>();
        for (Parameter p : net.parameters()) expected.add(p.value().copy().addScaledInPlace(p.grad(), -0.1));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread first = new Thread(() -> {
            try {
                opt.step(5);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "first");
        first.start();
        assertTrue(opt.inside.await(60, TimeUnit.SECONDS));
        assertMessage(IllegalStateException.class, () -> opt.step(5), "waiting(lr=0.1): a step was started by "
                + Thread.currentThread().getName() + " while first is in a step of the same optimizer; one optimizer serves "
                + "one training loop at a time. Make one optimizer per loop");
        assertEquals(1, opt.steps(), "the refused step counted");
        opt.letGo.countDown();
        first.join(60_000);
        assertFalse(first.isAlive());
        assertEquals(null, failure.get());
        assertEquals(expected, values(net), "the first step, as if alone");
        opt.step(5);   // the optimizer is free again
        assertEquals(2, opt.steps());
    }

    // ------------------------------------------------------------ restore checks everything first

    /** The state with some counters and slots replaced. */
    private static OptimizerState with(OptimizerState s, Map<String, Long> counters, Map<String, List<Matrix>> slots) {
        return new OptimizerState(s.kind(), s.settings(), counters, slots, s.inner());
    }

    private static Map<String, List<Matrix>> slot(OptimizerState s, String name, int i, Matrix m) {
        Map<String, List<Matrix>> slots = new LinkedHashMap<>(s.slots());
        List<Matrix> values = new ArrayList<>(slots.get(name));
        values.set(i, m);
        slots.put(name, values);
        return slots;
    }

    @Test void restoreChecksEverythingBeforeChangingAnything() {
        Network net = net();
        Adam adam = new Adam(net.parameters(), 0.01);
        steps(net, adam, 2);
        OptimizerState s = adam.state();
        Map<String, Long> t = s.counters();
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        assertMessage(iae, () -> adam.restore(with(s, Map.of("t", -1L), s.slots())),
                "adam.restore: the counter t must be ≥ 0, got -1");
        assertMessage(iae, () -> adam.restore(with(s, Map.of("c", 3L), s.slots())), "adam.restore: the state has counters [c] and "
                + "slots [m, v], expected [t] and [m, v]");
        assertMessage(iae, () -> adam.restore(with(s, t, Map.of("velocity", s.slots().get("m")))), "slots [velocity], expected [t] "
                + "and [m, v]");
        Map<String, List<Matrix>> short3 = new LinkedHashMap<>(s.slots());
        short3.put("m", s.slots().get("m").subList(0, 3));
        assertMessage(iae, () -> adam.restore(with(s, t, short3)), "adam.restore: the slot m must be one matrix for each of the 4 "
                + "parameters, got 3 matrices");
        assertMessage(iae, () -> adam.restore(with(s, t, slot(s, "m", 0, Matrix.zeros(2, 2)))),
                "adam.restore: m of W 3×4: shapes 3×4 "
                + "and 2×2 differ");
        assertMessage(iae, () -> adam.restore(with(s, t, slot(s, "v", 0, Matrix.filled(3, 4, -1)))), "adam.restore: v of W 3×4 has "
                + "the entry -1.0; a running mean of g² is ≥ 0");
        assertMessage(iae, () -> adam.restore(with(s, t, slot(s, "m", 2, Matrix.filled(4, 2, Double.NaN)))), "adam.restore: m of "
                + "W 4×2: entry (0, 0) of the 4×2 matrix is NaN");
        assertMessage(iae, () -> adam.restore(with(s, Map.of("t", 0L), s.slots())),
                "adam.restore: m of W 3×4 is not zero at t = 0");
        assertMessage(iae, () -> adam.restore(new OptimizerState("adam", Map.of("lr", 0.01, "beta1", 0.8, "beta2", 0.999,
                "eps", 1e-8), t, s.slots(), null)), "adam.restore: the state is of adam(", "beta1=0.8",
                "expected one of adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1.0E-8)");
        assertMessage(iae, () -> adam.restore(new OptimizerState("adam", Map.of("lr", -1.0, "beta1", 0.9, "beta2", 0.999,
                "eps", 1e-8), t, s.slots(), null)), "adam.restore: the state is of adam(", "lr=-1");
        assertEquals(s, adam.state(), "a refused state changed the optimizer");
        adam.restore(new OptimizerState("adam", Map.of("lr", 0.02, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8), t, s.slots(),
                null));
        assertEquals(0.02, adam.learningRate(), "the learning rate, which a schedule changes, is part of the state");
    }

    @Test void restoringTheStateOfStepZeroStartsAfresh() {
        Network a = net(), b = net();
        Adam used = new Adam(a.parameters(), 0.01), fresh = new Adam(b.parameters(), 0.01);
        OptimizerState zero = used.state();
        steps(a, used, 3);
        for (int i = 0; i < a.parameters().size(); i++) b.parameters().get(i).value().setTo(a.parameters().get(i).value());
        used.restore(zero);
        assertEquals(Matrix.zeros(3, 4), used.m(0));
        assertEquals(0, used.steps());
        steps(a, used, 2);
        steps(b, fresh, 2);
        assertEquals(values(b), values(a));
        assertEquals(2, used.steps());
    }
}
