package dev.nncourse.check;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals("✓ g (relative error 1.1e-01 < 2e-01)", Checks.gradient("g", Matrix.row(1, 2), Matrix.row(1, 2.5), 0.2));
        assertMessage(IllegalStateException.class, () -> Checks.gradient("g", Matrix.row(1, 2), Matrix.row(1, 2.5), 0.1),
                "✗ g", "1.111e-01 ≥ 1e-01");

        GradientReport report = new GradientReport(List.of(new GradientReport.Row("layer1.W", "2×2", 1e-10, 2e-9),
                new GradientReport.Row("layer1.b", "1×2", 1e-10, 5e-9)));
        assertEquals("✓ net (max relative error 5.0e-09 < 1e-07 over 2 parameters)", Checks.gradient("net", report, 1e-7));
        assertMessage(IllegalStateException.class, () -> Checks.gradient("net", report, 3e-9), "layer1.b");
    }
}
