package dev.nncourse.check;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link GradientCheck}: backpropagation against finite differences, norm-wise and entry by entry; its bad input. */
class GradientCheckTest {
    @Test
    void reportsOneRowPerParameterOfANetwork() {
        Network net = Network.builder(3, 1).dense(4, Activations.TANH).dense(2, Activations.IDENTITY).build();
        Matrix x = Matrix.gaussian(5, 3, 2), t = Matrix.gaussian(5, 2, 3);
        GradientReport r = GradientCheck.of(net, Losses.MSE, x, t);
        assertEquals(List.of("layer1.W", "layer1.b", "layer2.W", "layer2.b"),
                r.rows().stream().map(GradientReport.Row::parameter).toList());
        assertEquals(List.of("3×4", "1×4", "4×2", "1×2"), r.rows().stream().map(GradientReport.Row::shape).toList());
        assertTrue(r.passes(1e-7), r.toString());
        assertSame(r, r.requireBelow(1e-7));
        assertTrue(GradientCheck.input(net, Losses.MSE, x, t).passes(1e-7));
        assertEquals("input X", GradientCheck.input(net, Losses.MSE, x, t).rows().get(0).parameter());
    }

    @Test
    void aBackwardPassThatForgetsTheOneOverMFails() {
        // with the cost doubled relative to what backprop assumes, every analytic gradient is half the numeric one:
        // relative error |a − 2a| / (|a| + |2a|) = 1/3
        Network net = Network.builder(2, 1).dense(1, Activations.IDENTITY).build();
        Matrix x = Matrix.gaussian(4, 2, 2), t = Matrix.gaussian(4, 1, 3);
        GradientReport r = GradientCheck.of(net, new DoubledCost(), x, t);
        assertEquals(1.0 / 3, r.maxRelativeError(), 1e-8);
        assertFalse(r.passes(1e-7));
    }

    /** MSE whose per-sample losses are doubled but whose gradient is not. */
    private static final class DoubledCost implements dev.nncourse.nn.Loss {
        @Override public Matrix perSample(Matrix y, Matrix t) { return Losses.MSE.perSample(y, t).scale(2); }

        @Override public Matrix gradient(Matrix y, Matrix t) { return Losses.MSE.gradient(y, t); }

        @Override public String name() { return "doubled"; }
    }

    @Test
    void aWrongSmallEntryFailsThePerEntryCheck() {
        // errors of order 1 in outputs 0 and 1, of order 1e-2 in output 2: column 2 of ∂J/∂W is about 100 times smaller
        // than the others. A gradient wrong by 1e-5 of its value in output 2 has a norm-wise error near 1e-8, below 1e-7,
        // but its own entries are wrong by 1e-5.
        Network net = Network.builder(2, 4).dense(3, Activations.IDENTITY).build();
        Matrix x = Matrix.gaussian(6, 2, 5);
        Matrix e = Matrix.gaussian(6, 3, 6).hadamard(Matrix.stack(java.util.Collections.nCopies(6, Matrix.row(1, 1, 1e-2))));
        Matrix t = net.forward(x).minus(e);
        dev.nncourse.nn.Loss skewed = new dev.nncourse.nn.Loss() {
            @Override public Matrix perSample(Matrix y, Matrix tt) { return Losses.MSE.perSample(y, tt); }

            @Override public Matrix gradient(Matrix y, Matrix tt) {
                Matrix g = Losses.MSE.gradient(y, tt).copy();
                for (int i = 0; i < g.rows(); i++) g.set(i, 2, g.get(i, 2) * (1 + 1e-5));
                return g;
            }

            @Override public String name() { return "skewed"; }
        };
        GradientReport r = GradientCheck.of(net, skewed, x, t);
        GradientReport.Row w = r.rows().get(0);
        assertTrue(w.relativeError() < 1e-7, r.toString());
        assertEquals(1e-5, w.entryError(), 1e-6, r.toString());
        assertFalse(r.passes(1e-7));
        assertMessage(IllegalStateException.class, () -> r.requireBelow(1e-7), "layer1.W", "per entry", ", 2): analytic");
        assertMessage(IllegalStateException.class, () -> Checks.gradient("skewed", r, 1e-7), "✗ skewed", "layer1.W");
        assertTrue(GradientCheck.of(net, Losses.MSE, x, t).passes(1e-7), "the same check with the right gradient passes");
    }

    @Test
    void thePerEntryFloorGrowsWithTheCost() {
        assertEquals(NumericGradient.FLOOR, GradientCheck.floor(0.25));
        assertEquals(NumericGradient.FLOOR * 30, GradientCheck.floor(-30), 1e-18);
        assertEquals(NumericGradient.FLOOR, GradientCheck.floor(Double.POSITIVE_INFINITY));
    }

    @Test void gradientCheckTargetShape() {
        Network net = Network.builder(2, 1).dense(1, Activations.TANH).build();
        assertMessage(IllegalArgumentException.class, () -> GradientCheck.of(net, Losses.MSE, Matrix.zeros(3, 2),
                Matrix.zeros(3, 2)),
                "mse: prediction 3×1 and target", "shapes 3×1 and 3×2 differ");
    }

    @Test void gradientCheckNamesTheParameterAndTheStep() {
        Network net = Network.builder(2, 1).dense(3, Activations.TANH).dense(1, Activations.IDENTITY).build();
        Matrix x = Matrix.row(0.5, -1), t = Matrix.row(0.2);
        assertMessage(IllegalArgumentException.class, () -> GradientCheck.of(net, Losses.MSE, x, t, 0),
                "GradientCheck.of, parameter layer1.W",
                "the step h must be a finite number > 0, got 0.0");
        assertMessage(IllegalArgumentException.class, () -> GradientCheck.of(net, Losses.MSE, null, t),
                "GradientCheck.of", "inputs X", "null and 1×1");
        assertMessage(IllegalArgumentException.class, () -> GradientCheck.of(net, null, x, t), "GradientCheck.of", "a loss");
        assertMessage(IllegalArgumentException.class, () -> GradientCheck.input(net, Losses.MSE, x, null),
                "GradientCheck.input", "1×2 and null");
    }
}
