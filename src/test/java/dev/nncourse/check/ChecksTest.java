package dev.nncourse.check;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksTest {
    @Test
    void thatPassesOrThrows() {
        assertEquals("✓ 1 + 1 = 2", Checks.that("1 + 1 = 2", 1 + 1 == 2));
        assertMessage(IllegalStateException.class, () -> Checks.that("1 + 1 = 3", false), "✗ 1 + 1 = 3", "does not hold");
    }

    @Test
    void closeForNumbers() {
        assertEquals("✓ π (|difference| 1.6e-03 ≤ 1e-02)", Checks.close("π", 3.14, Math.PI, 1e-2));
        assertMessage(IllegalStateException.class, () -> Checks.close("π", 3.14, Math.PI, 1e-3), "✗ π", "got 3.14",
                "expected 3.14159", "1.593e-03 > 1.0e-03");
        assertMessage(IllegalStateException.class, () -> Checks.close("nan", Double.NaN, 0, 1), "✗ nan", "got NaN");
    }

    @Test
    void closeForMatrices() {
        Matrix a = Matrix.row(1, 2), b = Matrix.row(1, 2.001);
        assertEquals("✓ rows (max |difference| 1.0e-03 ≤ 1e-02)", Checks.close("rows", a, b, 1e-2));
        assertMessage(IllegalStateException.class, () -> Checks.close("rows", a, b, 1e-4), "✗ rows", "1.000e-03 > 1.0e-04",
                "Matrix 1×2");
        assertMessage(IllegalStateException.class, () -> Checks.close("shape", a, a.transpose(), 1), "✗ shape", "1×2", "2×1");
    }

    @Test
    void gradientAgainstANumericMatrixOrAReport() {
        assertEquals("✓ g (relative error 1.1e-01, per entry 2.0e-01 < 3e-01)",
                Checks.gradient("g", Matrix.row(1, 2), Matrix.row(1, 2.5), 0.3));
        assertMessage(IllegalStateException.class, () -> Checks.gradient("g", Matrix.row(1, 2), Matrix.row(1, 2.5), 0.1),
                "✗ g", "relative error 1.111e-01", "per entry 2.000e-01", "not below 1e-01", "(0, 1): analytic 2.0, numeric 2.5");

        GradientReport report = new GradientReport(List.of(new GradientReport.Row("layer1.W", "2×2", 1e-10, 2e-9),
                new GradientReport.Row("layer1.b", "1×2", 1e-10, 5e-9)));
        assertEquals("✓ net (max relative error 5.0e-09, per entry 5.0e-09 < 1e-07 over 2 parameters)",
                Checks.gradient("net", report, 1e-7));
        assertMessage(IllegalStateException.class, () -> Checks.gradient("net", report, 3e-9), "✗ net", "layer1.b");
    }

    @Test
    void aWrongSmallEntryFailsPerEntryThoughTheNormWiseErrorPasses() {
        // the entry 1e-2 is off by 1e-6 of its value: 1e-8 absolute, 5e-9 of the largest entries' sum
        Matrix numeric = Matrix.row(1, 1e-2, -0.5), analytic = Matrix.row(1, 1e-2 * (1 + 1e-6), -0.5);
        assertTrue(NumericGradient.relativeError(analytic, numeric) < 1e-7);
        assertEquals(1e-6, NumericGradient.entryRelativeError(analytic, numeric), 1e-9);
        assertMessage(IllegalStateException.class, () -> Checks.gradient("g", analytic, numeric, 1e-7),
                "✗ g", "per entry 1.000e-06", "worst entry (0, 1)");
    }

    @Test void checksCloseShapes() {
        assertMessage(IllegalStateException.class, () -> Checks.close("W", Matrix.zeros(2, 2), Matrix.zeros(2, 3), 1e-9),
                "✗ W: shape 2×2, expected 2×3");
    }
}
