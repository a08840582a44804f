package dev.nncourse.optim;

import static dev.nncourse.optim.OptimizerTest.net;
import static dev.nncourse.optim.OptimizerTest.steps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link OptimizerState}, the one model of every optimizer's state: kind, settings (the learning rate first),
 * counters, slots (one matrix per parameter, in the optimizer's order) and the wrapped optimizer's state. What each of
 * the library's optimizers puts in it is written out here; it is a copy in its order, and its name is the optimizer's.
 */
class OptimizerStateTest {
    private final Network net = net();
    private final List<Parameter> ps = net.parameters();

    /** The optimizer's slot {@code name} as the state holds it. */
    private static List<Matrix> slot(Optimizer opt, String name) { return opt.state().slots().get(name); }

    @Test void whatEachOptimizerHolds() {
        Sgd sgd = new Sgd(ps, 0.1);
        GradientDescent gd = new GradientDescent(ps, 0.1);
        Momentum momentum = new Momentum(ps, 0.1, 0.9);
        Nesterov nesterov = new Nesterov(ps, 0.1, 0.9);
        RmsProp rms = new RmsProp(ps, 0.01);
        Adam adam = new Adam(ps, 0.01);
        AdamW adamW = new AdamW(ps, 0.01, 0.05);
        for (Optimizer opt : List.of(sgd, gd, momentum, nesterov, rms, adam, adamW)) steps(net, opt, 3);
        assertEquals(new OptimizerState("sgd", Map.of("lr", 0.1), Map.of("t", 3L), Map.of(), null), sgd.state());
        assertEquals(List.of("c"), List.copyOf(gd.state().counters().keySet()), "gradient descent counts samples, not steps");
        assertEquals(5, gd.state().counters().get("c"), "half an epoch: one minibatch of 5 folded in");
        List<Matrix> means = new ArrayList<>(), velocities = new ArrayList<>(), squares = new ArrayList<>(), ms = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            means.add(gd.meanGradient(i));
            velocities.add(momentum.velocity(i));
            squares.add(rms.meanSquare(i));
            ms.add(adam.m(i));
        }
        assertEquals(Map.of("mean", means), gd.state().slots());
        assertEquals(Map.of("velocity", velocities), momentum.state().slots());
        assertEquals(List.of("velocity"), List.copyOf(nesterov.state().slots().keySet()));
        assertEquals(Map.of("s", squares), rms.state().slots());
        assertEquals(List.of("lr", "rho", "eps"), List.copyOf(rms.state().settings().keySet()));
        assertEquals(ms, slot(adam, "m"));
        assertEquals(List.of("m", "v"), List.copyOf(adam.state().slots().keySet()));
        assertEquals(Map.of("t", 3L), adam.state().counters());
        assertEquals(List.of("lr", "beta1", "beta2", "eps", "weightDecay"), List.copyOf(adamW.state().settings().keySet()));
        for (Optimizer opt : List.of(sgd, gd, momentum, nesterov, rms, adam, adamW)) assertNull(opt.state().inner());
    }

    @Test void anL2PenaltyHoldsItsLambdaAndTheWrappedState() {
        Adam adam = new Adam(ps, 0.01);
        L2Regularized l2 = new L2Regularized(adam, 0.02);
        steps(net, l2, 2);
        assertEquals(new OptimizerState("l2", Map.of("lambda", 0.02), Map.of(), Map.of(), adam.state()), l2.state());
        assertEquals(2, adam.steps());
    }

    @Test void itIsACopyInItsOrder() {
        Map<String, Double> settings = new java.util.LinkedHashMap<>();
        settings.put("lr", 0.1);
        settings.put("b", 2.0);
        settings.put("a", 1.0);
        Map<String, List<Matrix>> slots = new HashMap<>();
        Matrix m = Matrix.row(1, 2);
        slots.put("v", new ArrayList<>(List.of(m)));
        OptimizerState s = new OptimizerState("mine", settings, Map.of("t", 1L), slots, null);
        settings.put("z", 3.0);
        slots.get("v").add(m);
        m.set(0, 0, 9);
        assertEquals(List.of("lr", "b", "a"), List.copyOf(s.settings().keySet()));
        assertEquals(List.of(Matrix.row(1, 2)), s.slots().get("v"));
        assertEquals("mine(lr=0.1, b=2, a=1)", s.describe());
        assertEquals("mine(lr=1.0E-8, b=2.5, a=999999)", new OptimizerState("mine", orderedOf("lr", 1e-8, "b", 2.5, "a", 999999.0),
                Map.of(), Map.of(), null).describe());
    }

    private static Map<String, Double> orderedOf(Object... nameValue) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) m.put((String) nameValue[i], (Double) nameValue[i + 1]);
        return m;
    }
}
