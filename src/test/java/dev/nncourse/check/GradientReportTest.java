package dev.nncourse.check;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** {@link GradientReport}, what a gradient check returns: its rows, its verdict, its table and its text. */
class GradientReportTest {
    private static final GradientReport REPORT = new GradientReport(List.of(
            new GradientReport.Row("layer1.W", "2×3", 1e-9, 3e-8),
            new GradientReport.Row("layer1.b", "1×3", 2e-6, 4e-4)));

    @Test
    void requireBelowThrowsNamingEveryParameterAboveTheThreshold() {
        assertSame(REPORT, REPORT.requireBelow(1e-3));
        IllegalStateException e = assertMessage(IllegalStateException.class, () -> REPORT.requireBelow(1e-7),
                "not below 1.0E-7", "layer1.b (4.000e-04)");
        assertFalse(e.getMessage().contains("layer1.W"), e.getMessage());
        assertMessage(IllegalStateException.class, () -> REPORT.requireBelow(REPORT.maxRelativeError()),
                "not below", "layer1.b");   // an error equal to the tolerance is not below it
        assertMessage(IllegalStateException.class, () -> REPORT.requireBelow(1e-8), "layer1.W (3.000e-08)", "layer1.b");
        assertMessage(IllegalStateException.class, () -> REPORT.requireBelow(4e-4),
                "layer1.b");   // passing needs error < tolerance
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
}
