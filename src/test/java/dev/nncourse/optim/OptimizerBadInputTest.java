package dev.nncourse.optim;

import static dev.nncourse.TestSupport.assertMessage;

import java.util.function.DoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every hyperparameter of every new optimizer is checked, with a message naming the optimizer, the setting and the value. */
class OptimizerBadInputTest {
    private static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    /** (optimizer, setting named in the message, constructor with that setting replaced, bad values) */
    static Stream<Arguments> settings() {
        return Stream.of(
                bad("momentum", "learning rate", lr -> new Momentum(lr, 0.9), 0, -0.1, NAN, INF),
                bad("momentum", "momentum μ", mu -> new Momentum(0.1, mu), -0.1, 1, 1.5, NAN, INF),
                bad("nesterov", "learning rate", lr -> new Nesterov(lr, 0.9), 0, -1, NAN, -INF),
                bad("nesterov", "momentum μ", mu -> new Nesterov(0.1, mu), -1e-9, 1, NAN),
                bad("rmsprop", "learning rate", lr -> new RmsProp(lr), 0, -1e-3, NAN, INF),
                bad("rmsprop", "ρ (rho)", rho -> new RmsProp(0.01, rho, 1e-8), -0.5, 1, 2, NAN),
                bad("rmsprop", "ε (eps)", eps -> new RmsProp(0.01, 0.9, eps), 0, -1e-8, NAN, INF),
                bad("adam", "learning rate", lr -> new Adam(lr), 0, -0.001, NAN, INF),
                bad("adam", "β1 (beta1)", b1 -> new Adam(0.01, b1, 0.999, 1e-8), -0.1, 1, 1.1, NAN),
                bad("adam", "β2 (beta2)", b2 -> new Adam(0.01, 0.9, b2, 1e-8), -0.1, 1, NAN, INF),
                bad("adam", "ε (eps)", eps -> new Adam(0.01, 0.9, 0.999, eps), 0, -1, NAN, INF),
                bad("adamw", "learning rate", lr -> new AdamW(lr, 0.01), 0, -1, NAN, INF),
                bad("adamw", "β1 (beta1)", b1 -> new AdamW(0.01, b1, 0.999, 1e-8, 0.01), 1, -1, NAN),
                bad("adamw", "β2 (beta2)", b2 -> new AdamW(0.01, 0.9, b2, 1e-8, 0.01), 1, NAN),
                bad("adamw", "ε (eps)", eps -> new AdamW(0.01, 0.9, 0.999, eps, 0.01), 0, NAN),
                bad("adamw", "weight decay λ", wd -> new AdamW(0.01, wd), -0.01, NAN, INF),
                bad("adamw", "ε λ", wd -> new AdamW(0.5, wd), 2, 3, 1e300),
                bad("L2Penalty", "weight decay λ", wd -> new L2Regularized(new Sgd(0.1), wd), -1, NAN, INF));
    }

    private static Arguments bad(String kind, String setting, DoubleFunction<Object> make, double... values) {
        return Arguments.of(kind, setting, make, values);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("settings")
    void isRejectedWithAMessageNamingIt(String kind, String setting, DoubleFunction<Object> make, double[] values) {
        for (double v : values) {
            String value = setting.equals("ε λ") ? "" : "got " + v;
            assertMessage(IllegalArgumentException.class, () -> make.apply(v), kind, setting, value);
        }
    }

    @org.junit.jupiter.api.Test
    void l2RegularizedNeedsAnOptimizer() {
        assertMessage(IllegalArgumentException.class, () -> new L2Regularized(null, 0.1), "expected an optimizer", "null");
    }
}
