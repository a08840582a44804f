package dev.nncourse.optim;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading, restoring and binding the state of the stateful optimizers. */
class OptimizerStateTest {
    static Stream<Supplier<StatefulOptimizer>> optimizers() {
        return Stream.of(() -> new Momentum(0.05, 0.9), () -> new Nesterov(0.05, 0.8), () -> new RmsProp(0.01, 0.95, 1e-7),
                () -> new Adam(0.01), () -> new AdamW(0.01, 0.9, 0.99, 1e-6, 0.1));
    }

    private static Network net() {
        return Network.builder(3, 7).dense(4, Activations.TANH).dense(2, Activations.IDENTITY).build();
    }

    private static final Matrix X = Matrix.gaussian(5, 3, 1), T = Matrix.gaussian(5, 2, 2);

    private static void steps(Network net, Optimizer opt, int n) {
        for (int i = 0; i < n; i++) opt.step(net, Losses.MSE.gradient(net.forward(X), T), 5);
    }

    /** The state of {@code opt}, read through the accessors, as {@link StatefulOptimizer#restore} takes it. */
    private static Map<String, Map<Parameter, Matrix>> read(StatefulOptimizer opt, Network from, Network to) {
        Map<String, Map<Parameter, Matrix>> state = new HashMap<>();
        for (String slot : opt.slots()) {
            Map<Parameter, Matrix> m = new IdentityHashMap<>();
            for (int i = 0; i < from.parameters().size(); i++) m.put(to.parameters().get(i), opt.state(slot, from.parameters().get(i)));
            state.put(slot, m);
        }
        return state;
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void restoredStateContinuesBitForBit(Supplier<StatefulOptimizer> make) {
        Network a = net(), b = net();
        StatefulOptimizer first = make.get();
        steps(a, first, 4);
        for (int i = 0; i < a.parameters().size(); i++) b.parameters().get(i).value().setTo(a.parameters().get(i).value());
        StatefulOptimizer second = make.get();
        second.restore(b.parameters(), first.steps(), read(first, a, b));
        assertEquals(4, second.steps());
        steps(a, first, 3);
        steps(b, second, 3);
        for (int i = 0; i < a.parameters().size(); i++) assertEquals(a.parameters().get(i).value(), b.parameters().get(i).value());
        assertEquals(first.hyperparameters(), second.hyperparameters());
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void stateIsReadAsACopyAndResetKeepsIt(Supplier<StatefulOptimizer> make) {
        Network net = net();
        StatefulOptimizer opt = make.get();
        Parameter w = net.parameters().get(0);
        for (String slot : opt.slots()) assertNull(opt.state(slot, w));
        steps(net, opt, 2);
        String slot = opt.slots().get(0);
        Matrix before = opt.state(slot, w);
        opt.state(slot, w).scaleInPlace(7);
        assertEquals(before, opt.state(slot, w), "changing the copy changes nothing");
        opt.reset();
        assertEquals(before, opt.state(slot, w), "reset keeps the state");
        assertEquals(2, opt.steps());
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void oneOptimizerForTwoNetworksIsRefused(Supplier<StatefulOptimizer> make) {
        Network a = net(), b = net();
        StatefulOptimizer opt = make.get();
        steps(a, opt, 1);
        Matrix w = b.parameters().get(0).value().copy();
        assertMessage(IllegalStateException.class, () -> steps(b, opt, 1), "one optimizer per network");
        assertEquals(w, b.parameters().get(0).value(), "nothing changed");
        assertEquals(1, opt.steps());
    }

    @Test
    void nameListsEveryHyperparameter() {
        assertEquals("adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8)", new Adam(0.001).name());
        assertEquals("adamw(lr=0.01, beta1=0.9, beta2=0.999, eps=1.0E-8, weightDecay=0.05)", new AdamW(0.01, 0.05).toString());
        assertEquals("momentum(lr=0.1, momentum=0.9)", new Momentum(0.1, 0.9).name());
        assertEquals("nesterov(lr=0.1, momentum=0.5)", new Nesterov(0.1, 0.5).name());
        assertEquals("rmsprop(lr=1, rho=0.9, eps=1.0E-8)", new RmsProp(1).name());
        assertEquals("sgd(lr=0.1) + L2(λ=0.01)", new L2Regularized(new Sgd(0.1), 0.01).name());
        assertEquals(List.of("m", "v"), new AdamW(0.1, 0).slots());
    }

    @Test
    void restoreChecksEverythingBeforeChangingAnything() {
        Network net = net();
        List<Parameter> ps = net.parameters();
        Parameter w = ps.get(0);
        Adam adam = new Adam(0.01);
        steps(net, adam, 2);
        Matrix m = adam.m(w);
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        assertMessage(iae, () -> adam.restore(ps, -1, Map.of()), "step count t", "got -1");
        assertMessage(iae, () -> adam.restore(ps, 3, Map.of("velocity", Map.of(w, m))), "no slot \"velocity\"", "[m, v]");
        assertMessage(iae, () -> adam.restore(ps, 3, Map.of("m", Map.of(w, Matrix.zeros(2, 2)))), "m of W", "3×4", "2×2");
        assertMessage(iae, () -> adam.restore(ps, 3, Map.of("v", Map.of(w, Matrix.filled(3, 4, -1)))), "v of W", "-1.0", "≥ 0");
        assertMessage(iae, () -> adam.restore(ps, 3, Map.of("m", Map.of(w, Matrix.filled(3, 4, Double.NaN)))), "m of W", "NaN");
        assertMessage(iae, () -> adam.restore(ps, 0, Map.of("m", Map.of(w, m))), "t = 0");
        Parameter stranger = new Parameter("W", Matrix.zeros(3, 4));
        assertMessage(iae, () -> adam.restore(ps, 3, Map.of("m", Map.of(stranger, m))), "none of the given parameters");
        assertMessage(iae, () -> adam.restore(null, 3, Map.of()), "expected the parameters");
        assertEquals(2, adam.steps());
        assertEquals(m, adam.m(w));
    }

    @Test
    void restoringAnEmptyStateAtStepZeroStartsAfresh() {
        Network a = net(), b = net();
        Adam used = new Adam(0.01), fresh = new Adam(0.01);
        steps(a, used, 3);
        for (int i = 0; i < a.parameters().size(); i++) b.parameters().get(i).value().setTo(a.parameters().get(i).value());
        used.restore(a.parameters(), 0, Map.of());
        assertNull(used.m(a.parameters().get(0)));
        steps(a, used, 2);
        steps(b, fresh, 2);
        for (int i = 0; i < a.parameters().size(); i++) assertEquals(b.parameters().get(i).value(), a.parameters().get(i).value());
        assertEquals(2, used.steps());
    }
}
