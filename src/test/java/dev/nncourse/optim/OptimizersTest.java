package dev.nncourse.optim;

import static dev.nncourse.TestSupport.assertMessage;
import static dev.nncourse.optim.OptimizerTest.net;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nncourse.nn.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Optimizers}: which optimizers a model file can make again (exactly the library's classes, around an L2 penalty
 * or not) and how it makes one from a state, naming whatever is missing or unknown. {@link OptimizerTest} checks that
 * what it makes goes on bit for bit.
 */
class OptimizersTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private final List<Parameter> ps = net().parameters();

    @Test void theLibrarysOptimizersAreSavable() {
        for (Optimizer opt : List.of(new Sgd(ps, 0.1), new GradientDescent(ps, 0.1), new Momentum(ps, 0.1, 0.9),
                new Nesterov(ps, 0.1, 0.9), new RmsProp(ps, 0.1), new Adam(ps, 0.1), new AdamW(ps, 0.1, 0.1),
                new L2Regularized(new Adam(ps, 0.1), 0.1))) {
            assertNull(Optimizers.whyNotSavable(opt), opt.name());
        }
    }

    /** A subclass may update differently, so it is not saved as the optimizer it extends, nor inside an L2 penalty. */
    @Test void subclassesAreNot() {
        Adam odd = new Adam(ps, 0.01) {
            @Override public String name() { return "odd-adam"; }
        };
        String why = Optimizers.whyNotSavable(odd);
        assertEquals("odd-adam is a " + odd.getClass().getName() + ", not one of the library's optimizers ([adam, adamw, gd, "
                + "l2, momentum, nesterov, rmsprop, sgd]), so a model file could not make it again", why);
        assertEquals(why, Optimizers.whyNotSavable(new L2Regularized(odd, 0.1)));
    }

    @Test void ofMakesTheKindWithItsSettingsForTheseParameters() {
        Optimizer adam = Optimizers.of(new Adam(ps, 0.02, 0.8, 0.99, 1e-7).state(), ps);
        assertEquals("adam(lr=0.02, beta1=0.8, beta2=0.99, eps=1.0E-7)", assertInstanceOf(Adam.class, adam).name());
        assertSame(ps.get(0), adam.parameters().get(0));
        L2Regularized l2 = assertInstanceOf(L2Regularized.class, Optimizers.of(new L2Regularized(new Nesterov(ps, 0.1, 0.5), 0.01)
                .state(), ps));
        assertInstanceOf(Nesterov.class, l2.optimizer());
        assertEquals(0.01, l2.penalty().lambda());
    }

    @Test void whatCannotBeMadeIsNamed() {
        assertMessage(IAE, () -> Optimizers.of(new OptimizerState("adagrad", Map.of("lr", 0.1), Map.of(), Map.of(), null), ps),
                "optimizer \"adagrad\", expected one of [adam, adamw, gd, l2, momentum, nesterov, rmsprop, sgd]");
        assertMessage(IAE, () -> Optimizers.of(new OptimizerState("momentum", Map.of("lr", 0.1), Map.of("t", 0L),
                Map.of(), null), ps),
                "no setting \"momentum\" among [lr]");
        assertMessage(IAE, () -> Optimizers.of(new OptimizerState("l2", Map.of("lambda", 0.1), Map.of(), Map.of(), null), ps),
                "an L2 penalty that wraps no optimizer");
        OptimizerState inner = new L2Regularized(new Sgd(ps, 0.1), 0.1).state();
        assertMessage(IAE, () -> Optimizers.of(new OptimizerState("l2", Map.of("lambda", 0.1), Map.of(), Map.of(), inner), ps),
                "an L2 penalty inside another one");
        assertMessage(IAE, () -> Optimizers.of(new OptimizerState("rmsprop", Map.of("lr", 0.1, "rho", 1.5, "eps", 1e-8),
                Map.of("t", 0L), Map.of(), null), ps), "rmsprop: the decay rate ρ (rho) must be a number in [0, 1), got 1.5");
    }
}
