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
import tech.tablesaw.api.Table;

/** {@link GradientCheck} and the {@link GradientReport} it returns. */
class GradientCheckTest {
    private static final GradientReport REPORT = new GradientReport(List.of(
            new GradientReport.Row("layer1.W", "2×3", 1e-9, 3e-8),
            new GradientReport.Row("layer1.b", "1×3", 2e-6, 4e-4)));

    @Test
    void reportsOneRowPerParameterOfANetwork() {
        Network net = Network.builder(3, 1).dense(4, Activations.TANH).dense(2, Activations.IDENTITY).build();
        Matrix x = Matrix.gaussian(5, 3, 2), t = Matrix.gaussian(5, 2, 3);
        GradientReport r = GradientCheck.of(net, Losses.MSE, x, t);
        assertEquals(List.of("layer1.W", "layer1.b", "layer2.W", "layer2.b"), r.rows().stream().map(GradientReport.Row::parameter).toList());
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
    void requireBelowThrowsNamingEveryParameterAboveTheThreshold() {
        assertSame(REPORT, REPORT.requireBelow(1e-3));
        IllegalStateException e = assertMessage(IllegalStateException.class, () -> REPORT.requireBelow(1e-7),
                "not below 1.0E-7", "layer1.b (4.000e-04)");
        assertFalse(e.getMessage().contains("layer1.W"), e.getMessage());
        assertMessage(IllegalStateException.class, () -> REPORT.requireBelow(REPORT.maxRelativeError()),
                "not below", "layer1.b");   // an error equal to the tolerance is not below it
        assertMessage(IllegalStateException.class, () -> REPORT.requireBelow(1e-8), "layer1.W (3.000e-08)", "layer1.b");
        assertMessage(IllegalStateException.class, () -> REPORT.requireBelow(4e-4), "layer1.b");   // passing needs error < tolerance
    }

    @Test
    void maxAndPasses() {
        assertEquals(4e-4, REPORT.maxRelativeError());
        assertTrue(REPORT.passes(1e-3));
        assertFalse(REPORT.passes(4e-4));
        assertEquals(0, new GradientReport(List.of()).maxRelativeError());
    }

    @Test
    void toTableHasOneRowPerParameter() {
        Table t = REPORT.toTable();
        assertEquals(List.of("parameter", "shape", "max |a − n|", "relative error", "per entry"), t.columnNames());
        assertEquals(2, t.rowCount());
        assertEquals("layer1.b", t.stringColumn("parameter").get(1));
        assertEquals("2×3", t.stringColumn("shape").get(0));
        assertEquals(2e-6, t.doubleColumn("max |a − n|").get(1));
        assertEquals(3e-8, t.doubleColumn("relative error").get(0));
    }

    @Test
    void toStringListsTheRows() {
        assertEquals(String.join(System.lineSeparator(), "Gradient check: max relative error 4.000e-04, per entry 4.000e-04",
                "  layer1.W   2×3     max|a-n| 1.000e-09  rel 3.000e-08  entry 3.000e-08",
                "  layer1.b   1×3     max|a-n| 2.000e-06  rel 4.000e-04  entry 4.000e-04"), REPORT.toString());
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
}
