package dev.nncourse.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.List;
import java.util.function.Function;

/**
 * The fixture of the optimizers' hand-worked tests: three steps on θ = (1, −2) with the gradients g1 = (0.5, −1),
 * g2 = (−0.25, 2), g3 = (1, 0), from minibatches of 4, against the update equations worked out coordinate by
 * coordinate.
 */
final class ThreeSteps {
    static final double[][] G = {{0.5, -1}, {-0.25, 2}, {1, 0}};

    private ThreeSteps() {}

    /** Steps the optimizer made for θ = (1, −2) with g1, g2, g3 and returns θ after each step. */
    static double[][] run(Function<List<Parameter>, Optimizer> make) { return run("W", make); }

    /** The same for a parameter named {@code name} (a bias "b" is not decayed). */
    static double[][] run(String name, Function<List<Parameter>, Optimizer> make) {
        Parameter theta = new Parameter(name, Matrix.row(1, -2));
        Optimizer opt = make.apply(List.of(theta));
        double[][] out = new double[3][];
        for (int t = 0; t < 3; t++) {
            theta.setGrad(Matrix.row(G[t]));
            opt.step(4);
            out[t] = theta.value().toFlatArray();
        }
        return out;
    }

    static void assertSteps(double[][] expected, double[][] actual) {
        for (int t = 0; t < 3; t++) {
            for (int k = 0; k < 2; k++) {
                assertEquals(expected[t][k], actual[t][k], 1e-15 * Math.max(1, Math.abs(expected[t][k])), "θ_" + (t
                        + 1) + "[" + k + "]");
            }
        }
    }
}
